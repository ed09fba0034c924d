"""Distance travelled, grouped by the database: first against latest scores, counted.

A person counts when their latest scored assessment up to the end of the
period falls within it and is later than their first (which may be earlier).
Only life areas scored both times are compared, matched by domain key so a
new framework version still compares. (Every assessment has at least one
score: recording one requires it.)

Only one kind of assessment is paired at a time: the programmes' progress
frameworks (the default), or one published measure such as ONS4, so a
person's first progress scores are never paired with their latest ONS4
answers. A person's overall change averages their areas with each turned so
that higher is better (ONS4's anxiety counts 10 as 0), so "improved" means
the same thing for every area.

The database finds each person's first and latest assessment (two index
probes per person on (person, date)), pairs their scores and hands back
*counts*: how many people went from score a to score b in each life area,
and how many went from an average of x to y. At network scale that is a few
hundred rows instead of the 800,000 scores that pulling every assessment
into Python meant (over half a second a page).

Raw SQL because the ORM cannot join the same table twice through a
subquery's result; every name comes from the models' metadata and every
value is a parameter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection

from lac.accounts.models import Neighbourhood
from lac.outcomes.models import Assessment, Domain, DomainScore, Framework, FrameworkVersion
from lac.outcomes.statistics import Pair
from lac.people.models import Person

SqlValue = bool | int | str | date | None
"""A value passed to the database beside the statement's text."""


@dataclass(frozen=True)
class Scope:
    """Whose assessments count: some programmes, optionally some neighbourhoods, a period."""

    programme_ids: Sequence[int]
    start: date | None = None
    end: date | None = None
    neighbourhood_ids: Sequence[int] | None = None
    level: int | None = None
    """Only people at this level now (Level 1 or 2); None for everyone."""
    measure_id: int | None = None
    """Pair one published measure's answers (its framework id); None for the progress
    frameworks, which are every framework that is not a measure."""


@dataclass
class Changes:
    """One programme's counted pairs: per life area, and each person's average."""

    by_domain: dict[str, dict[Pair, int]]
    overall: dict[Pair, int]


def _marks(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values))


#: Person fields distance travelled may be grouped by (the only names put into the SQL).
GROUP_COLUMNS = (
    "primary_category",
    "age_band",
    "sex",
    "gender_identity",
    "ethnic_group",
    "disability",
    "religion",
    "sexual_orientation",
    "deprivation",
)


def _matched_scores(scope: Scope, group: str | None = None) -> tuple[str, list[SqlValue]]:
    """The CTE ``matched(programme_id, person_id, domain_key, first_score, latest_score, grp)``.

    ``grp`` is the person's `group` field (one of GROUP_COLUMNS), or NULL.
    """
    if group is not None and group not in GROUP_COLUMNS:
        raise ValueError(f"cannot group distance travelled by {group!r}")
    grp = f"p.{connection.ops.quote_name(group)}" if group else "NULL"
    quote = connection.ops.quote_name
    assessment, score = quote(Assessment._meta.db_table), quote(DomainScore._meta.db_table)
    person, neighbourhood = quote(Person._meta.db_table), quote(Neighbourhood._meta.db_table)
    domain = quote(Domain._meta.db_table)
    version, framework = quote(FrameworkVersion._meta.db_table), quote(Framework._meta.db_table)
    which = "f.measure = %s" if scope.measure_id is None else "f.id = %s"
    of_kind = (
        f"a.version_id IN (SELECT v.id FROM {version} v"  # noqa: S608 - names from metadata
        f" JOIN {framework} f ON f.id = v.framework_id WHERE {which})"
    )
    kind: SqlValue = False if scope.measure_id is None else scope.measure_id
    where = [f"n.programme_id IN ({_marks(scope.programme_ids)})"]
    params: list[SqlValue] = [*scope.programme_ids]
    if scope.neighbourhood_ids is not None:
        ids = list(scope.neighbourhood_ids) or [0]
        where.append(f"p.neighbourhood_id IN ({_marks(ids)})")
        params += ids
    if scope.level is not None:
        where.append("p.level = %s")
        params.append(scope.level)
    # Only someone assessed in the period can have their latest in it (and
    # then their latest up to its end is in it): everyone else is skipped.
    period: list[str] = []
    period_params: list[SqlValue] = []
    if scope.start is not None:
        period.append("a.date >= %s")
        period_params.append(scope.start)
    if scope.end is not None:
        period.append("a.date <= %s")
        period_params.append(scope.end)
    if period:
        where.append(
            f"EXISTS (SELECT 1 FROM {assessment} a"  # noqa: S608
            f" WHERE a.person_id = p.id AND {of_kind} AND {' AND '.join(period)})"
        )
        params += [kind, *period_params]
    up_to_end = "AND a.date <= %s" if scope.end is not None else ""
    sql = f"""
        WITH pairs AS MATERIALIZED (
            SELECT n.programme_id, p.id AS person_id, {grp} AS grp,
                (SELECT a.id FROM {assessment} a WHERE a.person_id = p.id AND {of_kind}
                 ORDER BY a.date, a.id LIMIT 1) AS first_id,
                (SELECT a.id FROM {assessment} a WHERE a.person_id = p.id {up_to_end}
                 AND {of_kind} ORDER BY a.date DESC, a.id DESC LIMIT 1) AS latest_id
            FROM {person} p JOIN {neighbourhood} n ON n.id = p.neighbourhood_id
            WHERE p.merged_into_id IS NULL AND {" AND ".join(where)}
        ),
        matched AS (
            SELECT pr.programme_id, pr.person_id, d1.key AS domain_key,
                s1.score AS first_score, s2.score AS latest_score, pr.grp,
                CASE WHEN d1.higher_is_better THEN s1.score
                     ELSE d1.scale_min + d1.scale_max - s1.score END AS first_good,
                CASE WHEN d1.higher_is_better THEN s2.score
                     ELSE d1.scale_min + d1.scale_max - s2.score END AS latest_good
            FROM pairs pr
            JOIN {score} s1 ON s1.assessment_id = pr.first_id
            JOIN {domain} d1 ON d1.id = s1.domain_id
            JOIN {score} s2 ON s2.assessment_id = pr.latest_id
            JOIN {domain} d2 ON d2.id = s2.domain_id AND d2.key = d1.key
            WHERE pr.first_id <> pr.latest_id
        )
    """  # noqa: S608 - names from model metadata, values as parameters
    select_params: list[SqlValue] = [kind, *([scope.end] if scope.end is not None else []), kind]
    return sql, select_params + params


