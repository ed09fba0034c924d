"""Demo people and their casework: introductions, levels, status, conversations,
visions, goals with steps, consent and a few households and duplicates.

Shapes follow the seeds. Derby's ten-year-journey slides: introductions 37%
council, 30% primary and secondary health, 19% self, family, friends and
neighbours (the other 14%, police, fire, housing, voluntary sector, schools
and pharmacies, is not broken down there: its split is ours); ages 55% 31–64
and 29% 65 or over; more than three in four wanting to overcome isolation at
introduction, 45% to be heard, 35% with money problems, 25% health. Derby's
SROI forecast summary: Level 1 : Level 2 as 1,907 : 1,364, tenure, main
reasons and an average age of 60. Names are invented and obviously so.

Everything is bulk-created in chunks, so the network scale (about a hundred
thousand people) builds in well under a minute; per-person records are fewer
at that scale. Introductions, level changes, changes of status and conversations are
built by their casework service's constructor (``introduction_build``,
``level_change_fields``…), so a demo record is made as a recorded one is; a person's
opening level and status rows by ``opening_history_fields``, as the service and the
import make theirs.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from typing import Any, TypeVar

from django.db import connection, models
from django.utils import timezone

from lac.accounts.models import Neighbourhood, Programme
from lac.casework.models import (
    Challenge,
    ClosureReason,
    Conversation,
    ConversationMode,
    Goal,
    Introduction,
    IntroductionSource,
    LevelChange,
    ProgressStatus,
    StatusChange,
    Step,
    Vision,
)
from lac.casework.services import (
    conversation_fields,
    default_lists_ensure,
    introduction_build,
    level_change_fields,
    opening_history_build,
    opening_history_fields,
    status_change_fields,
)
from lac.demo.context import DemoContext
from lac.demo.plan import DEMO_YEARS, LEVEL_2_SHARE
from lac.people.ages import band_at_introduction
from lac.people.models import (
    Consent,
    ConsentMethod,
    ConsentTopic,
    Household,
    HousingTenure,
    Level,
    Person,
    PreferredContact,
    PrimaryCategory,
    Status,
)
from lac.people.services import person_build, person_set_keys

CHUNK = 2_000

FIRST_NAMES = (
    "Ada",
    "Bram",
    "Cora",
    "Dafydd",
    "Edie",
    "Faisal",
    "Gwen",
    "Hamza",
    "Iris",
    "Jude",
    "Kofi",
    "Lowri",
    "Mabel",
    "Nadia",
    "Osian",
    "Pearl",
    "Rafi",
    "Saoirse",
    "Tariq",
    "Una",
    "Vera",
    "Wilf",
    "Yusuf",
    "Zara",
    "Alma",
    "Bilal",
    "Cerys",
    "Dev",
    "Elsie",
    "Fergus",
)
SURNAMES = (
    "Applewood",
    "Bramblecombe",
    "Cinderford",
    "Dovecote",
    "Elderberry",
    "Fernhill",
    "Gorsebrook",
    "Hazelmere",
    "Ivyleaf",
    "Juniperton",
    "Kestrelby",
    "Larkspur",
    "Meadowsweet",
    "Nettlebed",
    "Oakapple",
    "Primrose-Demo",
    "Quillfeather",
    "Rowanby",
    "Sorrelton",
    "Thistledown",
    "Underwood-Demo",
    "Willowherb",
    "Yarrowfield",
    "Zephyrton",
)
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
LANGUAGES = ("Polish", "Urdu", "Punjabi", "Welsh", "British Sign Language", "Romanian")
STREETS = ("Demo Street", "Sample Road", "Example Avenue", "Fictional Close", "Madeup Lane")

# (source code, weight): Derby's shares, with health split into primary and secondary.
SOURCE_WEIGHTS = (
    ("council", 37),
    ("primary-health", 20),
    ("secondary-health", 10),
    ("self", 9),
    ("family-friend-neighbour", 10),
    ("police", 3),
    ("fire", 2),
    ("housing-provider", 3),
    ("voluntary-sector", 3),
    ("school", 1),
    ("pharmacy", 1),
    ("other", 1),
)
# Derby slides, "Challenges people faced upon Intro": more than 75% isolation,
# 45% to be heard, 35% financial problems, 25% health. The rest are ours;
# mental health is named for most people whose main reason it is (38%, Derby
# forecast summary) and few others: MENTAL_HEALTH_CHANCES.
CHALLENGE_CHANCES = (
    ("isolation", 0.77),
    ("being-heard", 0.45),
    ("money", 0.35),
    ("health", 0.25),
    ("housing", 0.15),
    ("safety", 0.08),
    ("caring", 0.10),
    ("work-learning", 0.08),
    ("family", 0.10),
)
MENTAL_HEALTH_CHANCES: dict[str, float] = {PrimaryCategory.MENTAL_HEALTH: 0.8}
OTHERWISE = 0.05
CLOSURE_WEIGHTS = (
    ("goals-met", 35),
    ("connected", 30),
    ("person-chose", 10),
    ("no-contact", 10),
    ("moved-away", 6),
    ("services", 5),
    ("died", 2),
    ("other", 2),
)
# Derby's forecast summary: 39% Derby Homes (the council's own homes), 24% other
# housing associations, 31% owner occupied, 4% privately renting; the 2% it
# leaves out is split between other and not known.
TENURE_WEIGHTS = (
    (HousingTenure.SOCIAL_RENTED, 39),
    (HousingTenure.HOUSING_ASSOCIATION, 24),
    (HousingTenure.OWNER_OCCUPIER, 31),
    (HousingTenure.PRIVATE_RENTED, 4),
    (HousingTenure.OTHER, 1),
    (HousingTenure.UNKNOWN, 1),
)
# Derby forecast summary: "the majority are categorised as either people with mental health
# needs (38%) or older people (25%)". The other 37% is not
# broken down in the seeds: its split here is our assumption.
CATEGORY_WEIGHTS = (
    (PrimaryCategory.MENTAL_HEALTH, 38),
    (PrimaryCategory.OLDER_PERSON, 25),
    (PrimaryCategory.PHYSICAL_DISABILITY, 12),
    (PrimaryCategory.LEARNING_DISABILITY, 8),
    (PrimaryCategory.CARER, 7),
    (PrimaryCategory.YOUNG_PERSON, 4),
    (PrimaryCategory.OTHER, 6),
)
# Ages (inclusive) by main reason, chosen so the bands come to the Derby
# slides' "55% aged 31-64" and "29% 65+" (the other 16% younger): about 15%,
# 55% and 30%. The forecast summary's "average age of those supported is 60"
# is from 2016 and does not fit the slides' bands (they give about 52); the
# demo follows the slides, the later of the two.
CATEGORY_AGES = {
    PrimaryCategory.MENTAL_HEALTH: (24, 64),
    PrimaryCategory.OLDER_PERSON: (65, 92),
    PrimaryCategory.PHYSICAL_DISABILITY: (28, 74),
    PrimaryCategory.LEARNING_DISABILITY: (20, 55),
    PrimaryCategory.CARER: (35, 76),
    PrimaryCategory.YOUNG_PERSON: (16, 25),
    PrimaryCategory.OTHER: (22, 70),
}
MODE_WEIGHTS = (
    (ConversationMode.HOME_VISIT, 40),
    (ConversationMode.PHONE, 30),
    (ConversationMode.COMMUNITY_VENUE, 22),
    (ConversationMode.ONLINE, 5),
    (ConversationMode.OTHER, 3),
)
HOPES = (
    "To get out of the house more and meet people nearby.",
    "To sort out the debts that keep me awake at night.",
    "To be listened to by the people who make decisions about my care.",
    "To stay in my own home and keep my independence.",
    "To find something useful to do with my days.",
    "To feel safe on my street again.",
    "To have a break from caring now and then.",
    "To get back into gardening and meet others who enjoy it.",
)
NOTES = (
    "Talked over a cup of tea about what a good week would look like.",
    "Went together to the community café; met two neighbours.",
    "Phoned to check how the first session at the group went. Enjoyed it.",
    "Helped to write a letter to the housing office about the repairs.",
    "Looked at the benefits calculator together; appointment booked with the advice service.",
    "Walked to the library; signed up for the digital skills class.",
    "Quiet today. Agreed to meet again next week at the park.",
    "Met their daughter too; talked about sharing the caring.",
)
VISIONS = (
    "A life where I know my neighbours by name and someone would notice if I was unwell.",
    "Being well enough to look after my grandchildren on Saturdays.",
    "Having a bit of money left at the end of the month and no letters I am afraid to open.",
    "Doing something every week that I look forward to, with people who like me.",
    "Feeling useful again: sharing what I know about fixing bikes.",
)
GOALS = (
    (
        "Join a walking group",
        ("Find a group near home", "Go along once with the coordinator", "Go on my own"),
    ),
    ("Get my money sorted", ("Gather the letters", "See the advice service", "Set up a budget")),
    (
        "Get back to the allotment",
        ("Ask about a shared plot", "Go to the open day", "Plant something"),
    ),
    (
        "Meet people nearby",
        ("Try the community café", "Say hello to the neighbours", "Invite someone round"),
    ),
    (
        "Learn to video call my family",
        ("Borrow a tablet from the library", "Go to the digital class"),
    ),
    ("Volunteer at the food bank", ("Visit the food bank", "Do a first shift")),
)


@dataclass
class Lists:
    sources: list[IntroductionSource]
    source_weights: list[int]
    challenges: dict[str, Challenge]
    reasons: list[ClosureReason]
    reason_weights: list[int]


@dataclass
class Plan:
    """What one person's record will hold, decided before anything is written."""

    person: Person
    introduced: date
    level_start: int
    level_now: int
    level_changed: date | None
    statuses: list[tuple[str, date, ClosureReason | None]] = field(default_factory=list)
    """Changes of status after the opening one, which :func:`opening_history_fields` makes."""
    reintroduced: date | None = None
    conversations: list[date] = field(default_factory=list)

    def status_now(self) -> tuple[str, date]:
        """The status the person ends with and since when: the last change planned, or
        the opening one (from the one rule, so the person's row and their history agree)."""
        if self.statuses:
            status, since, _ = self.statuses[-1]
            return status, since
        _, opening = opening_history_fields(level=self.level_start, date=self.introduced)
        return opening["status"], opening["date"]


