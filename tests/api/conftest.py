"""Fixtures for the API tests: an app on a fresh database, a client and tokens for each role.

Every test that builds an app runs on both backends: a fresh SQLite file, and a fresh database
in a throwaway PostgreSQL cluster (``tests/support/postgres.py``) started once per session.
A test about the SQLite file itself is marked ``sqlite_only``.
"""
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
from tests.support import postgres  # noqa: E402

BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        if metafunc.definition.get_closest_marker("sqlite_only"):
            metafunc.parametrize("backend", ["sqlite"])
        elif metafunc.definition.get_closest_marker("postgresql_only"):
            metafunc.parametrize("backend", ["postgresql"])
        else:
            metafunc.parametrize("backend", BACKENDS)


@pytest.fixture(scope="session")
def postgres_cluster():
    """One PostgreSQL server for the session, with a database migrated once to copy from."""
    bin_dir = postgres.binaries()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed here (Debian's postgresql package; .ci/run installs it)")
    cluster = postgres.Cluster(bin_dir).start()
    try:
        template = cluster.template()
        yield cluster, template
    finally:
        cluster.stop()


@pytest.fixture
def database(backend, tmp_path, request):
    """The address of this test's database: a file path, or a PostgreSQL URL. The PostgreSQL one
    already has the schema (copied from a migrated template) unless the test is marked
    ``empty_database``."""
    if backend == "sqlite":
        yield str(tmp_path / "api.db")
        return
    cluster, template = request.getfixturevalue("postgres_cluster")
    url = cluster.fresh_database(template if request.node.get_closest_marker("empty_database") is None
                                 else "template0")
    yield url
    cluster.drop(url)


@pytest.fixture(scope="session")
def engine():
    return load_engine()


@pytest.fixture
def make_app(database, engine):
    """Build an app with extra settings; every app in a test shares one database."""
    def build(**settings):
        return create_app({"DATABASE": database, "ENGINE": engine, **settings})
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
