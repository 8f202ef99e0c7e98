"""Force profiles: each loads, uk-police is the strictest union of the five,
and the provisions only one force has adopted apply under that force alone."""
from __future__ import annotations

import pytest

from linter import load_engine, parse_post
from linter.model import SEVERITIES

FORCES = ("north-yorkshire", "northamptonshire", "norfolk-suffolk", "cleveland", "surrey-sussex")
RANK = {s: i for i, s in enumerate(SEVERITIES)}


def append(path, text):
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def rules_fired(result):
    return {f.rule for f in result.findings}


@pytest.mark.parametrize("name", FORCES + ("uk-police",))
def test_each_profile_loads_with_rules_and_a_description(engine, name):
    profile = engine.profiles[name]
    assert profile.name == name
    assert profile.title and profile.description
    assert len(profile.severities) >= 40
    assert all(s in SEVERITIES for s in profile.severities.values())
    assert all(rule_id in engine.rules for rule_id in profile.severities)


def test_the_default_profile_is_uk_police(engine):
    assert engine.default_profile == "uk-police"
    assert set(engine.profiles) == set(FORCES) | {"uk-police"}


def test_profiles_catalogue_describes_each_profile(engine):
    catalogue = engine.profiles_catalogue()
    assert [p["name"] for p in catalogue] == sorted(engine.profiles)
    for entry in catalogue:
        assert {"name", "title", "description", "rules", "severity_overrides"} <= set(entry)
        assert entry["rules"] == len(engine.profiles[entry["name"]].severities)


def test_uk_police_is_the_strictest_union(engine):
    strictest = engine.profiles["uk-police"].severities
    for force in FORCES:
        for rule_id, severity in engine.profiles[force].severities.items():
            if engine.rules[rule_id].force_specific:
                continue
            assert rule_id in strictest, f"{rule_id} applies in {force} but not in uk-police"
            assert RANK[strictest[rule_id]] >= RANK[severity], (force, rule_id)


def test_uk_police_leaves_out_force_specific_provisions(engine):
    specific = [r.id for r in engine.rules.values() if r.force_specific]
    assert specific, "expected at least one force-specific provision"
    assert not set(specific) & set(engine.profiles["uk-police"].severities)


def test_the_union_takes_the_highest_severity_and_keeps_rules_one_force_disables(rules_copy):
    # Give the forces disagreeing severities and let one drop a rule entirely.
    append(rules_copy / "profiles" / "cleveland.toml",
        '\n[severity]\n"personal-data.private-phone-number" = "block"\n"conduct.profanity" = "advice"\n')
    append(rules_copy / "profiles" / "surrey-sussex.toml",
        '\ndisable = ["personal-data.private-email"]\n')
    engine = load_engine(rules_dir=rules_copy)
    strictest = engine.profiles["uk-police"].severities
    assert engine.profiles["cleveland"].severities["personal-data.private-phone-number"] == "block"
    assert strictest["personal-data.private-phone-number"] == "block"
    assert engine.profiles["cleveland"].severities["conduct.profanity"] == "advice"
    assert strictest["conduct.profanity"] == engine.rules["conduct.profanity"].severity
    assert "personal-data.private-email" not in engine.profiles["surrey-sussex"].severities
    assert "personal-data.private-email" in strictest
    assert engine.profiles["cleveland"].overridden == {"personal-data.private-phone-number": "block",
                                                      "conduct.profanity": "advice"}


def test_a_severity_override_changes_the_verdict(rules_copy):
    append(rules_copy / "profiles" / "cleveland.toml",
        '\n[severity]\n"personal-data.private-phone-number" = "advice"\n')
    engine = load_engine(rules_dir=rules_copy)
    post = parse_post({"text": "Ring Maureen on 07700 900123 for details."})
    assert engine.lint(post, profile="cleveland").verdict == "ok"
    assert engine.lint(post, profile="north-yorkshire").verdict == "review"


# -- force-specific provisions --------------------------------------------------------

UNNAMED_CHARGE = "A 26-year-old man from Corby has been charged with assault."


def test_northamptonshire_3_3b_unnamed_charge_on_a_local_account(lint):
    flagged = lint(UNNAMED_CHARGE, profile="northamptonshire")
    assert "charge.unnamed-on-local-account" in rules_fired(flagged)
    assert flagged.verdict == "review"
    for other in ("uk-police", "cleveland"):
        assert "charge.unnamed-on-local-account" not in rules_fired(lint(UNNAMED_CHARGE, profile=other)), other
    corporate = lint(UNNAMED_CHARGE, profile="northamptonshire", account_tier="corporate")
    assert "charge.unnamed-on-local-account" not in rules_fired(corporate)


