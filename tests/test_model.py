"""The post and finding contracts: what parse_post accepts and refuses, how the
verdict is derived, and the exact shape of a lint result."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from zoneinfo import ZoneInfo

import pytest

from linter import Attachment, Post, PostError, parse_post
from linter.model import MAX_TEXT_CHARS, verdict_for

SAMPLE = {"text": "Officers have arrested Callum Pexton, 31, on suspicion of affray.", "account_tier": "local"}
RESULT_KEYS = {"verdict", "profile", "rules_version", "text_sha256", "findings"}
FINDING_KEYS = {"rule", "category", "severity", "message", "why", "policy", "start", "end", "start_utf16",
                "end_utf16", "excerpt", "suggestion", "attachment", "fingerprint", "detected_by", "person", "fix", "fix_summary"}


# -- parse_post accepts ---------------------------------------------------------

def test_only_text_is_required_and_defaults_apply():
    post = parse_post({"text": "Lovely sunrise over the abbey."})
    assert post == Post(text="Lovely sunrise over the abbey.", account_tier="local", account_contributors=None,
                        attachments=(), scheduled_for=None, profile=None)


def test_a_full_post_is_parsed_field_by_field():
    post = parse_post({
        "text": "Road closed.", "account_tier": "corporate", "account_contributors": 3,
        "attachments": [{"kind": "video", "filename": "a.mp4", "alt": "Dashcam", "caption": "c",
                         "source_url": "https://example.com/a"}],
        "scheduled_for": "2027-04-01T10:00:00+01:00", "profile": "cleveland",
    }, strict=True, known_profiles={"cleveland"})
    assert post.account_tier == "corporate"
    assert post.account_contributors == 3
    assert post.attachments == (Attachment(kind="video", filename="a.mp4", alt="Dashcam", caption="c",
                                           source_url="https://example.com/a"),)
    assert post.scheduled_for == dt.datetime(2027, 4, 1, 9, 0, tzinfo=dt.timezone.utc)
    assert post.profile == "cleveland"


@pytest.mark.parametrize("tier", ["corporate", "local", "specialist", "individual"])
def test_every_tier_is_accepted(tier):
    assert parse_post({"text": "x", "account_tier": tier}).account_tier == tier


def test_nulls_mean_defaults():
    post = parse_post({"text": "x", "account_tier": None, "account_contributors": None, "attachments": None,
                       "scheduled_for": None, "profile": None}, strict=True)
    assert (post.account_tier, post.attachments, post.scheduled_for, post.profile) == ("local", (), None, None)


def test_attachment_fields_default_and_kind_defaults_to_image():
    post = parse_post({"text": "x", "attachments": [{}]})
    assert post.attachments == (Attachment(kind="image", filename="", alt="", caption="", source_url=""),)


def test_text_at_the_limit_is_accepted():
    assert len(parse_post({"text": "a" * MAX_TEXT_CHARS}).text) == 65536


def test_empty_text_is_a_post():
    assert parse_post({"text": ""}).text == ""


@pytest.mark.parametrize(("raw", "expected"), [
    ("2027-04-01T10:00:00+01:00", dt.datetime(2027, 4, 1, 9, 0, tzinfo=dt.timezone.utc)),
    ("2027-04-01T09:00:00Z", dt.datetime(2027, 4, 1, 9, 0, tzinfo=dt.timezone.utc)),
    # Naive times are UK local time: BST in April, GMT in January.
    ("2027-04-01T10:00:00", dt.datetime(2027, 4, 1, 9, 0, tzinfo=dt.timezone.utc)),
    ("2027-01-15T10:00:00", dt.datetime(2027, 1, 15, 10, 0, tzinfo=dt.timezone.utc)),
    ("2027-04-01", dt.datetime(2027, 3, 31, 23, 0, tzinfo=dt.timezone.utc)),
])
def test_scheduled_for_is_iso_8601_with_uk_local_default(raw, expected):
    moment = parse_post({"text": "x", "scheduled_for": raw}).scheduled_for
    assert moment.tzinfo is not None
    assert moment == expected


def test_naive_time_is_tagged_europe_london():
    moment = parse_post({"text": "x", "scheduled_for": "2027-04-01T10:00:00"}).scheduled_for
    assert moment.tzinfo == ZoneInfo("Europe/London")


def test_unknown_fields_are_accepted_without_strict():
    post = parse_post({"text": "x", "id": "dev-001", "expect": ["arrest-name"], "note": "n",
                       "attachments": [{"kind": "image", "width": 300}]})
    assert post.text == "x"


def test_unknown_profile_is_accepted_without_a_list_of_known_profiles():
    assert parse_post({"text": "x", "profile": "west-midlands"}).profile == "west-midlands"


# -- parse_post refuses, naming the field ----------------------------------------

@pytest.mark.parametrize(("obj", "field"), [
    ({}, "text"),
    ({"account_tier": "local"}, "text"),
    ({"text": None}, "text"),
    ({"text": 42}, "text"),
    ({"text": ["a"]}, "text"),
    ({"text": "a" * (MAX_TEXT_CHARS + 1)}, "text"),
    ({"text": "x", "account_tier": "county"}, "account_tier"),
    ({"text": "x", "account_tier": "Corporate"}, "account_tier"),
    ({"text": "x", "account_tier": 1}, "account_tier"),
    ({"text": "x", "account_tier": ["local"]}, "account_tier"),
    ({"text": "x", "account_contributors": 0}, "account_contributors"),
    ({"text": "x", "account_contributors": -2}, "account_contributors"),
    ({"text": "x", "account_contributors": True}, "account_contributors"),
    ({"text": "x", "account_contributors": "3"}, "account_contributors"),
    ({"text": "x", "account_contributors": 2.5}, "account_contributors"),
    ({"text": "x", "attachments": "photo.jpg"}, "attachments"),
    ({"text": "x", "attachments": {"kind": "image"}}, "attachments"),
    ({"text": "x", "attachments": [{"kind": "image"}] * 21}, "attachments"),
    ({"text": "x", "attachments": ["photo.jpg"]}, "attachments[0]"),
    ({"text": "x", "attachments": [{"kind": "image"}, {"kind": "gif"}]}, "attachments[1].kind"),
    ({"text": "x", "attachments": [{"kind": None}]}, "attachments[0].kind"),
    ({"text": "x", "attachments": [{"kind": "image", "filename": 7}]}, "attachments[0].filename"),
    ({"text": "x", "attachments": [{"kind": "image", "alt": {"t": 1}}]}, "attachments[0].alt"),
    ({"text": "x", "attachments": [{"kind": "image", "caption": "c" * 5000}]}, "attachments[0].caption"),
    ({"text": "x", "attachments": [{"kind": "link", "source_url": ["u"]}]}, "attachments[0].source_url"),
    ({"text": "x", "scheduled_for": "tomorrow"}, "scheduled_for"),
    ({"text": "x", "scheduled_for": "2027-13-01T10:00:00"}, "scheduled_for"),
    ({"text": "x", "scheduled_for": "2027-02-30"}, "scheduled_for"),
    ({"text": "x", "scheduled_for": ""}, "scheduled_for"),
    ({"text": "x", "scheduled_for": 1775000000}, "scheduled_for"),
    ({"text": "x", "profile": 5}, "profile"),
])
def test_invalid_field_raises_post_error_naming_it(obj, field):
    with pytest.raises(PostError) as caught:
        parse_post(obj, known_profiles={"uk-police", "cleveland"})
    assert caught.value.field == field
    assert caught.value.message
    assert str(caught.value).startswith(field)


@pytest.mark.parametrize("obj", [None, "text", ["text"], 42])
def test_a_post_must_be_an_object(obj):
    with pytest.raises(PostError) as caught:
        parse_post(obj)
    assert caught.value.field == "post"


@pytest.mark.parametrize(("obj", "field"), [
    ({"text": "x", "expect": []}, "expect"),
    ({"text": "x", "Text": "y"}, "Text"),
    ({"text": "x", "attachments": [{"kind": "image", "colour": "red"}]}, "attachments[0].colour"),
])
def test_strict_parsing_rejects_unknown_fields(obj, field):
    with pytest.raises(PostError) as caught:
        parse_post(obj, strict=True)
    assert caught.value.field == field
    parse_post(obj)  # the same post is fine without strict


def test_unknown_profile_is_refused_when_known_profiles_are_given(engine):
    with pytest.raises(PostError) as caught:
        parse_post({"text": "x", "profile": "west-midlands"}, known_profiles=engine.profiles)
    assert caught.value.field == "profile"
    assert "west-midlands" not in caught.value.message  # input is never echoed into messages or logs
    assert "cleveland" in caught.value.message  # the message lists the known profiles


def test_post_error_messages_do_not_echo_long_input():
    with pytest.raises(PostError) as caught:
        parse_post({"text": "x", "scheduled_for": "not a date " + "z" * 500})
    assert len(str(caught.value)) < 120


def test_post_round_trips_through_to_dict():
    post = parse_post({"text": "x", "account_tier": "specialist", "account_contributors": 2,
                       "attachments": [{"kind": "audio", "filename": "clip.mp3"}],
                       "scheduled_for": "2027-04-01T10:00:00+01:00", "profile": "cleveland"})
    assert parse_post(post.to_dict(), strict=True) == post


# -- verdicts ---------------------------------------------------------------------

def _with(severities):
    return [type("F", (), {"severity": s})() for s in severities]


@pytest.mark.parametrize(("severities", "verdict"), [
    ([], "ok"),
    (["advice"], "ok"),
    (["advice", "advice"], "ok"),
    (["review"], "review"),
    (["advice", "review"], "review"),
    (["review", "block", "advice"], "block"),
    (["block"], "block"),
])
def test_verdict_is_the_strongest_severity_and_advice_alone_is_ok(severities, verdict):
    assert verdict_for(_with(severities)) == verdict


def test_an_advice_only_post_lints_ok(lint):
    result = lint("FOUND | Carly has been found safe and well. Thank you for sharing our appeal.",
                  account_tier="corporate")
    assert result.findings, "expected the remove-the-original-appeal advice"
    assert {f.severity for f in result.findings} == {"advice"}
    assert result.verdict == "ok"


# -- the result contract --------------------------------------------------------

def test_result_to_dict_has_exactly_the_contract_shape(engine):
    post = parse_post(SAMPLE, strict=True, known_profiles=engine.profiles)
    result = engine.lint(post).to_dict()
    assert set(result) == RESULT_KEYS
    assert result["verdict"] == "block"
    assert result["profile"] == "uk-police"
    assert result["rules_version"] == engine.rules_version and isinstance(result["rules_version"], str)
    assert result["text_sha256"] == hashlib.sha256(SAMPLE["text"].encode("utf-8")).hexdigest()
    assert json.loads(json.dumps(result)) == result
    named = [f for f in result["findings"] if f["category"] == "arrest-name"]
    assert len(named) == 1
    finding = named[0]
    assert set(finding) == FINDING_KEYS
    assert finding["severity"] == "block"
    assert finding["excerpt"] == "Callum Pexton"
    assert (finding["start"], finding["end"]) == (23, 36)
    assert (finding["start_utf16"], finding["end_utf16"]) == (23, 36)
    assert SAMPLE["text"][finding["start"]:finding["end"]] == finding["excerpt"]
    assert finding["attachment"] is None
    assert finding["policy"] and all(set(p) == {"profile", "section"} for p in finding["policy"])
    for key in ("rule", "message", "why", "fingerprint", "detected_by"):
        assert isinstance(finding[key], str) and finding[key], key
    assert finding["suggestion"] is None or isinstance(finding["suggestion"], str)
    assert finding["detected_by"].startswith("person/")


def test_attachment_findings_carry_the_index_and_null_offsets(lint):
    result = lint("Burglary season is here.", attachments=[
        {"kind": "image", "filename": "lock.jpg", "alt": "Photo of a door lock"},
        {"kind": "image", "filename": "GettyImages-1172834019.jpg",
         "source_url": "https://www.gettyimages.co.uk/detail/photo/burglar-1172834019"},
    ]).to_dict()
    copyright_findings = [f for f in result["findings"] if f["category"] == "copyright"]
    assert [f["attachment"] for f in copyright_findings] == [1]
    finding = copyright_findings[0]
    assert (finding["start"], finding["end"], finding["start_utf16"], finding["end_utf16"]) == (None,) * 4
    assert finding["excerpt"]


def test_findings_are_frozen(lint):
    finding = lint(SAMPLE["text"]).findings[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.severity = "advice"


def test_findings_are_sorted_by_position_with_attachments_last(lint):
    result = lint("Officers arrested Callum Pexton, 31. Call his mum on 07700 900123. "
                  "Officers arrested Dean Ruffell, 40.",
                  attachments=[{"kind": "image", "filename": "custody.jpg", "alt": "Custody photograph of a man"}])
    starts = [f.start for f in result.findings if f.start is not None]
    assert starts == sorted(starts) and len(starts) >= 3
    kinds = [f.attachment is not None for f in result.findings]
    assert kinds == sorted(kinds), "attachment findings come after text findings"
    assert any(kinds)


def test_fingerprint_is_stable_across_an_unrelated_edit(lint):
    before = lint("Officers have arrested Callum Pexton, 31, on suspicion of affray.")
    after = lint("UPDATE: more later.\n\nOfficers have arrested Callum Pexton, 31, on suspicion of affray.")
    pick = lambda r: [f.fingerprint for f in r.findings if f.rule == "arrest.named-suspect"]  # noqa: E731
    assert pick(before) and pick(before) == pick(after)
    other = lint("Officers have arrested Dean Ruffell, 31, on suspicion of affray.")
    assert pick(other) and pick(other) != pick(before)
