"""What a monitoring spreadsheet's columns can mean, and the words people use for them.

Plain data: the header names and category spellings found in coordinators'
spreadsheets, mapped onto the fields lac records. Category codes are the codes of
casework's default lists (``IntroductionSource``, ``ClosureReason``) so a mapped value
finds its row by code; the equality questions' spellings are their census answers
(``lac.people.equality``), so the import knows the same answers as the web and the API.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from lac.people.equality import EQUALITY_FIELDS, PREFER_NOT_TO_SAY, QUESTIONS
from lac.people.matching import fold

IGNORE = "ignore"
"""The mapping target for a column a person chose to leave out."""


@dataclass(frozen=True)
class Field:
    name: str
    label: StrOrPromise
    """What people read (the column choices, a missing column's problem); headers are
    matched by ``headers``, never by the label, so it is translated."""
    kind: str  # text, date, age, category, neighbourhood, coordinator
    headers: tuple[str, ...]


FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        _("Full name"),
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
        _("First name"),
        "text",
        ("first name", "forename", "forenames", "given name", "first names", "christian name"),
    ),
    Field("surname", _("Surname"), "text", ("surname", "last name", "family name", "second name")),
    Field(
        "date_of_birth",
        _("Date of birth"),
        "date",
        ("dob", "d o b", "date of birth", "birth date", "birthdate", "birthday", "born", "db"),
    ),
    Field(
        "age", _("Age"), "age", ("age", "age at introduction", "age years", "age yrs", "age now")
    ),
    Field(
        "neighbourhood",
        _("Neighbourhood"),
        "neighbourhood",
        ("ward", "area", "neighbourhood", "neighborhood", "locality", "patch", "ward name"),
    ),
    Field(
        "introduction_date",
        _("Date introduced"),
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
        _("Introduced by"),
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
        _("Level"),
        "category",
        ("level", "support level", "lac level", "level of support", "level 1 2"),
    ),
    Field("status", _("Status"), "category", ("status", "case status", "open closed", "open")),
    Field(
        "closed_date",
        _("Closed date"),
        "date",
        ("closed date", "date closed", "closure date", "date of closure", "end date", "closed on"),
    ),
    Field(
        "closure_reason",
        _("Reason for closure"),
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
    Field("postcode", _("Postcode"), "text", ("postcode", "post code", "postal code", "pcode")),
    Field(
        "notes",
        _("Notes"),
        "text",
        ("notes", "note", "comments", "comment", "details", "additional information"),
    ),
    Field(
        "coordinator",
        _("Coordinator"),
        "coordinator",
        ("coordinator", "lac", "local area coordinator", "co ordinator", "worker", "lac name"),
    ),
    Field(
        "primary_category",
        _("Primary category"),
        "category",
        (
            "primary category",
            "category",
            "main reason",
            "main reason for introduction",
            "primary need",
            "client group",
            "client category",
        ),
    ),
    Field(
        "housing_tenure",
        _("Housing"),
        "category",
        ("housing", "tenure", "housing tenure", "housing type", "housing status", "accommodation"),
    ),
    Field(
        "challenges",
        _("Challenges"),
        "categories",
        (
            "challenges",
            "challenge",
            "issues at introduction",
            "issues",
            "presenting issues",
            "needs",
            "needs at introduction",
            "challenges at introduction",
        ),
    ),
    Field(
        "hopes",
        _("Hopes"),
        "text",
        ("hopes", "what they want", "what they hope for", "hopes and goals", "what matters"),
    ),
    Field(
        "phone",
        _("Phone"),
        "text",
        (
            "phone",
            "telephone",
            "tel",
            "phone number",
            "telephone number",
            "mobile",
            "contact number",
        ),
    ),
    Field("email", _("Email"), "text", ("email", "e mail", "email address", "e mail address")),
    Field(
        "next_contact",
        _("Next contact"),
        "date",
        (
            "next contact",
            "next contact date",
            "date of next contact",
            "next visit",
            "follow up date",
        ),
    ),
    Field(
        "last_contact",
        _("Last contact"),
        "date",
        ("last contact", "last contact date", "date of last contact", "last seen", "last visit"),
    ),
    Field(
        "first_assessment_date",
        _("First assessment date"),
        "date",
        (
            "first assessment date",
            "date of first assessment",
            "baseline date",
            "start assessment date",
        ),
    ),
    Field(
        "latest_assessment_date",
        _("Latest assessment date"),
        "date",
        (
            "latest assessment date",
            "last assessment date",
            "date of latest assessment",
            "date of last assessment",
            "review date",
            "end assessment date",
        ),
    ),
    Field(
        "services_avoided",
        _("Services avoided"),
        "avoided",
        (
            "services avoided",
            "service avoided",
            "avoided services",
            "costs avoided",
            "crises avoided",
        ),
    ),
    Field(
        "outcomes",
        _("What changed"),
        "outcomes",
        (
            "what changed",
            "what has changed",
            "outcome",
            "outcomes",
            "outcome event",
            "outcome events",
            "changes",
            "achievements",
        ),
    ),
    # The sheet's own id for a person, to join a contacts log or an outcomes sheet by.
    Field(
        "record_id",
        _("ID (the sheet's own)"),
        "text",
        (
            "id",
            "ref",
            "reference",
            "ref no",
            "ref number",
            "reference number",
            "client id",
            "client ref",
            "client number",
            "person id",
            "person ref",
            "record id",
            "unique id",
            "id number",
            "case number",
            "case ref",
            "case id",
        ),
    ),
    # A contacts log: one row per conversation.
    Field(
        "contact_date",
        _("Contact date"),
        "date",
        (
            "contact date",
            "date of contact",
            "conversation date",
            "date of conversation",
            "date contacted",
            "visit date",
            "date of visit",
        ),
    ),
    Field(
        "contact_mode",
        _("How (contact type)"),
        "category",
        (
            "contact type",
            "type of contact",
            "contact method",
            "method of contact",
            "how contacted",
            "mode",
            "mode of contact",
            "contact mode",
            "how",
        ),
    ),
    Field(
        "duration",
        _("Duration (minutes)"),
        "minutes",
        (
            "duration",
            "duration mins",
            "duration minutes",
            "minutes",
            "mins",
            "length of contact",
            "time spent",
            "time spent mins",
            "how long",
        ),
    ),
    # A sheet of outcomes, one row per change.
    Field(
        "outcome_date",
        _("Date of change"),
        "date",
        ("date of change", "outcome date", "date changed", "date of outcome", "date achieved"),
    ),
    # A sheet of services avoided, one row per service.
    Field(
        "avoided_quantity",
        _("Quantity"),
        "number",
        ("quantity", "qty", "how many", "units", "number of units", "number avoided"),
    ),
    Field(
        "avoided_date",
        _("Date avoided"),
        "date",
        ("date avoided", "avoided date", "date of service avoided", "date service avoided"),
    ),
    Field(
        "confidence",
        _("Confidence"),
        "category",
        ("confidence", "how sure", "confidence level", "evidence level", "evidence"),
    ),
    # The equality questions (lac.people.equality), answered in the census's words or its
    # codes, and the consent that lets lac keep the answers.
    Field("sex", _("Sex"), "category", ("sex", "gender", "gender sex", "sex gender", "m f")),
    Field(
        "gender_identity",
        _("Gender identity"),
        "category",
        (
            "gender identity",
            "trans",
            "gender same as sex registered at birth",
            "gender same as birth",
            "is the gender you identify with the same as your sex registered at birth",
        ),
    ),
    Field(
        "ethnic_group",
        _("Ethnic group"),
        "category",
        ("ethnic group", "ethnicity", "ethnic origin", "ethnic background", "race"),
    ),
    Field(
        "disability",
        _("Disability"),
        "category",
        (
            "disability",
            "disabled",
            "disability status",
            "long term condition",
            "long term health condition",
            "disability or long term condition",
        ),
    ),
    Field(
        "religion", _("Religion"), "category", ("religion", "faith", "religion or belief", "belief")
    ),
    Field(
        "sexual_orientation",
        _("Sexual orientation"),
        "category",
        ("sexual orientation", "sexuality", "orientation"),
    ),
    Field(
        "equality_consent",
        _("Equality consent"),
        "consent",
        (
            "equality consent",
            "consent to equality questions",
            "equality questions consent",
            "equality monitoring consent",
            "consent equality",
            "equality consent date",
            "date of equality consent",
        ),
    ),
)
FIELDS_BY_NAME = {f.name: f for f in FIELDS}
CATEGORY_FIELDS = (
    "source",
    "level",
    "status",
    "closure_reason",
    "primary_category",
    "housing_tenure",
    *EQUALITY_FIELDS,
)
LISTED_FIELDS = ("challenges", "services_avoided", "outcomes")
"""Fields whose cells hold several values, each matched to the programme's own list."""

SCORE_PREFIX = "score"
FIRST, LATEST = "first", "latest"
MOMENTS = {
    **dict.fromkeys(("first", "start", "baseline", "initial", "intro"), FIRST),
    **dict.fromkeys(("latest", "last", "end", "review", "final", "closing"), LATEST),
}
SCORE_HEADER = re.compile(
    r"^\s*(?P<area>.+?)\s*(?:\((?P<bracketed>[^)]*)\)|[-–—:]\s*(?P<dashed>[A-Za-z ]+))\s*$"
)


def list_key(text: str) -> str:
    """How a life area, challenge or rate card item is compared: folded, "&" and "and" alike."""
    words = fold(str(text).replace("&", " and ")).split()
    return " ".join(w for w in words if w != "and")


def score_field(domain_key: str, moment: str) -> str:
    """The mapping target of a progress score column: "score:money:first"."""
    return f"{SCORE_PREFIX}:{domain_key}:{moment}"


def parse_score_field(target: str) -> tuple[str, str] | None:
    """(domain key, moment) of a score target, or None for any other field."""
    parts = target.split(":")
    if len(parts) == 3 and parts[0] == SCORE_PREFIX and parts[2] in (FIRST, LATEST):
        return parts[1], parts[2]
    return None


def score_header(header: str) -> tuple[str, str] | None:
    """(life area as written, moment) for "Life Control (first)" or "People support - latest"."""
    match = SCORE_HEADER.match(header)
    if match is None:
        return None
    moment = MOMENTS.get(normalise(match["bracketed"] or match["dashed"] or ""))
    return (match["area"], moment) if moment else None


NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=65536)
def normalise(text: object) -> str:
    """Lower case, punctuation to spaces, single spaces: how headers and values are compared."""
    lowered = str(text).strip().lower().replace("&", " and ").replace("'", "").replace("’", "")
    return " ".join(NOT_ALPHANUMERIC.sub(" ", lowered).split())


