"""Loading the files deprivation is looked up in: a postcode lookup and each nation's index.

lac cannot reach the internet, so a council loads two published files with
``lac deprivation`` (the README names them and where to get them):

- a postcode lookup with a postcode column and a small-area (LSOA) column, such as the
  ONS's National Statistics Postcode Lookup (``pcds`` and ``lsoa11`` or ``lsoa21``);
- each nation's index of multiple deprivation by small area, with its code and either a
  decile column (England's "File 1" has "Index of Multiple Deprivation (IMD) Decile") or
  a rank column, from which deciles are worked out as the publishers do: the areas
  ranked 1 (most deprived) to N split into ten equal groups.

The small-area codes of the two files must be of the same census (2011 or 2021 areas).
Loading is all or nothing; afterwards every person's decile is worked out again, since
a postcode that was unknown may now be known.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext

from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_configuration
from lac.people.models import DeprivationIndex, Person, PostcodeArea, SmallArea

BATCH = 5000
POSTCODE_COLUMNS = ("pcds", "postcode", "pcd", "pcd2")
AREA_COLUMNS = ("lsoa21", "lsoa11", "lsoa21cd", "lsoa11cd", "lsoa code", "lsoa")


class DeprivationFileError(ValueError):
    """A problem with the file, naming the line and the column."""


def _header(rows: Iterable[list[str]]) -> list[str]:
    header = next(iter(rows), None)
    if not header:
        raise DeprivationFileError(gettext("The file is empty"))
    return [name.strip().lower() for name in header]


def _find(header: list[str], wanted: str | None, names: Sequence[str], what: str) -> int:
    """The column named ``wanted`` (any case), else the first of ``names`` present."""
    choices = [wanted.strip().lower()] if wanted else list(names)
    for name in choices:
        if name in header:
            return header.index(name)
    raise DeprivationFileError(
        gettext("The file has no %(what)s column (one of: %(names)s)")
        % {"what": what, "names": ", ".join(choices)}
    )


def _containing(header: list[str], *words: str) -> int | None:
    found = [i for i, name in enumerate(header) if all(word in name for word in words)]
    return found[0] if found else None


def postcode_key(raw: str) -> str:
    """A postcode written as people's postcodes are stored ("de11aa" → "DE1 1AA")."""
    compact = "".join(raw.split()).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) >= 5 else compact


def load_postcode_areas(
    lines: Iterable[str], *, area_column: str | None = None, actor: Actor
) -> int:
    """Load (or refresh) the postcode → small area lookup; returns how many postcodes.
    Postcodes with no small area (terminated or outside England and Wales) are skipped.
    Audited on every programme: their deprivation figures change with it."""
    rows = csv.reader(lines)
    header = _header(rows)
    postcode_at = _find(header, None, POSTCODE_COLUMNS, gettext("postcode"))
    area_at = _find(header, area_column, AREA_COLUMNS, gettext("small area (LSOA)"))
    count = 0
    with transaction.atomic():
        batch: list[PostcodeArea] = []
        for line, row in enumerate(rows, start=2):
            try:
                postcode, area = row[postcode_at].strip(), row[area_at].strip().upper()
            except IndexError:
                raise DeprivationFileError(
                    gettext("Line %(line)s: too few columns") % {"line": line}
                ) from None
            if not postcode or not area or area[0] not in "EW":
                continue
            if len(area) != 9:
                raise DeprivationFileError(
                    gettext("Line %(line)s: small area “%(area)s” is not a code like E01012345")
                    % {"line": line, "area": area}
                )
            batch.append(PostcodeArea(postcode=postcode_key(postcode), area_code=area))
            if len(batch) >= BATCH:
                count += _save_postcodes(batch)
                batch = []
        count += _save_postcodes(batch)
        deprivation_refresh()
        audit_configuration(
            obj=PostcodeArea,
            action=Action.UPDATE,
            what=f"Loaded {count:,} postcodes into the postcode → small area lookup",
            actor=actor,
        )
    return count


