"""The programme dashboard: each table from a fixed number of queries, whatever the data size.

Every function takes a :class:`Filter` (programme, period, optionally some
neighbourhoods) and returns a :class:`~lac.reports.tables.Table` of plain
numbers; the view protects them for viewers outside the personal-data
boundary. The database groups and counts; Python only lays the rows out.
Where another app has the selector (outcome events, distance travelled,
avoided costs) it is used as it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TypeVar

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import get_language, gettext, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _

from lac.accounts.models import Neighbourhood, Programme
from lac.casework.closure_follow_ups import NOT_STARTED, follow_up_counts
from lac.casework.models import (
    Conversation,
    ConversationMode,
    FollowUpState,
    Introduction,
    IntroductionSource,
)
from lac.community.models import (
    AssetEvent,
    Connection,
    ConnectionKind,
    Contribution,
    ContributionKind,
    EventKind,
)
from lac.lib.replica import replica_reads
from lac.lib.welsh import in_page_language
from lac.outcomes.selectors import (
    EVERY_LEVEL,
    OutcomeFilter,
    Prices,
    avoided_cost_totals,
    confidence_text,
    distance_travelled,
    outcome_event_counts,
    outcomes_by_group,
    prices_in,
)
from lac.people.models import AgeBand, HousingTenure, Level, Person, PrimaryCategory, Status
from lac.reports import figures_cache, monthly, reach
from lac.reports.tables import NOT_RECORDED, Column, Table
from lac.safety.selectors import safety_by_coordinator

T = TypeVar("T")

SOURCE_GROUPS = (
    ("council", gettext_lazy("Council")),
    ("health", gettext_lazy("Health")),
    ("community", gettext_lazy("Self, family and neighbours")),
    ("emergency", gettext_lazy("Police and fire")),
    ("other", gettext_lazy("Other")),
)


@dataclass(frozen=True)
class Filter:
    programme: Programme
    start: date
    end: date
    neighbourhood_ids: Sequence[int] | None = None
    #: The price basis money is stated in; None: the latest measured year of the series in use.
    prices: Prices | None = None

    @property
    def outcomes(self) -> OutcomeFilter:
        return OutcomeFilter(self.programme, self.start, self.end, self.neighbourhood_ids)

    def people_q(self, prefix: str = "") -> Q:
        return self.outcomes.people_q(prefix)

    def introductions(self) -> QuerySet[Introduction]:
        # Merged-away people are few: excluding them by id keeps PostgreSQL
        # from joining (and scanning) every person to test each one.
        intros = Introduction.objects.filter(
            programme=self.programme, date__gte=self.start, date__lte=self.end
        ).exclude(person_id__in=Person.objects.filter(merged_into__isnull=False).values("pk"))
        if self.neighbourhood_ids is not None:
            intros = intros.filter(neighbourhood__in=list(self.neighbourhood_ids))
        return intros

    def people_introduced(self) -> QuerySet[Person]:
        # IN, not a correlated EXISTS: SQLite ran EXISTS once per person through
        # the (programme, date) index, which grew with people x introductions.
        return Person.objects.filter(self.people_q()).filter(
            pk__in=self.introductions().values("person_id")
        )

    def kept(self, name: str, compute: Callable[[], T], *, outlives: Sequence[str] = ()) -> T:
        """A figure drawn only from records, reused until the programme's records change
        other than by writes to the record types ``outlives`` (``app_label.model``:
        types whose tables the figure never reads, e.g. :data:`figures_cache.EVERYDAY_RECORD`).
        Kept per language too, since some figures carry labels."""
        neighbourhoods = (
            "all"
            if self.neighbourhood_ids is None
            else ",".join(map(str, sorted(self.neighbourhood_ids)))
        )
        scope = f"{self.start}:{self.end}:{neighbourhoods}:{get_language()}"
        return figures_cache.kept(name, self.programme.pk, self.mark(outlives), scope, compute)

    def mark(self, outlives: Sequence[str] = ()) -> int:
        """The programme's records mark leaving out writes to ``outlives``: one query, read
        once per page for each kind of figure."""
        key = tuple(outlives)
        if key not in self._marks:
            marks = figures_cache.records_marks([self.programme.pk], key)
            self._marks[key] = marks.get(self.programme.pk, 0)
        return self._marks[key]

    @cached_property
    def _marks(self) -> dict[tuple[str, ...], int]:
        return {}

    @cached_property
    def neighbourhood_names(self) -> list[str]:
        """The chosen neighbourhoods' names, A to Z (none chosen: the whole programme)."""
        if self.neighbourhood_ids is None:
            return []
        chosen = Neighbourhood.objects.filter(
            programme=self.programme, pk__in=list(self.neighbourhood_ids)
        )
        return list(chosen.order_by("name").values_list("name", flat=True))

    def about(self) -> list[tuple[str, str]]:
        """What the figures cover, as the first rows of every download.

        A file passed on without the page must still say whose figures they
        are: a table of two neighbourhoods never reads as the whole programme.
        """
        prices = self.prices or prices_in()
        names = self.neighbourhood_names
        period = gettext("%(start)s to %(end)s") % {
            "start": formats.date_format(self.start, "j F Y"),
            "end": formats.date_format(self.end, "j F Y"),
        }
        chosen = gettext("%(names)s (%(count)s of %(all)s)") % {
            "names": ", ".join(names),
            "count": len(names),
            "all": self.programme.neighbourhoods.count(),
        }
        return [
            (gettext("Programme"), self.programme.name),
            (gettext("Period"), period),
            (
                gettext("Neighbourhoods"),
                chosen
                if self.neighbourhood_ids is not None
                else gettext("All (the whole programme)"),
            ),
            (
                gettext("Money at"),
                gettext("%(year)s prices (%(deflators)s)")
                % {"year": prices.year, "deflators": prices.deflators.label},
            ),
        ]

    def file_name(self, what: str, extension: str) -> str:
        """A download's name carrying the same filters: programme, period, area and prices."""
        names = self.neighbourhood_names
        if self.neighbourhood_ids is None:
            area = "all-neighbourhoods"
        elif len(names) <= 3:
            area = "-".join(slugify(n) for n in names)
        else:
            area = f"{len(names)}-neighbourhoods"
        prices = self.prices or prices_in()
        return (
            f"{slugify(self.programme.name)}-{what}-{self.start:%Y-%m-%d}-to-{self.end:%Y-%m-%d}"
            f"-{area}-{prices.year}-prices.{extension}"
        )

    def months(self) -> list[date]:
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return months


