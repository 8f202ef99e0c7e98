"""``postlint token``, ``postlint purge`` and ``postlint serve``'s settings, through the real parser."""
from __future__ import annotations

import hashlib

import pytest

from api import cli, config, db, tokens
from linter.cli import build_parser


def run(argv, capsys):
    parser = build_parser()
    args = parser.parse_args(argv)
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_token_create_prints_the_token_last_and_stores_only_its_hash(tmp_path, capsys):
    path = tmp_path / "cli" / "p.db"
    code, out, err = run(["token", "create", "--role", "reviewer", "--name", "Rita Ng", "--db", str(path)], capsys)
    assert code == 0
    token = out.strip().splitlines()[-1]
    assert token.startswith("plt_")
    with db.opened(path) as conn:
        identity = tokens.authenticate(conn, token)
        assert (identity.token_id, identity.name, identity.role) == (1, "Rita Ng", "reviewer")
        assert identity.principal_id.startswith("pr_") and identity.principal_id in out
        stored = [tuple(r) for r in conn.execute("SELECT * FROM tokens")]
    assert token not in str(stored)
    assert hashlib.sha256(token.encode()).hexdigest() in str(stored)


def test_token_names_are_unique_while_active(tmp_path, capsys):
    path = str(tmp_path / "p.db")
    assert run(["token", "create", "--role", "officer", "--name", "olivia", "--db", path], capsys)[0] == 0
    code, out, err = run(["token", "create", "--role", "admin", "--name", "olivia", "--db", path], capsys)
    assert code == 1 and "already exists" in err and "plt_" not in out


def test_token_revoke_and_list(tmp_path, capsys):
    path = str(tmp_path / "p.db")
    _, out, _ = run(["token", "create", "--role", "scheduler", "--name", "hootsuite", "--db", path], capsys)
    token = out.strip().splitlines()[-1]
    code, out, _ = run(["token", "list", "--db", path], capsys)
    assert code == 0 and "hootsuite\tscheduler" in out and token not in out
    assert run(["token", "revoke", "hootsuite", "--db", path], capsys)[0] == 0
    with db.opened(path) as conn:
        assert tokens.authenticate(conn, token) is None
    code, _, err = run(["token", "revoke", "hootsuite", "--db", path], capsys)
    assert code == 1 and "no active token" in err
    assert "hootsuite" not in run(["token", "list", "--db", path], capsys)[1]


def test_token_create_refuses_an_unknown_role(tmp_path, capsys):
    from linter.cli import UsageError
    with pytest.raises((SystemExit, UsageError)):
        build_parser().parse_args(["token", "create", "--role", "chief", "--name", "x", "--db", str(tmp_path / "d")])


def test_purge_command(app, as_person, submit, capsys):
    review = submit("olivia")
    as_person("rita").post(f"{review['link']}/decision", json={"decision": "approve", "note": "fine"})
    code, out, _ = run(["purge", "--days", "0", "--db", app.config["DATABASE"]], capsys)
    assert code == 0 and "1 review" in out
    assert as_person("rita").get(review["link"]).json["post"] is None


def serve(argv):
    return cli.serve_settings(build_parser().parse_args(["serve", *argv]))


def test_serve_settings_come_from_flags_then_environment(monkeypatch):
    monkeypatch.setenv("POSTLINT_HOST", "127.0.0.2")
    monkeypatch.setenv("POSTLINT_PORT", "9123")
    monkeypatch.setenv("POSTLINT_DB", "/srv/postlint/p.db")
    settings = serve([])
    assert (settings["HOST"], settings["PORT"], settings["DATABASE"]) == ("127.0.0.2", 9123, "/srv/postlint/p.db")
    settings = serve(["--port", "8181", "--db", "other.db"])
    assert (settings["HOST"], settings["PORT"], settings["DATABASE"]) == ("127.0.0.2", 8181, "other.db")


SERVE_VARIABLES = ("POSTLINT_HOST", "POSTLINT_PORT", "POSTLINT_DB", "POSTLINT_WORKERS", "POSTLINT_THREADS",
                   "POSTLINT_ACCESS_LOG", "POSTLINT_CONFIG")


def test_serve_defaults(monkeypatch):
    for name in SERVE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    settings = serve([])
    assert (settings["HOST"], settings["PORT"], settings["DATABASE"]) == ("127.0.0.1", 8080, "var/postlint.db")
    assert settings["WORKERS"] == min(cli.MAX_DEFAULT_WORKERS, cli.usable_cpus()) >= 1
    assert settings["THREADS"] == 2
    assert settings["ACCESS_LOG"] is False


def test_serve_workers_follow_the_usable_cpus(monkeypatch):
    monkeypatch.delenv("POSTLINT_WORKERS", raising=False)
    for cpus, workers in ((1, 1), (2, 2), (12, 12), (64, cli.MAX_DEFAULT_WORKERS)):
        monkeypatch.setattr(cli, "usable_cpus", lambda cpus=cpus: cpus)
        assert serve([])["WORKERS"] == workers


def test_serve_threads_and_access_log_from_flags_then_environment(monkeypatch):
    monkeypatch.setenv("POSTLINT_THREADS", "3")
    monkeypatch.setenv("POSTLINT_ACCESS_LOG", "on")
    settings = serve([])
    assert (settings["THREADS"], settings["ACCESS_LOG"]) == (3, True)
    settings = serve(["--threads", "1", "--access-log", "off"])
    assert (settings["THREADS"], settings["ACCESS_LOG"]) == (1, False)
    monkeypatch.setenv("POSTLINT_ACCESS_LOG", "off")
    assert serve(["--access-log"])["ACCESS_LOG"] is True


