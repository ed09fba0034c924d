"""What the API accepts and returns (pydantic, through django-ninja).

An ``…Out`` schema is read straight from the model instance; where a field is
not a plain attribute (a code, a username, a name across a relation) a
``resolve_<field>`` says how, so one place says what a record looks like in
the API. The shape is checked here; what the words and dates may be (lengths,
date bounds, postcodes, phone numbers) is checked by the services' record rules
(``lac.lib.rules``), so the API refuses them in the same words as the web forms.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.utils import timezone as dj_timezone
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, StrictInt, field_validator

from lac.casework.models import Conversation, ConversationMode, Introduction
from lac.community.models import Asset
from lac.evaluation.evidence import split_json, value_split
from lac.evaluation.models import Run
from lac.outcomes.models import Assessment, OutcomeEvent
from lac.people.equality import (
    Disability,
    EthnicGroup,
    GenderIdentity,
    Religion,
    Sex,
    SexualOrientation,
)
from lac.people.models import Person
from lac.safety.models import RiskFlag, Visit
from lac.safety.selectors import flags_of, is_overdue
from lac.welcome.fhir import SNOMED_CT
from lac.welcome.models import HealthConcept, IncomingIntroduction, NewsBack
from lac.welcome.presentation import sections

MAX_ID = 2**63 - 1
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    """Only a YYYY-MM-DD string (or a date) is a date: not a number of seconds."""
    if isinstance(value, date) or (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("must be a date written as YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
# For a schema with a field called ``date``, where the name no longer means the type.
DateOrNone = date | None


class Error(Schema):
    detail: str


class FieldProblem(Schema):
    loc: list[str | int]
    msg: str
    type: str = ""


class ValidationErrors(Schema):
    detail: list[FieldProblem]


def username(user: Any) -> str | None:
    """Who recorded something, by username; None once their account is gone."""
    return user.get_username() if user is not None else None


class Page(Schema):
    count: int = Field(description="How many records match, on every page")
    limit: int
    offset: int


# --- People --------------------------------------------------------------------


class RiskFlagOut(Schema):
    """Something everyone who may see the person should know before meeting them."""

    id: int
    kind: str = Field(description="not_alone, animal, carer_first, meet_outside or other")
    label: str = Field(description="The flag as the web shows it, e.g. Do not visit alone")
    details: str
    set_by: str | None = Field(description="Who set it (username); None once they have left")
    set_at: datetime
    review_by: date = Field(description="When someone should check it is still needed")

    @staticmethod
    def resolve_label(obj: RiskFlag) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_set_by(obj: RiskFlag) -> str | None:
        return username(obj.set_by)


class PersonOut(Schema):
    id: int
    risk_flags: list[RiskFlagOut] = Field(
        description="Flags in force, oldest first: to read before meeting the person"
    )
    full_name: str
    preferred_name: str
    date_of_birth: date | None
    age_band: str
    phone: str
    email: str
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    preferred_contact: str
    neighbourhood_id: int
    neighbourhood: str
    programme_id: int
    primary_category: str
    housing_tenure: str
    first_language: str
    preferred_language: str = Field(
        description="The language of their plan, one-time links and messages: en-gb or cy"
    )
    communication_needs: str
    household_id: int | None
    nhs_number: str = Field(description="Ten digits, checked with the NHS modulus 11 rule")
    sex: str = Field(
        description="Equality answers (Census 2021 wording): codes, blank if not asked"
    )
    gender_identity: str
    ethnic_group: str
    disability: str
    religion: str
    sexual_orientation: str
    level: int
    status: str
    status_since: date | None
    coordinator: str | None = Field(description="The coordinator's username")
    next_contact_date: date | None
    last_contact_date: date | None
    is_anonymised: bool
    created: datetime
    updated: datetime

    @staticmethod
    def resolve_risk_flags(obj: Person) -> list[RiskFlag]:
        return flags_of(obj)

    @staticmethod
    def resolve_neighbourhood(obj: Person) -> str:
        return obj.neighbourhood.name

    @staticmethod
    def resolve_programme_id(obj: Person) -> int:
        return obj.neighbourhood.programme_id

    @staticmethod
    def resolve_coordinator(obj: Person) -> str | None:
        return username(obj.coordinator)


class PeoplePage(Page):
    items: list[PersonOut]


class CoordinatorIn(Schema):
    """Ids are whole numbers, never true or false (which JSON would otherwise turn into 1
    and 0)."""

    to_coordinator_id: StrictInt = Field(
        ge=1, le=MAX_ID, description="The coordinator to pass the person to (a user id)"
    )
    seen_coordinator_id: StrictInt | None = Field(
        None,
        ge=0,
        le=MAX_ID,
        description="The coordinator you last saw (0: none); refused if it changed meanwhile",
    )


class CaseloadIn(Schema):
    from_coordinator_id: StrictInt | None = Field(
        ge=1, le=MAX_ID, description="Whose people to pass on; null: the people with no coordinator"
    )
    to_coordinator_id: StrictInt = Field(ge=1, le=MAX_ID, description="Who to pass them to")
    neighbourhood_ids: list[Annotated[StrictInt, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list,
        max_length=500,
        description="Only the people in these neighbourhoods; empty: everyone they hold",
    )


class HandoverOut(Schema):
    moved: int = Field(description="How many people were passed on")
    from_coordinator: str | None = Field(description="Whose they were (username); null: no one")
    to_coordinator: str = Field(description="Whose they are now (username)")


# --- Casework ------------------------------------------------------------------


class IntroductionOut(Schema):
    id: int
    person_id: int
    programme_id: int
    neighbourhood_id: int
    date: date
    source: str | None = Field(description="Code of who introduced them")
    introducer: str
    hopes: str
    challenges: list[str] = Field(description="Codes of the challenges at introduction")
    recorded_by: str | None
    created: datetime

    @staticmethod
    def resolve_source(obj: Introduction) -> str | None:
        return obj.source.code if obj.source else None

    @staticmethod
    def resolve_challenges(obj: Introduction) -> list[str]:
        return sorted(c.code for c in obj.challenges.all())

    @staticmethod
    def resolve_recorded_by(obj: Introduction) -> str | None:
        return username(obj.recorded_by)


class IntroductionsPage(Page):
    items: list[IntroductionOut]


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


class TextIn(Schema):
    """Rejects NUL characters in any text: no database stores them."""

    @field_validator("*", mode="before")
    @classmethod
    def no_nul(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [_no_nul(v) for v in value]
        return _no_nul(value)


class NewPersonIn(TextIn):
    full_name: str = Field(min_length=1)
    neighbourhood_id: int = Field(ge=1, le=MAX_ID)
    preferred_name: str = ""
    date_of_birth: IsoDate | None = None
    phone: str = ""
    postcode: str = ""
    email: str = Field("", description="Checked and stored as the person page does")
    nhs_number: str = Field("", description="10 digits; spaces and hyphens are tidied away")
    preferred_language: Literal["en-gb", "cy"] = Field(
        "en-gb",
        description="The language of their plan, one-time links and messages: English (en-gb) "
        "or Welsh (cy)",
    )


class LanguageIn(Schema):
    """The language a person wants their plan, one-time links and messages in."""

    preferred_language: Literal["en-gb", "cy"] = Field(description="English (en-gb) or Welsh (cy)")


class EqualityIn(Schema):
    """A person's answers to the equality questions (``lac.people.equality``), all six
    every time (a PUT): null is "not asked". Recorded only while the person's consent to
    the equality questions stands."""

    sex: Sex | None
    gender_identity: GenderIdentity | None
    ethnic_group: EthnicGroup | None
    disability: Disability | None
    religion: Religion | None
    sexual_orientation: SexualOrientation | None


class IntroductionIn(TextIn):
    """An introduction of someone already known (``person_id``) or new (``person``)."""

    person_id: int | None = Field(None, ge=1, le=MAX_ID)
    person: NewPersonIn | None = None
    date: IsoDate
    source: str | None = Field(None, max_length=60, description="Code of who introduced them")
    introducer: str = ""
    hopes: str = ""
    challenges: list[str] = Field(default_factory=list, max_length=30)


class ConversationOut(Schema):
    id: int
    person_id: int
    date: date
    mode: str
    duration_minutes: int | None
    who_was_there: str
    note: str
    next_contact_date: DateOrNone
    recorded_by: str | None
    created: datetime

    @staticmethod
    def resolve_recorded_by(obj: Conversation) -> str | None:
        return username(obj.recorded_by)


class ConversationsPage(Page):
    items: list[ConversationOut]


class ConversationIn(TextIn):
    person_id: int = Field(ge=1, le=MAX_ID)
    date: IsoDate
    mode: ConversationMode
    duration_minutes: int | None = None
    who_was_there: str = ""
    note: str = ""
    next_contact_date: IsoDate | None = None


# --- Introductions from partners (lac.welcome) ---------------------------------


class ConceptOut(Schema):
    """A SNOMED CT concept recorded on an introduction, as a FHIR Coding has it."""

    system: str = Field(SNOMED_CT, description="Always the SNOMED CT system URI")
    code: str
    display: str = Field(description="The concept's term, as published")

    @staticmethod
    def resolve_display(obj: HealthConcept) -> str:
        return obj.term


class NewsSectionOut(Schema):
    heading: str
    text: str


class NewsOut(Schema):
    """News back about the person, in the sections of the PRSB message back."""

    id: int
    kind: str = Field(description="acknowledgement or summary")
    sent: datetime
    sections: list[NewsSectionOut]

    @staticmethod
    def resolve_sent(obj: NewsBack) -> datetime:
        return obj.created

    @staticmethod
    def resolve_sections(obj: NewsBack) -> list[dict[str, str]]:
        return [{"heading": heading, "text": text} for heading, text in sections(obj)]


class IncomingBase(Schema):
    id: int
    programme: str = Field(description="Slug of the programme")
    full_name: str
    arrived: datetime
    social_prescribing: bool
    concepts: list[ConceptOut]

    @staticmethod
    def resolve_programme(obj: IncomingIntroduction) -> str:
        return obj.programme.slug

    @staticmethod
    def resolve_concepts(obj: IncomingIntroduction) -> list[HealthConcept]:
        return list(obj.concepts.all())


class MadeOut(IncomingBase):
    """An introduction the token's user made, where it is, and the news that came back."""

    status: str = Field(
        description="waiting, welcomed, declined, or erased (never welcomed in time: its "
        "personal details are gone)"
    )
    decline_reason: str
    news: list[NewsOut]

    @staticmethod
    def resolve_status(obj: IncomingIntroduction) -> str:
        return "erased" if obj.erased else obj.decision

    @staticmethod
    def resolve_news(obj: IncomingIntroduction) -> list[NewsBack]:
        return list(obj.news.all())


