"""Issuing tokens for many officers at once, from a CSV file.

The file has a header row naming its columns: ``name`` and ``role`` are required, ``accounts``
(registered accounts separated by spaces or ``;``) and ``expires`` (``2027-03-31`` or a time
with its zone) are optional. Every row is checked before anything is written, and every
problem is reported with its row number and column, so a file with one mistake imports
nothing and can be fixed and sent again. When every row is good, all the principals, their
accounts and their tokens are written in one transaction.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from . import accounts, tokens
from .db import transaction

COLUMNS = ("name", "role", "accounts", "expires")
REQUIRED = ("name", "role")
MAX_ROWS = 2000


@dataclass(frozen=True)
class RowProblem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str | None
    message: str

    def __str__(self) -> str:
        return f"row {self.row}{f', {self.column}' if self.column else ''}: {self.message}"

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


class ImportRejected(ValueError):
    """The file cannot be imported; nothing was written. ``problems`` lists every one found."""

    def __init__(self, problems: list[RowProblem]):
        super().__init__(f"{len(problems)} problem(s); nothing was imported")
        self.problems = problems


@dataclass(frozen=True)
class _Officer:
    name: str
    role: str
    account_keys: tuple[str, ...]
    expires_at: str | None


def _rows(text: str) -> tuple[list[str], list[tuple[int, dict]]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header, rows = None, []
    for line in reader:
        if not any(cell.strip() for cell in line):
            continue  # blank lines, and the empty last line of many exports
        if header is None:
            header = [cell.strip().lower() for cell in line]
            continue
        padded = line + [""] * (len(header) - len(line))
        rows.append((reader.line_num, dict(zip(header, padded)) | {"": padded[len(header):]}))
    return header or [], rows


def _check_header(header: list[str]) -> list[RowProblem]:
    problems = [RowProblem(1, column, "is not a known column (name, role, accounts, expires)")
                for column in header if column not in COLUMNS]
    problems += [RowProblem(1, column, "the column is missing") for column in REQUIRED if column not in header]
    problems += [RowProblem(1, column, "appears twice") for column in set(header) if header.count(column) > 1]
    return problems


def _check_row(conn, number: int, row: dict, seen: dict[str, int], problems: list[RowProblem]) -> _Officer | None:
    found = len(problems)
    if any(cell.strip() for cell in row[""]):
        problems.append(RowProblem(number, None, "has more cells than the header has columns"))
    name = row.get("name", "").strip()
    try:
        name = tokens.display_name(name)
        key = tokens.name_key(name)
        if key in seen:
            problems.append(RowProblem(number, "name", f"{name!r} is also on row {seen[key]}"))
        else:
            seen[key] = number
            existing = conn.execute("SELECT id FROM principals WHERE name_key = ? AND revoked_at IS NULL",
                                    (key,)).fetchone()
            if existing is not None:
                problems.append(RowProblem(number, "name", f"{name!r} already has a principal "
                                                           f"({existing['id']}); issue their token on its own"))
    except tokens.TokenError as exc:
        problems.append(RowProblem(number, "name", str(exc)))
    role = row.get("role", "").strip().lower()
    if role not in tokens.ROLES:
        problems.append(RowProblem(number, "role", f"must be one of {', '.join(tokens.ROLES)}"))
    keys = []
    for account in (part for part in re.split(r"[\s;]+", row.get("accounts", "")) if part):
        try:
            if accounts.get(conn, account) is None:
                problems.append(RowProblem(number, "accounts", f"{account} is not registered"))
            else:
                keys.append(accounts.key_of(account))
        except accounts.AccountError as exc:
            problems.append(RowProblem(number, "accounts", f"{account[:60]}: {exc.message}"))
    expires_at = None
    if row.get("expires", "").strip():
        try:
            expires_at = tokens.check_expiry(tokens.parse_expiry(row["expires"]))
        except tokens.TokenError as exc:
            problems.append(RowProblem(number, "expires", str(exc)))
    if len(problems) > found:
        return None
    return _Officer(name, role, tuple(dict.fromkeys(keys)), expires_at)


def check(conn, text: str) -> list[_Officer]:
    """Every officer in the file, or ImportRejected with every problem in it."""
    header, rows = _rows(text)
    if not header:
        raise ImportRejected([RowProblem(1, None, "the file is empty; the first row names the columns "
                                                  "(name,role,accounts,expires)")])
    problems = _check_header(header)
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise ImportRejected([RowProblem(2, None, "there are no officers after the header row")])
    if len(rows) > MAX_ROWS:
        raise ImportRejected([RowProblem(MAX_ROWS + 2, None, f"at most {MAX_ROWS} officers per file")])
    officers, seen = [], {}
    for number, row in rows:
        officers.append(_check_row(conn, number, row, seen, problems))
    if problems:
        raise ImportRejected(problems)
    return officers


def import_officers(conn, text: str) -> list[dict]:
    """A principal, its accounts and one token for each officer in the CSV ``text``, all or none.
    Each entry carries its ``token``: the only time it is seen."""
    officers = check(conn, text)
    issued = []
    try:
        with transaction(conn):
            for officer in officers:
                principal_id = tokens.insert_principal(conn, officer.role, officer.name)
                for key in officer.account_keys:
                    conn.execute("INSERT INTO principal_accounts (principal_id, account_key) VALUES (?, ?)",
                                 (principal_id, key))
                token = tokens.insert_token(conn, principal_id, officer.expires_at)
                issued.append({"name": officer.name, "role": officer.role, "principal_id": principal_id,
                               "token_id": tokens.TOKEN_ID_PREFIX + token[len(tokens.PREFIX):].split("_", 1)[0],
                               "expires_at": officer.expires_at,
                               "accounts": accounts.names_of(conn, tokens.principal_accounts(conn, principal_id)),
                               "token": token})
    except tokens.TokenError as exc:  # someone took a name between the check and the write
        raise ImportRejected([RowProblem(0, "name", f"{exc}; nothing was imported, try again")]) from None
    return issued
