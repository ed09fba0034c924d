"""Bring another publisher's Open Referral (HSDS 3.0) services into a programme's directory.

Each service is checked on its own; good ones are created (or updated, when
the same publisher id was imported before) and bad ones are rejected with
their reasons. Everything runs in one transaction; a dry run rolls it back,
so the report shows exactly what an import would do.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy, ngettext
from django_stubs_ext import StrOrPromise

from lac.accounts.models import Programme
from lac.audit.actor import Actor
from lac.community import services as community_services
from lac.community.models import (
    WEEKDAY_CODES,
    Asset,
    AssetKind,
    AssetStatus,
    Frequency,
    TaxonomyTerm,
)
from lac.community.openreferral.params import local_time
from lac.community.openreferral.shape import SERVICE, shape_problems

STATUS_MAP = {
    "active": AssetStatus.ACTIVE,
    "temporarily closed": AssetStatus.PAUSED,
    "inactive": AssetStatus.CLOSED,
    "defunct": AssetStatus.CLOSED,
}
BYDAY = re.compile(r"^(?P<week>-1|[1-4])?(?P<day>MO|TU|WE|TH|FR|SA|SU)$")
MAX_SERVICES = 5000


@dataclass
class ImportReport:
    dry_run: bool
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    rejected: list[tuple[str, list[str]]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """'3 services were created, 1 updated, 0 rejected' (or 'would be', checking)."""
        created, updated = len(self.created), len(self.updated)
        if self.dry_run:
            made = ngettext(
                "%(created)s service would be created",
                "%(created)s services would be created",
                created,
            )
            changed = ngettext(
                "%(updated)s would be updated", "%(updated)s would be updated", updated
            )
        else:
            made = ngettext(
                "%(created)s service was created", "%(created)s services were created", created
            )
            changed = ngettext("%(updated)s was updated", "%(updated)s were updated", updated)
        rejected = ngettext("%(rejected)s rejected", "%(rejected)s rejected", len(self.rejected))
        counts = {"created": created, "updated": updated, "rejected": len(self.rejected)}
        return ", ".join(part % counts for part in (made, changed, rejected))


class Rejected(Exception):
    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def parse_upload(raw: bytes) -> Any:
    """The file's JSON, or a ValueError a person can act on."""
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValueError(gettext("The file must be UTF-8 text (JSON)")) from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            gettext("The file is not valid JSON (line %(line)s: %(problem)s)")
            % {"line": exc.lineno, "problem": exc.msg}
        ) from None
    except RecursionError:
        raise ValueError(
            gettext("The file's JSON is nested too deeply to be a list of services")
        ) from None


def services_in(payload: Any) -> list[Any]:
    """Services from a list, an HSDS page (``contents``), a ``services`` key or one service."""
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict):
        if isinstance(payload.get("contents"), list):
            return payload["contents"]
        if isinstance(payload.get("services"), list):
            return payload["services"]
        if "id" in payload and "name" in payload:
            return [payload]
    raise ValueError(gettext("No services found: expected a list of services or an HSDS page"))


