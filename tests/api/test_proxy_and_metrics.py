"""Behind a reverse proxy (one trusted hop, only when the setting says so) and the Prometheus figures."""
from __future__ import annotations

import re

import pytest
import requests

from api_samples import ARREST_POST

METRICS_TOKEN = "m" * 40


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}
PROXY_SIGN_IN = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "postlint.example.police.uk",
                 "X-Forwarded-For": "203.0.113.7", "Origin": "https://postlint.example.police.uk"}


def sample(text: str, name: str, **labels) -> float:
    """One sample's value from exposition text (0 when absent)."""
    wanted = "".join(f'(?=[^}}]*{key}="{re.escape(value)}")' for key, value in labels.items())
    pattern = rf"^{re.escape(name)}(?:\{{{wanted}[^}}]*\}})?\s+([0-9.e+-]+)$" if labels else \
        rf"^{re.escape(name)}(?:\{{\}})?\s+([0-9.e+-]+)$"
    found = re.findall(pattern, text, re.MULTILINE)
    return sum(float(value) for value in found)


# -- X-Forwarded-* --------------------------------------------------------------------------

def test_behind_the_proxy_the_forwarded_scheme_host_and_client_are_honoured(make_app, people):
    client = make_app(BEHIND_PROXY=True).test_client()
    response = client.post("/review/session", json={"token": people["rita"]}, headers=PROXY_SIGN_IN)
    # The browser talked HTTPS to postlint.example.police.uk: its Origin is the dashboard's own,
    # and the cookie must be Secure although the proxy spoke plain HTTP to this computer.
    assert response.status_code == 200, response.json
    assert "Secure" in response.headers["Set-Cookie"]


def test_without_the_setting_forwarded_headers_are_ignored(make_app, people):
    client = make_app().test_client()
    response = client.post("/review/session", json={"token": people["rita"]}, headers=PROXY_SIGN_IN)
    assert response.status_code == 403  # the Origin is another site's, as far as this server can tell