def build_casework(ctx: DemoContext) -> None:
    """People, introductions and casework for every demo programme."""
    lists = _lists()
    network = ctx.plan.scale == "network"
    for programme_plan in ctx.plan.programmes:
        programme = ctx.programmes[programme_plan.slug]
        neighbourhoods = ctx.neighbourhoods[programme_plan.slug]
        remaining = programme_plan.people
        serial = 0
        while remaining > 0:
            size = min(CHUNK, remaining)
            _build_chunk(ctx, programme, neighbourhoods, lists, size, serial, network)
            serial += size
            remaining -= size
        if not network:
            _households_and_duplicates(ctx, programme)


def _lists() -> Lists:
    default_lists_ensure()
    sources = {s.code: s for s in IntroductionSource.objects.filter(programme=None)}
    reasons = {r.code: r for r in ClosureReason.objects.filter(programme=None)}
    return Lists(
        sources=[sources[code] for code, _ in SOURCE_WEIGHTS],
        source_weights=[w for _, w in SOURCE_WEIGHTS],
        challenges={c.code: c for c in Challenge.objects.filter(programme=None)},
        reasons=[reasons[code] for code, _ in CLOSURE_WEIGHTS],
        reason_weights=[w for _, w in CLOSURE_WEIGHTS],
    )


