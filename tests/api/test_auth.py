"""Bearer tokens, roles and the per-token rate limit."""
from __future__ import annotations

import hashlib

import pytest

from api import db, tokens
from api.ratelimit import DatabaseLimiter
from api_samples import CLEAN_POST

V1_ROUTES = [("get", "/v1/rules"), ("get", "/v1/profiles"), ("get", "/v1/reviews"),
             ("post", "/v1/lint"), ("post", "/v1/lint/batch"), ("post", "/v1/reviews"),
             ("get", "/v1/reviews/rv_x"), ("post", "/v1/reviews/rv_x/decision"), ("get", "/v1/reviews/rv_x/audit")]


@pytest.mark.parametrize("method, path", V1_ROUTES)
@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer nonsense",
                                    "Bearer plt_0123456789abcdef_" + "A" * 43, "Token plt_x"])
def test_every_v1_route_needs_a_valid_bearer_token(client, people, method, path, header):
    headers = {} if header is None else {"Authorization": header}
    response = getattr(client, method)(path, headers=headers, json={})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_public_routes_need_no_token(client):
    for path in ("/healthz", "/openapi.json", "/review"):
        assert client.get(path).status_code == 200


def test_a_tampered_secret_is_refused(client, people):
    good = people["olivia"]
    tampered = good[:-1] + ("A" if good[-1] != "A" else "B")
    assert client.get("/v1/rules", headers={"Authorization": f"Bearer {good}"}).status_code == 200
    assert client.get("/v1/rules", headers={"Authorization": f"Bearer {tampered}"}).status_code == 401


def test_scheme_is_case_insensitive(client, people):
    assert client.get("/v1/rules", headers={"Authorization": f"bearer {people['olivia']}"}).status_code == 200


def test_revoked_token_stops_working_at_once(app, client, people):
    headers = {"Authorization": f"Bearer {people['oscar']}"}
    assert client.get("/v1/rules", headers=headers).status_code == 200
    with db.opened(app.config["DATABASE"]) as conn:
        assert tokens.revoke(conn, "oscar") == 1
    response = client.get("/v1/rules", headers=headers)
    assert response.status_code == 401
    assert "revoked" in response.json["error"]["message"]


def test_a_newcomer_given_a_revoked_officers_name_cannot_read_their_drafts(app, client, people, submit,
                                                                           make_token):
    """Tried as a new user: identity was a free-text name, so a new "oscar" inherited the old one's drafts."""
    review = submit("oscar")
    with db.opened(app.config["DATABASE"]) as conn:
        tokens.revoke(conn, "oscar")
    newcomer = make_token("officer", "Oscar")
    assert client.get(review["link"], headers={"Authorization": f"Bearer {newcomer}"}).status_code == 403
    events = client.get(f"{review['link']}/audit", headers={"Authorization": f"Bearer {people['rita']}"}).json
    assert events["events"][0]["actor"] == "oscar" and events["events"][0]["actor_id"].startswith("pr_")


@pytest.mark.parametrize("query", ["token={t}", "access_token={t}", "api_key=abc", "Authorization=Bearer+x",
                                   "profile={t}", "status=pending&key=1"])
def test_tokens_in_the_url_are_refused_even_with_a_good_header(client, people, query):
    url = "/v1/rules?" + query.format(t=people["rita"])
    response = client.get(url, headers={"Authorization": f"Bearer {people['rita']}"})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "token_in_url"
    assert "Authorization header" in response.json["error"]["message"]


def test_tokens_are_stored_only_as_hashes(app, people):
    with db.opened(app.config["DATABASE"]) as conn:
        rows = [tuple(r) for r in conn.execute("SELECT * FROM tokens")]
    stored = "\n".join(map(str, rows))
    for token in people.values():
        secret = token.split("_", 2)[2]
        assert secret not in stored
        assert hashlib.sha256(token.encode()).hexdigest() in stored


def test_tokens_are_compared_in_constant_time(client, people, monkeypatch):
    calls = []
    real = tokens.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)
    monkeypatch.setattr(tokens.hmac, "compare_digest", spy)
    client.get("/v1/rules", headers={"Authorization": f"Bearer {people['olivia']}"})
    client.get("/v1/rules", headers={"Authorization": "Bearer plt_ffffffffffffffff_" + "x" * 43})
    assert len(calls) == 2  # a miss is compared too, so it takes as long as a wrong secret


@pytest.mark.parametrize("role, name", [("officer", ""), ("officer", "   "), ("officer", "x" * 65),
                                        ("chief", "carol"), ("officer", "new\nline")])
def test_bad_token_requests_are_refused(app, role, name):
    with db.opened(app.config["DATABASE"]) as conn, pytest.raises(tokens.TokenError):
        tokens.create(conn, role, name)


def test_active_names_are_unique(app, people):
    with db.opened(app.config["DATABASE"]) as conn, pytest.raises(tokens.TokenError):
        tokens.create(conn, "reviewer", "olivia")


def test_rate_limit_gives_429_with_retry_after_per_token(make_app, people):
    client = make_app(RATE_LIMIT="3/minute").test_client()
    olivia = {"Authorization": f"Bearer {people['olivia']}"}
    for _ in range(3):
        assert client.post("/v1/lint", json=CLEAN_POST, headers=olivia).status_code == 200
    limited = client.post("/v1/lint", json=CLEAN_POST, headers=olivia)
    assert limited.status_code == 429
    assert limited.json["error"]["code"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    oscar = {"Authorization": f"Bearer {people['oscar']}"}
    assert client.post("/v1/lint", json=CLEAN_POST, headers=oscar).status_code == 200


def test_a_principals_tokens_share_one_rate_limit(make_app, app, people):
    """The limit is kept per principal: a second token (another device) does not double it."""
    client = make_app(RATE_LIMIT="3/minute").test_client()
    with db.opened(app.config["DATABASE"]) as conn:
        second = tokens.issue(conn, tokens.find_principal(conn, "olivia")["id"])
    for token in (people["olivia"], second, people["olivia"]):
        assert client.post("/v1/lint", json=CLEAN_POST, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    limited = client.post("/v1/lint", json=CLEAN_POST, headers={"Authorization": f"Bearer {second}"})
    assert limited.status_code == 429 and limited.json["error"]["code"] == "rate_limited"


def test_rate_limit_can_be_switched_off(make_app, people):
    client = make_app(RATE_LIMIT="off").test_client()
    headers = {"Authorization": f"Bearer {people['olivia']}"}
    assert all(client.get("/v1/profiles", headers=headers).status_code == 200 for _ in range(30))


def test_sliding_window_frees_requests_as_they_age(conn):
    now = [100.0]
    limiter = DatabaseLimiter(2, 60.0, clock=lambda: now[0])
    assert limiter.retry_after(conn, "t") is None
    now[0] = 130.0
    assert limiter.retry_after(conn, "t") is None
    assert limiter.retry_after(conn, "t") == 30
    now[0] = 160.5
    assert limiter.retry_after(conn, "t") is None
    assert limiter.retry_after(conn, "t") == 30
    assert limiter.retry_after(conn, "other") is None
    assert conn.execute("SELECT count(*) FROM rate_hits WHERE key = 't'").fetchone()[0] == 2
