"""What a monitoring spreadsheet's columns can mean, and the words people use for them.

Plain data, no Django: the header names and category spellings found in
coordinators' spreadsheets, mapped onto the fields lac records. Category codes
are the codes of casework's default lists (``IntroductionSource``,
``ClosureReason``) so a mapped value finds its row by code.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

IGNORE = "ignore"
"""The mapping target for a column a person chose to leave out."""


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str  # text, date, age, category, neighbourhood, coordinator
    headers: tuple[str, ...]


FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        "Full name",
        "text",
        (
            "name",
            "full name",
            "person",
            "person name",
            "persons name",
            "name of person",
            "client",
            "client name",
            "service user",
            "service user name",
            "names",
        ),
    ),
    Field(
        "first_name",
        "First name",
        "text",
        ("first name", "forename", "forenames", "given name", "first names", "christian name"),
    ),
    Field("surname", "Surname", "text", ("surname", "last name", "family name", "second name")),
    Field(
        "date_of_birth",
        "Date of birth",
        "date",
        ("dob", "d o b", "date of birth", "birth date", "birthdate", "birthday", "born", "db"),
    ),
    Field("age", "Age", "age", ("age", "age at introduction", "age years", "age yrs", "age now")),
    Field(
        "neighbourhood",
        "Neighbourhood",
        "neighbourhood",
        ("ward", "area", "neighbourhood", "neighborhood", "locality", "patch", "ward name"),
    ),
    Field(
        "introduction_date",
        "Date introduced",
        "date",
        (
            "date introduced",
            "intro date",
            "introduction date",
            "date of introduction",
            "referral date",
            "date of referral",
            "date referred",
            "referred on",
            "date received",
            "start date",
        ),
    ),
    Field(
        "source",
        "Introduced by",
        "category",
        (
            "introduced by",
            "referral source",
            "source",
            "source of referral",
            "source of introduction",
            "introduction source",
            "referred by",
            "referrer",
            "who introduced",
            "how introduced",
            "introduced from",
            "referred from",
        ),
    ),
    Field(
        "level",
        "Level",
        "category",
        ("level", "support level", "lac level", "level of support", "level 1 2"),
    ),
    Field("status", "Status", "category", ("status", "case status", "open closed", "open")),
    Field(
        "closed_date",
        "Closed date",
        "date",
        ("closed date", "date closed", "closure date", "date of closure", "end date", "closed on"),
    ),
    Field(
        "closure_reason",
        "Reason for closure",
        "category",
        (
            "reason for closure",
            "closure reason",
            "reason closed",
            "closed reason",
            "why closed",
            "reason for closing",
            "reason",
        ),
    ),
    Field("postcode", "Postcode", "text", ("postcode", "post code", "postal code", "pcode")),
    Field(
        "notes",
        "Notes",
        "text",
        ("notes", "note", "comments", "comment", "details", "additional information"),
    ),
    Field(
        "coordinator",
        "Coordinator",
        "coordinator",
        ("coordinator", "lac", "local area coordinator", "co ordinator", "worker", "lac name"),
    ),
)
FIELDS_BY_NAME = {f.name: f for f in FIELDS}
CATEGORY_FIELDS = ("source", "level", "status", "closure_reason")


@functools.lru_cache(maxsize=65536)
def normalise(text: object) -> str:
    """Lower case, punctuation to spaces, single spaces: how headers and values are compared."""
    lowered = str(text).strip().lower().replace("&", " and ").replace("'", "").replace("’", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", lowered).split())


# Category spellings, already normalised. Level and status codes are people's
# Level (1, 2) and Status values; source and closure codes are casework's codes.
CATEGORY_SYNONYMS: dict[str, dict[str, str]] = {
    "level": {
        **dict.fromkeys(
            ["1", "l1", "lvl 1", "level 1", "level one", "one", "one off", "oneoff", "light touch"],
            "1",
        ),
        **dict.fromkeys(
            [
                "2",
                "l2",
                "lvl 2",
                "level 2",
                "level two",
                "two",
                "ongoing",
                "long term",
                "intensive",
            ],
            "2",
        ),
    },
    "status": {
        **dict.fromkeys(
            ["open", "active", "ongoing", "current", "live", "in progress", "o", "yes"], "active"
        ),
        **dict.fromkeys(["paused", "on hold", "dormant", "hold"], "paused"),
        **dict.fromkeys(
            ["closed", "close", "inactive", "ended", "finished", "complete", "completed", "c"],
            "closed",
        ),
    },
    "source": {
        **dict.fromkeys(
            [
                "council",
                "council department",
                "local authority",
                "la",
                "adult social care",
                "asc",
                "social care",
                "social services",
                "social worker",
                "childrens services",
                "early help",
                "benefits team",
                "housing options",
                "council tax",
            ],
            "council",
        ),
        **dict.fromkeys(
            [
                "gp",
                "doctor",
                "gp surgery",
                "surgery",
                "doctors",
                "practice nurse",
                "social prescriber",
                "social prescribing",
                "health visitor",
                "district nurse",
                "primary care",
                "primary health",
                "nurse",
            ],
            "primary-health",
        ),
        **dict.fromkeys(
            [
                "hospital",
                "secondary health",
                "secondary care",
                "mental health team",
                "cmht",
                "nhs trust",
                "hospital discharge",
                "a and e",
                "mental health",
                "community mental health team",
            ],
            "secondary-health",
        ),
        **dict.fromkeys(
            ["self", "self referral", "self referred", "themselves", "walk in", "own"], "self"
        ),
        **dict.fromkeys(
            [
                "family",
                "friend",
                "friends",
                "neighbour",
                "neighbor",
                "relative",
                "family member",
                "daughter",
                "son",
                "family friend",
                "friend family",
                "family friends",
                "friends family",
                "family friend or neighbour",
                "word of mouth",
            ],
            "family-friend-neighbour",
        ),
        **dict.fromkeys(["police", "pcso", "police officer"], "police"),
        **dict.fromkeys(["fire", "fire service", "fire and rescue", "fire brigade"], "fire"),
        **dict.fromkeys(
            ["housing", "housing officer", "housing association", "landlord", "housing provider"],
            "housing-provider",
        ),
        **dict.fromkeys(
            [
                "voluntary",
                "voluntary sector",
                "charity",
                "vcs",
                "age uk",
                "citizens advice",
                "cab",
                "church",
                "community group",
                "voluntary or community organisation",
            ],
            "voluntary-sector",
        ),
        **dict.fromkeys(["school", "college", "teacher", "school or college"], "school"),
        **dict.fromkeys(["pharmacy", "pharmacist", "chemist"], "pharmacy"),
        **dict.fromkeys(["other"], "other"),
    },
    "closure_reason": {
        **dict.fromkeys(
            [
                "goals met",
                "goals achieved",
                "achieved goals",
                "outcomes met",
                "outcome achieved",
                "goals met things are going well",
            ],
            "goals-met",
        ),
        **dict.fromkeys(
            [
                "connected",
                "connected to community",
                "no longer needs support",
                "independent",
                "connected to community and no longer needs support",
            ],
            "connected",
        ),
        **dict.fromkeys(
            [
                "person chose to stop",
                "the person chose to stop",
                "declined",
                "no longer wants support",
                "withdrew",
                "did not want support",
                "chose to stop",
            ],
            "person-chose",
        ),
        **dict.fromkeys(
            [
                "no contact",
                "lost contact",
                "not engaging",
                "disengaged",
                "no response",
                "unable to contact",
                "no contact for a long time",
            ],
            "no-contact",
        ),
        **dict.fromkeys(
            ["moved", "moved away", "moved out of area", "moved out of the area", "relocated"],
            "moved-away",
        ),
        **dict.fromkeys(
            [
                "services",
                "moved to services",
                "transferred to services",
                "supported by services",
                "now supported mainly by services",
            ],
            "services",
        ),
        **dict.fromkeys(["died", "deceased", "passed away", "death"], "died"),
        **dict.fromkeys(["other"], "other"),
    },
}