T = TypeVar("T")


def _pick(rng: random.Random, weighted: Sequence[tuple[T, int]]) -> T:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _person(ctx: DemoContext, neighbourhood: Neighbourhood, serial: int, started: date) -> Person:
    rng = ctx.rng
    first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    category = _pick(rng, CATEGORY_WEIGHTS)
    age = rng.randint(*CATEGORY_AGES[category])
    born = ctx.today - timedelta(days=age * 365 + rng.randint(0, 364))
    has_birth_date = rng.random() < 0.6
    house = serial % 180 + 1
    area = neighbourhood.pk % 90 + 1
    return person_build(
        age_on=started,
        full_name=f"{first} {surname}",
        date_of_birth=born if has_birth_date else None,
        age_band=band_at_introduction(born, started),
        phone=f"07700 9{rng.randint(0, 99999):05d}" if rng.random() < 0.85 else "",
        email=f"{first.lower()}.{surname.lower()}{serial}@example.org"
        if rng.random() < 0.3
        else "",
        address_line_1=f"{house} {rng.choice(STREETS)}",
        town=neighbourhood.programme.name.split(" Local")[0],
        postcode=f"DM{area} {rng.randint(1, 9)}{''.join(rng.choices(POSTCODE_LETTERS, k=2))}",
        preferred_contact=_pick(
            rng,
            (
                (PreferredContact.PHONE, 50),
                (PreferredContact.TEXT, 20),
                (PreferredContact.IN_PERSON, 20),
                (PreferredContact.EMAIL, 5),
                (PreferredContact.VIA_SOMEONE, 5),
            ),
        ),
        neighbourhood=neighbourhood,
        primary_category=category,
        housing_tenure=_pick(rng, TENURE_WEIGHTS),
        first_language="English" if rng.random() < 0.88 else rng.choice(LANGUAGES),
        coordinator=ctx.coordinators.get(neighbourhood.pk),
        status_since=started,
    )