class MadePage(Page):
    items: list[MadeOut]


class WaitingOut(IncomingBase):
    """An introduction waiting to be welcomed, as the coordinator's queue shows it."""

    neighbourhood_id: int | None = Field(description="None: no postcode routed it")
    route: str = Field(description="self, someone or partner")
    introducer: str
    introducer_contact: str
    phone: str
    email: str
    postcode: str
    hopes: str


class WaitingPage(Page):
    items: list[WaitingOut]


class IncomingIn(TextIn):
    """An introduction from a partner organisation's introducer, checked by the same
    service as the introducer's web form, in the same words."""

    programme: str = Field(max_length=60, description="Slug of a programme you introduce to")
    full_name: str = Field(max_length=200)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    postcode: str = Field("", max_length=10)
    neighbourhood_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Leave out to route by the postcode"
    )
    hopes: str = ""
    agreed_to_contact: bool = Field(
        False, description="The person agreed to a coordinator getting in touch"
    )
    social_prescribing: bool = Field(
        False, description="You would code it as a referral to social prescribing"
    )


# --- Outcomes ------------------------------------------------------------------


class AssessmentOut(Schema):
    id: int
    person_id: int
    date: date
    kind: str
    framework: str = Field(description="Slug of the outcome framework")
    framework_version: int
    scores: dict[str, int] = Field(description="Life area (domain key) → score")
    note: str

    @staticmethod
    def resolve_framework(obj: Assessment) -> str:
        return obj.version.framework.slug

    @staticmethod
    def resolve_framework_version(obj: Assessment) -> int:
        return obj.version.number

    @staticmethod
    def resolve_scores(obj: Assessment) -> dict[str, int]:
        return {score.domain.key: score.score for score in obj.scores.all()}


