"""The OpenAPI 3.1 document served at ``/openapi.json``.

Built from data here rather than written out by hand twice: errors are shared,
and the profile list comes from the loaded engine, so the document cannot
drift from what the service accepts. A test checks it against the routes.
"""
from __future__ import annotations

from flask import current_app

from linter.model import ATTACHMENT_KINDS, MAX_ATTACHMENT_FIELD_CHARS, MAX_ATTACHMENTS, MAX_TEXT_CHARS, TIERS

from . import openapi_examples as examples


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _obj(properties: dict, required=(), extra=False) -> dict:
    schema = {"type": "object", "properties": properties, "additionalProperties": extra}
    if required:
        schema["required"] = list(required)
    return schema


STRING = {"type": "string"}
TIME = {"type": "string", "format": "date-time"}
ERROR_TEXT = {
    400: "Malformed body: not UTF-8, not JSON, empty or nested too deeply.",
    401: "No token, a bad or revoked token, a token sent in the URL, or a dashboard sign-in that has ended.",
    403: "The token's role may not do this, a reviewer tried to decide their own submission, the "
         "token may not post from the account named, or a dashboard change lacked its `X-CSRF-Token`.",
    404: "No such review, account or working token.",
    409: "The review is already decided (or not an approval, to withdraw), the account is already "
         "registered, the Idempotency-Key was used for a different post, or `replaces` names a review "
         "that cannot be resubmitted.",
    413: "The body is larger than the limit (256 KiB by default).",
    415: "The body is not declared as UTF-8 application/json.",
    422: "A field or query parameter has the wrong type or value, or is unknown; `field` names it (a CSV "
         "import lists every bad row in `problems`).",
    429: "Over a rate limit (per principal, or per address without a valid token), or, when submitting, "
         "too many of this submitter's or this account's reviews are pending (`too_many_pending`, with "
         "`scope` `principal` or `account`); wait `Retry-After` seconds.",
    503: ("The database stayed busy past the busy timeout (`busy`), or its server could not be reached "
          "(`unavailable`); nothing was saved. Retry after `Retry-After` seconds."),
}


ERROR_EXAMPLES = {
    400: ("bad_request", "the body is not valid JSON: Expecting value at line 1 column 1"),
    401: ("unauthorized", "the token is not valid or has been revoked"),
    403: ("account_forbidden", "this token may not post from x:@NYorksPolice; it may post from: x:@ScarbPolice"),
    404: ("not_found", "no such review"),
    409: ("already_decided", "this review is already approved"),
    413: ("body_too_large", "request body is larger than 262144 bytes"),
    415: ("unsupported_media_type", "send the body as Content-Type: application/json"),
    422: ("invalid_field", "account_tier: x:@NYorksPolice is registered with 'corporate'; leave account_tier "
                           "out and the registry supplies it"),
    429: ("rate_limited", "too many requests for this token; retry in 3 s"),
    503: ("busy", "the database is busy; nothing was saved, please retry"),
}


def _json(schema: dict, description: str, headers: dict | None = None, example=None) -> dict:
    media = {"schema": schema}
    if example is not None:
        media["example"] = example
    response = {"description": description, "content": {"application/json": media}}
    if headers:
        response["headers"] = headers
    return response


def _errors(*statuses: int) -> dict:
    responses = {}
    for status in statuses:
        headers = {"Retry-After": {"schema": {"type": "integer", "minimum": 1},
                                   "description": "Seconds to wait.", "required": True}} \
            if status in (429, 503) else None
        code, message = ERROR_EXAMPLES[status]
        error = {"code": code, "message": message, **({"field": "account_tier"} if status == 422 else {})}
        responses[str(status)] = _json(_ref("Error"), ERROR_TEXT[status], headers, {"error": error})
    return responses


AUTHED = (401, 422, 429, 503)  # 422: an unknown query parameter
WITH_BODY = (400, 401, 413, 415, 422, 429, 503)


def _operation(summary: str, ok: dict, errors: tuple, *, body: str | None = None,
               params: list | None = None, public: bool = False, description: str = "",
               headers: list | None = None) -> dict:
    operation = {"summary": summary, "description": description or summary, "responses": {**ok, **_errors(*errors)}}
    if body:
        operation["requestBody"] = {"required": True, "description": REQUEST_TEXT[body],
                                    "content": {"application/json": {"schema": _ref(body),
                                                                     "example": examples.REQUESTS[body]}}}
    if headers:
        params = [*(params or []), *headers]
    if params:
        operation["parameters"] = params
    if public:
        operation["security"] = []
    return operation


TOKEN_ID = {"name": "token_id", "in": "path", "required": True, "schema": STRING,
            "description": "A token's id, `tk_…` (never the token)", "example": "tk_0123456789abcdef"}
