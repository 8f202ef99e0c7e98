"""Two API instances on one PostgreSQL database, as behind a load balancer: they share the review
queue, the audit trail and the rate limits, and nothing acknowledged by either is lost or decided
twice, under load from the project's own load generator."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from api import db
from api_samples import ARREST_POST, CLEAN_POST
from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.postgresql_only, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def two_instances(database, tmp_path, request):
    db.prepare(database)
    env = getattr(request, "param", {"POSTLINT_MAX_PENDING": "off", "POSTLINT_RATE_LIMIT": "off"})
    servers = [LiveServer(tmp_path, env=env, database=database, name=f"instance-{n}") for n in "ab"]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


def _start_load(server: LiveServer, token: str, requests_in_all: int) -> subprocess.Popen:
    """``bench.loadgen`` in its own process, linting against one instance."""
    job = {"host": "127.0.0.1", "port": server.port, "path": "/v1/lint", "token": token,
           "bodies": [ARREST_POST, CLEAN_POST], "requests": requests_in_all, "concurrency": 4, "warmup": 0}
    process = subprocess.Popen([sys.executable, "-m", "bench.loadgen"], cwd=ROOT, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    process.stdin.write(json.dumps(job) + "\n")
    process.stdin.flush()
    return process


def _load_result(process: subprocess.Popen) -> dict:
    out, _ = process.communicate(timeout=300)
    return json.loads(out.strip().splitlines()[-1])


def test_two_instances_share_one_queue_under_load_and_decide_each_review_once(two_instances):
    first, second = two_instances
    officers = [first.make_token("officer", f"officer-{n}") for n in range(4)]
    reviewers = [first.make_token("reviewer", "rita"), second.make_token("reviewer", "ravi")]
    scheduler = second.make_token("scheduler", "orlo")
    loads = [_start_load(server, scheduler, 300) for server in two_instances]

    acknowledged, outcomes = [], []
    lock = threading.Lock()

    def submit_and_race(officer_number: int) -> None:
        session = requests.Session()
        for n in range(12):
            where = two_instances[(officer_number + n) % 2]
            post = {**ARREST_POST, "text": f"{ARREST_POST['text']} Ref {officer_number}-{n}."}
            made = session.post(where.base_url + "/v1/reviews", json={"post": post}, timeout=60,
                                headers=bearer(officers[officer_number]))
            assert made.status_code == 201, made.text
            review = made.json()
            with lock:
                acknowledged.append(review["id"])
            # Two reviewers, one on each instance, decide the same review at the same moment.
            barrier, codes = threading.Barrier(2), []

            def decide(server, token, decision):
                barrier.wait()
                codes.append(requests.post(server.base_url + review["link"] + "/decision", timeout=60,
                                           headers=bearer(token),
                                           json={"decision": decision, "note": "checked"}).status_code)
            racers = [threading.Thread(target=decide, args=(server, token, decision)) for server, token, decision
                      in zip(two_instances, reviewers, ("approve", "reject"))]
            for racer in racers:
                racer.start()
            for racer in racers:
                racer.join()
            with lock:
                outcomes.append(sorted(codes))

    with ThreadPoolExecutor(max_workers=len(officers)) as pool:
        for future in [pool.submit(submit_and_race, n) for n in range(len(officers))]:
            future.result()
    results = [_load_result(process) for process in loads]

    for result in results:  # the lint load on each instance went through whole
        assert result["completed"] == 300 and result["statuses"] == {"200": 300}, result
    assert len(acknowledged) == 48 and len(set(acknowledged)) == 48
    assert outcomes == [[200, 409]] * 48  # exactly one of two racing decisions wins, every time

    conn = db.connect(first.db_path)
    try:
        stored = {row["id"]: row["status"] for row in conn.execute("SELECT id, status FROM reviews")}
        decisions = conn.execute("SELECT review_id, count(*) AS n FROM audit WHERE action IN "
                                 "('approved', 'rejected') GROUP BY review_id").fetchall()
    finally:
        conn.close()
    assert set(stored) == set(acknowledged)
    assert set(stored.values()) <= {"approved", "rejected"}
    assert {row["review_id"]: row["n"] for row in decisions} == dict.fromkeys(acknowledged, 1)

    # One instance dies without warning; the other serves everything either acknowledged.
    first.kill()
    listing = requests.get(second.base_url + "/v1/reviews?limit=100", headers=bearer(reviewers[1]), timeout=60)
    assert listing.status_code == 200
    assert {review["id"] for review in listing.json()["reviews"]} == set(acknowledged)


@pytest.mark.parametrize("two_instances", [{"POSTLINT_RATE_LIMIT": "10/minute"}], indirect=True)
def test_a_rate_limit_holds_across_both_instances(two_instances):
    token = two_instances[0].make_token("scheduler", "hootsuite")
    codes = [requests.post(two_instances[n % 2].base_url + "/v1/lint", json=CLEAN_POST, headers=bearer(token),
                           timeout=60).status_code for n in range(16)]
    assert codes.count(200) == 10 and codes.count(429) == 6, codes
