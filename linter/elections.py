"""The pre-election ('purdah') calendar.

Periods are whole UK days: a period starts at midnight at the start of
``starts`` and lasts until the end of ``ends`` (by default the day after
polling day, when counts are declared), both in UK local time.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from .rules import RulePackError

UK = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Period:
    name: str
    starts: dt.date
    polling_day: dt.date
    ends: dt.date

    def contains(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(UK).date() if moment.tzinfo else moment.date()
        return self.starts <= local <= self.ends


def load_calendar(path: Path) -> tuple[Period, ...]:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise RulePackError(f"calendar {path}: cannot be read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulePackError(f"calendar {path.name}: not valid TOML: {exc}") from None
    periods = []
    for i, entry in enumerate(data.get("period", [])):
        where = f"calendar {path.name}: period {i + 1}"
        try:
            starts, polling = entry["starts"], entry["polling_day"]
        except (KeyError, TypeError):
            raise RulePackError(f"{where}: needs starts and polling_day dates") from None
        ends = entry.get("ends", polling + dt.timedelta(days=1) if isinstance(polling, dt.date) else None)
        if not all(isinstance(d, dt.date) and not isinstance(d, dt.datetime) for d in (starts, polling, ends)):
            raise RulePackError(f"{where}: starts, polling_day and ends must be dates (YYYY-MM-DD)")
        if not starts <= polling <= ends:
            raise RulePackError(f"{where}: needs starts <= polling_day <= ends")
        periods.append(Period(str(entry.get("name", f"period {i + 1}")), starts, polling, ends))
    return tuple(periods)


def period_at(periods, moment: dt.datetime) -> Period | None:
    for period in periods:
        if period.contains(moment):
            return period
    return None