def _label(choices: dict[str, str], value: str | int | None) -> str:
    return choices.get(value, NOT_RECORDED) if value not in ("", None) else NOT_RECORDED  # type: ignore[arg-type]


def _introductions_by_month_and_group(f: Filter) -> list[tuple[date, str, int]]:
    """(month, source group, introductions): from the kept monthly totals for whole months
    (two small queries), else grouped from the records (one query)."""
    if monthly.adds_up(f.start, f.end, distinct=False):
        kept = monthly.totals(
            [f.programme.pk],
            f.start,
            f.end,
            [monthly.INTRODUCTIONS],
            neighbourhood_ids=f.neighbourhood_ids,
            by_month=True,
        )
        groups = dict(
            IntroductionSource.objects.filter(
                pk__in=[int(key) for (_, _, _, key) in kept if key]
            ).values_list("pk", "group")
        )
        return [
            (month, groups.get(int(key), "") if key else "", int(n))
            for (_, month, _, key), n in kept.items()
            if month is not None
        ]
    rows = (
        f.introductions()
        .annotate(month=TruncMonth("date"))
        .values("month", "source__group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        (
            row["month"].date() if hasattr(row["month"], "date") else row["month"],
            row["source__group"] or "",
            row["n"],
        )
        for row in rows
    ]


def introductions_by_month(f: Filter) -> Table:
    """Introductions by month and by the source's group."""
    groups = [*SOURCE_GROUPS, ("", NOT_RECORDED)]
    counts: dict[tuple[date, str], int] = defaultdict(int)
    for month, group, n in _introductions_by_month_and_group(f):
        counts[(month, group if group in dict(SOURCE_GROUPS) else ("other" if group else ""))] += n
    return Table(
        "introductions",
        gettext("Introductions by month and by who made them"),
        gettext("Month"),
        [Column(str(name)) for _, name in groups],
        [
            (formats.date_format(m, "F Y"), [counts[(m, code)] for code, _ in groups])
            for m in f.months()
        ],
        crosstab=True,
    )