class AssessmentsPage(Page):
    items: list[AssessmentOut]


class OutcomeEventOut(Schema):
    id: int
    person_id: int
    date: date
    type: str = Field(description="Code of the outcome event type")
    type_name: str
    note: str

    @staticmethod
    def resolve_type(obj: OutcomeEvent) -> str:
        return obj.type.code

    @staticmethod
    def resolve_type_name(obj: OutcomeEvent) -> str:
        return obj.type.name


class OutcomeEventsPage(Page):
    items: list[OutcomeEventOut]


class StoryOut(Schema):
    id: int
    told_on: date
    words: str = Field(description="In the person's own words")
    what_changed: str
    changes: list[str] = Field(description="The kinds of change it tells of")
    attribution: str = Field(
        description="Their name where they agreed to be named; otherwise anonymous"
    )


class StoriesPage(Page):
    items: list[StoryOut]


# --- Community -----------------------------------------------------------------


class AssetOut(Schema):
    id: int
    uuid: str
    programme_id: int
    neighbourhood_ids: list[int]
    kind: str
    name: str
    description: str
    address_1: str
    address_2: str
    town: str
    postcode: str
    phone: str
    email: str
    website: str
    status: str
    public: bool
    last_checked: date | None

    @staticmethod
    def resolve_uuid(obj: Asset) -> str:
        return str(obj.uuid)

    @staticmethod
    def resolve_neighbourhood_ids(obj: Asset) -> list[int]:
        return sorted(n.pk for n in obj.neighbourhoods.all())


