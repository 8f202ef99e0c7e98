"""Every way a request can be wrong gets its documented 4xx and a JSON error, never a 500."""
from __future__ import annotations

import json
import logging

import pytest

from api_samples import ARREST_POST, CLEAN_POST

MiB = 1024 * 1024


def assert_json_error(response, status, code=None):
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    error = response.json["error"]
    assert isinstance(error["message"], str) and error["message"]
    if code:
        assert error["code"] == code
    return error


@pytest.fixture
def send(client, people):
    def post(path, data, content_type="application/json"):
        headers = {"Authorization": f"Bearer {people['olivia']}"}
        if content_type is not None:
            headers["Content-Type"] = content_type
        return client.post(path, data=data, headers=headers)
    return post


BODY_CASES = [
    # (description, raw body, content type, status, code)
    ("no content type", b'{"text": "hi"}', None, 415, "unsupported_media_type"),
    ("plain text", b"hello", "text/plain", 415, "unsupported_media_type"),
    ("form post", b"text=hi", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ("latin-1 JSON", b'{"text": "hi"}', "application/json; charset=latin-1", 415, "unsupported_media_type"),
    ("empty body", b"", "application/json", 400, "bad_request"),
    ("whitespace body", b"  \n ", "application/json", 400, "bad_request"),
    ("broken JSON", b'{"text": ', "application/json", 400, "bad_request"),
    ("trailing garbage", b'{"text": "hi"} x', "application/json", 400, "bad_request"),
    ("invalid UTF-8", b'{"text": "\xff\xfe"}', "application/json", 400, "bad_request"),
    ("overlong UTF-8", b'{"text": "\xc0\xaf"}', "application/json", 400, "bad_request"),
    ("NaN", b'{"text": "hi", "account_contributors": NaN}', "application/json", 400, "bad_request"),
    ("5,000-digit number", b'{"text": "hi", "account_contributors": ' + b"9" * 5000 + b"}", "application/json",
     400, "bad_request"),
    ("arrays 10,000 deep", b"[" * 10_000 + b"]" * 10_000, "application/json", 400, "bad_request"),
    ("objects 10,000 deep", b'{"a":' * 10_000 + b"1" + b"}" * 10_000, "application/json", 400, "bad_request"),
    ("10 MB body", b'{"text": "' + b"a" * (10 * MiB) + b'"}', "application/json", 413, "body_too_large"),
    ("just over 256 KiB", b'{"text": "' + b"a" * (256 * 1024) + b'"}', "application/json", 413, "body_too_large"),
]


@pytest.mark.parametrize("path", ["/v1/lint", "/v1/lint/batch", "/v1/reviews"])
@pytest.mark.parametrize("description, body, content_type, status, code", BODY_CASES,
                         ids=[case[0] for case in BODY_CASES])
def test_unreadable_bodies(send, path, description, body, content_type, status, code):
    assert_json_error(send(path, body, content_type), status, code)


@pytest.mark.parametrize("description, body, content_type, status, code", BODY_CASES,
                         ids=[case[0] for case in BODY_CASES])
def test_unreadable_decision_bodies(client, people, submit, description, body, content_type, status, code):
    review = submit("olivia")
    headers = {"Authorization": f"Bearer {people['rita']}"}
    if content_type:
        headers["Content-Type"] = content_type
    assert_json_error(client.post(f"{review['link']}/decision", data=body, headers=headers), status, code)


def test_json_with_a_byte_order_mark_and_a_json_suffix_type_is_read(send):
    response = send("/v1/lint", "\ufeff".encode() + json.dumps(CLEAN_POST).encode(), "application/problem+json")
    assert response.status_code == 200


POST_CASES = [
    ("text too long", {"text": "a" * 65_537}, "text"),
    ("text missing", {"account_tier": "local"}, "text"),
    ("text not a string", {"text": ["a"]}, "text"),
    ("text an object", {"text": {"a": 1}}, "text"),
    ("post a string", "Officers have arrested someone", "post"),
    ("post a list", [ARREST_POST], "post"),
    ("post null", None, "post"),
    ("unknown field", {**CLEAN_POST, "author": "me"}, "author"),
    ("unknown profile", {**CLEAN_POST, "profile": "atlantis"}, "profile"),
    ("profile not a string", {**CLEAN_POST, "profile": 7}, "profile"),
    ("bad tier", {**CLEAN_POST, "account_tier": "chief"}, "account_tier"),
    ("bad date", {**CLEAN_POST, "scheduled_for": "31/02/2025"}, "scheduled_for"),
    ("impossible date", {**CLEAN_POST, "scheduled_for": "2025-02-30T10:00:00"}, "scheduled_for"),
    ("date a number", {**CLEAN_POST, "scheduled_for": 1700000000}, "scheduled_for"),
    ("contributors a bool", {**CLEAN_POST, "account_contributors": True}, "account_contributors"),
    ("contributors negative", {**CLEAN_POST, "account_contributors": -3}, "account_contributors"),
    ("attachments a string", {**CLEAN_POST, "attachments": "photo.jpg"}, "attachments"),
    ("attachment a string", {**CLEAN_POST, "attachments": ["photo.jpg"]}, "attachments[0]"),
    ("attachment unknown kind", {**CLEAN_POST, "attachments": [{"kind": "gif"}]}, "attachments[0].kind"),
    ("attachment unknown field", {**CLEAN_POST, "attachments": [{"kind": "image", "exif": {}}]},
     "attachments[0].exif"),
    ("too many attachments", {**CLEAN_POST, "attachments": [{"kind": "image"}] * 21}, "attachments"),
]


@pytest.mark.parametrize("description, post, field", POST_CASES, ids=[c[0] for c in POST_CASES])
def test_wrong_fields_are_422_naming_the_field(send, description, post, field):
    for response in (send("/v1/lint", json.dumps(post)), send("/v1/reviews", json.dumps({"post": post}))):
        error = assert_json_error(response, 422, "invalid_field")
        assert error["field"] == field


def test_a_65_kb_text_is_refused_but_64_kb_is_linted(as_person):
    assert as_person("olivia").post("/v1/lint", json={"text": "word " * 13_107}).status_code == 200
    assert_json_error(as_person("olivia").post("/v1/lint", json={"text": "a" * 65 * 1024}), 422)


def test_a_huge_unknown_field_name_is_not_echoed_whole(as_person):
    error = assert_json_error(as_person("olivia").post("/v1/lint", json={"x" * 100_000: 1, "text": "hi"}), 422)
    assert len(error["message"]) < 200


@pytest.mark.parametrize("text", ["\ud800 lone surrogate", "nul \x00 byte", "\u202eright-to-left",
                                  "zero\u200bwidth", "e\u0301\u0301", "👮‍♀️ emoji"])
def test_odd_unicode_is_linted_and_stored(as_person, text):
    assert as_person("olivia").post("/v1/lint", json={"text": text}).status_code == 200
    created = as_person("olivia").post("/v1/reviews", json={"post": {"text": text}})
    assert created.status_code == 201
    assert as_person("rita").get(created.json["link"]).json["post"]["text"] == text


def test_unknown_paths_and_methods_are_json(client, people):
    assert_json_error(client.get("/nowhere"), 404, "not_found")
    assert_json_error(client.get("/v1/reviews/a/b/c"), 404, "not_found")
    response = client.delete("/v1/lint", headers={"Authorization": f"Bearer {people['olivia']}"})
    assert_json_error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]