def _save_postcodes(batch: list[PostcodeArea]) -> int:
    PostcodeArea.objects.bulk_create(
        batch, update_conflicts=True, unique_fields=["postcode"], update_fields=["area_code"]
    )
    return len(batch)


def _whole(raw: str, what: str, line: int) -> int:
    try:
        return int(float(raw.strip()))
    except ValueError:
        raise DeprivationFileError(
            gettext("Line %(line)s: %(what)s “%(value)s” is not a whole number")
            % {"line": line, "what": what, "value": raw}
        ) from None


def load_index(
    lines: Iterable[str],
    *,
    nation: str,
    area_column: str | None = None,
    decile_column: str | None = None,
    rank_column: str | None = None,
    actor: Actor,
) -> int:
    """Load (or refresh) one nation's index by small area; returns how many areas.
    Audited on every programme: their deprivation figures change with it."""
    if nation not in DeprivationIndex.values:
        raise DeprivationFileError(
            gettext("The nation must be one of: %(nations)s")
            % {"nations": ", ".join(DeprivationIndex.values)}
        )
    rows = csv.reader(lines)
    header = _header(rows)
    named = None if area_column else _containing(header, "lsoa", "code")
    area_at = (
        named
        if named is not None
        else _find(header, area_column, AREA_COLUMNS, gettext("LSOA code"))
    )
    decile_at = rank_at = None
    if decile_column or not rank_column:
        decile_at = (
            _find(header, decile_column, (), gettext("decile"))
            if decile_column
            else _containing(header, "multiple deprivation", "decile")
            or _containing(header, "imd", "decile")
        )
    if decile_at is None:
        rank_at = (
            _find(header, rank_column, (), gettext("rank"))
            if rank_column
            else _containing(header, "multiple deprivation", "rank")
            or _containing(header, "wimd")
            or _containing(header, "rank")
        )
    if decile_at is None and rank_at is None:
        raise DeprivationFileError(gettext("The file has no decile or rank column"))
    found: list[tuple[str, int]] = []
    for line, row in enumerate(rows, start=2):
        try:
            code = row[area_at].strip().upper()
            value = row[decile_at if decile_at is not None else rank_at]  # type: ignore[index]
        except IndexError:
            raise DeprivationFileError(
                gettext("Line %(line)s: too few columns") % {"line": line}
            ) from None
        if not code:
            continue
        number = _whole(
            value, gettext("decile") if decile_at is not None else gettext("rank"), line
        )
        if decile_at is not None and not 1 <= number <= 10:
            raise DeprivationFileError(
                gettext("Line %(line)s: decile “%(value)s” is not from 1 to 10")
                % {"line": line, "value": value}
            )
        found.append((code, number))
    if rank_at is not None:
        size = len(found)
        if any(not 1 <= rank <= size for _, rank in found):
            raise DeprivationFileError(
                gettext("Every rank must be from 1 to %(size)s, the number of areas")
                % {"size": size}
            )
        found = [(code, math.ceil(rank * 10 / size)) for code, rank in found]
    with transaction.atomic():
        for start in range(0, len(found), BATCH):
            SmallArea.objects.bulk_create(
                [
                    SmallArea(code=c, index=nation, decile=d)
                    for c, d in found[start : start + BATCH]
                ],
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["index", "decile"],
            )
        deprivation_refresh()
        audit_configuration(
            obj=SmallArea,
            action=Action.UPDATE,
            what=f"Loaded the index of multiple deprivation for {nation.title()} "
            f"({len(found):,} small areas)",
            actor=actor,
        )
    return len(found)


def deprivation_refresh() -> int:
    """Every person's decile worked out again from their postcode, in one statement."""
    area = SmallArea.objects.filter(
        code=Subquery(
            PostcodeArea.objects.filter(postcode=OuterRef(OuterRef("postcode"))).values(
                "area_code"
            )[:1]
        )
    )
    decile = Concat(
        Subquery(area.values("index")[:1]),
        Value("_"),
        Cast(Subquery(area.values("decile")[:1]), CharField()),
        output_field=CharField(),
    )
    return Person.objects.update(deprivation=Coalesce(decile, Value("")))
