"""The pre-election calendar: loading, UK-time day boundaries, refusing bad
calendars, and ``--calendar FILE`` on the command line."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from linter import RulePackError, load_engine, parse_post
from linter.elections import Period, load_calendar, period_at

CALENDAR = """
[[period]]
name = "Local and PCC elections 2027"
starts = 2027-03-29
polling_day = 2027-05-06
"""
COUNCILLOR = "Huge thanks to Cllr Maureen Featherstone for organising the litter pick!"
PUBLICITY = "politics.politician-publicity-in-election-period"


@pytest.fixture(scope="module")
def calendar_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("calendar") / "calendar.toml"
    path.write_text(CALENDAR, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def election_engine(calendar_file):
    return load_engine(calendar_path=calendar_file)


def write(tmp_path, text, name="calendar.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ends_defaults_to_the_day_after_polling_day(calendar_file):
    assert load_calendar(calendar_file) == (
        Period("Local and PCC elections 2027", dt.date(2027, 3, 29), dt.date(2027, 5, 6), dt.date(2027, 5, 7)),)


def test_explicit_ends_and_several_periods(tmp_path):
    path = write(tmp_path, CALENDAR + 'ends = 2027-05-09\n\n[[period]]\nname = "By-election"\n'
                                      "starts = 2027-09-01\npolling_day = 2027-10-07\n")
    first, second = load_calendar(path)
    assert first.ends == dt.date(2027, 5, 9)
    assert (second.name, second.ends) == ("By-election", dt.date(2027, 10, 8))


def test_an_empty_calendar_has_no_periods(tmp_path):
    assert load_calendar(write(tmp_path, "# no elections scheduled\n")) == ()


def test_the_bundled_calendar_loads(engine):
    assert engine.periods
    assert all(p.starts <= p.polling_day <= p.ends for p in engine.periods)


@pytest.mark.parametrize(("moment", "inside"), [
    ("2027-03-28T19:30:00+01:00", False),
    ("2027-03-28T22:59:59+00:00", False),
    ("2027-03-28T23:00:00+00:00", True),   # midnight BST on 29 March
    ("2027-03-29T00:00:00+01:00", True),
    ("2027-03-29T08:00:00+01:00", True),
    ("2027-05-06T12:00:00+01:00", True),
    ("2027-05-07T21:00:00+01:00", True),
    ("2027-05-07T22:30:00+00:00", True),   # 23:30 BST, still the count day
    ("2027-05-07T23:00:00+00:00", False),  # midnight BST on 8 May
    ("2027-05-08T07:30:00+01:00", False),
    ("2027-03-29T08:00:00", True),         # naive: taken as UK local time
    ("2026-04-01T10:00:00+01:00", False),
])
def test_period_boundaries_are_whole_uk_days(calendar_file, moment, inside):
    at = parse_post({"text": "x", "scheduled_for": moment}).scheduled_for
    assert (period_at(load_calendar(calendar_file), at) is not None) is inside


@pytest.mark.parametrize(("moment", "inside"), [
    ("2027-03-28T19:30:00+01:00", False),
    ("2027-03-29T08:00:00+01:00", True),
    ("2027-05-07T21:00:00+01:00", True),
    ("2027-05-08T07:30:00+01:00", False),
])
def test_councillor_publicity_is_flagged_only_inside_the_period(election_engine, moment, inside):
    post = parse_post({"text": COUNCILLOR, "scheduled_for": moment})
    result = election_engine.lint(post)
    assert (PUBLICITY in {f.rule for f in result.findings}) is inside
    assert (result.verdict == "block") is inside


def test_the_at_argument_overrides_scheduled_for(election_engine):
    post = parse_post({"text": COUNCILLOR, "scheduled_for": "2027-03-28T19:30:00+01:00"})
    at = dt.datetime(2027, 4, 1, 10, tzinfo=dt.timezone.utc)
    assert PUBLICITY in {f.rule for f in election_engine.lint(post, at=at).findings}


@pytest.mark.parametrize(("text", "expected"), [
    ("[[period]]\nname = 'x'\nstarts = 2027-03-29\n", "polling_day"),
    ("[[period]]\nname = 'x'\npolling_day = 2027-05-06\n", "starts"),
    ("[[period]]\nstarts = '2027-03-29'\npolling_day = 2027-05-06\n", "dates"),
    ("[[period]]\nstarts = 2027-03-29T09:00:00\npolling_day = 2027-05-06\n", "dates"),
    ("[[period]]\nstarts = 2027-05-29\npolling_day = 2027-05-06\n", "starts <= polling_day"),
    ("[[period]]\nstarts = 2027-03-29\npolling_day = 2027-05-06\nends = 2027-05-01\n", "polling_day <= ends"),
    ("[[period]\nstarts = 2027-03-29\n", "TOML"),
    ("period = 'soon'\n", "period"),
])
def test_a_bad_calendar_fails_with_a_clear_error(tmp_path, text, expected):
    path = write(tmp_path, text, "bad-calendar.toml")
    with pytest.raises(RulePackError) as caught:
        load_calendar(path)
    message = str(caught.value)
    assert "bad-calendar.toml" in message
    assert expected in message
    with pytest.raises(RulePackError):
        load_engine(calendar_path=path)


def test_a_missing_calendar_file_fails_clearly(tmp_path):
    with pytest.raises(RulePackError, match="no-such-calendar.toml"):
        load_calendar(tmp_path / "no-such-calendar.toml")


# -- on the command line ---------------------------------------------------------------

def test_cli_calendar_option_decides_the_period(postlint, tmp_path):
    post = tmp_path / "post.txt"
    post.write_text(COUNCILLOR + "\n", encoding="utf-8")
    later = write(tmp_path, "[[period]]\nname = 'Later'\nstarts = 2030-04-01\npolling_day = 2030-05-02\n",
                  "later.toml")
    inside_default = postlint("check", post, "--at", "2027-04-01T10:00:00+01:00", "--format", "json")
    assert inside_default.returncode == 1
    assert PUBLICITY in {f["rule"] for f in json.loads(inside_default.stdout)["findings"]}
    with_other_calendar = postlint("check", post, "--at", "2027-04-01T10:00:00+01:00", "--calendar", later)
    assert with_other_calendar.returncode == 0, with_other_calendar.stdout
    inside_other = postlint("check", post, "--at", "2030-04-01T00:30:00+01:00", "--calendar", later,
                            "--format", "json")
    assert inside_other.returncode == 1
    assert PUBLICITY in {f["rule"] for f in json.loads(inside_other.stdout)["findings"]}


@pytest.mark.parametrize("calendar", ["missing.toml", "broken.toml"])
def test_cli_bad_calendar_is_a_usage_error(postlint, tmp_path, calendar):
    write(tmp_path, "[[period]]\nstarts = 2027-03-29\n", "broken.toml")
    run = postlint("check", "--calendar", tmp_path / calendar, stdin="hello")
    assert run.returncode == 2
    assert run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1
    assert "Traceback" not in run.stderr and calendar in run.stderr
