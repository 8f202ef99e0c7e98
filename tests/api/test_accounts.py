"""The account registry: posts take tier, contributors and profile from it; tokens are held to theirs."""
from __future__ import annotations

import pytest

APPEAL = "We are appealing for help to find Jane Smith, 15, who is missing from Scarborough. Please share."


def test_a_post_naming_its_account_takes_the_tier_from_the_registry(as_person, registry):
    local = as_person("lara").post("/v1/lint", json={"text": APPEAL, "account": "x:@ScarbPolice"}).json
    assert local["verdict"] == "block"
    assert "appeal.wanted-or-missing-on-non-corporate-account" in {f["rule"] for f in local["findings"]}
    assert local["context"] == {"account": "x:@ScarbPolice", "network": "x", "account_name": "Scarborough Police",
                                "tier": "local", "contributors": 2, "scheduled_for": None,
                                "election_period": None, "in_election_period": False}
    corporate = as_person("cora").post("/v1/lint", json={"text": APPEAL, "account": "X:@nyorkspolice"}).json
    assert corporate["verdict"] == "ok"
    assert corporate["context"]["tier"] == "corporate" and corporate["context"]["account"] == "x:@NYorksPolice"


def test_a_tier_that_disagrees_with_the_registry_is_refused(as_person, registry):
    """Tried as a new user: claiming "corporate" turned a blocked local appeal into "ok"."""
    response = as_person("lara").post("/v1/lint", json={"text": APPEAL, "account": "x:@ScarbPolice",
                                                        "account_tier": "corporate"})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "disagrees_with_registry"
    assert response.json["error"]["field"] == "account_tier"
    agreeing = as_person("lara").post("/v1/lint", json={"text": APPEAL, "account": "x:@ScarbPolice",
                                                        "account_tier": "local"})
    assert agreeing.status_code == 200 and agreeing.json["verdict"] == "block"


def test_an_officer_bound_to_one_account_cannot_claim_another_tier_by_leaving_the_account_out(as_person, registry):
    response = as_person("lara").post("/v1/lint", json={"text": APPEAL})
    assert response.json["context"]["account"] == "x:@ScarbPolice"
    assert response.json["verdict"] == "block"
    assert as_person("lara").post("/v1/lint", json={"text": APPEAL, "account_tier": "corporate"}).status_code == 422


def test_an_officer_with_several_accounts_must_name_one(as_person, registry):
    response = as_person("cora").post("/v1/lint", json={"text": APPEAL})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "account_required"
    assert response.json["error"]["accounts"] == ["x:@NYorksPolice", "x:@ScarbPolice"]


def test_posting_from_an_account_not_on_the_token_is_403(as_person, registry):
    for path, body in (("/v1/lint", {"text": APPEAL, "account": "x:@NYorksPolice"}),
                       ("/v1/reviews", {"post": {"text": APPEAL, "account": "x:@NYorksPolice"}})):
        response = as_person("lara").post(path, json=body)
        assert response.status_code == 403
        assert response.json["error"]["code"] == "account_forbidden"
        assert "x:@NYorksPolice" in response.json["error"]["message"]
    # Officers whose tokens list no accounts cannot borrow a registered one either.
    assert as_person("olivia").post("/v1/lint", json={"text": APPEAL, "account": "x:@NYorksPolice"}).status_code == 403


def test_reviewers_may_lint_for_any_account(as_person, registry):
    assert as_person("rita").post("/v1/lint", json={"text": APPEAL, "account": "x:@NYorksPolice"}).json[
        "verdict"] == "ok"


@pytest.mark.parametrize("account, code", [("x:@Nobody", "unknown_account"), ("myspace:@x", "invalid_field"),
                                           ("NYorksPolice", "invalid_field"), (7, "invalid_field")])
def test_unknown_or_malformed_accounts_are_422(as_person, registry, account, code):
    response = as_person("rita").post("/v1/lint", json={"text": "Hello", "account": account})
    assert response.status_code == 422
    assert response.json["error"]["code"] == code and response.json["error"]["field"] == "account"