class AssetsPage(Page):
    items: list[AssetOut]


# --- Social value --------------------------------------------------------------


def _finite(value: Any) -> float | None:
    """A ratio as a JSON number, or null when there is none (no inputs: infinite, NaN)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


class RunOut(Schema):
    id: int
    programme_id: int
    impact_map: str
    impact_map_version: int
    mode: str
    period_start: date | None
    period_end: date | None
    sroi_ratio: float | None
    counted_sroi_ratio: float | None = Field(
        description="Evaluative runs: present value of outcomes counted from the records ÷ "
        "inputs (sroi_ratio adds those whose quantity is assumed in the map); null for a forecast"
    )
    status: str = Field(description="draft, published or withdrawn")
    published_at: datetime | None
    draws: int
    seed: int
    lac_version: str
    created: datetime

    @staticmethod
    def resolve_impact_map(obj: Run) -> str:
        return obj.version.impact_map.name

    @staticmethod
    def resolve_impact_map_version(obj: Run) -> int:
        return obj.version.number

    @staticmethod
    def resolve_sroi_ratio(obj: Run) -> float | None:
        return _finite((obj.result or {}).get("sroi_ratio"))

    @staticmethod
    def resolve_counted_sroi_ratio(obj: Run) -> float | None:
        split = value_split(obj)
        return _finite(split.counted_ratio) if split else None


# A run in full. ``resolved`` is what the view disclosed to this user
# (``evaluation.selectors.run_disclosed``), set on the run as ``disclosed``.
# (A docstring would become the schema's description in the OpenAPI document.)
class RunDetailOut(RunOut):
    result: dict[str, Any]
    resolved: dict[str, Any]
    counted_and_assumed: dict[str, Any] | None = Field(
        description="Evaluative runs: present value counted from records and assumed in the "
        "map, in total and by stakeholder"
    )

    @staticmethod
    def resolve_resolved(obj: Run) -> dict[str, Any]:
        return obj.disclosed.resolved  # type: ignore[attr-defined]

    @staticmethod
    def resolve_counted_and_assumed(obj: Run) -> dict[str, Any] | None:
        return split_json(obj)


class RunsPage(Page):
    items: list[RunOut]


# --- Lone working ----------------------------------------------------------------


def _with_time_zone(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("must include a time zone, like 2026-12-02T14:30:00+00:00")
    return value


class VisitIn(Schema):
    place: str = Field(description="Where you are going, in words your manager would recognise")
    expected_back: Annotated[datetime, AfterValidator(_with_time_zone)] = Field(
        description="When you expect to be back: later than now, within 12 hours"
    )
    person_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="The person you are visiting, if any"
    )


class VisitExtendIn(Schema):
    minutes: int = Field(description="More time: 15, 30 or 60 minutes")


class VisitOut(Schema):
    id: int
    programme_id: int
    person_id: int | None
    place: str
    started_at: datetime
    expected_back: datetime
    ended_at: datetime | None
    overdue: bool = Field(description="Not ended, and the time to be back has passed")

    @staticmethod
    def resolve_overdue(obj: Visit) -> bool:
        return is_overdue(obj, dj_timezone.now())


class VisitsPage(Page):
    items: list[VisitOut]
