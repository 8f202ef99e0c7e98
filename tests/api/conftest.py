"""Fixtures for the API tests: an app on a fresh SQLite file, a client and tokens for each role."""
from __future__ import annotations

import sys
from pathlib import Path

import jsonschema_rs
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # for ``tests.support`` until pytest's pythonpath includes the root
    sys.path.insert(0, str(ROOT))

from api import create_app, db, tokens  # noqa: E402
from api_samples import ARREST_POST  # noqa: E402
from linter import load_engine  # noqa: E402


@pytest.fixture(scope="session")
def engine():
    return load_engine()


@pytest.fixture
def make_app(tmp_path, engine):
    """Build an app with extra settings; every app in a test shares one database file."""
    def build(**settings):
        return create_app({"DATABASE": str(tmp_path / "api.db"), "ENGINE": engine, **settings})
    return build


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def conn(app):
    connection = db.connect(app.config["DATABASE"])
    yield connection
    connection.close()


@pytest.fixture
def make_token(app):
    def make(role: str, name: str) -> str:
        with db.opened(app.config["DATABASE"]) as connection:
            return tokens.create(connection, role, name)
    return make


@pytest.fixture
def people(make_token):
    """One token per person: two officers, two reviewers, a scheduler and an admin."""
    return {name: make_token(role, name) for name, role in [
        ("olivia", "officer"), ("oscar", "officer"), ("rita", "reviewer"), ("ravi", "reviewer"),
        ("sched", "scheduler"), ("adam", "admin")]}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def as_person(client, people):
    """``as_person("rita").get(...)``: requests with that person's token."""
    class Caller:
        def __init__(self, name):
            self.headers = bearer(people[name])

        def get(self, path, **kw):
            return client.get(path, headers={**self.headers, **kw.pop("headers", {})}, **kw)

        def post(self, path, **kw):
            return client.post(path, headers={**self.headers, **kw.pop("headers", {})}, **kw)

        def delete(self, path, **kw):
            return client.delete(path, headers={**self.headers, **kw.pop("headers", {})}, **kw)
    return Caller


@pytest.fixture
def submit(as_person):
    """Submit a draft as someone; returns the 201 body."""
    def do(name="olivia", post=None, note=None):
        response = as_person(name).post("/v1/reviews", json={"post": post or ARREST_POST, "note": note})
        assert response.status_code == 201, response.json
        return response.json
    return do


@pytest.fixture
def schema_check(client):
    """Assert a body matches a schema in the served OpenAPI document."""
    document = client.get("/openapi.json").json

    def check(name: str, body) -> None:
        schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        validator = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
        errors = [f"{list(e.instance_path)}: {e.message}" for e in validator.iter_errors(body)]
        assert not errors, f"{name} does not match the document: {errors[:5]}"
    return check


@pytest.fixture
def registry(app, people):
    """Two registered accounts and the people who post from them.

    ``x:@NYorksPolice`` is the corporate account (six contributors); ``x:@ScarbPolice`` a
    local one (two). Lara posts only from the local account, Cora from both, and the
    scheduler ``hoot`` from both.
    """
    from api import accounts
    with db.opened(app.config["DATABASE"]) as connection:
        accounts.add(connection, "x:@NYorksPolice", display_name="North Yorkshire Police", tier="corporate",
                     contributors=6)
        accounts.add(connection, "x:@ScarbPolice", display_name="Scarborough Police", tier="local",
                     contributors=2)
        made = {}
        for name, role, posting in (("lara", "officer", ["x:@ScarbPolice"]),
                                    ("cora", "officer", ["x:@NYorksPolice", "x:@ScarbPolice"]),
                                    ("hoot", "scheduler", ["x:@NYorksPolice", "x:@ScarbPolice"])):
            principal = tokens.create_principal(connection, role, name)
            for account in posting:
                accounts.grant(connection, principal, account)
            made[name] = tokens.issue(connection, principal)
    people.update(made)  # so ``as_person("lara")`` works
    return made
