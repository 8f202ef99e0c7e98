"""One SQLite connection per request, opened on first use and closed at teardown."""
from __future__ import annotations

import sqlite3

from flask import current_app, g

from .db import connect, prepare


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(_exc=None) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def init_app(app) -> None:
    app.config["DATABASE"] = str(prepare(app.config["DATABASE"]))
    app.teardown_appcontext(close_db)