def _build_chunk(
    ctx: DemoContext,
    programme: Programme,
    neighbourhoods: list[Neighbourhood],
    lists: Lists,
    size: int,
    serial: int,
    network: bool,
) -> None:
    rng, today = ctx.rng, ctx.today
    span = min((today - programme.start_date).days, DEMO_YEARS * 365)
    plans: list[Plan] = []
    for offset in range(size):
        neighbourhood = rng.choice(neighbourhoods)
        # A steady flow of introductions, as in a programme running for years
        # (Derby has had ten coordinators since September 2015).
        introduced = today - timedelta(days=rng.randrange(span))
        level_now = Level.LEVEL_2 if rng.random() < LEVEL_2_SHARE else Level.LEVEL_1
        moved_up = level_now == Level.LEVEL_2 and rng.random() < 0.2
        level_start = Level.LEVEL_1 if moved_up else level_now
        changed = introduced + timedelta(days=rng.randint(7, 90)) if moved_up else None
        plan = Plan(
            person=_person(ctx, neighbourhood, serial + offset, introduced),
            introduced=introduced,
            level_start=level_start,
            level_now=level_now,
            level_changed=changed,
        )
        closes = introduced + timedelta(days=_days_alongside(rng, level_now))
        if closes < today:
            reason = rng.choices(lists.reasons, weights=lists.reason_weights)[0]
            plan.statuses.append((Status.CLOSED, closes, reason))
            if (today - closes).days > 60 and rng.random() < 0.06:
                plan.reintroduced = closes + timedelta(days=rng.randint(30, (today - closes).days))
                plan.statuses.append((Status.ACTIVE, plan.reintroduced, None))
        elif (today - introduced).days > 30 and rng.random() < 0.06:
            plan.statuses.append((Status.PAUSED, today - timedelta(days=rng.randint(1, 30)), None))
        plan.person.status, plan.person.status_since = plan.status_now()
        plan.person.level = level_now
        _plan_conversations(ctx, plan, network)
        plans.append(plan)

    Person.objects.bulk_create([p.person for p in plans], batch_size=CHUNK)
    rows = Rows()
    _introductions(ctx, lists, plans)
    _levels_and_statuses(rows, plans)
    _conversations(ctx, rows, plans)
    _visions_goals_consent(ctx, rows, plans, network)


def _days_alongside(rng: random.Random, level: int) -> int:
    """How long a coordinator walks alongside someone before the record closes.

    Level 1 is "low level one off support and advice" (Derby forecast summary):
    a few weeks. Level 2 is "longer term support for individuals with more
    complex needs", with "no time restraints" (Derby slides): months, and for
    some more than a year. The seeds give no durations; these are ours.
    """
    if level == Level.LEVEL_1:
        return rng.randint(7, 90)
    return int(rng.triangular(60, 720, 240))


