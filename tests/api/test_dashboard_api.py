"""What the comms team's dashboard needs from the API: a sign-in that lasts, CSRF
protection, request changes with linked resubmissions, the queue's filters, order and
counts, an audit trail without noise, category names and the arrival webhook."""
from __future__ import annotations

import http.server
import json
import sqlite3
import threading

import pytest

from api import categories, db
from api.storage import legacy_sqlite
from api_samples import ARREST_POST, CLEAN_POST
from linter.rules import CATEGORIES


def decide(as_person, name, review_id, decision="approve", note="Checked with the SIO"):
    return as_person(name).post(f"/v1/reviews/{review_id}/decision", json={"decision": decision, "note": note})


def cookie_of(response):
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("postlint_session="))


# --- signing in -------------------------------------------------------------------------

def test_sign_in_sets_an_httponly_strict_session_cookie_and_never_returns_the_token(client, people):
    response = client.post("/review/session", json={"token": people["rita"]})
    assert response.status_code == 200
    assert response.json["name"] == "rita" and response.json["role"] == "reviewer"
    assert people["rita"] not in response.get_data(as_text=True)
    cookie = cookie_of(response)
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Max-Age" not in cookie and "Expires" not in cookie  # gone when the browser closes
    assert "Secure" not in cookie  # plain HTTP on this computer: a browser would refuse a Secure one
    assert people["rita"] not in cookie
    # The cookie alone now reads the queue, and says who is signed in.
    assert client.get("/v1/reviews").status_code == 200
    assert client.get("/review/session").json["name"] == "rita"


def test_the_cookie_is_secure_when_served_over_https_or_to_another_host(make_app, people):
    for base in ("https://postlint.example", "http://postlint.example"):
        client = make_app().test_client()
        response = client.post("/review/session", json={"token": people["rita"]}, base_url=base)
        assert "Secure" in cookie_of(response), base


@pytest.mark.parametrize("name, status", [("olivia", 403), ("sched", 403), (None, 401)])
def test_only_reviewer_tokens_sign_in(client, people, name, status):
    token = people[name] if name else "plt_0000000000000000_" + "x" * 43
    response = client.post("/review/session", json={"token": token})
    assert response.status_code == status
    assert "postlint_session" not in response.headers.get("Set-Cookie", "")