def people_supported(f: Filter) -> Table:
    """People introduced or spoken with in the period, by level and status now.

    For a financial year (or its first months) across the whole programme,
    from the kept monthly totals; otherwise one query, kept until the
    programme's records change (it probes every person's conversations).
    """

    def count() -> dict[tuple[int, str], int]:
        active = Exists(
            Conversation.objects.filter(person=OuterRef("pk"), date__gte=f.start, date__lte=f.end)
        ) | Q(pk__in=f.introductions().values("person_id"))  # IN: see Filter.people_introduced
        rows = (
            Person.objects.filter(f.people_q())
            .filter(active)
            .values("level", "status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {(r["level"], r["status"]): r["n"] for r in rows}

    if f.neighbourhood_ids is None and monthly.adds_up(f.start, f.end, distinct=True):
        kept = monthly.totals([f.programme.pk], f.start, f.end, [monthly.SUPPORTED])
        counts: dict[tuple[int, str], int] = {}
        for (_, _, _, key), n in kept.items():
            level, status = key.split(":", 1)
            counts[(int(level), status)] = int(n)
    else:
        counts = f.kept("people", count)
    statuses = list(Status)
    return Table(
        "people",
        gettext("People supported in the period, by level and status now"),
        gettext("Level"),
        [Column(s.label) for s in statuses],
        [
            (level.label, [counts.get((level.value, s.value), 0) for s in statuses])
            for level in Level
        ],
        crosstab=True,
        note=gettext("Everyone introduced, or with a conversation recorded, in the period."),
    )


def demographics(f: Filter) -> list[Table]:
    """One query: people introduced in the period by age band, category and housing."""
    rows = f.kept(
        "demographics",
        lambda: list(
            f.people_introduced()
            .values("age_band", "primary_category", "housing_tenure")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        outlives=figures_cache.EVERYDAY_RECORD,
    )
    tables = []
    for key, title, name, choices in (
        ("age_band", gettext("Age at introduction"), gettext("Age band"), AgeBand),
        (
            "primary_category",
            gettext("Main reason for support"),
            gettext("Category"),
            PrimaryCategory,
        ),
        ("housing_tenure", gettext("Housing"), gettext("Housing"), HousingTenure),
    ):
        labels = dict(choices.choices)
        counts: dict[str, int] = defaultdict(int)
        for row in rows:
            counts[_label(labels, row[key])] += row["n"]
        order = [*labels.values(), NOT_RECORDED]
        tables.append(
            Table(
                key,
                gettext("People introduced in the period: %(what)s") % {"what": title.lower()},
                name,
                [Column(gettext("People"))],
                [(label, [counts[label]]) for label in order if counts.get(label)],
            )
        )
    return tables


def challenges(f: Filter) -> Table:
    """One query: how many introductions named each challenge (one may name several)."""
    through = Introduction.challenges.through
    rows = f.kept(
        "challenges",
        lambda: list(
            through.objects.filter(introduction__in=f.introductions())
            .values("challenge__label", "challenge__label_cy")
            .annotate(n=Count("introduction", distinct=True))
            .order_by("-n", "challenge__label")
        ),
        outlives=figures_cache.EVERYDAY_RECORD,
    )
    return Table(
        "challenges",
        gettext("What people wanted to change when introduced"),
        gettext("Challenge"),
        [Column(gettext("Introductions"), additive=False)],
        [
            (in_page_language(r["challenge__label"], r.get("challenge__label_cy")), [r["n"]])
            for r in rows
        ],
        totals=False,
        note=gettext("An introduction may name several challenges, so the rows do not add up."),
    )


def contacts(f: Filter) -> Table:
    """Conversations by how they happened, the people reached and the hours spent.

    For a financial year (or its first months), from the kept monthly totals;
    otherwise one query over every conversation in the period, kept until the
    programme's records change.
    """
    if monthly.adds_up(f.start, f.end, distinct=True):
        rows = _contacts_kept(f)
    else:
        rows = f.kept(
            "contacts",
            lambda: list(
                Conversation.objects.filter(
                    f.people_q("person__"), date__gte=f.start, date__lte=f.end
                )
                .values("mode")
                .annotate(
                    n=Count("pk"),
                    people=Count("person", distinct=True),
                    minutes=Sum("duration_minutes"),
                )
                .order_by("-n", "mode")
            ),
        )
    labels = dict(ConversationMode.choices)
    return Table(
        "contacts",
        gettext("Conversations and time spent"),
        gettext("How"),
        [
            Column(gettext("Conversations")),
            Column(gettext("People"), additive=False),
            Column(gettext("Hours"), kind="hours", depends_on=0),
        ],
        [
            (_label(labels, r["mode"]), [r["n"], r["people"], round((r["minutes"] or 0) / 60, 1)])
            for r in rows
        ],
        note=gettext("Hours are the durations recorded; conversations without one count as none."),
    )


def _contacts_kept(f: Filter) -> list[dict[str, object]]:
    """Conversations, people and minutes by mode from the kept totals, most used first."""
    kept = monthly.totals(
        [f.programme.pk],
        f.start,
        f.end,
        [monthly.CONVERSATIONS, monthly.CONVERSATION_PEOPLE, monthly.MINUTES],
        neighbourhood_ids=f.neighbourhood_ids,
    )
    by_mode: dict[str, dict[str, int]] = defaultdict(dict)
    for (_programme, _month, measure, mode), value in kept.items():
        by_mode[mode][measure] = int(value)
    rows = [
        {
            "mode": mode,
            "n": values.get(monthly.CONVERSATIONS, 0),
            "people": values.get(monthly.CONVERSATION_PEOPLE, 0),
            "minutes": values.get(monthly.MINUTES, 0),
        }
        for mode, values in by_mode.items()
        if values.get(monthly.CONVERSATIONS)
    ]
    return sorted(rows, key=lambda r: (-int(r["n"]), str(r["mode"])))  # type: ignore[call-overload]


def distance(f: Filter) -> Table:
    """The outcomes app's distance travelled (three queries), kept until records other than
    conversations change."""
    summary = f.kept(
        "distance",
        lambda: distance_travelled(f.outcomes),
        outlives=figures_cache.EVERYDAY_RECORD,
    )

    def row(name: str, s: object) -> tuple[str, list[float]]:
        return (
            name,
            [
                s.n,  # type: ignore[attr-defined]
                round(s.average_start or 0, 2),  # type: ignore[attr-defined]
                round(s.average_change or 0, 2),  # type: ignore[attr-defined]
                round(s.improved_percent or 0, 1),  # type: ignore[attr-defined]
            ],
        )

    rows = [row(d.name, d.summary) for d in summary.by_domain]
    if summary.overall.n:
        rows.append(row(gettext("All areas (average)"), summary.overall))
    return Table(
        "distance",
        gettext("Distance travelled: first and latest scores"),
        gettext("Life area"),
        [
            Column(gettext("People"), additive=False),
            Column(gettext("Average start"), kind="number", depends_on=0),
            Column(gettext("Average change"), kind="number", depends_on=0),
            Column(gettext("Improved (%)"), kind="percent", depends_on=0),
        ],
        rows,
        totals=False,
        note=(
            gettext(
                "People whose latest score in the period came after a first score. "
                "All areas (average): each person's average over the life areas scored both "
                "times, first against latest; improved means that average went up."
            )
        ),
    )


def outcome_events(f: Filter) -> Table:
    """The outcomes app's event counts (one query)."""
    counts = f.kept(
        "outcome_events",
        lambda: outcome_event_counts(f.outcomes),
        outlives=figures_cache.EVERYDAY_RECORD,
    )
    return Table(
        "outcome_events",
        gettext("What changed: outcome events recorded"),
        gettext("Change"),
        [Column(gettext("Events")), Column(gettext("People"), additive=False)],
        [(c.name, [c.events, c.people]) for c in counts],
    )


def connections(f: Filter) -> Table:
    """One query: connections made in the period, by kind."""
    rows = f.kept(
        "connections",
        lambda: list(
            Connection.objects.filter(f.people_q("person__"), date__gte=f.start, date__lte=f.end)
            .values("kind")
            .annotate(n=Count("pk"), people=Count("person", distinct=True))
            .order_by("kind")
        ),
        outlives=figures_cache.CONVERSATIONS,
    )
    labels = dict(ConnectionKind.choices)
    return Table(
        "connections",
        gettext("Connections made"),
        gettext("To"),
        [Column(gettext("Connections")), Column(gettext("People"), additive=False)],
        [(_label(labels, r["kind"]), [r["n"], r["people"]]) for r in rows],
    )


def contributions(f: Filter) -> Table:
    """One query: people giving something back, starting in the period."""
    rows = f.kept(
        "contributions",
        lambda: list(
            Contribution.objects.filter(
                f.people_q("person__"), started__gte=f.start, started__lte=f.end
            )
            .values("kind")
            .annotate(n=Count("pk"), people=Count("person", distinct=True), hours=Sum("hours"))
            .order_by("kind")
        ),
        outlives=figures_cache.CONVERSATIONS,
    )
    labels = dict(ContributionKind.choices)
    return Table(
        "contributions",
        gettext("Contributions: volunteering, befriending, starting groups"),
        gettext("Contribution"),
        [
            Column(gettext("Contributions")),
            Column(gettext("People"), additive=False),
            Column(gettext("Hours recorded"), kind="hours", depends_on=0),
        ],
        [(_label(labels, r["kind"]), [r["n"], r["people"], float(r["hours"] or 0)]) for r in rows],
    )


def community(f: Filter) -> Table:
    """One query: what happened to community groups in the period (about groups, not people)."""
    events = AssetEvent.objects.filter(
        asset__programme=f.programme, date__gte=f.start, date__lte=f.end
    )
    if f.neighbourhood_ids is not None:
        events = events.filter(
            asset__in=f.programme.assets.filter(neighbourhoods__in=list(f.neighbourhood_ids))
        )
    rows = events.values("kind").annotate(n=Count("pk"), count=Sum("count"), amount=Sum("amount"))
    by_kind = {r["kind"]: r for r in rows.order_by()}
    labels = dict(EventKind.choices)
    return Table(
        "community",
        gettext("New groups, volunteers and funding"),
        gettext("What happened"),
        [
            Column(gettext("Times recorded")),
            Column(gettext("Volunteers or meetings"), additive=False),
            Column(gettext("Funding found"), kind="money", additive=True),
        ],
        [
            (
                labels[kind],
                [
                    by_kind[kind]["n"],
                    by_kind[kind]["count"] or 0,
                    float(by_kind[kind]["amount"] or 0),
                ],
            )
            for kind in EventKind.values
            if kind in by_kind
        ],
        suppressible=False,
        note=gettext("About community groups, not people, so small numbers are shown."),
    )


def avoided_costs(f: Filter) -> Table:
    """The outcomes app's avoided costs by agency, in the page's one price basis."""
    prices = f.prices or prices_in()
    summary = f.kept(
        f"avoided_costs:{prices.year}:{prices.deflators.label}",
        lambda: avoided_cost_totals(f.outcomes, prices=prices),
        outlives=figures_cache.EVERYDAY_RECORD,
    )
    years = ", ".join(summary.assumed_price_years)
    assumed = (
        " "
        + gettext("The source prints no price year for some unit costs; %(years)s is assumed.")
        % {"years": years}
        if years
        else ""
    )
    return Table(
        "avoided_costs",
        gettext("Services avoided, by the agency that would have paid (%(year)s prices)")
        % {"year": prices.year},
        gettext("Agency"),
        [Column(gettext("Records")), Column(gettext("Value"), kind="money", depends_on=0)],
        [(t.label, [t.records, float(t.total)]) for t in summary.by_agency],
        bar=1,
        note=gettext(
            "Valued with the programme’s rate card; counts %(levels)s. "
            "Restated to %(year)s prices with %(deflators)s."
        )
        % {"levels": summary.levels_text, "year": prices.year, "deflators": prices.deflators.label}
        + assumed,
    )


#: The person fields outcomes are shown by: (field, key part, words in titles, header, choices).
GROUPINGS = (
    (
        "primary_category",
        "category",
        gettext_noop("main reason for support"),
        gettext_noop("Main reason"),
        PrimaryCategory,
    ),
    ("age_band", "age", gettext_noop("age band"), gettext_noop("Age band"), AgeBand),
)
#: The tables for each grouping, in outcomes_by's order; a table's key is "<kind>_by_<part>".
GROUPED_KINDS = ("distance", "outcome_events", "avoided_costs")


def outcomes_by(f: Filter, group: str) -> list[Table]:
    """Distance travelled, outcome events and services avoided for each group. Four queries.

    Suppressed like every table (a group of one to four people shows "<5"),
    so comparing groups never singles anyone out.
    """
    prices = f.prices or prices_in()
    _, name, english_words, english_header, choices = next(g for g in GROUPINGS if g[0] == group)
    words, header = gettext(english_words), gettext(english_header)
    groups = f.kept(
        f"by_{group}:{prices.year}:{prices.deflators.label}",
        lambda: outcomes_by_group(f.outcomes, group=group, prices=prices),
        outlives=figures_cache.EVERYDAY_RECORD,
    )
    labels = dict(choices.choices)
    order = {value: index for index, value in enumerate(labels)}
    groups = sorted(groups, key=lambda g: order.get(g.value, len(order)))
    return [
        Table(
            f"distance_by_{name}",
            gettext("Distance travelled by %(words)s: first and latest scores") % {"words": words},
            header,
            [
                Column(gettext("People"), additive=False),
                Column(gettext("Average start"), kind="number", depends_on=0),
                Column(gettext("Average change"), kind="number", depends_on=0),
                Column(gettext("Improved (%)"), kind="percent", depends_on=0),
            ],
            [
                (
                    _label(labels, g.value),
                    [
                        g.distance.n,
                        round(g.distance.average_start or 0, 2),
                        round(g.distance.average_change or 0, 2),
                        round(g.distance.improved_percent or 0, 1),
                    ],
                )
                for g in groups
                if g.distance.n
            ],
            totals=False,
            note=gettext("Each person's average over the life areas scored at first and latest."),
        ),
        Table(
            f"outcome_events_by_{name}",
            gettext("What changed, by %(words)s: outcome events recorded") % {"words": words},
            header,
            [Column(gettext("Events")), Column(gettext("People"), additive=False)],
            [
                (_label(labels, g.value), [g.events, g.people_with_events])
                for g in groups
                if g.events
            ],
        ),
        Table(
            f"avoided_costs_by_{name}",
            gettext("Services avoided, by %(words)s (%(year)s prices)")
            % {"words": words, "year": prices.year},
            header,
            [
                Column(gettext("Records")),
                Column(gettext("People"), additive=False),
                Column(gettext("Value"), kind="money", depends_on=0),
            ],
            [
                (
                    _label(labels, g.value),
                    [g.avoided_records, g.avoided_people, float(g.avoided_value)],
                )
                for g in groups
                if g.avoided_records
            ],
            note=gettext(
                "Counts %(levels)s, as the table by agency does. "
                "Restated to %(year)s prices with %(deflators)s."
            )
            % {
                "levels": confidence_text(EVERY_LEVEL),
                "year": prices.year,
                "deflators": prices.deflators.label,
            },
        ),
    ]


def _by_group(group: str, index: int) -> Callable[[Filter], Table]:
    return lambda f: outcomes_by(f, group)[index]


def keeping_safe(f: Filter) -> Table:
    """The safety app's figures per coordinator (four queries): concerns and lone working.

    Counts only, never a concern's details; suppressed like every table for
    readers outside the personal-data boundary. People with an open concern are
    distinct people, so that column has no total.
    """
    rows = safety_by_coordinator(f.programme.pk, f.start, f.end, f.neighbourhood_ids)
    return Table(
        "keeping_safe",
        gettext("Keeping people and coordinators safe"),
        gettext("Coordinator"),
        [
            Column(gettext("Safeguarding concerns raised")),
            Column(gettext("People with a concern open at the end"), additive=False),
            Column(gettext("Lone-working visits")),
            Column(gettext("Overdue check-ins")),
        ],
        [
            (
                row.coordinator,
                [
                    row.concerns_raised,
                    row.people_with_open_concern,
                    row.visits,
                    row.overdue_check_ins,
                ],
            )
            for row in rows
        ],
        note=gettext(
            "Concerns count where the person lives; with neighbourhoods chosen, only "
            "visits to a person there count."
        ),
    )


def follow_ups(f: Filter) -> Table:
    """Follow-ups after closure that fell due in the period (up to today), by what became
    of them: the rule of who is due is :func:`lac.casework.closure_follow_ups.follow_ups`."""
    counts = follow_up_counts(
        f.programme, start=f.start, end=f.end, neighbourhood_ids=f.neighbourhood_ids
    )
    rows = [
        (NOT_STARTED, _("Due, no link given yet")),
        (FollowUpState.LINK_GIVEN, _("Link given, not answered yet")),
        (FollowUpState.ANSWERED, _("Answered")),
        (FollowUpState.DECLINED, _("Declined")),
        (FollowUpState.UNREACHABLE, _("Could not be reached")),
    ]
    return Table(
        "follow_ups",
        _("Follow-ups after closure"),
        _("Follow-up"),
        [Column(_("People"))],
        [(label, [counts[str(state)]]) for state, label in rows],
        note=_(
            "People closed at the levels the programme follows up, whose follow-up fell due "
            "in the period; the total is every follow-up due."
        ),
    )


def _demographic(index: int) -> Callable[[Filter], Table]:
    return lambda f: demographics(f)[index]


def _reach(key: str) -> Callable[[Filter], Table]:
    return lambda f: next(t for t in reach.reach(f) if t.key == key)


def _outcomes_by(c: reach.Characteristic) -> Callable[[Filter], Table]:
    return lambda f: reach.outcomes_by_characteristic(f, c)


TABLES: dict[str, Callable[[Filter], Table]] = {
    "introductions": introductions_by_month,
    "people": people_supported,
    "age_band": _demographic(0),
    "primary_category": _demographic(1),
    "housing_tenure": _demographic(2),
    "challenges": challenges,
    "contacts": contacts,
    "distance": distance,
    "outcome_events": outcome_events,
    "connections": connections,
    "contributions": contributions,
    "community": community,
    "avoided_costs": avoided_costs,
    "keeping_safe": keeping_safe,
    "follow_ups": follow_ups,
    **{
        f"{kind}_by_{name}": _by_group(group, index)
        for group, name, *_ in GROUPINGS
        for index, kind in enumerate(GROUPED_KINDS)
    },
    **{f"reach_{c.name}": _reach(f"reach_{c.name}") for c in reach.CHARACTERISTICS},
    **{f"outcomes_by_{c.name}": _outcomes_by(c) for c in reach.OUTCOME_CHARACTERISTICS},
}

#: Tables that must be suppressed together, whichever of them is downloaded alone.
TOGETHER = {
    f"reach_{reach.ETHNIC_GROUP.name}": f"reach_{reach.ETHNIC_HEADING.name}",
    f"reach_{reach.ETHNIC_HEADING.name}": f"reach_{reach.ETHNIC_GROUP.name}",
}


def tables_for(key: str, f: Filter) -> list[Table]:
    """The table ``key`` with any table it is suppressed together with."""
    return (
        [TABLES[k](f) for k in (key, TOGETHER[key]) if k in TABLES]
        if key in TOGETHER
        else [TABLES[key](f)]
    )


@replica_reads()
def dashboard(f: Filter) -> list[Table]:
    """Every table, in the order the page shows them (read from the replica, if any)."""
    return [
        introductions_by_month(f),
        people_supported(f),
        *demographics(f),
        challenges(f),
        contacts(f),
        distance(f),
        outcome_events(f),
        connections(f),
        contributions(f),
        community(f),
        avoided_costs(f),
        keeping_safe(f),
        follow_ups(f),
        *(table for group, *_ in GROUPINGS for table in outcomes_by(f, group)),
        *reach_and_outcomes(f),
    ]


def reach_and_outcomes(f: Filter) -> list[Table]:
    """Who the programme reaches, and outcomes, by each equality answer and deprivation."""
    return [
        *reach.reach(f),
        *(reach.outcomes_by_characteristic(f, c) for c in reach.OUTCOME_CHARACTERISTICS),
    ]
