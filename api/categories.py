"""What each finding category is called where people read it (the dashboard, its filters).

The ids stay the stable keys in results and rule packs; these are the words. A test
checks that every category the rule loader knows has a name here.
"""
from __future__ import annotations

NAMES = {
    "arrest-name": "Naming someone arrested",
    "charge-name": "Naming someone charged",
    "guilt-prejudice": "Prejudicing a case",
    "minor-identity": "Identifying a child",
    "sexual-offence-victim": "Identifying a sexual-offence victim",
    "custody-image": "Custody image",
    "cctv-image": "CCTV or camera footage",
    "wanted-missing-appeal": "Wanted or missing appeal",
    "purdah-political": "Political content",
    "copyright": "Copyright",
    "personal-data": "Personal details",
    "fatality-victim": "Naming someone who has died",
    "operational": "Operational details",
    "offensive-language": "Offensive language",
    "personal-opinion": "Personal opinion",
    "commercial-promotion": "Commercial promotion",
    "heads-of-state": "Heads of state",
    "lint-timeout": "Could not be fully checked",
    "lint-limit": "Too many findings to list",
}


def name(category: str) -> str:
    """The category's words; an id this table has not met yet reads as its own words."""
    return NAMES.get(category) or category.replace("-", " ").capitalize()


def catalogue() -> list[dict]:
    return [{"id": key, "name": value} for key, value in NAMES.items()]