def test_serve_refuses_a_bad_access_log_setting(monkeypatch, capsys):
    monkeypatch.setenv("POSTLINT_ACCESS_LOG", "sometimes")
    with pytest.raises(config.ConfigError, match="POSTLINT_ACCESS_LOG"):
        serve([])
    assert cli.main(["serve"]) == 2
    assert "POSTLINT_ACCESS_LOG" in capsys.readouterr().err


def test_gunicorn_options(monkeypatch):
    from api import server, workers
    options = server.gunicorn_options(address="127.0.0.1:8080", workers=2, threads=2, access_log=False)
    assert options["accesslog"] is None  # no access log unless asked for
    assert (options["workers"], options["threads"], options["preload_app"]) == (2, 2, True)
    assert options["worker_class"] == "api.workers.FairThreadWorker"
    assert workers.supported()
    logged = server.gunicorn_options(address="127.0.0.1:8080", workers=0, threads=0, access_log=True)
    assert logged["accesslog"] == "-" and "%(U)s" in logged["access_log_format"]  # path, never the query
    assert "%(q)s" not in logged["access_log_format"] and "%(r)s" not in logged["access_log_format"]
    assert (logged["workers"], logged["threads"]) == (1, 1)
    monkeypatch.setattr(workers, "supported", lambda: False)  # an older gunicorn: plain gthread
    assert server.gunicorn_options(address="x:1", workers=1, threads=1, access_log=False)["worker_class"] == "gthread"


def test_serve_refuses_bad_settings_before_listening(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POSTLINT_CORS_ORIGINS", "*")
    args = build_parser().parse_args(["serve", "--db", str(tmp_path / "s.db"), "--port", "1"])
    assert args.func(args) == 2
    assert "POSTLINT_CORS_ORIGINS" in capsys.readouterr().err


def test_standalone_entry_point(tmp_path, capsys):
    assert cli.main(["token", "create", "--role", "admin", "--name", "ops", "--db", str(tmp_path / "a.db")]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("plt_")


def test_accounts_and_officers_from_the_command_line(tmp_path, capsys):
    path = str(tmp_path / "p.db")
    assert run(["account", "add", "x:@NYorksPolice", "--display-name", "North Yorkshire Police",
                "--tier", "corporate", "--contributors", "6", "--profile", "north-yorkshire", "--db", path],
               capsys)[0] == 0
    code, _, err = run(["account", "add", "x:@nyorkspolice", "--display-name", "Again", "--tier", "local",
                        "--db", path], capsys)
    assert code == 1 and "already registered" in err
    code, _, err = run(["account", "add", "x:@Other", "--display-name", "Other", "--tier", "local",
                        "--profile", "atlantis", "--db", path], capsys)
    assert code == 1 and "profile" in err
    code, _, err = run(["token", "create", "--role", "officer", "--name", "Olivia Shaw",
                        "--account", "x:@Unregistered", "--db", path], capsys)
    assert code == 1 and "not registered" in err

    code, out, _ = run(["token", "create", "--role", "officer", "--name", "Olivia Shaw",
                        "--account", "x:@NYorksPolice", "--db", path], capsys)
    assert code == 0 and "May post from: x:@NYorksPolice" in out
    token = out.strip().splitlines()[-1]
    with db.opened(path) as conn:
        identity = tokens.authenticate(conn, token)
    assert identity.accounts == ("x:nyorkspolice",)
    code, out, _ = run(["account", "list", "--db", path], capsys)
    assert "x:@NYorksPolice\tNorth Yorkshire Police\tcorporate\tcontributors 6\tprofile north-yorkshire\t" \
           "officers Olivia Shaw" in out

    # A second token for the same person, then revoke only the first by its id.
    code, out, _ = run(["token", "create", "--principal", identity.principal_id, "--db", path], capsys)
    assert code == 0
    second = out.strip().splitlines()[-1]
    listed = run(["token", "list", "--db", path], capsys)[1]
    assert listed.count(identity.principal_id) == 2 and token not in listed and second not in listed
    assert run(["token", "revoke", cli.token_id(token), "--db", path], capsys)[0] == 0
    with db.opened(path) as conn:
        assert tokens.authenticate(conn, token) is None
        assert tokens.authenticate(conn, second).principal_id == identity.principal_id

    assert run(["account", "ungrant", "x:@NYorksPolice", "olivia shaw", "--db", path], capsys)[0] == 0
    assert run(["account", "grant", "x:@NYorksPolice", identity.principal_id, "--db", path], capsys)[0] == 0
    assert run(["account", "remove", "x:@NYorksPolice", "--db", path], capsys)[0] == 0
    with db.opened(path) as conn:
        assert tokens.authenticate(conn, second).accounts == ()
    code, _, err = run(["account", "remove", "x:@NYorksPolice", "--db", path], capsys)
    assert code == 1 and "not registered" in err


def test_token_create_needs_a_role_for_a_new_name_and_refuses_another_spelling(tmp_path, capsys):
    path = str(tmp_path / "p.db")
    code, _, err = run(["token", "create", "--name", "Rita Ng", "--db", path], capsys)
    assert code == 1 and "--role" in err
    assert run(["token", "create", "--role", "reviewer", "--name", "Rita Ng", "--db", path], capsys)[0] == 0
    code, out, err = run(["token", "create", "--role", "reviewer", "--name", "RITA NG ", "--db", path], capsys)
    assert code == 1 and "already exists" in err and "--principal pr_" in err and "plt_" not in out