def import_hsds(
    payload: Any, *, programme: Programme, actor: Actor, dry_run: bool, source: str = ""
) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    items = services_in(payload)
    if len(items) > MAX_SERVICES:
        raise ValueError(
            gettext("Too many services in one file (%(count)s; at most %(most)s)")
            % {"count": len(items), "most": MAX_SERVICES}
        )
    community_services.taxonomy_ensure(programme=programme)
    terms = list(TaxonomyTerm.objects.filter(taxonomy__programme=programme))
    seen: set[str] = set()
    with transaction.atomic():
        for number, item in enumerate(items, start=1):
            label = _label(item, number)
            try:
                service = _check_service(item, seen)
                with transaction.atomic():
                    created = _save(service, programme, actor, terms, report, label, source)
            except Rejected as exc:
                report.rejected.append((label, exc.reasons))
                continue
            except ValidationError as exc:
                report.rejected.append((label, _messages(exc)))
                continue
            (report.created if created else report.updated).append(label)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _label(item: Any, number: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip():
        return gettext("%(name)s (item %(number)s)") % {
            "name": item["name"].strip()[:100],
            "number": number,
        }
    return gettext("Item %(number)s") % {"number": number}


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{name}: {' '.join(errs)}" for name, errs in exc.message_dict.items()]
    return list(exc.messages)


def _text(item: dict[str, Any], key: str, limit: int, reasons: list[str]) -> str:
    value = (item.get(key) or "").strip()
    if len(value) > limit:
        reasons.append(
            gettext("%(key)s is longer than %(limit)s characters") % {"key": key, "limit": limit}
        )
    return value


def _check_service(item: Any, seen: set[str]) -> dict[str, Any]:
    """Validate one HSDS service and turn it into directory fields, or reject it.

    Every field's type is checked first (``shape``), so a malformed service is
    rejected naming its fields before any rule looks at a value.
    """
    if not isinstance(item, dict):
        raise Rejected([gettext("not a JSON object")])
    malformed = shape_problems(item, SERVICE, "")
    if malformed:
        raise Rejected(malformed)
    reasons: list[str] = []
    service_id = _service_id(item, seen, reasons)
    data = _service_fields(item, reasons)
    if reasons:
        raise Rejected(reasons)
    seen.add(service_id)
    sal = _first(item.get("service_at_locations")) or {}
    location = sal.get("location") or {}
    data |= _reach_fields(item, sal, location, cost=data["cost"])
    return {
        "id": service_id,
        "data": data,
        "organization": item.get("organization"),
        "schedules": [
            *(item.get("schedules") or []),
            *(sal.get("schedules") or []),
            *(location.get("schedules") or []),
        ],
        "attributes": item.get("attributes") or [],
    }


def _service_id(item: dict[str, Any], seen: set[str], reasons: list[str]) -> str:
    """The service's UUID, which must be new to this file."""
    try:
        service_id = str(uuid.UUID(str(item.get("id"))))
    except ValueError:
        reasons.append(gettext("id must be a UUID"))
        service_id = ""
    if service_id in seen:
        reasons.append(gettext("the same id appears twice in the file"))
    return service_id


def _service_fields(item: dict[str, Any], reasons: list[str]) -> dict[str, Any]:
    """The directory fields the service's own values give, each checked."""
    name = _text(item, "name", 200, reasons)
    if not name:
        reasons.append(gettext("name is missing"))
    status = item.get("status")
    if status not in STATUS_MAP:
        reasons.append(
            gettext("status must be one of %(allowed)s (got %(got)r)")
            % {"allowed": ", ".join(STATUS_MAP), "got": status}
        )
    email = _checked(
        item,
        "email",
        254,
        EmailValidator(),
        gettext_lazy("email is not an email address: %(value)r"),
        reasons,
    )
    url = _checked(
        item,
        "url",
        200,
        URLValidator(schemes=["http", "https"]),
        gettext_lazy("url is not a web address: %(value)r"),
        reasons,
    )
    ages = {key: _age(item, key, reasons) for key in ("minimum_age", "maximum_age")}
    return {
        "kind": AssetKind.SERVICE,
        "name": name,
        "description": _text(item, "description", 5000, reasons),
        "email": email,
        "website": url,
        "status": STATUS_MAP.get(status) if status else None,
        "who_for": _text(item, "eligibility_description", 2000, reasons),
        **ages,
        "cost": _text(item, "fees_description", 200, reasons),
        "public": True,
    }


def _checked(
    item: dict[str, Any],
    key: str,
    limit: int,
    validator: Callable[[str], None],
    refusal: StrOrPromise,
    reasons: list[str],
) -> str:
    """Text that, when given, must pass ``validator`` (an email address, a web address);
    ``refusal`` says why not, with the value at ``%(value)r``."""
    value = _text(item, key, limit, reasons)
    if value:
        try:
            validator(value)
        except ValidationError:
            reasons.append(str(refusal) % {"value": value})
    return value


def _age(item: dict[str, Any], key: str, reasons: list[str]) -> int | None:
    value = item.get(key)
    if value is None:
        return None
    if 0 <= value <= 130:
        return int(value)
    reasons.append(gettext("%(key)s must be a number from 0 to 130") % {"key": key})
    return None


def _reach_fields(
    item: dict[str, Any], sal: dict[str, Any], location: dict[str, Any], cost: str
) -> dict[str, Any]:
    """How to reach the service: its address, phone, contact, access and cost."""
    cost_option = _first(item.get("cost_options"))
    if not cost and cost_option is not None:
        cost = cost_option.get("amount_description") or ""
    phone = _first(item.get("phones")) or _first(sal.get("phones")) or {}
    contact = _first(item.get("contacts")) or {}
    accessibility = " ".join(
        a.get("description") or "" for a in location.get("accessibility") or []
    )
    address = _first(location.get("addresses"))
    return {
        "cost": cost[:200],
        "accessibility": accessibility[:2000],
        "phone": (phone.get("number") or "")[:40],
        "contact_name": (contact.get("name") or "")[:120],
        **(_address_fields(address) if address is not None else {}),
    }


def _address_fields(address: dict[str, Any]) -> dict[str, str]:
    return {
        "address_1": (address.get("address_1") or "")[:200],
        "address_2": (address.get("address_2") or "")[:200],
        "town": (address.get("city") or "")[:100],
        "postcode": (address.get("postal_code") or "")[:20],
    }


def _first(value: Any) -> Any:
    if isinstance(value, list) and value:
        return value[0]
    return None


def _save(
    service: dict[str, Any],
    programme: Programme,
    actor: Actor,
    terms: list[TaxonomyTerm],
    report: ImportReport,
    label: str,
    source: str,
) -> bool:
    data = dict(service["data"])
    org = service["organization"]
    if org and org.get("name"):
        data["run_by"] = _organisation(org, programme, actor, source)
    tags = _matched_terms(service["attributes"], terms, report, label)
    rows = _schedule_rows(service["schedules"], report, label)
    existing = Asset.objects.filter(programme=programme, source_id=service["id"]).first()
    if existing is None:
        asset = community_services.asset_create(
            programme=programme, data=data, tags=tags, actor=actor, published_elsewhere=True
        )
        asset.source, asset.source_id = source or "Open Referral import", service["id"]
        asset.save(update_fields=["source", "source_id"])
    else:
        asset = community_services.asset_update(
            asset=existing, data=data, tags=tags, actor=actor, published_elsewhere=True
        )
    community_services.opening_times_replace(asset=asset, rows=rows)
    return existing is None


def _organisation(org: dict[str, Any], programme: Programme, actor: Actor, source: str) -> Asset:
    org_id = org.get("id") or ""
    data = {
        "kind": AssetKind.ORGANISATION,
        "name": org["name"][:200],
        "description": (org.get("description") or "")[:5000],
        "public": True,
    }
    existing = (
        Asset.objects.filter(programme=programme, source_id=org_id).first() if org_id else None
    )
    if existing is not None:
        return community_services.asset_update(
            asset=existing, data=data, actor=actor, published_elsewhere=True
        )
    asset = community_services.asset_create(
        programme=programme, data=data, actor=actor, published_elsewhere=True
    )
    if org_id:
        asset.source, asset.source_id = source or "Open Referral import", org_id
        asset.save(update_fields=["source", "source_id"])
    return asset


def _matched_terms(
    attributes: list[dict[str, Any]], terms: list[TaxonomyTerm], report: ImportReport, label: str
) -> list[TaxonomyTerm]:
    """Tags from attributes whose taxonomy term matches one of ours by code or name."""
    by_key = {t.code.lower(): t for t in terms} | {t.name.lower(): t for t in terms}
    matched = []
    for attribute in attributes:
        term = attribute.get("taxonomy_term")
        if term is None:
            continue
        found = by_key.get(str(term.get("code", "")).lower()) or by_key.get(
            str(term.get("name", "")).lower()
        )
        if found is None:
            report.warnings.append(
                (
                    label,
                    gettext("category not in this programme: %(name)s")
                    % {"name": term.get("name")},
                )
            )
        elif found not in matched:
            matched.append(found)
    return matched


def _schedule_rows(
    schedules: list[dict[str, Any]], report: ImportReport, label: str
) -> list[dict[str, Any]]:
    rows = []
    for schedule in schedules:
        try:
            rows.extend(_schedule(schedule))
        except ValueError as exc:
            report.warnings.append(
                (label, gettext("opening time left out: %(why)s") % {"why": exc})
            )
    return rows


def _schedule(schedule: dict[str, Any]) -> list[dict[str, Any]]:
    freq = schedule.get("freq")
    if freq not in (Frequency.WEEKLY, Frequency.MONTHLY):
        raise ValueError(
            gettext("only WEEKLY and MONTHLY are understood (got %(got)r)") % {"got": freq}
        )
    opens, closes = _clock(schedule.get("opens_at")), _clock(schedule.get("closes_at"))
    if closes <= opens:
        raise ValueError(gettext("closes_at must be after opens_at"))
    interval = schedule.get("interval") or 1
    if not 1 <= interval <= 8:
        raise ValueError(gettext("interval must be from 1 to 8"))
    days = [d.strip() for d in str(schedule.get("byday") or "").split(",") if d.strip()]
    if not days:
        raise ValueError(gettext("byday is missing"))
    rows = []
    for day in days:
        match = BYDAY.match(day)
        if match is None or match["day"] not in WEEKDAY_CODES:
            raise ValueError(gettext("byday not understood: %(day)r") % {"day": day})
        week = int(match["week"]) if match["week"] else None
        if freq == Frequency.MONTHLY and week is None:
            raise ValueError(
                gettext("a monthly byday needs a week number, like 1%(day)s")
                % {"day": match["day"]}
            )
        rows.append(
            {
                "freq": freq,
                "interval": int(interval),
                "weekday": match["day"],
                "week_of_month": week if freq == Frequency.MONTHLY else None,
                "opens_at": opens,
                "closes_at": closes,
                "dtstart": _day(schedule.get("dtstart")),
                "valid_from": _day(schedule.get("valid_from")),
                "valid_to": _day(schedule.get("valid_to")),
                "description": str(schedule.get("notes") or "")[:200],
            }
        )
    return rows


def _clock(value: Any) -> time:
    try:
        return local_time(str(value))
    except ValueError:
        raise ValueError(gettext("time not understood: %(value)r") % {"value": value}) from None


def _day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(gettext("date not understood: %(value)r") % {"value": value}) from None