def equality_spellings() -> dict[str, dict[str, str]]:
    """Each equality question's answers as a sheet may write them: the census's words
    (and, for an ethnic group, the words after its heading), the code, and a few common
    shorthands. Anything else is listed for a person to map, like any unknown value."""
    spellings: dict[str, dict[str, str]] = {}
    with translation.override("en"):  # the census's English words, whatever a page's language
        for q in QUESTIONS:
            table = spellings[q.field] = {}
            for code, label in q.choices.choices:
                table[normalise(code)] = table[normalise(label)] = code
                if ":" in str(label):
                    table.setdefault(normalise(str(label).split(":", 1)[1]), code)
        for said in ("prefer not to say", "prefer not to answer", "rather not say", "pnts"):
            table[said] = PREFER_NOT_TO_SAY
    spellings["sex"] |= {"f": "female", "m": "male"}
    # The census's second disability question's answers ("Yes, a lot", "Yes, a little").
    spellings["disability"] |= {"yes a lot": "limited_a_lot", "yes a little": "limited_a_little"}
    spellings["ethnic_group"] |= dict.fromkeys(
        ("white british", "british", "english", "welsh", "scottish"), "white_british"
    )
    spellings["sexual_orientation"] |= {
        "heterosexual": "straight",
        "straight": "straight",
        "gay": "gay_lesbian",
        "lesbian": "gay_lesbian",
    }
    return spellings


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
    "primary_category": {
        **dict.fromkeys(
            ["older person", "older people", "older adult", "elderly", "older"], "older_person"
        ),
        **dict.fromkeys(["mental health", "mh", "mental ill health"], "mental_health"),
        **dict.fromkeys(
            ["physical disability", "physical disabilities", "pd", "physical health"],
            "physical_disability",
        ),
        **dict.fromkeys(
            ["learning disability", "learning disabilities", "ld", "autism"],
            "learning_disability",
        ),
        **dict.fromkeys(["carer", "carers", "unpaid carer"], "carer"),
        **dict.fromkeys(["young person", "young people", "youth", "young adult"], "young_person"),
        **dict.fromkeys(["other"], "other"),
    },
    "housing_tenure": {
        **dict.fromkeys(
            [
                "council",
                "council tenant",
                "council house",
                "council rented",
                "social rented",
                "social housing",
                "la tenant",
            ],
            "social_rented",
        ),
        **dict.fromkeys(
            ["housing association", "ha", "rsl", "registered social landlord", "ha tenant"],
            "housing_association",
        ),
        **dict.fromkeys(
            [
                "owner",
                "owner occupier",
                "owner occupied",
                "own home",
                "homeowner",
                "home owner",
                "mortgage",
                "owns home",
            ],
            "owner_occupier",
        ),
        **dict.fromkeys(
            ["private rented", "private", "private landlord", "private tenant", "private rent"],
            "private_rented",
        ),
        **dict.fromkeys(["other", "supported housing", "living with family"], "other"),
        **dict.fromkeys(["unknown", "not known", "n k", "nk"], "unknown"),
    },
    "challenges": {
        **dict.fromkeys(
            ["lonely", "loneliness", "isolated", "isolation", "social isolation"], "isolation"
        ),
        **dict.fromkeys(
            ["debt", "benefits", "money", "finance", "finances", "money worries"], "money"
        ),
        **dict.fromkeys(["health", "physical health", "mobility"], "health"),
        **dict.fromkeys(["mental health", "anxiety", "depression", "wellbeing"], "mental-health"),
        **dict.fromkeys(["housing", "home", "homelessness", "tenancy"], "housing"),
        **dict.fromkeys(["safety", "feeling unsafe", "safeguarding"], "safety"),
        **dict.fromkeys(["caring", "carer", "caring responsibilities"], "caring"),
        **dict.fromkeys(
            ["work", "employment", "learning", "volunteering", "training"], "work-learning"
        ),
        **dict.fromkeys(["family", "relationships", "family relationships"], "family"),
        **dict.fromkeys(["being heard", "not being heard", "services"], "being-heard"),
        **dict.fromkeys(["other", "something else"], "other"),
    },
    "services_avoided": {},
    "outcomes": {},
    "contact_mode": {
        **dict.fromkeys(
            ["home visit", "visit", "home", "hv", "face to face at home", "at home"], "home_visit"
        ),
        **dict.fromkeys(
            ["phone", "telephone", "phone call", "call", "tel", "mobile", "text", "sms"], "phone"
        ),
        **dict.fromkeys(
            [
                "community venue",
                "community",
                "venue",
                "cafe",
                "library",
                "community centre",
                "face to face",
                "f2f",
                "in person",
                "met",
            ],
            "community_venue",
        ),
        **dict.fromkeys(
            ["online", "video", "video call", "zoom", "teams", "email", "e mail", "whatsapp"],
            "online",
        ),
        **dict.fromkeys(["other"], "other"),
    },
    "confidence": {
        **dict.fromkeys(
            [
                "evidenced",
                "evidence",
                "evidenced by a professional",
                "professional",
                "confirmed",
                "high",
            ],
            "evidenced",
        ),
        **dict.fromkeys(
            ["reported", "self reported", "reported by the person", "person said", "medium"],
            "reported",
        ),
        **dict.fromkeys(
            [
                "judged",
                "judgement",
                "judgment",
                "coordinators judgement",
                "coordinator",
                "estimate",
                "estimated",
                "low",
            ],
            "judged",
        ),
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
    **equality_spellings(),
}
