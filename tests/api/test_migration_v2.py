"""Schema version 2 (principals, accounts, context) migrates a version 1 file in place."""
from __future__ import annotations

import hashlib
import sqlite3

from api import db, tokens
from api.storage import legacy_sqlite

V1_TOKEN = "plt_0123456789abcdef_" + "A" * 43


def _version_one_file(path):
    conn = sqlite3.connect(path)
    for statement in legacy_sqlite.MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    rows = [(1, "0123456789abcdef", hashlib.sha256(V1_TOKEN.encode()).hexdigest(), "Rita Ng", "reviewer",
             "2026-01-01T00:00:00.000Z", None),
            (2, "1111111111111111", "x", "olivia", "officer", "2026-01-01T00:00:00.000Z",
             "2026-02-01T00:00:00.000Z"),
            (3, "2222222222222222", "y", "Olivia", "officer", "2026-03-01T00:00:00.000Z", None)]
    conn.executemany("INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("INSERT INTO reviews (id, status, post_key, profile, rules_version, verdict, categories, "
                 "text_sha256, post_json, findings_json, submitted_by, submitted_role, submitted_at, "
                 "decided_by, decided_role, decided_at, decision_note) VALUES ('rv_old', 'approved', 'k', "
                 "'uk-police', '1', 'block', '[]', 'h', '{\"text\": \"t\"}', '[]', 'olivia', 'officer', "
                 "'2026-01-15T00:00:00.000Z', 'Rita Ng', 'reviewer', '2026-01-16T00:00:00.000Z', 'ok')")
    conn.execute("INSERT INTO audit (review_id, at, actor, role, action) VALUES "
                 "('rv_old', '2026-01-15T00:00:00.000Z', 'olivia', 'officer', 'submitted')")
    conn.commit()
    conn.close()


def test_a_version_one_file_gains_principals_and_keeps_its_history(tmp_path):
    path = tmp_path / "v1.db"
    _version_one_file(path)
    with db.opened(path) as conn:
        assert db.schema_version(conn) == db.SCHEMA_VERSION
        identity = tokens.authenticate(conn, V1_TOKEN)
        assert identity.name == "Rita Ng" and identity.principal_id.startswith("pr_")
        old_olivia = conn.execute("SELECT principal_id FROM tokens WHERE id = 2").fetchone()[0]
        new_olivia = conn.execute("SELECT principal_id FROM tokens WHERE id = 3").fetchone()[0]
        # The revoked olivia wrote the old review; the later "Olivia" is someone else.
        review = conn.execute("SELECT submitted_principal, decided_principal FROM reviews").fetchone()
        assert tuple(review) == (old_olivia, identity.principal_id) and old_olivia != new_olivia
        audit = conn.execute("SELECT actor, actor_id, action FROM audit").fetchall()
        assert [tuple(r) for r in audit] == [("olivia", old_olivia, "submitted")]
        # The append-only guard came back with the rebuilt table.
        try:
            conn.execute("DELETE FROM audit")
            raise AssertionError("the audit log accepted a delete")
        except sqlite3.DatabaseError as exc:
            assert "append-only" in str(exc)
        assert tokens.find_principal(conn, "OLIVIA")["id"] == new_olivia


def test_a_version_one_file_also_gains_the_storage_columns_of_version_three(tmp_path):
    path = tmp_path / "v1.db"
    _version_one_file(path)
    with db.opened(path) as conn:
        row = conn.execute("SELECT preview, finding_count, submitted_principal FROM reviews").fetchone()
        assert row["preview"] == '"t"' and row["finding_count"] == 0 and row["submitted_principal"].startswith("pr_")
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"reviews_pending_by_principal", "reviews_pending_by_account"} <= indexes
        assert "reviews_pending_by_submitter" not in indexes  # counted by name: gone with names as identity
        assert conn.execute("SELECT count(*) FROM rate_hits").fetchone()[0] == 0


# Version 2 as postlint shipped it between issue 14 and issue 13 merging: the storage limits.
ISSUE_14_VERSION_TWO = [
    "ALTER TABLE reviews ADD COLUMN preview TEXT",
    "ALTER TABLE reviews ADD COLUMN finding_count INTEGER NOT NULL DEFAULT 0",
    """UPDATE reviews SET preview = json_quote(substr(json_extract(post_json, '$.text'), 1, 160)),
                          finding_count = json_array_length(findings_json)""",
    "CREATE INDEX reviews_pending_by_submitter ON reviews(submitted_by, status)",
    "CREATE TABLE rate_hits (key TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX rate_hits_by_key ON rate_hits(key, at)",
]


def test_a_file_whose_version_two_was_the_storage_limits_gains_principals_too(tmp_path):
    """Such a file says version 2 but has no principals: it must not skip today's version 2."""
    path = tmp_path / "v2-storage.db"
    _version_one_file(path)
    conn = sqlite3.connect(path)
    for statement in ISSUE_14_VERSION_TWO:
        conn.execute(statement)
    # A review stored by that version: findings packed, preview and count kept in their columns.
    conn.execute("INSERT INTO reviews (id, status, post_key, profile, rules_version, verdict, categories, "
                 "text_sha256, post_json, findings_json, submitted_by, submitted_role, submitted_at, preview, "
                 "finding_count) VALUES ('rv_packed', 'pending', 'k2', 'uk-police', '1', 'review', '[]', 'h', "
                 "'{\"text\": \"Ring 07700 900123\"}', '{\"rules\": {}, \"findings\": [{\"rule\": \"r\"}]}', "
                 "'Olivia', 'officer', '2026-03-02T00:00:00.000Z', '\"Ring 07700 900123\"', 1)")
    conn.execute("INSERT INTO rate_hits VALUES ('token:1', 1.0)")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with db.opened(path) as conn:
        assert db.schema_version(conn) == db.SCHEMA_VERSION
        identity = tokens.authenticate(conn, V1_TOKEN)
        assert identity is not None and identity.principal_id.startswith("pr_")
        new_olivia = conn.execute("SELECT principal_id FROM tokens WHERE id = 3").fetchone()[0]
        packed = conn.execute("SELECT * FROM reviews WHERE id = 'rv_packed'").fetchone()
        assert packed["submitted_principal"] == new_olivia
        assert (packed["preview"], packed["finding_count"]) == ('"Ring 07700 900123"', 1)  # not recomputed
        old = conn.execute("SELECT preview, finding_count FROM reviews WHERE id = 'rv_old'").fetchone()
        assert tuple(old) == ('"t"', 0)
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "reviews_pending_by_principal" in indexes and "reviews_pending_by_submitter" not in indexes
        assert conn.execute("SELECT count(*) FROM rate_hits").fetchone()[0] == 1
        assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} >= {
            "principals", "accounts", "principal_accounts", "callbacks", "audit"}