def test_admins_manage_the_registry_over_the_api(as_person, registry, schema_check):
    body = {"account": "facebook:NorthYorkshirePolice", "display_name": "North Yorkshire Police (Facebook)",
            "tier": "corporate", "contributors": 4, "profile": "north-yorkshire"}
    assert as_person("rita").post("/v1/accounts", json=body).status_code == 403
    created = as_person("adam").post("/v1/accounts", json=body)
    assert created.status_code == 201
    schema_check("Account", created.json)
    assert created.headers["Location"] == "/v1/accounts/facebook:NorthYorkshirePolice"
    assert as_person("adam").post("/v1/accounts", json=body).status_code == 409
    bad = as_person("adam").post("/v1/accounts", json={**body, "account": "facebook:other", "tier": "gold"})
    assert bad.status_code == 422 and bad.json["error"]["field"] == "tier"

    lara_id = as_person("lara").get("/v1/me").json["principal_id"]
    granted = as_person("adam").post("/v1/accounts/facebook:NorthYorkshirePolice/officers",
                                     json={"principal_id": lara_id})
    assert granted.status_code == 200
    assert granted.json["officers"] == [{"principal_id": lara_id, "name": "lara"}]
    mine = as_person("lara").get("/v1/accounts").json["accounts"]
    assert [a["account"] for a in mine] == ["facebook:NorthYorkshirePolice", "x:@ScarbPolice"]
    post = {"text": APPEAL, "account": "facebook:NorthYorkshirePolice"}
    linted = as_person("lara").post("/v1/lint", json=post).json
    assert linted["profile"] == "north-yorkshire" and linted["context"]["tier"] == "corporate"

    assert as_person("adam").delete(f"/v1/accounts/facebook:NorthYorkshirePolice/officers/{lara_id}").status_code \
        == 204
    assert as_person("lara").post("/v1/lint", json=post).status_code == 403
    assert as_person("adam").delete("/v1/accounts/facebook:NorthYorkshirePolice").status_code == 204
    assert as_person("adam").get("/v1/accounts/facebook:NorthYorkshirePolice").status_code == 404
    assert as_person("rita").post("/v1/lint", json=post).json["error"]["code"] == "unknown_account"


def test_me_and_accounts_show_an_officer_only_their_own(as_person, registry, schema_check):
    me = as_person("lara").get("/v1/me").json
    schema_check("Me", me)
    assert me["name"] == "lara" and me["role"] == "officer" and me["principal_id"].startswith("pr_")
    assert [a["account"] for a in me["accounts"]] == ["x:@ScarbPolice"]
    assert as_person("lara").get("/v1/accounts/x:@NYorksPolice").status_code == 404
    assert len(as_person("rita").get("/v1/accounts").json["accounts"]) == 2


def test_batch_results_echo_the_schedulers_id_and_account(as_person, registry, schema_check):
    posts = [{"id": "hs-1", "text": APPEAL, "account": "x:@ScarbPolice"},
             {"id": 2, "text": APPEAL, "account": "x:nyorkspolice"},
             {"id": "hs-3", "text": APPEAL, "account": "x:@Nobody"},
             {"id": "hs-4", "text": 5, "account": "x:@ScarbPolice"}]
    response = as_person("hoot").post("/v1/lint/batch", json={"posts": posts})
    schema_check("BatchResult", response.json)
    first, second, third, fourth = response.json["results"]
    assert (first["id"], first["account"], first["verdict"]) == ("hs-1", "x:@ScarbPolice", "block")
    assert (second["id"], second["account"], second["verdict"]) == (2, "x:@NYorksPolice", "ok")
    assert (third["id"], third["account"], third["error"]["code"]) == ("hs-3", "x:@Nobody", "unknown_account")
    assert (fourth["id"], fourth["error"]["field"]) == ("hs-4", "text")