REVIEW_ID = {"name": "review_id", "in": "path", "required": True, "schema": STRING,
             "description": "The review's id, `rv_…`", "example": "rv_3Jx0aQm2bq6tX1yU8cZk9w"}
ACCOUNT_NAME = {"name": "name", "in": "path", "required": True, "schema": STRING,
                "description": "The account as `network:handle`", "example": "x:@NYorksPolice"}
PRINCIPAL_ID = {"name": "principal_id", "in": "path", "required": True, "schema": STRING,
                "description": "A principal's id, `pr_…`", "example": "pr_5f0c2a9e1b7d4c36"}
IDEMPOTENCY = {"name": "Idempotency-Key", "in": "header", "required": False,
               "schema": {"type": "string", "pattern": "^[!-~]{1,200}$"}, "example": "hootsuite-post-81723",
               "description": "Retrying with the same key returns the review the first request made (200), "
                              "instead of storing a second one; the same key for a different post is 409."}
REQUEST_TEXT = {
    "Post": "A post; only `text` is required. Name `account` and the registry supplies tier, contributors "
            "and profile.",
    "Batch": "Up to 500 posts, each optionally with the scheduler's own `id`.",
    "ReviewRequest": "The draft to review, an optional note for the reviewer and an optional `callback_url`.",
    "ReviewBatch": "Several review requests, each with an optional client `id` and `idempotency_key`.",
    "DecisionRequest": "Approve, reject or request changes; a note is needed to reject, to request changes "
                       "or to approve a block.",
    "SignIn": "A reviewer or admin token; it is used once, to make the session, and never kept by the page.",
    "WithdrawalRequest": "Why the approval is withdrawn.",
    "AccountRequest": "The account to register.",
    "GrantRequest": "The principal who may post from the account.",
    "TokenRequest": "Another token for `principal_id`, or a new principal (`name`, `role`, the `accounts` it "
                    "may post from); `expires_at` a date (through that day, UTC) or a time with its zone.",
    "TokenImport": "A CSV file's text: a header row (`name`, `role`, optional `accounts` separated by spaces "
                   "or `;`, optional `expires`), then one officer per row.",
    "ExpiryRequest": "When the token stops working: a future date or time, or null for now.",
    "PrepublishRequest": "The post about to go out, where to send the answer, and the scheduler's own `id`.",
    "HootsuiteEvents": "A batch of Hootsuite webhook events, `{\"seq_no\", \"type\", \"data\"}` each (a single "
                       "event object is taken too).",
}
NO_CONTENT = {"204": {"description": "Done; no body"}}


def _ok(status: str, schema: str, description: str, headers: dict | None = None) -> dict:
    return {status: _json(_ref(schema), description, headers, examples.RESPONSES[schema])}


LOCATION = {"Location": {"schema": STRING, "description": "The new resource's URL path"}}
REVIEW_LIST_PARAMS = [
    {"name": "status", "in": "query", "required": False, "description": "Only reviews with this status",
     "schema": {"enum": ["pending", "changes_requested", "approved", "rejected", "withdrawn", "expired"]},
     "example": "pending"},
    {"name": "limit", "in": "query", "required": False, "description": "Reviews per page (50)",
     "schema": {"type": "integer", "minimum": 1, "maximum": 200}, "example": 50},
    {"name": "cursor", "in": "query", "required": False, "example": 42,
     "schema": {"type": "integer", "minimum": 1, "maximum": 2**62},
     "description": "From the previous page's `next` link"},
    {"name": "mine", "in": "query", "required": False, "schema": {"enum": ["1", "0", "true", "false"]},
     "example": "1", "description": "`1`: only this token's principal's own submissions (any role)"},
    {"name": "order", "in": "query", "required": False, "schema": {"enum": ["newest", "due"]}, "example": "due",
     "description": "`due`: soonest scheduled time first, an unscheduled draft by when it was submitted; "
                    "`newest` (the default): newest submission first"}]
FILTER_PARAMS = [
    {"name": "category", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 200},
     "example": "arrest-name", "description": "Only reviews with a finding in this category"},
    {"name": "verdict", "in": "query", "required": False, "schema": {"enum": ["block", "review", "ok"]},
     "example": "block", "description": "Only reviews with this verdict"},
    {"name": "submitted_by", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 200},
     "example": "Olivia Shaw", "description": "Only this officer's drafts (their name)"},
    {"name": "account", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 200},
     "example": "x:@NYorksPolice", "description": "Only drafts for this account"},
    {"name": "q", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 200},
     "example": "Scarborough", "description": "Only drafts whose text contains this (ASCII letters in any case)"}]
SESSION_NOTE = ("The dashboard's sign-in: the browser holds an HttpOnly, SameSite=Strict session cookie "
                "(Secure except over plain HTTP to this computer), never the token.")


