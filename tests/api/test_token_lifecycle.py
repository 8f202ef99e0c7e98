"""Tokens with an expiry and a last-used time; expiring, rotating and importing them in bulk,
in the store and through ``postlint token``."""
from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from api import accounts, db, token_import, tokens
from api.timeutil import to_text, utc_now
from linter.cli import build_parser

SOON = utc_now() + dt.timedelta(days=30)


def run(argv, capsys):
    args = build_parser().parse_args(argv)
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def store(tmp_path):
    with db.opened(tmp_path / "t.db") as conn:
        yield conn


def _backdate(conn, column: str, when: dt.datetime, token_id: int = 1) -> None:
    conn.execute(f"UPDATE tokens SET {column} = ? WHERE id = ?", (to_text(when), token_id))


def test_an_expired_token_fails_as_a_revoked_one_does(store):
    token = tokens.create(store, "officer", "olivia", expires_at=SOON)
    assert tokens.authenticate(store, token).name == "olivia"
    _backdate(store, "expires_at", utc_now() - dt.timedelta(seconds=1))
    assert tokens.authenticate(store, token) is None
    assert tokens.list_active(store) == []
    assert [row["state"] for row in tokens.list_active(store, with_ended=True)] == ["expired"]


@pytest.mark.parametrize("when, message", [
    (utc_now() - dt.timedelta(minutes=1), "in the future"),
    (utc_now() + dt.timedelta(days=5000), "within"),
    (dt.datetime(2030, 1, 1), "time zone"),
])
def test_an_expiry_must_be_a_sensible_future_time(store, when, message):
    with pytest.raises(tokens.TokenError, match=message):
        tokens.create(store, "officer", "olivia", expires_at=when)
    assert store.execute("SELECT count(*) FROM principals").fetchone()[0] == 0  # nothing half-made


def test_a_plain_date_lasts_to_the_end_of_that_day():
    assert tokens.parse_expiry("2027-03-31") == dt.datetime(2027, 4, 1, tzinfo=dt.timezone.utc)
    assert tokens.parse_expiry("2027-03-31T18:00:00Z") == dt.datetime(2027, 3, 31, 18, tzinfo=dt.timezone.utc)
    with pytest.raises(tokens.TokenError, match="not a date"):
        tokens.parse_expiry("next tuesday")


def test_last_use_is_recorded_at_most_once_a_minute(store):
    token = tokens.create(store, "officer", "olivia")
    assert tokens.token_details(store, 1)["last_used_at"] is None
    tokens.authenticate(store, token)
    first = tokens.token_details(store, 1)["last_used_at"]
    assert first is not None
    tokens.authenticate(store, token)
    assert tokens.token_details(store, 1)["last_used_at"] == first  # no write within the minute
    _backdate(store, "last_used_at", utc_now() - dt.timedelta(minutes=2))
    tokens.authenticate(store, token)
    assert tokens.token_details(store, 1)["last_used_at"] > to_text(utc_now() - dt.timedelta(seconds=30))
    # A wrong secret for the same token id records nothing.
    _backdate(store, "last_used_at", utc_now() - dt.timedelta(minutes=5))
    before = tokens.token_details(store, 1)["last_used_at"]
    assert tokens.authenticate(store, token[:-4] + "AAAA") is None
    assert tokens.token_details(store, 1)["last_used_at"] == before


def test_expire_now_or_later_and_never_a_revoked_token(store):
    token = tokens.create(store, "officer", "olivia")
    token_id = tokens.list_active(store)[0]["token_id"]
    later = tokens.expire(store, token_id, SOON)
    assert later["expires_at"] == to_text(SOON) and tokens.authenticate(store, token) is not None
    now = tokens.expire(store, token_id)
    assert now["state"] == "expired" and tokens.authenticate(store, token) is None
    assert tokens.expire(store, token_id) is None  # already stopped
    assert tokens.expire(store, "tk_nothex") is None
    other = tokens.create(store, "officer", "oscar")
    other_id = tokens.list_active(store)[0]["token_id"]
    tokens.revoke(store, other_id)
    assert tokens.expire(store, other_id, SOON) is None and tokens.authenticate(store, other) is None


def test_rotation_swaps_the_token_and_keeps_principal_and_expiry(store):
    old = tokens.create(store, "officer", "olivia", expires_at=SOON)
    identity = tokens.authenticate(store, old)
    new = tokens.rotate(store, identity)
    assert tokens.authenticate(store, old) is None
    rotated = tokens.authenticate(store, new)
    assert rotated.principal_id == identity.principal_id and rotated.token_id != identity.token_id
    assert tokens.token_details(store, rotated.token_id)["expires_at"] == to_text(SOON)
    with pytest.raises(tokens.TokenError, match="revoked"):
        tokens.rotate(store, identity)  # the old one cannot be rotated twice
    assert len(tokens.list_active(store)) == 1


def test_an_expired_token_ends_its_dashboard_sessions(store):
    from api import sessions
    token = tokens.create(store, "reviewer", "rita")
    secret, _ = sessions.create(store, tokens.authenticate(store, token), hours=12)
    assert sessions.lookup(store, secret) is not None
    tokens.expire(store, tokens.list_active(store)[0]["token_id"])
    assert sessions.lookup(store, secret) is None


# -- bulk import ----------------------------------------------------------------------

GOOD_CSV = """name,role,accounts,expires
Olivia Shaw,officer,x:@ScarbPolice,2030-01-31
Rita Ng,reviewer,,
Hootsuite,scheduler,x:@ScarbPolice; x:@NYorksPolice,
"""