def changes(scope: Scope, *, by_domain: bool = True) -> dict[int, Changes]:
    """Counted first/latest pairs per programme. One query.

    Per life area the pairs are scores; overall they are each person's average
    over the areas scored both times, so the same people count in both.
    Without ``by_domain`` only the overall pairs are counted (the network
    comparison needs no more, and it saves a third of the work).
    """
    if not scope.programme_ids:
        return {}
    cte, params = _matched_scores(scope)
    per_domain = """
        SELECT programme_id, domain_key, first_score, latest_score, 1, COUNT(*)
        FROM matched GROUP BY programme_id, domain_key, first_score, latest_score
        UNION ALL"""
    sql = f"""{cte}{per_domain if by_domain else ""}
        SELECT programme_id, NULL, first_total, latest_total, areas, COUNT(*)
        FROM (
            SELECT programme_id, person_id, SUM(first_good) AS first_total,
                SUM(latest_good) AS latest_total, COUNT(*) AS areas
            FROM matched GROUP BY programme_id, person_id
        ) people
        GROUP BY programme_id, first_total, latest_total, areas
    """  # noqa: S608 - the CTE above; no values in the text
    result: dict[int, Changes] = defaultdict(lambda: Changes(defaultdict(dict), {}))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for programme_id, key, first, latest, areas, people in cursor.fetchall():
            pair = Pair(first / areas, latest / areas)
            target = result[programme_id]
            counted = target.overall if key is None else target.by_domain[key]
            counted[pair] = counted.get(pair, 0) + people
    return result


def changes_by_group(scope: Scope, group: str) -> dict[str, dict[Pair, int]]:
    """Each person's average first/latest pair, counted per value of a person field. One query.

    For one programme (the first in `scope`); `group` is one of GROUP_COLUMNS.
    Blank values come back under "".
    """
    if not scope.programme_ids:
        return {}
    cte, params = _matched_scores(scope, group)
    sql = f"""{cte}
        SELECT grp, first_total, latest_total, areas, COUNT(*)
        FROM (
            SELECT grp, person_id, SUM(first_good) AS first_total,
                SUM(latest_good) AS latest_total, COUNT(*) AS areas
            FROM matched GROUP BY grp, person_id
        ) people
        GROUP BY grp, first_total, latest_total, areas
    """  # noqa: S608 - the CTE above; no values in the text
    result: dict[str, dict[Pair, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for grp, first, latest, areas, people in cursor.fetchall():
            pair = Pair(first / areas, latest / areas)
            counted = result[grp or ""]
            counted[pair] = counted.get(pair, 0) + people
    return dict(result)
