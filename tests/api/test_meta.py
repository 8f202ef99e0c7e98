"""Health, the OpenAPI document, security headers, CORS and the dashboard page."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from api import config

API_DIR = Path(__file__).resolve().parents[2] / "api"


def test_healthz(client, engine, schema_check):
    response = client.get("/healthz")
    assert response.status_code == 200
    schema_check("Health", response.json)
    assert response.json == {"status": "ok", "rules_version": engine.rules_version}


def _flask_operations(app) -> set[tuple[str, str]]:
    operations = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        operations |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return operations


def _documented_operations(document) -> set[tuple[str, str]]:
    return {(path, method) for path, item in document["paths"].items() for method in item}


def test_openapi_documents_every_route_and_nothing_else(app, client):
    document = client.get("/openapi.json").json
    assert document["openapi"].startswith("3.1")
    assert _flask_operations(app) == _documented_operations(document)


def test_openapi_refs_resolve_and_v1_operations_declare_auth_errors(client):
    document = client.get("/openapi.json").json
    text = str(document)
    for name in re.findall(r"#/components/schemas/([A-Za-z]+)", text):
        assert name in document["components"]["schemas"]
    for path, item in document["paths"].items():
        for operation in item.values():
            if path.startswith("/v1/"):
                assert {"401", "429"} <= set(operation["responses"]), path
                assert "security" not in operation
            else:
                assert operation["security"] == []


def test_openapi_lists_the_engines_profiles(client, engine):
    post = client.get("/openapi.json").json["components"]["schemas"]["Post"]
    assert set(post["properties"]["profile"]["anyOf"][0]["enum"]) == set(engine.profiles)


@pytest.mark.parametrize("path", ["/review", "/healthz", "/openapi.json", "/v1/rules", "/nowhere",
                                  "/static/dashboard.js"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_api_answers_are_not_cached(client, people):
    response = client.get("/v1/profiles", headers={"Authorization": f"Bearer {people['olivia']}"})
    assert response.headers["Cache-Control"] == "no-store"


class _PageScan(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.inline_scripts, self.handlers, self.ids = [], 0, [], set()
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        self.handlers += [name for name in attrs if name.startswith("on")]
        if tag == "script":
            self._in_script = True
            if attrs.get("src"):
                self.scripts.append(attrs["src"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts += 1


def test_dashboard_page_has_one_external_script_and_no_inline_code(client):
    response = client.get("/review")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    scan = _PageScan()
    scan.feed(response.get_data(as_text=True))
    assert scan.scripts == ["/static/dashboard.js"]
    assert scan.inline_scripts == 0 and scan.handlers == []
    assert client.get(scan.scripts[0]).status_code == 200
    assert client.get("/static/dashboard.css").status_code == 200


def _dashboard_scripts() -> str:
    scripts = sorted((API_DIR / "static").glob("dashboard*.js"))
    assert len(scripts) > 1
    return "\n".join(path.read_text() for path in scripts)


def test_dashboard_script_draws_with_text_only_and_finds_its_elements(client):
    script = _dashboard_scripts()
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", script)
    scan = _PageScan()
    scan.feed(client.get("/review").get_data(as_text=True))
    assert set(re.findall(r'\$\("([a-z-]+)"\)', script)) <= scan.ids


def test_dashboard_scripts_never_keep_the_token_or_the_session(client):
    # The session cookie is HttpOnly and the token is sent once, in the sign-in body.
    script = _dashboard_scripts()
    assert not re.search(r"sessionStorage|localStorage|indexedDB|document\.cookie", script)


# -- CORS --------------------------------------------------------------------

EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"


def _preflight(client, origin):
    return client.options("/v1/lint", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})


def test_no_cors_unless_configured(client):
    response = _preflight(client, EXTENSION)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_configured_origins_get_cors_without_credentials(make_app, people):
    client = make_app(CORS_ORIGINS=(EXTENSION, "https://scheduler.example.police.uk")).test_client()
    response = _preflight(client, EXTENSION)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == EXTENSION
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in response.headers
    actual = client.post("/v1/lint", json={"text": "hi"}, headers={
        "Origin": "https://scheduler.example.police.uk", "Authorization": f"Bearer {people['sched']}"})
    assert actual.headers["Access-Control-Allow-Origin"] == "https://scheduler.example.police.uk"
    assert "Retry-After" in actual.headers["Access-Control-Expose-Headers"]
    refused = _preflight(client, "https://evil.example")
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_any_extension_origin_by_wildcard(make_app, monkeypatch):
    monkeypatch.setenv("POSTLINT_CORS_ORIGINS", "chrome-extension://*, https://dash.example.uk")
    client = make_app().test_client()
    assert _preflight(client, EXTENSION).headers["Access-Control-Allow-Origin"] == EXTENSION
    for origin in ("chrome-extension://", "https://evil.example", "chrome-extension://abc/../x",
                   "moz-extension://abc", "https://dash.example.uk.evil.example"):
        assert "Access-Control-Allow-Origin" not in _preflight(client, origin).headers, origin


@pytest.mark.parametrize("origins", ["*", "example.org", "https://a.example, *"])
def test_open_or_malformed_cors_is_refused_at_start_up(origins):
    with pytest.raises(config.ConfigError):
        config.load({}, environ={"POSTLINT_CORS_ORIGINS": origins})


@pytest.mark.parametrize("variable, value", [
    ("POSTLINT_RATE_LIMIT", "lots"), ("POSTLINT_RATE_LIMIT", "0/minute"), ("POSTLINT_RETENTION_DAYS", "-1"),
    ("POSTLINT_RETENTION_DAYS", "nan"), ("POSTLINT_RETENTION_DAYS", "forever"), ("POSTLINT_MAX_BODY_BYTES", "0"),
])
def test_bad_settings_name_their_variable(variable, value):
    with pytest.raises(config.ConfigError, match=variable):
        config.load({}, environ={variable: value})


def test_settings_from_the_environment():
    settings = config.load({}, environ={"POSTLINT_RATE_LIMIT": "10/second", "POSTLINT_RETENTION_DAYS": "7",
                                        "POSTLINT_PENDING_EXPIRY_DAYS": "off", "POSTLINT_DB": "/tmp/x.db"})
    assert config.parse_rate_limit(settings["RATE_LIMIT"]) == (10, 1.0)
    assert settings["RETENTION_DAYS"] == 7 and settings["PENDING_EXPIRY_DAYS"] is None
    assert settings["DATABASE"] == "/tmp/x.db"


def test_openapi_describes_and_gives_an_example_for_every_request_and_response(client, schema_check):
    document = client.get("/openapi.json").json
    for path, item in document["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            assert operation.get("description"), where
            body = operation.get("requestBody")
            if body:
                assert body.get("description"), where
                media = body["content"]["application/json"]
                schema_check(media["schema"]["$ref"].rsplit("/", 1)[1], media["example"])
            for status, response in operation["responses"].items():
                assert response.get("description"), f"{where} {status}"
                for media in response.get("content", {}).values():
                    assert "example" in media, f"{where} {status}"
                    ref = media["schema"].get("$ref")
                    if ref:
                        schema_check(ref.rsplit("/", 1)[1], media["example"])
            for parameter in operation.get("parameters", []):
                assert parameter.get("description") and "example" in parameter, f"{where} {parameter['name']}"