def _paths(profiles: list[str]) -> dict:
    html = {"200": {"description": "The dashboard page", "content": {"text/html": {
        "schema": STRING, "example": "<!doctype html>…"}}}}
    return {
        "/healthz": {"get": _operation("Liveness and database check", _ok("200", "Health", "Healthy"),
                                       (), public=True)},
        "/metrics": {"get": _operation("Prometheus figures (text exposition format)", {"200": {
            "description": "Lint counts and times by verdict and rule, the review queue, failed deliveries; "
                           "never draft text", "content": {"text/plain": {
                               "schema": STRING, "example": "postlint_lints_total{verdict=\"ok\"} 3.0"}}}},
            (403, 404, 429), public=True,
            description="Who may read it is `POSTLINT_METRICS`: `loopback` (a scraper on the server itself, "
                        "not through the proxy; the default), `token` (a scraper sending "
                        "`POSTLINT_METRICS_TOKEN` as its bearer token) or `off` (404).")},
        "/openapi.json": {"get": _operation("This document", {"200": _json(
            {"type": "object"}, "OpenAPI 3.1", example={"openapi": "3.1.0"})}, (), public=True)},
        "/review": {"get": _operation("The comms team's review dashboard (HTML)", html, (), public=True)},
        "/review/session": {
            "post": _operation(
                "Sign the dashboard in with a reviewer token",
                {**_ok("200", "Session", "Signed in; the session cookie is set"),
                 "303": {"description": "Signed in from the page's form without script; back to /review"}},
                (400, 401, 403, 413, 415, 422, 429), body="SignIn", public=True,
                description=f"{SESSION_NOTE} The page's own form may post `token` form-encoded instead of "
                            "JSON; a sign-in from another site is refused (403)."),
            "get": _operation("Who the dashboard is signed in as", _ok("200", "Session", "The session"),
                              (401, 429), public=True,
                              description=f"{SESSION_NOTE} Gives the CSRF value every change must send in "
                                          "`X-CSRF-Token`."),
            "delete": _operation("Sign the dashboard out", NO_CONTENT, (403, 429), public=True,
                                 description="Ends the session and clears its cookie; needs `X-CSRF-Token`."),
        },
        "/v1/me": {"get": _operation(
            "Who this token is", _ok("200", "Me", "The principal and the accounts it may post from"), AUTHED,
            description="The token's principal (stable id, name, role) and the registered accounts it may "
                        "post from; the extension offers these when it cannot tell the account.")},
        "/v1/me/token": {"get": _operation(
            "This token's details", _ok("200", "TokenInfo", "The token (never its secret)"), AUTHED,
            description="When the caller's token was made, when it expires and when it was last used (to the "
                        "minute).")},
        "/v1/me/token/rotation": {"post": _operation(
            "Swap this token for a new one", _ok("201", "NewToken", "The new token, shown only now"),
            (*AUTHED, 403), description="The new token has the same principal, accounts and expiry; the one "
                                        "sent stops working at once. Needs the token itself in "
                                        "`Authorization` (403 from a dashboard sign-in).")},
        "/v1/tokens": {
            "get": _operation("Tokens (admin)", _ok("200", "Tokens", "Working tokens, or all with `all=1`"),
                              (*AUTHED, 403), params=[{
                                  "name": "all", "in": "query", "required": False, "schema": {"enum": ["0", "1"]},
                                  "example": "1", "description": "`1`: expired and revoked tokens too"}],
                              description="Every working token with its principal, accounts, expiry and last "
                                          "use; never the tokens themselves."),
            "post": _operation("Issue a token (admin)", _ok("201", "NewToken", "The new token, shown only now"),
                               (*WITH_BODY, 403, 409), body="TokenRequest",
                               description="409 if a new principal's name is already taken by an active one."),
        },
        "/v1/tokens/import": {"post": _operation(
            "Issue tokens to officers from a CSV file (admin)",
            _ok("201", "ImportResult", "Every officer's new token, shown only now"), (*WITH_BODY, 403),
            body="TokenImport",
            description="All or nothing: a file with any problem imports nothing, and the 422 "
                        "(`invalid_rows`) lists every problem as `{row, column, message}` in `problems`.")},
        "/v1/tokens/{token_id}/expiry": {"post": _operation(
            "Set when a token stops working (admin)", _ok("200", "TokenInfo", "The token"),
            (*WITH_BODY, 403, 404), body="ExpiryRequest", params=[TOKEN_ID])},
        "/v1/tokens/{token_id}": {"delete": _operation(
            "Revoke a token (admin)", NO_CONTENT, (*AUTHED, 403, 404), params=[TOKEN_ID],
            description="The token and every dashboard sign-in made with it stop working at once; its "
                        "principal and their other tokens stay.")},
        "/v1/lint": {"post": _operation(
            "Lint one post", _ok("200", "LintResult", "The lint result"), (*WITH_BODY, 403), body="Post",
            description="The server lints the post in its registered context. `review` is the latest word on "
                        "this post (approved, rejected with its note, withdrawn or pending), shown only to the "
                        "review's submitter, the account's officers and reviewers; an approved post gets "
                        "verdict `approved`.")},
        "/v1/fix": {"post": _operation(
            "Apply every safe rewrite to a post", _ok("200", "FixResult", "The rewritten post"), (*WITH_BODY, 403),
            body="Post", description="Each finding with a `fix` is rewritten as the fix says (a named suspect "
                                     "becomes 'a 41-year-old man from Selby', a private number 101); `applied` "
                                     "lists the rules those fixes answer, and `remaining` the findings the "
                                     "rewritten post still has, with its `verdict`.")},
        "/v1/lint/batch": {"post": _operation(
            "Lint up to 500 posts", _ok("200", "BatchResult", "One entry per post, in order"), WITH_BODY,
            body="Batch", description="Each result echoes the post's `id` and `account`; a bad post gets an "
                                      "error entry in its place.")},
        "/v1/rules": {"get": _operation(
            "The rule catalogue for a profile, with policy citations",
            _ok("200", "Rules", "The rules"), AUTHED,
            params=[{"name": "profile", "in": "query", "required": False, "schema": {"enum": profiles},
                     "description": "A force profile (the default profile if absent)", "example": profiles[0]}])},
        "/v1/profiles": {"get": _operation("The force profiles", _ok("200", "Profiles", "The profiles"), AUTHED)},
        "/v1/categories": {"get": _operation(
            "What each finding category is called", _ok("200", "Categories", "The categories"), AUTHED,
            description="The words people read for each category id (the dashboard's chips, filters and "
                        "summary).")},
        "/v1/accounts": {
            "get": _operation("The registered accounts this token may post from (all, for the comms team)",
                              _ok("200", "Accounts", "The accounts"), AUTHED),
            "post": _operation("Register an account (admin)", _ok("201", "Account", "Registered", LOCATION),
                               (*WITH_BODY, 403, 409), body="AccountRequest"),
        },
        "/v1/accounts/{name}": {
            "get": _operation("One account", _ok("200", "AccountDetail", "The account"),
                              (*AUTHED, 404), params=[ACCOUNT_NAME]),
            "delete": _operation("Remove an account and every grant to post from it (admin)", NO_CONTENT,
                                 (*AUTHED, 403, 404), params=[ACCOUNT_NAME]),
        },
        "/v1/accounts/{name}/officers": {"post": _operation(
            "Let a principal post from this account (admin)", _ok("200", "AccountDetail", "The account"),
            (*WITH_BODY, 403, 404), body="GrantRequest", params=[ACCOUNT_NAME])},
        "/v1/accounts/{name}/officers/{principal_id}": {"delete": _operation(
            "Stop a principal posting from this account (admin)", NO_CONTENT, (*AUTHED, 403, 404),
            params=[ACCOUNT_NAME, PRINCIPAL_ID])},
        "/v1/reviews": {
            "post": _operation(
                "Submit a draft for review", {**_ok("201", "Review", "Stored as pending", LOCATION),
                                              **_ok("200", "Review", "A retry with the same Idempotency-Key: "
                                                    "the review the first request stored", LOCATION)},
                (*WITH_BODY, 403, 409), body="ReviewRequest", headers=[IDEMPOTENCY],
                description="Any role. The server lints the draft itself in its registered context and "
                            "stores it as pending. With `callback_url` the decision is POSTed there, signed "
                            "in `X-Postlint-Signature: sha256=<HMAC-SHA256 of the body>`."),
            "get": _operation("Reviews, newest first or by when they are due",
                              _ok("200", "ReviewPage", "A page of reviews"),
                              (*AUTHED, 403), params=[*REVIEW_LIST_PARAMS, *FILTER_PARAMS],
                              description="The queue (reviewer, admin), or with `mine=1` a caller's own "
                                          "submissions (any role); narrowed by the filters and a text search."),
        },
        "/v1/reviews/facets": {"get": _operation(
            "Counts per status, and what the queue can be narrowed to",
            _ok("200", "Facets", "The counts"), (*AUTHED, 403), params=[
                {"name": "since", "in": "query", "required": False, "example": 41,
                 "schema": {"type": "integer", "minimum": 0, "maximum": 2**62},
                 "description": "A `latest` from an earlier answer: `arrived` counts pending drafts since"},
                *FILTER_PARAMS],
            description="Reviewer, admin. How many reviews each status holds under the filters, the officers "
                        "and accounts to filter by, the newest review's `latest` marker and how many pending "
                        "drafts `arrived` after `since`.")},
        "/v1/reviews/batch": {"post": _operation(
            "Submit several drafts", _ok("200", "ReviewBatchResult", "One entry per request, in order"),
            WITH_BODY, body="ReviewBatch",
            description="Each entry is a review request with an optional client `id` (echoed) and "
                        "`idempotency_key`; a bad entry gets an error in its place.")},
        "/v1/reviews/{review_id}": {"get": _operation(
            "One review: its submitter, the account's officers or a reviewer", _ok("200", "Review", "The review"),
            (*AUTHED, 403, 404), params=[REVIEW_ID])},
        "/v1/reviews/{review_id}/decision": {"post": _operation(
            "Approve, reject or request changes (reviewer, admin; not one's own submission)",
            _ok("200", "Review", "The decided review"),
            (*WITH_BODY, 403, 404, 409), body="DecisionRequest", params=[REVIEW_ID])},
        "/v1/reviews/{review_id}/withdrawal": {"post": _operation(
            "Withdraw an approval (reviewer, admin)", _ok("200", "Review", "The review, now withdrawn"),
            (*WITH_BODY, 403, 404, 409), body="WithdrawalRequest", params=[REVIEW_ID],
            description="The post needs a fresh review before it goes out; lint reports `withdrawn` with the "
                        "note.")},
        "/v1/prepublish": {"post": _operation(
            "Ask before a post goes out: the answer follows at `callback_url`",
            _ok("202", "PrepublishAccepted", "Accepted; the decision will be POSTed to `callback_url`", LOCATION),
            (*WITH_BODY, 403, 409), body="PrepublishRequest", headers=[IDEMPOTENCY],
            description="Any role, usually a scheduler. The server lints the post in its registered context and "
                        "answers at once with a review id. A post with nothing to review is approved by postlint "
                        "there and then (its draft is not kept); any other waits for the comms team. Either way "
                        "the decision is POSTed to `callback_url` as `{\"event\": \"review.decided\", "
                        "\"review\", \"idempotency_key\"}`, signed in `X-Postlint-Signature: sha256=<HMAC-SHA256 "
                        "of the body>` and retried with a doubling wait. Needs `POSTLINT_CALLBACK_SECRET` on the "
                        "server (422 `callbacks_off` otherwise).")},
        "/hooks/hootsuite": {"post": _operation(
            "Hootsuite's webhook: messages entering approval", _ok("200", "HootsuiteBatchResult",
                                                                  "Stored; the work follows"),
            (400, 404, 413, 415, 422, 429), body="HootsuiteEvents", public=True,
            description="Registered as the app's webhook URL in Hootsuite. The batch is stored and answered at "
                        "once; each message entering approval (`PENDING_APPROVAL`) is then fetched from Hootsuite's "
                        "API, linted, and approved, rejected or given to the comms team. Events are not signed, so "
                        "nothing in them is trusted. 404 where the integration is not configured.")},
        "/v1/reviews/{review_id}/audit": {"get": _operation(
            "Who submitted, viewed, decided and withdrew, and when", _ok("200", "Audit", "The audit trail"),
            (*AUTHED, 403, 404), params=[REVIEW_ID])},
    }


