"""Property-based API testing from the OpenAPI document (issue 7): no input gives a 5xx, and every
answer matches the document. Bounded so it fits CI; POSTLINT_FUZZ=long raises the budget."""
from __future__ import annotations

import itertools
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

EXAMPLES = 400 if os.environ.get("POSTLINT_FUZZ") == "long" else 15


def test_no_server_errors_and_answers_match_the_document(app, make_token):
    token = make_token("reviewer", "fuzzer")
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the document lists no operations"
    failures = []
    rotators = itertools.count()
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            headers = dict(case.headers or {})
            # A rotation revokes the token it is sent with: give it one of its own, so every later
            # operation is still tried with a token that works.
            own = make_token("officer", f"rotator {next(rotators)}") if operation.path.endswith("/rotation") else token
            headers.setdefault("Authorization", f"Bearer {own}")
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append((operation.label, response.status_code))
            case.validate_response(response)  # status code, content type and body against the document
        run()
    assert not failures, failures
