"""The OpenAPI 3.1 document served at ``/openapi.json``.

Built from data here rather than written out by hand twice: errors are shared,
and the profile list comes from the loaded engine, so the document cannot
drift from what the service accepts. A test checks it against the routes.
"""
from __future__ import annotations

from flask import current_app

from linter.model import ATTACHMENT_KINDS, MAX_ATTACHMENT_FIELD_CHARS, MAX_ATTACHMENTS, MAX_TEXT_CHARS, TIERS


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
    401: "No token, a bad or revoked token, or a token sent in the URL.",
    403: "The token's role may not do this, or a reviewer tried to decide their own submission.",
    404: "No such review.",
    409: "The review has already been decided.",
    413: "The body is larger than the limit (256 KiB by default).",
    415: "The body is not declared as UTF-8 application/json.",
    422: "A field or query parameter has the wrong type or value, or is unknown; `field` names it.",
    429: "Over a rate limit (per token, or per address without a valid token), or, when submitting, "
         "too many of this submitter's reviews are pending; wait `Retry-After` seconds.",
    503: "The database stayed busy past the busy timeout; nothing was saved. Retry after `Retry-After` seconds.",
}


def _json(schema: dict, description: str, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def _errors(*statuses: int) -> dict:
    responses = {}
    for status in statuses:
        headers = {"Retry-After": {"schema": {"type": "integer", "minimum": 1},
                                   "description": "Seconds to wait.", "required": True}} \
            if status in (429, 503) else None
        responses[str(status)] = _json(_ref("Error"), ERROR_TEXT[status], headers)
    return responses


AUTHED = (401, 422, 429, 503)  # 422: an unknown query parameter
WITH_BODY = (400, 401, 413, 415, 422, 429, 503)


def _operation(summary: str, ok: dict, errors: tuple, *, body: str | None = None,
               params: list | None = None, public: bool = False) -> dict:
    operation = {"summary": summary, "responses": {**ok, **_errors(*errors)}}
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
    if params:
        operation["parameters"] = params
    if public:
        operation["security"] = []
    return operation


REVIEW_ID = {"name": "review_id", "in": "path", "required": True, "schema": STRING}


def _paths(profiles: list[str]) -> dict:
    return {
        "/healthz": {"get": _operation("Liveness and database check", {"200": _json(_ref("Health"), "Healthy")},
                                       (), public=True)},
        "/openapi.json": {"get": _operation("This document", {"200": _json({"type": "object"}, "OpenAPI 3.1")},
                                            (), public=True)},
        "/review": {"get": _operation("The comms team's review dashboard (HTML)", {"200": {
            "description": "The dashboard page", "content": {"text/html": {"schema": STRING}}}}, (), public=True)},
        "/v1/lint": {"post": _operation(
            "Lint one post; an approved exact post gets verdict `approved`",
            {"200": _json(_ref("LintResult"), "The lint result")}, WITH_BODY, body="Post")},
        "/v1/lint/batch": {"post": _operation(
            "Lint up to 500 posts; a bad post gives an error entry in its place",
            {"200": _json(_ref("BatchResult"), "One entry per post, in order")}, WITH_BODY, body="Batch")},
        "/v1/rules": {"get": _operation(
            "The rule catalogue for a profile, with policy citations",
            {"200": _json(_ref("Rules"), "The rules")}, AUTHED,
            params=[{"name": "profile", "in": "query", "required": False, "schema": {"enum": profiles}}])},
        "/v1/profiles": {"get": _operation("The force profiles", {"200": _json(_ref("Profiles"), "The profiles")},
                                           AUTHED)},
        "/v1/reviews": {
            "post": _operation("Submit a draft for review (any role); the server lints it itself",
                               {"201": _json(_ref("Review"), "Stored as pending", {
                                   "Location": {"schema": STRING, "description": "The review's URL path"}})},
                               WITH_BODY, body="ReviewRequest"),
            "get": _operation("The review queue, newest first (reviewer, admin)",
                              {"200": _json(_ref("ReviewPage"), "A page of reviews")}, (*AUTHED, 403), params=[
                                  {"name": "status", "in": "query", "required": False,
                                   "schema": {"enum": ["pending", "approved", "rejected", "expired"]}},
                                  {"name": "limit", "in": "query", "required": False,
                                   "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
                                  {"name": "cursor", "in": "query", "required": False,
                                   "schema": {"type": "integer", "minimum": 1, "maximum": 2**62},
                                   "description": "From the previous page's `next` link"}]),
        },
        "/v1/reviews/{review_id}": {"get": _operation(
            "One review: its submitter or a reviewer", {"200": _json(_ref("Review"), "The review")},
            (*AUTHED, 403, 404), params=[REVIEW_ID])},
        "/v1/reviews/{review_id}/decision": {"post": _operation(
            "Approve or reject (reviewer, admin; not one's own submission)",
            {"200": _json(_ref("Review"), "The decided review")},
            (*WITH_BODY, 403, 404, 409), body="DecisionRequest", params=[REVIEW_ID])},
        "/v1/reviews/{review_id}/audit": {"get": _operation(
            "Who submitted, viewed and decided, and when", {"200": _json(_ref("Audit"), "The audit trail")},
            (*AUTHED, 403, 404), params=[REVIEW_ID])},
    }


def _schemas(profiles: list[str]) -> dict:
    nullable_string = _nullable(STRING)
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
    }, required=("rule", "category", "severity", "message"), extra=True)
    decision = _nullable(_obj({"decision": {"enum": ["approve", "reject"]}, "by": STRING, "at": TIME,
                               "note": nullable_string}, required=("decision", "by", "at", "note")))
    review_summary = {
        "id": STRING, "status": {"enum": ["pending", "approved", "rejected", "expired"]},
        "verdict": {"enum": ["block", "review", "ok"]}, "profile": STRING,
        "categories": {"type": "array", "items": STRING}, "finding_count": {"type": "integer", "minimum": 0},
        "preview": nullable_string, "submitted_by": STRING, "submitted_at": TIME, "decision": decision,
        "purged_at": _nullable(TIME), "link": STRING, "dashboard_link": STRING,
    }
    return {
        "Error": _obj({"error": _obj({"code": STRING, "message": STRING, "field": STRING},
                                     required=("code", "message"))}, required=("error",)),
        "Attachment": _obj({
            "kind": {"enum": list(ATTACHMENT_KINDS)},
            **{key: _nullable({"type": "string", "maxLength": MAX_ATTACHMENT_FIELD_CHARS})
               for key in ("filename", "alt", "caption", "source_url")}}),
        "Post": _obj({
            "text": {"type": "string", "maxLength": MAX_TEXT_CHARS},
            "account_tier": _nullable({"enum": list(TIERS)}),
            "account_contributors": _nullable({"type": "integer", "minimum": 1, "maximum": 999_999}),
            "attachments": _nullable({"type": "array", "maxItems": MAX_ATTACHMENTS, "items": _ref("Attachment")}),
            # The engine takes years 1970-2200; a schedule outside them is a typing slip.
            "scheduled_for": _nullable({**TIME, "pattern": "^(19[7-9][0-9]|2[01][0-9][0-9]|2200)-"}),
            "profile": _nullable({"enum": profiles}),
        }, required=("text",)),
        "Finding": finding,
        "ReviewRef": _nullable(_obj({
            "id": STRING, "status": {"enum": ["pending", "approved"]}, "decided_by": nullable_string,
            "decided_at": _nullable(TIME), "note": nullable_string, "link": STRING, "dashboard_link": STRING,
        }, required=("id", "status"))),
        "LintResult": _obj({
            "verdict": {"enum": ["block", "review", "ok", "approved"]},
            "lint_verdict": {"enum": ["block", "review", "ok"]},
            "profile": STRING, "rules_version": STRING, "text_sha256": STRING,
            "findings": {"type": "array", "items": _ref("Finding")}, "review": _ref("ReviewRef"),
        }, required=("verdict", "lint_verdict", "profile", "rules_version", "findings", "review"), extra=True),
        "Batch": _obj({"posts": {"type": "array", "maxItems": 500, "items": {
            "description": "A Post; one that is not valid gets an error entry in its place"}}}, required=("posts",)),
        "BatchResult": _obj({"results": {"type": "array", "items": {
            "anyOf": [_ref("LintResult"), _ref("Error")]}}}, required=("results",)),
        "Rules": _obj({"profile": STRING, "rules_version": STRING,
                       "rules": {"type": "array", "items": {"type": "object"}}}, required=("rules",)),
        "Profiles": _obj({"default": STRING, "rules_version": STRING,
                          "profiles": {"type": "array", "items": {"type": "object"}}}, required=("profiles",)),
        "ReviewRequest": _obj({"post": _ref("Post"), "note": _nullable({"type": "string", "maxLength": 2000})},
                              required=("post",)),
        "DecisionRequest": _obj({"decision": {"enum": ["approve", "reject"]},
                                 "note": _nullable({"type": "string", "maxLength": 2000})}, required=("decision",)),
        "ReviewSummary": _obj(review_summary, required=tuple(review_summary)),
        "Review": _obj({**review_summary, "rules_version": STRING, "text_sha256": STRING,
                        "post": _nullable(_ref("Post")), "findings": {"type": "array", "items": _ref("Finding")},
                        "note": nullable_string},
                       required=(*review_summary, "post", "findings", "note")),
        "ReviewPage": _obj({"reviews": {"type": "array", "items": _ref("ReviewSummary")},
                            "next": nullable_string}, required=("reviews", "next")),
        "Audit": _obj({"review_id": STRING, "events": {"type": "array", "items": _obj({
            "at": TIME, "actor": STRING, "role": STRING,
            "action": {"enum": ["submitted", "viewed", "approved", "rejected", "purged", "expired"]},
            "detail": {"type": "object"}}, required=("at", "actor", "role", "action"))}},
            required=("review_id", "events")),
        "Health": _obj({"status": {"const": "ok"}, "rules_version": STRING}, required=("status",)),
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
