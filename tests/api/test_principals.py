"""People, not names: stable principal ids, unique names, revocation by principal or token id."""
from __future__ import annotations

import pytest

from api import db, tokens
from api_samples import ARREST_POST


@pytest.mark.parametrize("variant", ["rita", "RITA", " Rita ", "RiTa  "])
def test_names_are_one_person_whatever_their_case_and_spacing(app, people, variant):
    """Tried as a new user: "Rita Ng", "rita ng" and "RITA NG " were three people."""
    with db.opened(app.config["DATABASE"]) as conn, pytest.raises(tokens.TokenError, match="already exists"):
        tokens.create(conn, "reviewer", variant)


def test_inner_spacing_and_case_do_not_make_a_second_person(app):
    with db.opened(app.config["DATABASE"]) as conn:
        tokens.create(conn, "reviewer", "Rita Ng")
        for variant in ("rita ng", "RITA NG ", "Rita   Ng"):
            with pytest.raises(tokens.TokenError):
                tokens.create(conn, "officer", variant)


def test_a_reviewer_cannot_approve_their_own_draft_with_another_of_their_tokens(app, client):
    with db.opened(app.config["DATABASE"]) as conn:
        principal = tokens.create_principal(conn, "reviewer", "Rita Ng")
        first, second = tokens.issue(conn, principal), tokens.issue(conn, principal)
    review = client.post("/v1/reviews", json={"post": ARREST_POST},
                         headers={"Authorization": f"Bearer {first}"}).json
    response = client.post(f"{review['link']}/decision", json={"decision": "approve", "note": "ok"},
                           headers={"Authorization": f"Bearer {second}"})
    assert response.status_code == 403 and response.json["error"]["code"] == "own_submission"


def test_one_token_can_be_revoked_without_the_others(app, client):
    with db.opened(app.config["DATABASE"]) as conn:
        principal = tokens.create_principal(conn, "officer", "Olivia Shaw")
        laptop, extension = tokens.issue(conn, principal), tokens.issue(conn, principal)
        laptop_id = tokens.TOKEN_ID_PREFIX + laptop.split("_")[1]
        assert tokens.revoke(conn, laptop_id) == 1
    assert client.get("/v1/me", headers={"Authorization": f"Bearer {laptop}"}).status_code == 401
    me = client.get("/v1/me", headers={"Authorization": f"Bearer {extension}"})
    assert me.status_code == 200 and me.json["principal_id"] == principal


def test_revoking_a_principal_stops_every_token_and_frees_the_name(app, client, people, submit):
    review = submit("oscar")
    with db.opened(app.config["DATABASE"]) as conn:
        old = tokens.find_principal(conn, "oscar")["id"]
        assert tokens.revoke(conn, old) == 1
        assert tokens.find_principal(conn, "Oscar") is None
        newcomer = tokens.create(conn, "officer", "Oscar")
    assert client.get("/v1/me", headers={"Authorization": f"Bearer {people['oscar']}"}).status_code == 401
    assert client.get("/v1/me", headers={"Authorization": f"Bearer {newcomer}"}).json["principal_id"] != old
    summary = client.get("/v1/reviews", headers={"Authorization": f"Bearer {people['rita']}"}).json["reviews"][0]
    assert summary["id"] == review["id"] and summary["submitted_by_id"] == old


def test_the_audit_trail_records_principal_ids_and_shows_names(as_person, submit):
    review = submit("olivia")
    as_person("rita").post(f"{review['link']}/decision", json={"decision": "approve", "note": "Agreed"})
    events = as_person("olivia").get(f"{review['link']}/audit").json["events"]
    olivia = as_person("olivia").get("/v1/me").json["principal_id"]
    rita = as_person("rita").get("/v1/me").json["principal_id"]
    assert [(e["actor"], e["actor_id"], e["action"]) for e in events] == [
        ("olivia", olivia, "submitted"), ("rita", rita, "approved")]