def test_a_change_made_with_the_cookie_needs_the_csrf_value(client, people, submit):
    review = submit("olivia")
    csrf = client.post("/review/session", json={"token": people["rita"]}).json["csrf"]
    path = f"/v1/reviews/{review['id']}/decision"
    body = {"decision": "approve", "note": "ok"}
    refused = client.post(path, json=body)
    assert refused.status_code == 403 and refused.json["error"]["code"] == "csrf_failed"
    assert client.post(path, json=body, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert client.get(review["link"]).json["status"] == "pending"
    assert client.post(path, json=body, headers={"X-CSRF-Token": csrf}).status_code == 200


def test_sign_in_from_another_site_is_refused(client, people):
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = client.post("/review/session", json={"token": people["rita"]}, headers=headers)
        assert response.status_code == 403, headers
        assert "postlint_session" not in response.headers.get("Set-Cookie", "")


def test_the_form_signs_in_without_script_and_redirects_back(client, people):
    response = client.post("/review/session", data={"token": people["rita"]})
    assert response.status_code == 303 and response.headers["Location"].endswith("/review")
    assert "HttpOnly" in cookie_of(response)
    page = client.get("/review").get_data(as_text=True)
    assert "script did not load" in page
    refused = client.post("/review/session", data={"token": "plt_nope"})
    assert refused.status_code == 401 and "not recognised" in refused.get_data(as_text=True)


def test_revoking_the_token_ends_its_sessions_and_signing_out_ends_one(app, client, people, make_app):
    client.post("/review/session", json={"token": people["rita"]})
    other = make_app().test_client()
    csrf = other.post("/review/session", json={"token": people["ravi"]}).json["csrf"]
    with db.opened(app.config["DATABASE"]) as conn:
        from api import tokens
        tokens.revoke(conn, "rita")
    expired = client.get("/v1/reviews")
    assert expired.status_code == 401 and expired.json["error"]["code"] == "session_expired"
    assert other.delete("/review/session").status_code == 403  # sign-out needs the CSRF value too
    assert other.delete("/review/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert other.get("/v1/reviews").status_code == 401


def test_a_session_runs_out_after_its_hours(make_app, people):
    client = make_app(SESSION_HOURS=0.0001).test_client()  # a third of a second
    client.post("/review/session", json={"token": people["rita"]})
    import time
    time.sleep(0.5)
    assert client.get("/v1/reviews").json["error"]["code"] == "session_expired"


def test_a_bearer_header_wins_over_a_cookie(client, people):
    client.post("/review/session", json={"token": people["rita"]})
    response = client.get("/v1/reviews", headers={"Authorization": f"Bearer {people['olivia']}"})
    assert response.status_code == 403  # judged as the officer's header, not the reviewer's cookie


# --- request changes and resubmission ------------------------------------------------------

def test_request_changes_needs_a_note_and_a_resubmission_links_both_ways(as_person, submit, schema_check):
    review = submit("olivia")
    assert decide(as_person, "rita", review["id"], "request_changes", None).status_code == 422
    sent_back = decide(as_person, "rita", review["id"], "request_changes", "Remove the name, please")
    assert sent_back.status_code == 200 and sent_back.json["status"] == "changes_requested"
    assert sent_back.json["decision"]["decision"] == "request_changes"
    changed = {**ARREST_POST, "text": "Officers have arrested a 31-year-old man on suspicion of affray."}
    again = as_person("olivia").post("/v1/reviews", json={"post": changed, "replaces": review["id"]})
    assert again.status_code == 201
    schema_check("Review", again.json)
    earlier = again.json["resubmission_of"]
    assert earlier["id"] == review["id"] and earlier["decision"]["note"] == "Remove the name, please"
    removed = "".join(p["text"] for p in earlier["changes"] if p["op"] == "delete")
    added = "".join(p["text"] for p in earlier["changes"] if p["op"] == "insert")
    assert "Callum Pexton" in removed and "a 31-year-old man" in added
    assert "".join(p["text"] for p in earlier["changes"] if p["op"] != "insert") == ARREST_POST["text"]
    old = as_person("rita").get(review["link"]).json
    assert old["replaced_by"] == again.json["id"]
    actions = [e["action"] for e in as_person("rita").get(f"{review['link']}/audit").json["events"]]
    assert actions == ["submitted", "changes_requested", "resubmitted", "viewed"]


def test_only_a_draft_sent_back_can_be_resubmitted_by_its_own_officer_once(as_person, submit):
    review = submit("olivia")
    post = {"post": CLEAN_POST, "replaces": review["id"]}
    pending = as_person("olivia").post("/v1/reviews", json=post)
    assert pending.status_code == 409 and "sent back for changes" in pending.json["error"]["message"]
    decide(as_person, "rita", review["id"], "request_changes", "Change it")
    assert as_person("oscar").post("/v1/reviews", json=post).status_code == 409
    assert as_person("olivia").post("/v1/reviews", json=post).status_code == 201
    assert as_person("olivia").post("/v1/reviews", json=post).status_code == 409  # already resubmitted
    missing = as_person("olivia").post("/v1/reviews", json={"post": CLEAN_POST, "replaces": "rv_nope"})
    assert missing.status_code == 422 and missing.json["error"]["field"] == "replaces"


# --- the queue -------------------------------------------------------------------------------

def test_due_order_is_soonest_scheduled_first_and_unscheduled_by_submission(as_person, submit):
    late = submit(post={**CLEAN_POST, "scheduled_for": "2031-06-01T09:00:00+01:00"})
    unscheduled = submit(post=CLEAN_POST)
    soon = submit(post={**CLEAN_POST, "scheduled_for": "2030-01-01T09:00:00+00:00"})
    ids = [r["id"] for r in as_person("rita").get("/v1/reviews?status=pending&order=due").json["reviews"]]
    assert ids == [unscheduled["id"], soon["id"], late["id"]]  # unscheduled: due when it was sent
    first = as_person("rita").get("/v1/reviews?status=pending&order=due&limit=1").json
    second = as_person("rita").get(first["next"]).json
    assert [r["id"] for r in first["reviews"] + second["reviews"]] == ids[:2]
    assert "order=due" in first["next"]


def test_filters_and_search_narrow_the_queue_and_the_counts(as_person, submit):
    arrest = submit("olivia", post=ARREST_POST)
    clean = submit("oscar", post=CLEAN_POST)

    def ids(query):
        response = as_person("rita").get(f"/v1/reviews?{query}")
        assert response.status_code == 200, response.json
        return {r["id"] for r in response.json["reviews"]}
    assert ids("category=arrest-name") == {arrest["id"]}
    assert ids("verdict=ok") == {clean["id"]}
    assert ids("submitted_by=oscar") == {clean["id"]}
    assert ids("q=BEAT%20SURGERY") == {clean["id"]}
    assert ids("q=nothing-like-this") == set()
    assert ids("account=x:@NYorksPolice") == set()
    facets = as_person("rita").get("/v1/reviews/facets?category=arrest-name").json
    assert facets["counts"]["pending"] == 1 and facets["submitted_by"] == ["olivia", "oscar"]
    assert as_person("olivia").get("/v1/reviews/facets").status_code == 403
    assert as_person("rita").get("/v1/reviews?verdict=blocked").status_code == 422


def test_facets_count_drafts_that_arrived_since_a_point(as_person, submit):
    submit()
    latest = as_person("rita").get("/v1/reviews/facets").json["latest"]
    submit()
    submit()
    facets = as_person("rita").get(f"/v1/reviews/facets?since={latest}").json
    assert facets["arrived"] == 2 and facets["counts"]["pending"] == 3


# --- audit and words -------------------------------------------------------------------------

def test_only_a_reviewers_first_view_is_audited(as_person, submit):
    review = submit("olivia")
    for _ in range(4):
        as_person("rita").get(review["link"])
    as_person("ravi").get(review["link"])
    events = [(e["actor"], e["action"]) for e in as_person("rita").get(f"{review['link']}/audit").json["events"]]
    assert events == [("olivia", "submitted"), ("rita", "viewed"), ("ravi", "viewed")]


def test_every_category_has_a_name_for_people(as_person):
    assert set(categories.NAMES) == set(CATEGORIES)
    names = as_person("rita").get("/v1/categories").json["categories"]
    assert {"id": "purdah-political", "name": "Political content"} in names


# --- the arrival webhook ---------------------------------------------------------------------

class _Receiver(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    _Receiver.received = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hook", _Receiver.received
    server.shutdown()
    server.server_close()


def _wait_for(items, count, timeout=10.0):
    import time
    deadline = time.monotonic() + timeout
    while len(items) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return items


def test_the_webhook_says_a_draft_arrived_without_its_text(make_app, people, receiver):
    url, received = receiver
    client = make_app(WEBHOOK_URL=url).test_client()
    created = client.post("/v1/reviews", json={"post": ARREST_POST, "note": "SENTINEL note"},
                          headers={"Authorization": f"Bearer {people['olivia']}"})
    assert created.status_code == 201
    message = _wait_for(received, 1)[0]
    assert message["event"] == "review.submitted" and message["id"] == created.json["id"]
    assert message["dashboard_url"].endswith(f"/review#{created.json['id']}")
    assert message["categories"] == ["arrest-name"] and message["submitted_by"] == "olivia"
    dumped = json.dumps(message)
    assert "Callum" not in dumped and "SENTINEL" not in dumped


def test_the_webhook_can_be_kept_to_some_accounts(make_app, people, receiver):
    url, received = receiver
    client = make_app(WEBHOOK_URL=url, WEBHOOK_ACCOUNTS=("x:@NYorksPolice",)).test_client()
    client.post("/v1/reviews", json={"post": ARREST_POST}, headers={"Authorization": f"Bearer {people['olivia']}"})
    import time
    time.sleep(0.5)
    assert received == []  # this draft names no account


def test_a_webhook_url_must_be_https_or_this_computer(make_app):
    from api.config import ConfigError
    with pytest.raises(ConfigError, match="POSTLINT_WEBHOOK_URL"):
        make_app(WEBHOOK_URL="http://relay.example/hook")
    make_app(WEBHOOK_URL="https://relay.example/hook")


# --- the schema change -----------------------------------------------------------------------

def test_a_file_from_before_the_dashboard_migration_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.db"
    conn = db.connect(path)
    with db.transaction(conn):
        for statement in legacy_sqlite.MIGRATIONS[0]:
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        conn.execute(
            "INSERT INTO reviews (id, status, post_key, profile, rules_version, verdict, categories, text_sha256, "
            "post_json, findings_json, submitted_by, submitted_role, submitted_at) VALUES "
            "('rv_old', 'pending', 'k', 'uk-police', 'v', 'ok', '[]', 'h', ?, '[]', 'olivia', 'officer', "
            "'2026-01-01T00:00:00.000Z')",
            (json.dumps({"text": "x", "scheduled_for": "2026-03-01T10:00:00+00:00"}),))
    conn.close()
    db.prepare(path)
    conn = db.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert tuple(conn.execute("SELECT scheduled_for, due_at FROM reviews").fetchone()) == (
        "2026-03-01T10:00:00+00:00", "2026-03-01T10:00:00.000Z")
    with db.transaction(conn):
        conn.execute("UPDATE reviews SET status = 'changes_requested' WHERE id = 'rv_old'")
    with pytest.raises(sqlite3.IntegrityError):
        with db.transaction(conn):
            conn.execute("UPDATE reviews SET status = 'nonsense' WHERE id = 'rv_old'")
    conn.close()


@pytest.mark.parametrize("path", ["/v1/reviews/facets", "/v1/categories", "/v1/reviews"])
def test_the_dashboards_routes_need_a_token_or_a_live_session(client, path):
    assert client.get(path).json["error"]["code"] == "unauthorized"
    client.set_cookie("postlint_session", "a-forged-or-expired-session")
    refused = client.get(path)
    assert refused.status_code == 401 and refused.json["error"]["code"] == "session_expired"