@pytest.fixture
def with_accounts(store):
    accounts.add(store, "x:@NYorksPolice", display_name="North Yorkshire Police", tier="corporate")
    accounts.add(store, "x:@ScarbPolice", display_name="Scarborough Police", tier="local")
    return store


def test_a_good_file_issues_every_officer_a_working_token(with_accounts):
    issued = token_import.import_officers(with_accounts, GOOD_CSV)
    assert [(e["name"], e["role"]) for e in issued] == [("Olivia Shaw", "officer"), ("Rita Ng", "reviewer"),
                                                        ("Hootsuite", "scheduler")]
    olivia = tokens.authenticate(with_accounts, issued[0]["token"])
    assert olivia.accounts == ("x:scarbpolice",)
    assert issued[0]["expires_at"] == "2030-02-01T00:00:00.000Z"
    assert tokens.authenticate(with_accounts, issued[2]["token"]).accounts == ("x:nyorkspolice", "x:scarbpolice")
    assert issued[2]["accounts"] == ["x:@NYorksPolice", "x:@ScarbPolice"]


def test_one_bad_row_imports_nothing_and_every_problem_is_named(with_accounts):
    tokens.create(with_accounts, "officer", "Existing Person")
    text = """name,role,accounts,expires
Olivia Shaw,officer,x:@ScarbPolice,
Bad/Name,officer,,
Rita Ng,chief,,
Olivia  shaw,officer,,
Sam,officer,x:@Nowhere,
Tom,officer,,2001-01-01
Una,officer,,soon
existing person,officer,,
Val,officer,,,extra
"""
    with pytest.raises(token_import.ImportRejected) as rejected:
        token_import.import_officers(with_accounts, text)
    found = [(p.row, p.column) for p in rejected.value.problems]
    assert found == [(3, "name"), (4, "role"), (5, "name"), (6, "accounts"), (7, "expires"), (8, "expires"),
                     (9, "name"), (10, None)]
    assert "also on row 2" in str(rejected.value.problems[2])
    assert with_accounts.execute("SELECT count(*) FROM principals").fetchone()[0] == 1
    assert with_accounts.execute("SELECT count(*) FROM tokens").fetchone()[0] == 1


@pytest.mark.parametrize("text, problem", [
    ("", "empty"),
    ("name,role\n", "no officers"),
    ("name,rank\nOlivia,officer\n", "rank"),
    ("name,role,name\nOlivia,officer,x\n", "twice"),
])
def test_a_file_without_a_usable_header_or_rows_is_refused(store, text, problem):
    with pytest.raises(token_import.ImportRejected) as rejected:
        token_import.import_officers(store, text)
    assert problem in " ".join(str(p) for p in rejected.value.problems)


def test_token_import_command_writes_a_private_file_or_reports_each_row(tmp_path, capsys):
    path = str(tmp_path / "p.db")
    officers = tmp_path / "officers.csv"
    officers.write_text("\ufeffname,role\r\nOlivia Shaw,officer\r\nRita Ng,chief\r\n", encoding="utf-8")
    code, out, err = run(["token", "import", str(officers), "--out", str(tmp_path / "tokens.csv"),
                          "--db", path], capsys)
    assert code == 1 and "row 3, role" in err and "nothing was imported" in err
    assert not (tmp_path / "tokens.csv").exists()

    officers.write_text("name,role\nOlivia Shaw,officer\nRita Ng,reviewer\n", encoding="utf-8")
    code, out, err = run(["token", "import", str(officers), "--out", str(tmp_path / "tokens.csv"),
                          "--db", path], capsys)
    assert code == 0 and "Issued 2 token(s)" in err and "plt_" not in out + err
    written = (tmp_path / "tokens.csv").read_text().splitlines()
    assert written[0] == "name,role,principal_id,token_id,expires,accounts,token" and len(written) == 3
    assert stat.S_IMODE(os.stat(tmp_path / "tokens.csv").st_mode) == 0o600
    with db.opened(path) as conn:
        assert tokens.authenticate(conn, written[2].rsplit(",", 1)[1]).name == "Rita Ng"


def test_token_create_expire_and_list_commands(tmp_path, capsys):
    path = str(tmp_path / "p.db")
    code, out, _ = run(["token", "create", "--role", "officer", "--name", "olivia", "--expires", "2030-06-30",
                        "--db", path], capsys)
    assert code == 0 and "expires at 2030-07-01T00:00:00.000Z" in out
    token = out.strip().splitlines()[-1]
    token_id = "tk_" + token.split("_")[1]
    code, out, _ = run(["token", "list", "--db", path], capsys)
    assert "expires 2030-07-01T00:00:00.000Z\tlast used never" in out
    code, out, _ = run(["token", "expire", token_id, "--db", path], capsys)
    assert code == 0 and token_id in out
    assert run(["token", "list", "--db", path], capsys)[1] == ""
    assert run(["token", "list", "--all", "--db", path], capsys)[1].rstrip().endswith("\texpired")
    code, _, err = run(["token", "expire", token_id, "--db", path], capsys)
    assert code == 1 and "no working token" in err
    code, _, err = run(["token", "create", "--role", "officer", "--name", "oscar", "--expires", "2001-01-01",
                        "--db", path], capsys)
    assert code == 1 and "in the future" in err
    with db.opened(path) as conn:
        assert tokens.find_principal(conn, "oscar") is None
