"""Shared UK vocabularies, and a programme's categories matched to them.

A programme describes its directory with its own categories ("Friendship and
social"), which no other directory understands. Open Referral UK feeds are
found and joined up through vocabularies every council shares, above all the
LGA's service list (esd standards, ``http://id.esd.org.uk/list/services``).
lac cannot reach the LGA's web services, so a council loads a list as a file
(``lac vocabulary load FILE``) and refreshes it the same way; a manager then
matches each category to the shared terms that mean the same
(``TaxonomyTerm.same_as``), and the feed tags each service with both.

Two file forms are read: the JSON the LGA's web service gives for a list
(``{"list": {"identifier", "label", "uri", "modified", "items": [{"identifier",
"label", "uri", "parents": [...]}]}}``), and a CSV with ``identifier`` and
``label`` columns (``uri``, ``parent`` and ``description`` optional). A load is
all or nothing, and a reload updates terms in place, so matches survive it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_configuration, audit_write
from lac.community.models import Asset, Taxonomy, TaxonomyTerm
from lac.community.services import assets_touch, term_key
from lac.people.matching import fold

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TERMS = 20_000
CODE_CHARS = 60
NAME_CHARS = 120
URI_CHARS = 300
COLUMNS = {
    "identifier": ("identifier", "id", "code"),
    "label": ("label", "name", "term"),
    "uri": ("uri", "term_uri"),
    "parent": ("parent", "parent_identifier", "parent_id"),
    "description": ("description",),
}


class VocabularyFileError(ValueError):
    """A problem with the file, naming the item or line and the field."""


@dataclass(frozen=True)
class Item:
    identifier: str
    label: str
    uri: str = ""
    parent: str = ""
    description: str = ""


@dataclass(frozen=True)
class Vocabulary:
    name: str
    uri: str
    version: str
    items: tuple[Item, ...]


def read_vocabulary(raw: bytes, *, name: str = "", uri: str = "") -> Vocabulary:
    """The vocabulary in ``raw`` (LGA JSON or CSV); ``name``/``uri`` name a CSV's list."""
    if len(raw) > MAX_FILE_BYTES:
        raise VocabularyFileError(f"The file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise VocabularyFileError("The file is not UTF-8 text") from None
    if text.lstrip().startswith("{"):
        vocabulary = _from_json(text)
    else:
        if not name.strip():
            raise VocabularyFileError("A CSV file needs the list's name (--name)")
        vocabulary = Vocabulary(name.strip(), uri.strip(), "", _from_csv(text))
    _check(vocabulary)
    return vocabulary


def _from_json(text: str) -> Vocabulary:
    try:
        listing = json.loads(text)["list"]
        items = listing["items"]
    except (ValueError, KeyError, TypeError):
        raise VocabularyFileError(
            'The JSON is not an LGA list: it needs {"list": {"label": ..., "items": [...]}}'
        ) from None
    if not isinstance(items, list):
        raise VocabularyFileError("The list's items are not a list")
    read = tuple(_json_item(item, number) for number, item in enumerate(items, start=1))
    return Vocabulary(
        name=str(listing.get("label") or listing.get("identifier") or "").strip(),
        uri=str(listing.get("uri") or "").strip(),
        version=str(listing.get("modified") or "")[:10],
        items=read,
    )


def _json_item(item: Any, number: int) -> Item:
    if not isinstance(item, dict):
        raise VocabularyFileError(f"Item {number} is not an object")
    parents = item.get("parents") or []
    parent = parents[0].get("identifier", "") if parents and isinstance(parents[0], dict) else ""
    return Item(
        identifier=str(item.get("identifier") or "").strip(),
        label=str(item.get("label") or "").strip(),
        uri=str(item.get("uri") or "").strip(),
        parent=str(parent).strip(),
        description=str(item.get("description") or "").strip(),
    )


def _from_csv(text: str) -> tuple[Item, ...]:
    rows = csv.reader(io.StringIO(text))
    header = [name.strip().lower() for name in next(rows, [])]
    if not header:
        raise VocabularyFileError("The file is empty")
    where = {field: _column(header, field) for field in COLUMNS}
    for needed in ("identifier", "label"):
        if where[needed] is None:
            names = ", ".join(COLUMNS[needed])
            raise VocabularyFileError(f"The file has no {needed} column (one of: {names})")
    items = []
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        cells = {
            field: row[index].strip() if index is not None and index < len(row) else ""
            for field, index in where.items()
        }
        items.append(Item(**cells))
        if len(items) > MAX_TERMS:
            break
    return tuple(items)


def _column(header: list[str], field: str) -> int | None:
    return next((header.index(name) for name in COLUMNS[field] if name in header), None)


def _check(vocabulary: Vocabulary) -> None:
    """Every rule the file must keep, checked before anything is written."""
    if not vocabulary.name:
        raise VocabularyFileError("The list has no name (label)")
    if len(vocabulary.uri) > URI_CHARS:
        raise VocabularyFileError(f"The list's uri is longer than {URI_CHARS} characters")
    if not vocabulary.items:
        raise VocabularyFileError("The list has no items")
    if len(vocabulary.items) > MAX_TERMS:
        raise VocabularyFileError(f"The list has more than {MAX_TERMS:,} items")
    seen: set[str] = set()
    for number, item in enumerate(vocabulary.items, start=1):
        where = f"Item {number}" + (f" ({item.identifier})" if item.identifier else "")
        if not item.identifier:
            raise VocabularyFileError(f"{where}: identifier is missing")
        if len(item.identifier) > CODE_CHARS:
            raise VocabularyFileError(f"{where}: identifier is longer than {CODE_CHARS} characters")
        if not item.label:
            raise VocabularyFileError(f"{where}: label is missing")
        if len(item.label) > NAME_CHARS:
            raise VocabularyFileError(f"{where}: label is longer than {NAME_CHARS} characters")
        if len(item.uri) > URI_CHARS:
            raise VocabularyFileError(f"{where}: uri is longer than {URI_CHARS} characters")
        if item.identifier in seen:
            raise VocabularyFileError(f"{where}: identifier appears twice")
        seen.add(item.identifier)
    for number, item in enumerate(vocabulary.items, start=1):
        if item.parent and item.parent not in seen:
            raise VocabularyFileError(
                f"Item {number} ({item.identifier}): parent {item.parent} is not in the list"
            )


@transaction.atomic
@transaction.atomic
def vocabulary_load(vocabulary: Vocabulary, *, actor: Actor) -> tuple[Taxonomy, int, int]:
    """Load or refresh a shared vocabulary: (its taxonomy, terms added, terms updated),
    audited on every programme, since every directory can use it.

    Found again by its uri (or, without one, its name), and its terms by
    identifier, so a refresh keeps the matches managers made. Terms the new
    file no longer has are kept: a category matched to one still means it.
    """
    taxonomy = _shared_taxonomy(vocabulary)
    existing = {term.code: term for term in taxonomy.terms.all()}
    added = updated = 0
    renamed: list[int] = []
    terms: dict[str, TaxonomyTerm] = {}
    for position, item in enumerate(vocabulary.items):
        term = existing.get(item.identifier) or TaxonomyTerm(
            taxonomy=taxonomy, code=item.identifier
        )
        is_new = term.pk is None
        changed = (term.name, term.term_uri, term.description) != (
            item.label,
            item.uri,
            item.description,
        )
        term.name, term.term_uri, term.description = item.label, item.uri, item.description
        term.search_key = term_key(name=item.label, code=item.identifier)
        term.position = min(position, 32767)
        if is_new or changed:
            term.save()
            added += is_new
            updated += not is_new
            if not is_new:
                renamed.append(term.pk)
        terms[item.identifier] = term
    for item in vocabulary.items:
        parent = terms[item.parent] if item.parent else None
        term = terms[item.identifier]
        if term.parent_id != (parent.pk if parent else None):
            term.parent = parent
            term.save(update_fields=["parent"])
    # Services whose categories are matched to a changed term say it differently now.
    assets_touch(Asset.objects.filter(tags__same_as__in=renamed).values_list("pk", flat=True))
    audit_configuration(
        obj=taxonomy,
        action=Action.UPDATE,
        what=f"Loaded the list “{taxonomy.name}”: {added} terms added, {updated} changed",
        actor=actor,
    )
    return taxonomy, added, updated


def _shared_taxonomy(vocabulary: Vocabulary) -> Taxonomy:
    shared = Taxonomy.objects.filter(programme__isnull=True)
    found = (
        shared.filter(uri=vocabulary.uri) if vocabulary.uri else shared.filter(name=vocabulary.name)
    ).first()
    taxonomy = found or Taxonomy(programme=None, uri=vocabulary.uri)
    taxonomy.name = vocabulary.name
    taxonomy.version = vocabulary.version or taxonomy.version
    taxonomy.description = taxonomy.description or f"{vocabulary.name}, shared by UK directories"
    taxonomy.save()
    return taxonomy


def shared_terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(taxonomy__programme__isnull=True).select_related("taxonomy")


def shared_terms_matching(query: str, limit: int = 25) -> list[TaxonomyTerm]:
    """Shared terms whose label or identifier has every word of ``query``, folded as names are."""
    words = fold(query).split()
    if not words:
        return []
    terms = shared_terms()
    for word in words:
        terms = terms.filter(search_key__contains=word)
    return list(terms.order_by("taxonomy__name", "name")[:limit])


@transaction.atomic
def term_match(*, term: TaxonomyTerm, shared: Iterable[TaxonomyTerm], actor: Actor) -> None:
    """Say which shared terms mean the same as a programme's category; audited."""
    if term.taxonomy.programme_id is None:
        raise ValueError("Only a programme's own category is matched to shared terms")
    chosen = list(shared)
    if any(choice.taxonomy.programme_id is not None for choice in chosen):
        raise ValueError("A category can only be matched to terms of a shared vocabulary")
    before = sorted(term.same_as.values_list("code", flat=True))
    term.same_as.set(chosen)
    after = sorted(choice.code for choice in chosen)
    if before != after:
        # The services this category describes now carry other shared terms.
        assets_touch(term.assets.values_list("pk", flat=True))
        audit_write(
            obj=term.taxonomy,
            what=f"Directory category matched to shared terms: {term.name}",
            actor=actor,
            changes={"same_as": [", ".join(before), ", ".join(after)]},
        )