def _schemas(profiles: list[str]) -> dict:
    nullable_string = _nullable(STRING)
    statuses = ["pending", "changes_requested", "approved", "rejected", "withdrawn", "expired"]
    finding = _obj({
        "rule": STRING, "category": STRING, "severity": {"enum": ["block", "review", "advice"]},
        "message": STRING, "why": STRING,
        "policy": {"type": "array", "items": _obj({"profile": STRING, "section": STRING}, extra=True)},
        **{key: _nullable({"type": "integer", "minimum": 0})
           for key in ("start", "end", "start_utf16", "end_utf16", "attachment")},
        "excerpt": STRING, "suggestion": nullable_string, "fingerprint": STRING, "detected_by": STRING,
        "person": _nullable(_obj({
            "index": {"type": "integer", "minimum": 1}, "gender": _nullable({"enum": ["m", "f"]}),
            "age": _nullable({"type": "integer", "minimum": 0}), "town": nullable_string, "status": nullable_string,
            "roles": {"type": "array", "items": STRING},
            "mentions": {"type": "array", "items": {"type": "array", "items": {"type": "integer", "minimum": 0}}},
        }, extra=True)),
        "fix": _nullable({"type": "array", "description": "a safe rewrite: edits on the post text, applied together",
                          "items": _obj({**{key: {"type": "integer", "minimum": 0}
                                            for key in ("start", "end", "start_utf16", "end_utf16")},
                                         "replacement": STRING}, extra=True)}),
        "fix_summary": nullable_string,
    }, required=("rule", "category", "severity", "message"), extra=True)
    decision = _nullable(_obj({"decision": {"enum": ["approve", "reject", "request_changes"]}, "by": STRING,
                               "by_id": nullable_string,
                               "at": TIME, "note": nullable_string}, required=("decision", "by", "at", "note")))
    edit = _obj({**{key: {"type": "integer", "minimum": 0} for key in ("start", "end", "start_utf16", "end_utf16")},
                 "replacement": STRING}, required=("start", "end", "start_utf16", "end_utf16", "replacement"))
    # The rewrite a reviewer told the officer to use: postlint's, of the draft whose hash is text_sha256.
    rewrite = _nullable(_obj({"text": STRING, "text_sha256": STRING, "edits": {"type": "array", "items": edit}},
                             required=("text", "text_sha256", "edits")))
    withdrawal = _nullable(_obj({"by": STRING, "by_id": nullable_string, "at": TIME, "note": nullable_string},
                                required=("by", "at", "note")))
    context = _obj({
        "account": nullable_string, "network": nullable_string, "account_name": nullable_string,
        "tier": {"enum": list(TIERS)}, "contributors": _nullable({"type": "integer"}),
        "scheduled_for": _nullable(TIME), "election_period": nullable_string, "in_election_period": {"type": "boolean"},
    }, required=("account", "tier", "scheduled_for", "election_period", "in_election_period"))
    review_summary = {
        "id": STRING, "status": {"enum": statuses},
        "verdict": {"enum": ["block", "review", "ok"]}, "profile": STRING,
        "categories": {"type": "array", "items": STRING}, "finding_count": {"type": "integer", "minimum": 0},
        "preview": nullable_string, "submitted_by": STRING, "submitted_by_id": nullable_string,
        "submitted_at": TIME, "context": _nullable(_ref("Context")), "decision": decision, "withdrawal": withdrawal,
        "purged_at": _nullable(TIME), "link": STRING, "dashboard_link": STRING,
        "scheduled_for": nullable_string, "due_at": _nullable(TIME), "account": nullable_string,
        "replaces": nullable_string, "replaced_by": nullable_string,
    }
    roles = ["officer", "reviewer", "scheduler", "admin"]
    token_info = {"principal_id": STRING, "name": STRING, "role": {"enum": roles}, "token_id": STRING,
                  "created_at": TIME, "expires_at": _nullable(TIME), "last_used_at": _nullable(TIME),
                  "state": {"enum": ["active", "expired", "revoked"]}, "revoked_at": _nullable(TIME),
                  "accounts": {"type": "array", "items": STRING}}
    account = {"account": STRING, "key": STRING, "network": STRING, "handle": STRING, "display_name": STRING,
               "tier": {"enum": list(TIERS)}, "contributors": _nullable({"type": "integer"}),
               "profile": nullable_string}
    error_entry = _obj({"id": {"type": ["string", "integer"]}, "account": {},
                        "error": _obj({"code": STRING, "message": STRING, "field": STRING},
                                      required=("code", "message"), extra=True)},
                       required=("error",))
    post = {
        "text": {"type": "string", "maxLength": MAX_TEXT_CHARS},
        "account": _nullable({"type": "string", "description": "A registered account, `network:handle`"}),
        "account_tier": _nullable({"enum": list(TIERS)}),
        "account_contributors": _nullable({"type": "integer", "minimum": 1, "maximum": 999_999}),
        "attachments": _nullable({"type": "array", "maxItems": MAX_ATTACHMENTS, "items": _ref("Attachment")}),
        # The engine takes years 1970-2200; a schedule outside them is a typing slip.
        "scheduled_for": _nullable({**TIME, "pattern": "^(19[7-9][0-9]|2[01][0-9][0-9]|2200)-"}),
        "profile": _nullable({"enum": profiles}),
    }
    review_request = {"post": _ref("Post"), "note": _nullable({"type": "string", "maxLength": 2000}),
                      "callback_url": _nullable({"type": "string", "format": "uri", "maxLength": 2000}),
                      "replaces": _nullable({**STRING, "description": "The id of the submitter's own review "
                                             "that was sent back for changes"})}
    return {
        "Error": _obj({"error": _obj({"code": STRING, "message": STRING, "field": STRING},
                                     required=("code", "message"), extra=True)}, required=("error",)),
        "Attachment": _obj({
            "kind": {"enum": list(ATTACHMENT_KINDS)},
            **{key: _nullable({"type": "string", "maxLength": MAX_ATTACHMENT_FIELD_CHARS})
               for key in ("filename", "alt", "caption", "source_url")}}),
        "Post": _obj(post, required=("text",)),
        "BatchPost": _obj({**post, "id": {"type": ["string", "integer"], "description": "The scheduler's own id"}},
                          required=("text",)),
        "Context": context,
        "Finding": finding,
        "ReviewRef": _nullable(_obj({
            "id": STRING, "status": {"enum": ["pending", "approved", "rejected", "withdrawn"]},
            "decided_by": nullable_string, "decided_at": _nullable(TIME), "note": nullable_string,
            "link": STRING, "dashboard_link": STRING, "rewrite": rewrite,
        }, required=("id", "status"))),
        "LintResult": _obj({
            "id": {"type": ["string", "integer"]}, "account": nullable_string,
            "verdict": {"enum": ["block", "review", "ok", "approved"]},
            "lint_verdict": {"enum": ["block", "review", "ok"]},
            "profile": STRING, "rules_version": STRING, "text_sha256": STRING,
            "findings": {"type": "array", "items": _ref("Finding")}, "context": _ref("Context"),
            "review": _ref("ReviewRef"),
        }, required=("verdict", "lint_verdict", "profile", "rules_version", "findings", "review"), extra=True),
        "FixResult": _obj({
            "text": STRING, "applied": {"type": "array", "items": STRING},
            "verdict": {"enum": ["block", "review", "ok"]},
            "remaining": {"type": "array", "items": _ref("Finding")},
        }, required=("text", "applied", "verdict", "remaining")),
        "Batch": _obj({"posts": {"type": "array", "maxItems": 500, "items": {
            "description": "A BatchPost; one that is not valid gets an error entry in its place"}}},
            required=("posts",)),
        "BatchResult": _obj({"results": {"type": "array", "items": {
            "anyOf": [_ref("LintResult"), error_entry]}}}, required=("results",)),
        "Rules": _obj({"profile": STRING, "rules_version": STRING,
                       "rules": {"type": "array", "items": {"type": "object"}}}, required=("rules",)),
        "Profiles": _obj({"default": STRING, "rules_version": STRING,
                          "profiles": {"type": "array", "items": {"type": "object"}}}, required=("profiles",)),
        "Me": _obj({"principal_id": STRING, "name": STRING, "role": STRING,
                    "accounts": {"type": "array", "items": _ref("Account")}},
                   required=("principal_id", "name", "role", "accounts")),
        "Account": _obj(account, required=tuple(account)),
        "AccountDetail": _obj({**account, "officers": _nullable({"type": "array", "items": _obj(
            {"principal_id": STRING, "name": STRING}, required=("principal_id", "name"))})},
            required=tuple(account)),
        "Accounts": _obj({"accounts": {"type": "array", "items": _ref("Account")}}, required=("accounts",)),
        "AccountRequest": _obj({"account": STRING, "display_name": {"type": "string", "maxLength": 100},
                                "tier": {"enum": list(TIERS)},
                                "contributors": _nullable({"type": "integer", "minimum": 1, "maximum": 999_999}),
                                "profile": _nullable({"enum": profiles})},
                               required=("account", "display_name", "tier")),
        "GrantRequest": _obj({"principal_id": STRING}, required=("principal_id",)),
        "TokenInfo": _obj(token_info, required=tuple(token_info)),
        "Tokens": _obj({"tokens": {"type": "array", "items": _ref("TokenInfo")}}, required=("tokens",)),
        "NewToken": _obj({"token": STRING, **token_info}, required=("token", *token_info)),
        "ImportResult": _obj({"issued": {"type": "array", "items": _obj({
            "name": STRING, "role": {"enum": roles}, "principal_id": STRING, "token_id": STRING,
            "expires_at": _nullable(TIME), "accounts": {"type": "array", "items": STRING}, "token": STRING},
            required=("name", "role", "principal_id", "token_id", "expires_at", "accounts", "token"))}},
            required=("issued",)),
        "TokenRequest": _obj({"principal_id": STRING, "name": {"type": "string", "maxLength": 64},
                              "role": {"enum": roles}, "accounts": {"type": "array", "items": STRING},
                              "expires_at": _nullable({"type": "string", "maxLength": 40})}),
        "TokenImport": _obj({"csv": {"type": "string", "maxLength": 200_000}}, required=("csv",)),
        "ExpiryRequest": _obj({"expires_at": _nullable({"type": "string", "maxLength": 40})},
                              required=("expires_at",)),
        "ReviewRequest": _obj(review_request, required=("post",)),
        "ReviewBatch": _obj({"reviews": {"type": "array", "maxItems": 500, "items": {
            "description": "A ReviewRequest with optional `id` and `idempotency_key`"}}}, required=("reviews",)),
        "ReviewBatchResult": _obj({"results": {"type": "array", "items": {"anyOf": [
            _obj({"id": {"type": ["string", "integer"]}, "created": {"type": "boolean"}, "review": _ref("Review")},
                 required=("created", "review")), error_entry]}}}, required=("results",)),
        "DecisionRequest": _obj({"decision": {"enum": ["approve", "reject", "request_changes"]},
                                 "note": _nullable({"type": "string", "maxLength": 2000}),
                                 "use_rewrite": {"type": "boolean", "description":
                                                 "with reject or request_changes: the officer is to use "
                                                 "postlint's rewrite of the draft (then no note is needed)"}},
                                required=("decision",)),
        "WithdrawalRequest": _obj({"note": {"type": "string", "minLength": 1, "maxLength": 2000}},
                                  required=("note",)),
        "ReviewSummary": _obj(review_summary, required=tuple(review_summary)),
        "Review": _obj({**review_summary, "rules_version": STRING, "text_sha256": STRING,
                        "post": _nullable(_ref("Post")), "findings": {"type": "array", "items": _ref("Finding")},
                        "note": nullable_string,
                        "election_period": _nullable(_obj({"name": STRING, "polling_day": STRING},
                                                          required=("name", "polling_day"))),
                        "resubmission_of": _nullable(_obj({
                            "id": STRING, "decision": decision, "dashboard_link": STRING,
                            "changes": _nullable({"type": "array", "items": _obj(
                                {"op": {"enum": ["equal", "delete", "insert"]}, "text": STRING},
                                required=("op", "text"))})}, required=("id", "decision", "changes"))),
                        "rewrite": rewrite},
                       required=(*review_summary, "post", "findings", "note", "election_period",
                                 "resubmission_of", "rewrite")),
        "Facets": _obj({
            "counts": _obj({status: {"type": "integer", "minimum": 0} for status in statuses},
                           required=tuple(statuses)),
            "submitted_by": {"type": "array", "items": STRING}, "accounts": {"type": "array", "items": STRING},
            "latest": {"type": "integer", "minimum": 0}, "arrived": {"type": "integer", "minimum": 0}},
            required=("counts", "submitted_by", "accounts", "latest", "arrived")),
        "Categories": _obj({"categories": {"type": "array", "items": _obj({"id": STRING, "name": STRING},
                                                                          required=("id", "name"))}},
                           required=("categories",)),
        "SignIn": _obj({"token": STRING}, required=("token",)),
        "Session": _obj({"name": STRING, "role": {"enum": ["reviewer", "admin"]}, "csrf": STRING,
                         "csrf_header": STRING, "expires_at": TIME}, required=("name", "role", "csrf")),
        "ReviewPage": _obj({"reviews": {"type": "array", "items": _ref("ReviewSummary")},
                            "next": nullable_string}, required=("reviews", "next")),
        "Audit": _obj({"review_id": STRING, "events": {"type": "array", "items": _obj({
            "at": TIME, "actor": STRING, "actor_id": nullable_string, "role": STRING,
            "action": {"enum": ["submitted", "viewed", "approved", "rejected", "changes_requested", "resubmitted",
                                "withdrawn", "purged", "expired"]},
            "detail": {"type": "object"}}, required=("at", "actor", "role", "action"))}},
            required=("review_id", "events")),
        "Health": _obj({"status": {"const": "ok"}, "rules_version": STRING}, required=("status",)),
        "PrepublishRequest": _obj({
            "post": _ref("Post"), "callback_url": {"type": "string", "format": "uri", "maxLength": 2000,
                                                   "description": "HTTPS, or plain HTTP to this computer"},
            "note": _nullable({"type": "string", "maxLength": 2000}),
            "id": {"type": ["string", "integer"], "description": "The scheduler's own id, echoed"}},
            required=("post", "callback_url")),
        "PrepublishAccepted": _obj({
            "id": {"type": ["string", "integer"]}, "review_id": STRING, "status": {"enum": ["pending", "approved"]},
            "verdict": {"enum": ["block", "review", "ok"]}, "categories": {"type": "array", "items": STRING},
            "findings": {"type": "array", "items": _obj({"rule": STRING, "severity": STRING, "message": STRING},
                                                        required=("rule", "severity", "message"))},
            "link": STRING, "created": {"type": "boolean", "description": "false for a retry with the same key"}},
            required=("review_id", "status", "verdict", "categories", "findings", "link", "created")),
        "HootsuiteEvents": {"type": "array", "maxItems": 500, "items": _obj({
            "seq_no": {"type": ["string", "integer"]}, "type": STRING,
            "data": _obj({"state": STRING, "organization": {"type": "object"}, "message": {"type": "object"},
                          "timestamp": STRING}, extra=True)}, extra=True)},
        "HootsuiteBatchResult": _obj({key: {"type": "integer", "minimum": 0}
                                      for key in ("received", "queued", "recorded", "ignored")},
                                     required=("received", "queued", "recorded", "ignored")),
    }


def document() -> dict:
    engine = current_app.extensions["postlint"].engine
    return {
        "openapi": "3.1.0",
        "info": {"title": "postlint API", "version": engine.rules_version,
                 "description": "Lint UK police social media drafts and route them through the comms "
                                "team's review. Every error is `{\"error\": {\"code\", \"message\"}}`."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": _paths(sorted(engine.profiles)),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "Made with `postlint token create`."}},
            "schemas": _schemas(sorted(engine.profiles)),
        },
    }