def test_exactly_one_hop_is_trusted_for_the_client_address(make_app):
    """Per-address limits see the address the proxy saw, not whatever a client wrote before it."""
    client = make_app(BEHIND_PROXY=True, ANONYMOUS_RATE_LIMIT="2/minute").test_client()

    def status(forwarded):
        return client.get("/healthz", headers={"X-Forwarded-For": forwarded}).status_code

    assert [status("198.51.100.1"), status("198.51.100.1"), status("198.51.100.1")] == [200, 200, 429]
    assert status("198.51.100.2") == 200  # another client behind the same proxy has its own limit
    # A client claiming to be someone else is still the address the proxy appended.
    assert status("198.51.100.9, 198.51.100.1") == 429
    plain = make_app(ANONYMOUS_RATE_LIMIT="2/minute").test_client()
    codes = [plain.get("/healthz", headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code for n in (3, 4, 5)]
    assert codes == [200, 200, 429]  # ignored: all one address, the socket's


# -- /metrics ------------------------------------------------------------------------------------

def test_metrics_count_lints_by_verdict_and_rule_and_never_hold_draft_text(client, people, submit):
    before = client.get("/metrics").get_data(as_text=True)
    assert client.post("/v1/lint", json=ARREST_POST, headers=bearer(people["olivia"])).status_code == 200
    assert client.post("/v1/lint", json={"text": "The A64 is closed at Malton."},
                       headers=bearer(people["olivia"])).status_code == 200
    submit("olivia")
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    after = response.get_data(as_text=True)
    for verdict, more in (("block", 1), ("ok", 1)):
        assert sample(after, "postlint_lints_total", verdict=verdict, route="lint.lint_one") - \
            sample(before, "postlint_lints_total", verdict=verdict, route="lint.lint_one") == more
    assert sample(after, "postlint_findings_total", rule="arrest.named-suspect") - \
        sample(before, "postlint_findings_total", rule="arrest.named-suspect") == 2  # the lint and the review
    assert sample(after, "postlint_lint_seconds_count", verdict="block") > sample(before, "postlint_lint_seconds_count",
                                                                                  verdict="block")
    assert sample(after, "postlint_rule_lint_seconds_count", rule="arrest.named-suspect") >= 2
    assert sample(after, "postlint_reviews", status="pending") == 1
    assert sample(after, "postlint_oldest_pending_review_age_seconds") >= 0
    assert "Callum" not in after and "Pexton" not in after and "Malton" not in after


def test_oldest_pending_age_and_failed_callbacks_come_from_the_database(app, client, conn, submit):
    review = submit("olivia")
    conn.execute("UPDATE reviews SET submitted_at = '2020-01-01T00:00:00.000Z' WHERE id = ?", (review["id"],))
    conn.execute("INSERT INTO callbacks (review_id, url, body, attempts, next_attempt_at, given_up_at) "
                 "VALUES (?, 'https://x.example/', '{}', 8, '2020-01-01T00:00:00.000Z', '2020-01-02T00:00:00.000Z')",
                 (review["id"],))
    conn.execute("INSERT INTO callbacks (review_id, url, body, attempts, next_attempt_at, delivered_at) "
                 "VALUES (?, 'https://x.example/', '{}', 3, '2020-01-01T00:00:00.000Z', '2020-01-01T00:01:00.000Z')",
                 (review["id"],))
    text = client.get("/metrics").get_data(as_text=True)
    assert sample(text, "postlint_oldest_pending_review_age_seconds") > 5 * 365 * 24 * 3600
    assert sample(text, "postlint_callbacks", state="given_up") == 1
    assert sample(text, "postlint_callbacks", state="delivered") == 1
    assert sample(text, "postlint_callback_failed_attempts") == 8 + 2


@pytest.mark.parametrize("settings, headers, remote, status", [
    ({}, {}, "127.0.0.1", 200),                                         # a scraper on the server itself
    ({}, {}, "::1", 200),
    ({}, {}, "192.0.2.10", 403),                                        # anyone else
    ({}, {"X-Forwarded-For": "192.0.2.10"}, "127.0.0.1", 403),          # the public, through the proxy
    ({"BEHIND_PROXY": True}, {"X-Forwarded-For": "127.0.0.1"}, "127.0.0.1", 403),
    ({"METRICS_TOKEN": METRICS_TOKEN}, {"Authorization": f"Bearer {METRICS_TOKEN}"}, "192.0.2.10", 200),
    ({"METRICS": "token", "METRICS_TOKEN": METRICS_TOKEN}, {}, "127.0.0.1", 403),
    ({"METRICS": "token", "METRICS_TOKEN": METRICS_TOKEN}, {"Authorization": "Bearer " + "n" * 40},
     "192.0.2.10", 403),
    ({"METRICS": "token", "METRICS_TOKEN": METRICS_TOKEN}, {"Authorization": f"Bearer {METRICS_TOKEN}",
                                                           "X-Forwarded-For": "192.0.2.10"}, "127.0.0.1", 200),
    ({"METRICS": "off"}, {}, "127.0.0.1", 404),
])
def test_who_may_read_the_metrics(make_app, settings, headers, remote, status):
    client = make_app(**settings).test_client()
    response = client.get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": remote})
    assert response.status_code == status, response.get_data(as_text=True)[:200]


@pytest.mark.slow
def test_the_figures_add_up_across_worker_processes(tmp_path):
    """Two workers each answer some of the lints; every scrape, whichever worker answers it, counts them all."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.support.live_server import live_server
    folder = tmp_path / "metrics"
    with live_server(tmp_path, workers=2, env={"PROMETHEUS_MULTIPROC_DIR": str(folder)}) as server:
        token = server.make_token("officer", "olivia")
        lints = 48

        def lint(_):
            with requests.post(server.base_url + "/v1/lint", json=ARREST_POST, timeout=30,
                               headers={**bearer(token), "Connection": "close"}) as answer:
                return answer.status_code

        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(lint, range(lints))) == {200}
        # Each worker process that linted keeps its own counts file.
        assert len(list(folder.glob("counter_*.db"))) == 2
        for _ in range(6):
            text = requests.get(server.base_url + "/metrics", timeout=30, headers={"Connection": "close"}).text
            assert sample(text, "postlint_lints_total", verdict="block", route="lint.lint_one") == lints
            assert sample(text, "postlint_findings_total", rule="arrest.named-suspect") == lints
