"""Tokens over HTTP: admins issue, list, expire, revoke and import; an officer sees and rotates
their own token."""
from __future__ import annotations

import pytest

from api import db, tokens
from api_samples import ARREST_POST

OFFICERS_CSV = "name,role,accounts,expires\nLara Moss,officer,x:@ScarbPolice,2030-01-31\nRon Dale,reviewer,,\n"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _token_id(token: str) -> str:
    return "tk_" + token.split("_")[1]


def test_only_admins_manage_tokens(as_person):
    for name in ("olivia", "rita", "sched"):
        caller = as_person(name)
        assert caller.get("/v1/tokens").status_code == 403
        assert caller.post("/v1/tokens", json={"name": "x", "role": "admin"}).status_code == 403
        assert caller.post("/v1/tokens/import", json={"csv": OFFICERS_CSV}).status_code == 403
        assert caller.delete("/v1/tokens/tk_0123456789abcdef").status_code == 403


def test_an_admin_issues_a_token_that_works_and_is_listed_without_its_secret(as_person, client, registry,
                                                                            schema_check):
    made = as_person("adam").post("/v1/tokens", json={"name": "Nia Cole", "role": "officer",
                                                      "accounts": ["x:@ScarbPolice"], "expires_at": "2030-05-31"})
    assert made.status_code == 201, made.json
    schema_check("NewToken", made.json)
    token = made.json["token"]
    assert made.json["expires_at"] == "2030-06-01T00:00:00.000Z" and made.json["accounts"] == ["x:@ScarbPolice"]
    me = client.get("/v1/me", headers=bearer(token)).json
    assert me["name"] == "Nia Cole" and [a["account"] for a in me["accounts"]] == ["x:@ScarbPolice"]

    listing = as_person("adam").get("/v1/tokens")
    schema_check("Tokens", listing.json)
    assert token not in listing.get_data(as_text=True)
    nia = [t for t in listing.json["tokens"] if t["name"] == "Nia Cole"]
    assert nia[0]["token_id"] == _token_id(token) and nia[0]["last_used_at"] is not None  # used by /v1/me

    second = as_person("adam").post("/v1/tokens", json={"principal_id": me["principal_id"]})
    assert second.status_code == 201 and second.json["principal_id"] == me["principal_id"]
    again = as_person("adam").post("/v1/tokens", json={"name": "nia  cole", "role": "officer"})
    assert again.status_code == 409 and me["principal_id"] in again.json["error"]["message"]


@pytest.mark.parametrize("body, field", [
    ({"name": "Nia", "role": "chief"}, "role"),
    ({"role": "officer"}, "name"),
    ({"name": "Nia", "role": "officer", "expires_at": "2001-01-01"}, "expires_at"),
    ({"name": "Nia", "role": "officer", "expires_at": 5}, "expires_at"),
    ({"name": "Nia", "role": "officer", "accounts": ["x:@Nowhere"]}, "accounts"),
    ({"principal_id": "pr_0000000000000000"}, "principal_id"),
    ({"name": "Nia", "role": "officer", "colour": "red"}, "colour"),
])
def test_a_bad_issue_request_names_its_field_and_makes_no_one(as_person, app, body, field):
    answer = as_person("adam").post("/v1/tokens", json=body)
    assert answer.status_code == 422 and answer.json["error"]["field"] == field
    with db.opened(app.config["DATABASE"]) as conn:
        assert tokens.find_principal(conn, "Nia") is None


def test_expire_and_revoke_stop_a_token_at_once(as_person, client, people, schema_check):
    olivia = people["olivia"]
    later = as_person("adam").post(f"/v1/tokens/{_token_id(olivia)}/expiry", json={"expires_at": "2030-01-01"})
    assert later.status_code == 200 and later.json["state"] == "active"
    schema_check("TokenInfo", later.json)
    assert client.get("/v1/me", headers=bearer(olivia)).status_code == 200
    now = as_person("adam").post(f"/v1/tokens/{_token_id(olivia)}/expiry", json={"expires_at": None})
    assert now.status_code == 200 and now.json["state"] == "expired"
    refused = client.get("/v1/me", headers=bearer(olivia))
    assert refused.status_code == 401 and "expired" in refused.json["error"]["message"]
    assert as_person("adam").post(f"/v1/tokens/{_token_id(olivia)}/expiry",
                                  json={"expires_at": None}).status_code == 404

    oscar = people["oscar"]
    assert as_person("adam").delete(f"/v1/tokens/{_token_id(oscar)}").status_code == 204
    assert client.get("/v1/me", headers=bearer(oscar)).status_code == 401
    assert as_person("adam").delete(f"/v1/tokens/{_token_id(oscar)}").status_code == 404
    states = {t["name"]: t["state"] for t in as_person("adam").get("/v1/tokens?all=1").json["tokens"]}
    assert states["olivia"] == "expired" and states["oscar"] == "revoked"
    assert as_person("adam").get("/v1/tokens?all=yes").status_code == 422


def test_an_officer_sees_and_rotates_their_own_token(as_person, client, people, submit, schema_check):
    review = submit("olivia")
    old = people["olivia"]
    mine = client.get("/v1/me/token", headers=bearer(old))
    assert mine.status_code == 200 and mine.json["token_id"] == _token_id(old)
    schema_check("TokenInfo", mine.json)
    rotated = client.post("/v1/me/token/rotation", headers=bearer(old))
    assert rotated.status_code == 201
    schema_check("NewToken", rotated.json)
    new = rotated.json["token"]
    assert new != old and rotated.json["principal_id"] == mine.json["principal_id"]
    assert client.get("/v1/me", headers=bearer(old)).status_code == 401
    # The same person: their own drafts are still theirs.
    assert client.get(review["link"], headers=bearer(new)).status_code == 200
    assert client.post("/v1/me/token/rotation", headers=bearer(old)).status_code == 401


def test_a_dashboard_sign_in_cannot_rotate_or_see_a_token(client, people):
    signed_in = client.post("/review/session", json={"token": people["rita"]})
    assert signed_in.status_code == 200
    csrf = {"X-CSRF-Token": signed_in.json["csrf"]}
    refused = client.post("/v1/me/token/rotation", headers=csrf)
    assert refused.status_code == 403 and "plt_" not in refused.get_data(as_text=True)
    with db.opened(client.application.config["DATABASE"]) as conn:
        assert tokens.authenticate(conn, people["rita"]) is not None


def test_an_admin_imports_officers_all_or_nothing(as_person, client, registry, app, schema_check):
    bad = as_person("adam").post("/v1/tokens/import", json={"csv": OFFICERS_CSV + "Pat,chief,,\nolivia,officer,,\n"})
    assert bad.status_code == 422 and bad.json["error"]["code"] == "invalid_rows"
    assert [(p["row"], p["column"]) for p in bad.json["error"]["problems"]] == [(4, "role"), (5, "name")]
    assert "row 4, role" in bad.json["error"]["message"] and "nothing was imported" in bad.json["error"]["message"]
    with db.opened(app.config["DATABASE"]) as conn:
        assert tokens.find_principal(conn, "Lara Moss") is None

    good = as_person("adam").post("/v1/tokens/import", json={"csv": OFFICERS_CSV})
    assert good.status_code == 201
    schema_check("ImportResult", good.json)
    lara = good.json["issued"][0]
    assert lara["accounts"] == ["x:@ScarbPolice"]
    answer = client.post("/v1/reviews", headers=bearer(lara["token"]),
                         json={"post": {**ARREST_POST, "account": "x:@ScarbPolice"}})
    assert answer.status_code == 201
