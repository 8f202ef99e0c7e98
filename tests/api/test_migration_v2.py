"""Schema version 2 (principals, accounts, context) migrates a version 1 file in place."""
from __future__ import annotations

import hashlib
import sqlite3

from api import db, tokens

V1_TOKEN = "plt_0123456789abcdef_" + "A" * 43


def _version_one_file(path):
    conn = sqlite3.connect(path)
    for statement in db.MIGRATIONS[0]:
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