def test_an_unexpected_failure_is_a_bare_500_that_logs_no_draft_text(app, as_person, engine, monkeypatch, caplog):
    def explode(post, **_):
        raise RuntimeError(f"engine broke on {post.text}")
    monkeypatch.setattr(engine, "lint", explode)
    with caplog.at_level(logging.DEBUG):
        response = as_person("olivia").post("/v1/lint", json={"text": "SENTINEL-7f3a Callum Pexton"})
    error = assert_json_error(response, 500, "internal_error")
    assert "SENTINEL" not in error["message"] and "Traceback" not in response.get_data(as_text=True)
    assert "RuntimeError" in caplog.text
    assert "SENTINEL" not in caplog.text


@pytest.mark.parametrize("method, path", [("get", "/v1/rules?profil=cleveland"), ("get", "/v1/profiles?x=1"),
                                          ("get", "/v1/reviews?state=pending"), ("post", "/v1/lint?debug=1")])
def test_unknown_query_parameters_are_422(client, people, method, path):
    response = getattr(client, method)(path, json=CLEAN_POST, headers={"Authorization": f"Bearer {people['adam']}"})
    error = assert_json_error(response, 422, "invalid_field")
    assert error["field"] == path.split("?")[1].split("=")[0]


def test_a_whole_number_sent_as_a_float_is_accepted(as_person):
    assert as_person("olivia").post("/v1/lint", json={**CLEAN_POST, "account_contributors": 3.0}).status_code == 200
    assert_json_error(as_person("olivia").post("/v1/lint", json={**CLEAN_POST, "account_contributors": 3.5}), 422)