def _introductions(ctx: DemoContext, lists: Lists, plans: list[Plan]) -> None:
    rng = ctx.rng
    introductions, wanted = [], []
    for plan in plans:
        for when in (plan.introduced, plan.reintroduced):
            if when is None:
                continue
            introductions.append(
                introduction_build(
                    person=plan.person,
                    date=when,
                    source=rng.choices(lists.sources, weights=lists.source_weights)[0],
                    introducer=rng.choice(
                        (
                            "",
                            "",
                            "Adult social care front door",
                            "GP practice",
                            "Neighbourhood police team",
                            "Citizens Advice",
                            "Her son",
                        )
                    ),
                    hopes=rng.choice(HOPES) if rng.random() < 0.8 else "",
                    recorded_by=plan.person.coordinator,
                )
            )
            codes = [code for code, chance in CHALLENGE_CHANCES if rng.random() < chance]
            category = plan.person.primary_category
            if rng.random() < MENTAL_HEALTH_CHANCES.get(category, OTHERWISE):
                codes.append("mental-health")
            wanted.append(codes)
    Introduction.objects.bulk_create(introductions, batch_size=CHUNK)
    Rows.insert(
        Introduction.challenges.through,
        ("introduction", "challenge"),
        [
            (intro.pk, lists.challenges[code].pk)
            for intro, codes in zip(introductions, wanted, strict=True)
            for code in codes
        ],
    )


class Rows:
    """Plain rows for the big tables, inserted with ``executemany``: building a
    model instance per row costs more than the insert itself at network scale."""

    def __init__(self) -> None:
        self.date = connection.ops.adapt_datefield_value
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())

    @staticmethod
    def insert(model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        quote = connection.ops.quote_name
        names = ", ".join(quote(_column(model, name)) for name in columns)
        marks = ", ".join(["%s"] * len(columns))
        # Names come from the model's own metadata; every value is a parameter.
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 5 * CHUNK):
                cursor.executemany(sql, rows[start : start + 5 * CHUNK])

    def insert_records(self, model: type[models.Model], records: list[dict[str, Any]]) -> None:
        """Insert records built by their service's constructor (``conversation_fields``…:
        attname → value, the same names in each), stamped as created now. Their dates are
        adapted in place, a column at a time: a list per row costs more than the insert."""
        if not records:
            return
        names = list(records[0])
        adapt = self.date
        for name in names:
            field = model._meta.get_field(name)
            if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
                for record in records:
                    record[name] = adapt(record[name])
        values = itemgetter(*names)
        self.insert(model, (*names, "created"), [(*values(r), self.now) for r in records])


