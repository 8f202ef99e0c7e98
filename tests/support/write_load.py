"""Officers submitting drafts to a live server without pause, while something else happens."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from api_samples import ARREST_POST


def submissions_around(server, action, *, officers: int = 4, first: int = 40):
    """Keep ``officers`` submitting to ``server``; once ``first`` are acknowledged run ``action()``,
    and keep submitting for a second after it. Returns ``(before, after, what action returned)``:
    the ids acknowledged before the action began, and those acknowledged well after it ended
    (an answer can lag its commit a little)."""
    tokens = [server.make_token("officer", f"officer{n}") for n in range(officers)]
    acknowledged: list[tuple[float, str]] = []  # (when the 201 arrived, review id)
    stop = threading.Event()

    def keep_submitting(token: str, worker: int) -> None:
        session, n = requests.Session(), 0
        while not stop.is_set():
            n += 1
            post = {**ARREST_POST, "text": f"{ARREST_POST['text']} Ref {worker}-{n}."}
            answer = session.post(server.base_url + "/v1/reviews", json={"post": post}, timeout=60,
                                  headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 201, answer.text
            acknowledged.append((time.monotonic(), answer.json()["id"]))

    with ThreadPoolExecutor(max_workers=officers) as pool:
        running = [pool.submit(keep_submitting, token, n) for n, token in enumerate(tokens)]
        try:
            while len(acknowledged) < first:
                time.sleep(0.05)
            began = time.monotonic()
            outcome = action()
            ended = time.monotonic()
            time.sleep(1.0)  # writes go on after it too
        finally:
            stop.set()
        for future in running:
            future.result()
    before = {review for at, review in acknowledged if at < began}
    after = {review for at, review in acknowledged if at > ended + 0.5}
    return before, after, outcome