def test_the_lint_profile_argument_overrides_the_posts_profile(engine):
    post = parse_post({"text": UNNAMED_CHARGE, "profile": "cleveland"})
    assert engine.lint(post).profile == "cleveland"
    overridden = engine.lint(post, profile="northamptonshire")
    assert overridden.profile == "northamptonshire"
    assert "charge.unnamed-on-local-account" in rules_fired(overridden)


def test_an_unknown_profile_is_refused_by_the_engine(engine):
    with pytest.raises(KeyError):
        engine.lint(parse_post({"text": "x"}), profile="west-midlands")


PHOTO_OF_VOLUNTEER = [{"kind": "image", "filename": "vol.jpg", "alt": "Photo of a volunteer at the front counter"}]


def test_north_yorkshire_enables_the_photo_of_an_individual_advice(lint, engine):
    rule_id = "image.identifiable-person-needs-approval"
    assert rule_id in engine.profiles["north-yorkshire"].severities
    result = lint("Meet our new volunteer!", profile="north-yorkshire", attachments=PHOTO_OF_VOLUNTEER)
    found = [f for f in result.findings if f.rule == rule_id]
    assert [(f.severity, f.attachment) for f in found] == [("advice", 0)]
    assert result.verdict == "ok"
    for other in ("uk-police", "cleveland"):
        assert rule_id not in rules_fired(lint("Meet our new volunteer!", profile=other,
                                               attachments=PHOTO_OF_VOLUNTEER)), other


WITNESS_APPEAL = "Do you recognise this man? Call 101 quoting PR/45270044109."


@pytest.mark.parametrize(("contributors", "flagged"), [(1, True), (2, False), (3, False), (None, False)])
def test_surrey_sussex_7_2_appeals_need_more_than_one_contributor(lint, contributors, flagged):
    result = lint(WITNESS_APPEAL, profile="surrey-sussex", account_tier="individual",
                  account_contributors=contributors)
    assert ("appeal.on-single-contributor-account" in rules_fired(result)) is flagged
    assert (result.verdict != "ok") is flagged


WANTED = "WANTED | Have you seen Connor Ledger? Don't approach him, call 999."
WANTED_WITH_LINK = ("WANTED | Have you seen Connor Ledger? Full appeal: "
                    "https://www.norfolk.police.uk/appeals/ledger")
PHOTO_OF_CONNOR = [{"kind": "image", "filename": "connor_ledger.jpg",
                    "alt": "Photograph of Connor Ledger, short dark hair"}]


def test_norfolk_suffolk_8_1_corporate_appeal_with_an_embedded_photo(lint):
    rule_id = "appeal.image-embedded-instead-of-link"
    embedded = lint(WANTED, profile="norfolk-suffolk", account_tier="corporate", attachments=PHOTO_OF_CONNOR)
    found = [f for f in embedded.findings if f.rule == rule_id]
    assert [(f.attachment, f.severity) for f in found] == [(0, "review")]
    assert ("norfolk-suffolk", "8.1") in found[0].policy
    linked = lint(WANTED_WITH_LINK, profile="norfolk-suffolk", account_tier="corporate")
    assert rule_id not in rules_fired(linked)
    link_card = lint(WANTED_WITH_LINK, profile="norfolk-suffolk", account_tier="corporate",
                     attachments=[{"kind": "link", "source_url": "https://www.norfolk.police.uk/appeals/ledger"}])
    assert rule_id not in rules_fired(link_card)


@pytest.mark.parametrize("profile", ["northamptonshire", "uk-police"])
def test_force_mailboxes_are_not_personal_data(lint, engine, profile):
    assert "northants.pnn.police.uk" in engine.profiles["northamptonshire"].force_domains
    assert "northants.pnn.police.uk" in engine.profiles["uk-police"].force_domains
    result = lint("Questions? Email PC Jo Bloggs at jo.bloggs@northants.pnn.police.uk", profile=profile)
    assert "personal-data" not in {f.category for f in result.findings}
    personal = lint("Questions? Email me at jo.bloggs@example.com", profile=profile)
    assert "personal-data.private-email" in rules_fired(personal)


def test_every_force_lists_its_own_domains(engine):
    for force in FORCES:
        domains = engine.profiles[force].force_domains
        assert domains and all(d == d.lower() and "." in d for d in domains), force
        assert domains <= engine.profiles["uk-police"].force_domains