def _column(model: type[models.Model], name: str) -> str:
    """The database column of ``model``'s field ``name``: the rows name fields, the
    insert needs columns (``person`` is stored as ``person_id``)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not stored in a column of its own")
    return str(field.column)


def _levels_and_statuses(rows: Rows, plans: list[Plan]) -> None:
    levels, statuses = [], []
    moved = "Things turned out more complicated; walking alongside for longer."
    for plan in plans:
        who: dict[str, Any] = {
            "person_id": plan.person.pk,
            "recorded_by_id": plan.person.coordinator_id,
        }
        level, status = opening_history_fields(level=plan.level_start, date=plan.introduced, **who)
        levels.append(level)
        statuses.append(status)
        if plan.level_changed:
            levels.append(
                level_change_fields(
                    level=plan.level_now, date=plan.level_changed, note=moved, **who
                )
            )
        for later, when, reason in plan.statuses:
            statuses.append(
                status_change_fields(
                    status=later, date=when, reason_id=reason.pk if reason else None, **who
                )
            )
    rows.insert_records(LevelChange, levels)
    rows.insert_records(StatusChange, statuses)


def _active_until(plan: Plan, today: date) -> date:
    status, since = plan.status_now()
    return since if status == Status.CLOSED else today


def _plan_conversations(ctx: DemoContext, plan: Plan, network: bool) -> None:
    """Conversation dates, and from them the person's last and next contact."""
    rng, today = ctx.rng, ctx.today
    level_2 = plan.level_now == Level.LEVEL_2
    start, end = plan.introduced, _active_until(plan, today)
    days = max(0, (end - start).days)
    if network:
        # Years of fortnightly walking alongside: about eleven conversations a
        # person, over a million in all, the volume the benchmarks must carry.
        count = rng.randint(10, 26) if level_2 else rng.randint(3, 9)
    else:
        # Level 1: a conversation or three. Level 2: every two to six weeks while open.
        count = max(2, days // rng.randint(14, 42)) if level_2 else rng.randint(1, 3)
    plan.conversations = sorted(start + timedelta(days=rng.randint(0, days)) for _ in range(count))
    person = plan.person
    person.last_contact_date = plan.conversations[-1] if plan.conversations else None
    if person.status == Status.ACTIVE:
        base = person.last_contact_date or plan.introduced
        # about one in six is overdue; most are due within the next few weeks
        if rng.random() < 0.17:
            person.next_contact_date = today - timedelta(days=rng.randint(1, 21))
        else:
            person.next_contact_date = max(
                today, base + timedelta(days=rng.randint(7, 42))
            ) + timedelta(days=rng.randint(0, 14))


def _conversations(ctx: DemoContext, rows: Rows, plans: list[Plan]) -> None:
    rng = ctx.rng
    modes, weights = [m for m, _ in MODE_WEIGHTS], [w for _, w in MODE_WEIGHTS]
    durations = (15, 20, 30, 45, 60, 60, 90, 120)
    company = ("", "", "", "Their daughter", "A neighbour", "Their carer")
    data = []
    for plan in plans:
        pk, who = plan.person.pk, plan.person.coordinator_id
        chosen = rng.choices(modes, weights=weights, k=len(plan.conversations))
        for when, mode in zip(plan.conversations, chosen, strict=True):
            data.append(
                conversation_fields(
                    person_id=pk,
                    date=when,
                    mode=mode,
                    duration_minutes=rng.choice(durations),
                    who_was_there=rng.choice(company),
                    note=rng.choice(NOTES),
                    recorded_by_id=who,
                )
            )
    rows.insert_records(Conversation, data)


def _visions_goals_consent(ctx: DemoContext, rows: Rows, plans: list[Plan], network: bool) -> None:
    rng, today = ctx.rng, ctx.today
    visions, goals, steps_for = [], [], []
    consents: list[tuple[object, ...]] = []
    for plan in plans:
        level_2 = plan.level_now == Level.LEVEL_2
        person, pk, who = plan.person, plan.person.pk, plan.person.coordinator_id
        end = _active_until(plan, today)
        span = max(1, (end - plan.introduced).days)
        given = rows.date(plan.introduced)
        if rng.random() < (0.8 if level_2 else 0.2):
            first = plan.introduced + timedelta(days=min(span, rng.randint(7, 60)))
            visions.append((pk, rng.choice(VISIONS), rows.date(first), who, rows.now))
            if rng.random() < 0.2 and not network:
                later = first + timedelta(days=rng.randint(30, 200))
                if later <= end:
                    visions.append((pk, rng.choice(VISIONS), rows.date(later), who, rows.now))
        if level_2:
            goal_count = rng.randint(1, 2) if network else rng.randint(1, 3)
        else:
            goal_count = 1 if rng.random() < 0.3 else 0
        for title, step_texts in rng.sample(GOALS, goal_count):
            set_on = plan.introduced + timedelta(days=min(span, rng.randint(7, 90)))
            done_steps = rng.randint(0, len(step_texts))
            finished = done_steps == len(step_texts) and (end - set_on).days > 30
            if finished:
                status = ProgressStatus.COMPLETED
            else:
                status = ProgressStatus.IN_PROGRESS if done_steps else ProgressStatus.NOT_STARTED
            completed = min(end, set_on + timedelta(days=rng.randint(30, 180)))
            goal = Goal(
                person=person,
                title=title,
                set_on=set_on,
                status=status,
                completed_on=completed if finished else None,
                recorded_by_id=who,
            )
            goals.append(goal)
            steps_for.append((goal, step_texts, done_steps))
        method = ConsentMethod.VERBAL if rng.random() < 0.7 else ConsentMethod.WRITTEN
        consents.append((pk, ConsentTopic.RECORD_KEEPING, "", given, method, who, None, ""))
        if rng.random() < 0.6:
            withdrawn = None
            if rng.random() < 0.03:
                when = plan.introduced + timedelta(days=rng.randint(30, 300))
                withdrawn = rows.date(when) if when <= today else None
            consents.append(
                (pk, ConsentTopic.EVALUATION, "", given, ConsentMethod.VERBAL, who, withdrawn, "")
            )
        if rng.random() < 0.3:
            shared = "Sharing with their GP practice and the housing team"
            consents.append(
                (pk, ConsentTopic.SHARING, shared, given, ConsentMethod.WRITTEN, who, None, "")
            )
    rows.insert(Vision, ("person", "text", "date", "recorded_by", "created"), visions)
    Goal.objects.bulk_create(goals, batch_size=CHUNK)
    steps = []
    for goal, texts, done in steps_for:
        for index, text in enumerate(texts):
            finished_on = min(today, goal.set_on + timedelta(days=14 * (index + 1)))
            step_done = index < done
            steps.append(
                (
                    goal.pk,
                    text,
                    ProgressStatus.COMPLETED if step_done else ProgressStatus.NOT_STARTED,
                    rows.date(finished_on) if step_done else None,
                    rows.now,
                )
            )
    rows.insert(Step, ("goal", "description", "status", "completed_on", "created"), steps)
    columns = (
        "person",
        "topic",
        "details",
        "given_on",
        "method",
        "recorded_by",
        "withdrawn_on",
        "withdrawal_note",
    )
    rows.insert(Consent, (*columns, "created"), [(*row, rows.now) for row in consents])


def _households_and_duplicates(ctx: DemoContext, programme: Programme) -> None:
    """A few households (a carer and the person they care for) and near-duplicates to merge."""
    rng = ctx.rng
    people = list(
        Person.objects.filter(neighbourhood__programme=programme)
        .select_related("neighbourhood")
        .order_by("pk")
    )
    by_neighbourhood: dict[int, list[Person]] = {}
    for person in people:
        by_neighbourhood.setdefault(person.neighbourhood_id, []).append(person)
    for members in by_neighbourhood.values():
        for first, second in list(zip(members[::2], members[1::2], strict=False))[:3]:
            surname = first.full_name.split()[-1]
            household = Household.objects.create(
                name=f"The {surname} household", neighbourhood=first.neighbourhood
            )
            second.full_name = f"{second.full_name.split()[0]} {surname}"
            second.address_line_1, second.postcode = first.address_line_1, first.postcode
            for member in (first, second):
                member.household = household
                person_set_keys(member)
            Person.objects.bulk_update(
                [first, second],
                ["household", "full_name", "address_line_1", "postcode", "name_key", "search_key"],
            )
    # The same person introduced twice under slightly different names: for the merge demo.
    for original in rng.sample(people, min(4, len(people))):
        given_name, *rest = original.full_name.split()
        name = " ".join([given_name, f"{rng.choice('ABCDEFGHJKLMNPRSTW')}.", *rest])
        introduced = ctx.today - timedelta(days=rng.randint(1, 20))
        twin = person_build(
            age_on=ctx.today,
            full_name=name,
            date_of_birth=original.date_of_birth,
            age_band=original.age_band,
            postcode=original.postcode,
            address_line_1=original.address_line_1,
            neighbourhood=original.neighbourhood,
            coordinator=original.coordinator,
            status_since=introduced,
            next_contact_date=ctx.today + timedelta(days=rng.randint(1, 10)),
        )
        twin.save()
        introduction_build(
            person=twin,
            date=introduced,
            source=IntroductionSource.objects.get(programme=None, code="self"),
            hopes="Wants to meet people nearby.",
        ).save()
        for change in opening_history_build(person=twin, level=Level.LEVEL_1, date=introduced):
            change.save()
