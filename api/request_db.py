"""One database connection per thread, kept for the life of the thread and reused by its requests.

Opening a connection (and setting its pragmas) cost about a third of a millisecond per
request, more than the token check and the approval lookup together. A connection is never
shared: each thread of each process opens its own on first use (``sqlite3`` also refuses
use from another thread), and one made before a fork is never used by the child, which
opens its own (SQLite forbids carrying a connection across ``fork``).

Reusing a connection changes nothing about what a request sees. It runs in autocommit
mode, so every statement outside ``db.transaction`` reads the latest commit: a token
revoked or a review decided by another thread, worker or ``postlint`` command counts
on the very next request. Writes keep WAL and ``synchronous=FULL``, which are set on
every connection by ``db.connect``. At the end of a request a connection left inside a
transaction (only a bug could do that) is rolled back, or closed and replaced if even
that fails, so one request's state never leaks into the next.
"""
from __future__ import annotations

import os
import threading

from flask import current_app

from . import db
from .db import Error, connect, prepare


class ThreadConnections:
    """This app's per-thread connections to one database file."""

    def __init__(self, address: str, *, durable: bool = True):
        self.address = address
        self.durable = durable
        self._local = threading.local()

    def get(self):
        local = self._local
        conn = getattr(local, "conn", None)
        if conn is not None and local.pid == os.getpid() and conn.usable:
            return conn
        # None yet, or one inherited through fork from the parent: that one is left alone
        # (not used, not closed), as SQLite requires, and this process opens its own.
        local.conn, local.pid = connect(self.address, durable=self.durable), os.getpid()
        return local.conn

    def current(self):
        """This thread's connection if it has one in this process, without opening one."""
        local = self._local
        conn = getattr(local, "conn", None)
        return conn if conn is not None and local.pid == os.getpid() else None

    def discard(self) -> None:
        """Close and forget this thread's connection; the next ``get`` opens a fresh one."""
        conn = self.current()
        self._local.conn = None
        if conn is not None:
            try:
                conn.close()
            except Error:
                pass

    def after_request(self) -> None:
        conn = self.current()
        if conn is None:
            return
        try:
            if not conn.usable:  # a server connection the database closed (a restart, say)
                self.discard()
            elif conn.in_transaction:
                conn.execute("ROLLBACK")
        except Error:
            self.discard()


def connections() -> ThreadConnections:
    return current_app.extensions["postlint.db"]


def get_db():
    return connections().get()


def get_counter_db():
    """This thread's connection for rate-limit counters (``durable=False``)."""
    return current_app.extensions["postlint.db.counters"].get()


def end_request(_exc=None) -> None:
    connections().after_request()
    current_app.extensions["postlint.db.counters"].after_request()


def init_app(app) -> None:
    # One address for everything that opens the database: the server's URL, else the file.
    app.config["DATABASE"] = str(prepare(db.address_of(app.config)))
    app.extensions["postlint.db"] = ThreadConnections(app.config["DATABASE"])
    app.extensions["postlint.db.counters"] = ThreadConnections(app.config["DATABASE"], durable=False)
    app.teardown_appcontext(end_request)
