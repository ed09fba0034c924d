"""Where a person's data can live, and what erasure does with each place.

Every field that could hold something a person is identified by (text, JSON,
files, dates, addresses) of every model in the project, lac's own and the
libraries', is listed here with how erasure treats it. :mod:`lac.people.erasure`
walks this inventory; the system check below (and ``manage.py check``, and the
test suite) fails when a model or field is added without being listed, so a
new place for personal data cannot be forgotten by erasure.

Places outside the database are listed in :data:`OTHER_PLACES`.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from django.apps import apps
from django.core import checks
from django.db import models
from django.db.models import Model


class Handling(Enum):
    """What erasure does with a place, in words for a data protection officer."""

    WALKED = "a record about the person, reached through its links to them: free text blanked"
    IDENTIFIES = "identifies the person: blanked"
    KEPT = "a category, count or date of the work: kept, so the figures add up"
    HOUSEHOLD = "their household: renamed and its notes cleared, even when others remain"
    AUDIT_TRAIL = "their audit trail: rewritten from the kind of record, names and values out"
    MENTIONS = "may quote the person with no link to them: every mention replaced"
    IMPORT_FILE = "a spreadsheet (or its problems workbook) in the data folder: deleted"
    NOT_ABOUT_PEOPLE = "about staff, places or settings, never the people walked alongside"


H = Handling

# Model label → one handling for every field, or field name → handling.
INVENTORY: dict[str, Handling | dict[str, Handling]] = {
    "people.person": {
        "full_name": H.IDENTIFIES,
        "preferred_name": H.IDENTIFIES,
        "date_of_birth": H.IDENTIFIES,
        "phone": H.IDENTIFIES,
        "email": H.IDENTIFIES,
        "address_line_1": H.IDENTIFIES,
        "address_line_2": H.IDENTIFIES,
        "town": H.IDENTIFIES,
        "postcode": H.IDENTIFIES,
        # Folded name and postcode for matching (lac.people.matching): made anew
        # from the erased name.
        "name_key": H.IDENTIFIES,
        "search_key": H.IDENTIFIES,
        "first_language": H.IDENTIFIES,
        "communication_needs": H.IDENTIFIES,
        # Links the person to their GP record (#22): identifying, blanked.
        "nhs_number": H.IDENTIFIES,
        "status_since": H.KEPT,
        "next_contact_date": H.KEPT,
        "last_contact_date": H.KEPT,
    },
    "people.household": H.HOUSEHOLD,
    "people.consent": H.WALKED,
    "casework.introduction": H.WALKED,
    "casework.levelchange": H.WALKED,
    "casework.statuschange": H.WALKED,
    "casework.conversation": H.WALKED,
    "casework.vision": H.WALKED,
    "casework.goal": H.WALKED,
    "casework.step": H.WALKED,
    # A follow-up after closure: its state and dates kept, what changed (their words) blanked.
    "casework.followup": H.WALKED,
    "outcomes.assessment": H.WALKED,
    "outcomes.domainscore": H.WALKED,
    "outcomes.outcomeevent": H.WALKED,
    "outcomes.avoidedservice": H.WALKED,
    "community.connection": H.WALKED,
    # Their own words, quoted only while their consent lasts (lac.stories.selectors).
    "stories.story": H.WALKED,
    "community.contribution": H.WALKED,
    "safety.riskflag": H.WALKED,
    # A flag kept or removed at review, with why: the note blanked.
    "safety.flagreview": H.WALKED,
    # Where a coordinator went and when: the person is linked, the place is staff's words.
    "safety.visit": H.WALKED,
    "safety.visitevent": H.KEPT,
    # Safeguarding concerns, what happened next, and a manager's decision to include them
    # in subject access: free text blanked, the category and dates kept for the counts.
    "safety.concern": H.WALKED,
    "safety.concernupdate": H.WALKED,
    "safety.concernrelease": H.WALKED,
    # A one-time link: its purpose, hashed token and dates; walked so erasure spends nothing.
    "selfservice.personallink": H.WALKED,
    "imports.importedrow": H.WALKED,
    # A share of the person's information: what, with whom, on what basis (lac.disclosures).
    "disclosures.disclosure": H.WALKED,
    # An introduction from a partner or the public page, linked to the person once
    # welcomed, and the news that went back to its introducer (lac.welcome).
    "welcome.incomingintroduction": H.WALKED,
    "welcome.newsback": H.WALKED,
    # SNOMED CT concepts health partners code against: a list kept by administrators.
    "welcome.healthconcept": H.NOT_ABOUT_PEOPLE,
    # A contacts log's, outcomes' or services avoided sheet's row, once imported.
    "imports.importedrecord": H.WALKED,
    # What an import wrote, to undo it: ids, and a changed record's values before.
    "imports.importwrite": H.WALKED,
    "audit.auditevent": {
        "what": H.AUDIT_TRAIL,
        "changes": H.AUDIT_TRAIL,
        "path": H.MENTIONS,
        "username": H.NOT_ABOUT_PEOPLE,
        "object_type": H.KEPT,
        "object_id": H.KEPT,
        "ip_address": H.NOT_ABOUT_PEOPLE,
    },
    "imports.importjob": {
        "stored_path": H.IMPORT_FILE,
        "file_name": H.MENTIONS,
        "columns": H.MENTIONS,
        "values": H.MENTIONS,
        "report": H.MENTIONS,
        "message": H.MENTIONS,
        "task_id": H.NOT_ABOUT_PEOPLE,
    },
    # What a coordinator typed into a recording form and has not saved yet.
    "accounts.formdraft": {"path": H.MENTIONS, "data": H.MENTIONS},
    "imports.importmapping": {
        "name": H.MENTIONS,
        "columns": H.MENTIONS,
        "values": H.MENTIONS,
    },
    # A background task's arguments are ids, but an error's traceback can quote a cell.
    "django_tasks_database.dbtaskresult": {
        "args_kwargs": H.MENTIONS,
        "return_value": H.MENTIONS,
        "traceback": H.MENTIONS,
        "exception_class_path": H.NOT_ABOUT_PEOPLE,
        "task_path": H.NOT_ABOUT_PEOPLE,
        "worker_ids": H.NOT_ABOUT_PEOPLE,
        "queue_name": H.NOT_ABOUT_PEOPLE,
        "backend_name": H.NOT_ABOUT_PEOPLE,
    },
    # Staff, their sign-ins and second factors; the admin edits no model about people.
    "accounts.user": H.NOT_ABOUT_PEOPLE,
    "accounts.membership": H.NOT_ABOUT_PEOPLE,
    # Who passed how many people to whom: staff and a count; each person's move is
    # on their own audit trail.
    "casework.handover": H.NOT_ABOUT_PEOPLE,
    "api.apitoken": H.NOT_ABOUT_PEOPLE,
    "admin.logentry": H.NOT_ABOUT_PEOPLE,
    "auth.group": H.NOT_ABOUT_PEOPLE,
    "auth.permission": H.NOT_ABOUT_PEOPLE,
    "contenttypes.contenttype": H.NOT_ABOUT_PEOPLE,
    # Staff sessions: signed, and gone within the 12-hour session lifetime.
    "sessions.session": H.NOT_ABOUT_PEOPLE,
    "axes.accessattempt": H.NOT_ABOUT_PEOPLE,
    "axes.accessattemptexpiration": H.NOT_ABOUT_PEOPLE,
    "axes.accessfailurelog": H.NOT_ABOUT_PEOPLE,
    "axes.accesslog": H.NOT_ABOUT_PEOPLE,
    "otp_totp.totpdevice": H.NOT_ABOUT_PEOPLE,
    # Staff passkeys (a second factor for signing in).
    "django_otp_webauthn.webauthnattestation": H.NOT_ABOUT_PEOPLE,
    "django_otp_webauthn.webauthncredential": H.NOT_ABOUT_PEOPLE,
    "django_otp_webauthn.webauthnuserhandle": H.NOT_ABOUT_PEOPLE,
    # A form's one-time key (lac.submissions): random, never typed by anyone.
    "submissions.submission": H.NOT_ABOUT_PEOPLE,
    # Published lookups a council loads for deprivation deciles (lac.people.deprivation).
    "people.smallarea": H.NOT_ABOUT_PEOPLE,
    "people.postcodearea": H.NOT_ABOUT_PEOPLE,
    # Postcode centres a council loads for the directory's proximity search.
    "community.postcodecentroid": H.NOT_ABOUT_PEOPLE,
    # The GDP deflator series money is restated with.
    "outcomes.deflatorseries": H.NOT_ABOUT_PEOPLE,
    # The programme and its settings.
    "accounts.network": H.NOT_ABOUT_PEOPLE,
    "accounts.programme": H.NOT_ABOUT_PEOPLE,
    "accounts.neighbourhood": H.NOT_ABOUT_PEOPLE,
    "casework.introductionsource": H.NOT_ABOUT_PEOPLE,
    "casework.challenge": H.NOT_ABOUT_PEOPLE,
    "casework.closurereason": H.NOT_ABOUT_PEOPLE,
    "casework.followupsettings": H.NOT_ABOUT_PEOPLE,
    "outcomes.framework": H.NOT_ABOUT_PEOPLE,
    "outcomes.frameworkversion": H.NOT_ABOUT_PEOPLE,
    "outcomes.domain": H.NOT_ABOUT_PEOPLE,
    "outcomes.scalepoint": H.NOT_ABOUT_PEOPLE,
    "outcomes.threshold": H.NOT_ABOUT_PEOPLE,
    "outcomes.conversion": H.NOT_ABOUT_PEOPLE,
    "outcomes.outcomesettings": H.NOT_ABOUT_PEOPLE,
    "outcomes.outcomeeventtype": H.NOT_ABOUT_PEOPLE,
    "outcomes.ratecard": H.NOT_ABOUT_PEOPLE,
    "outcomes.unitcost": H.NOT_ABOUT_PEOPLE,
    # The community directory: groups and organisations, their public contacts.
    "community.taxonomy": H.NOT_ABOUT_PEOPLE,
    "community.taxonomyterm": H.NOT_ABOUT_PEOPLE,
    "community.asset": H.NOT_ABOUT_PEOPLE,
    "community.openingtime": H.NOT_ABOUT_PEOPLE,
    "community.assetevent": H.NOT_ABOUT_PEOPLE,
    # Figures: impact maps, runs and extracts hold counts, money and pseudonyms only.
    "evaluation.impactmap": H.NOT_ABOUT_PEOPLE,
    "evaluation.impactmapversion": H.NOT_ABOUT_PEOPLE,
    "evaluation.run": H.NOT_ABOUT_PEOPLE,
    "evaluation.proxytable": H.NOT_ABOUT_PEOPLE,
    "evaluation.proxyvalue": H.NOT_ABOUT_PEOPLE,
    "reports.extract": H.NOT_ABOUT_PEOPLE,
    # Published census counts by neighbourhood (lac population).
    "reports.neighbourhoodpopulation": H.NOT_ABOUT_PEOPLE,
    # Totals over many people (lac.reports.monthly), suppressed when shown.
    "reports.monthlyfigure": H.NOT_ABOUT_PEOPLE,
    # A person's counts by month (no names, no notes): kept, so the figures add up.
    "reports.personcontribution": {"rows": H.KEPT},
    "reports.job": H.NOT_ABOUT_PEOPLE,
}

OTHER_PLACES: dict[str, Handling | str] = {
    "Uploaded import spreadsheets and their problems workbooks (data folder, media/imports)": (
        H.IMPORT_FILE
    ),
    "Report files (data folder, media/reports)": (
        "SROI reports and pseudonymised extracts: no names, dates of birth or postcodes"
    ),
    "Kept dashboard figures (Django's cache)": (
        "counts only; worked out again after the erasure, which is an audited write"
    ),
    "Deleted rows inside the SQLite database file": (
        "overwritten with zeros (PRAGMA secure_delete), so a backup copies none of them"
    ),
    "Backups taken before the erasure": (
        "outside lac's reach: they age out under the council's backup retention"
    ),
}

# Fields that can hold something a person is identified by.
PERSONAL_FIELD_TYPES = (
    models.CharField,
    models.TextField,
    models.JSONField,
    models.FileField,
    models.DateField,
    models.GenericIPAddressField,
    models.BinaryField,
)


def could_hold_personal_data(f: Any) -> bool:
    """A concrete field of a type that could hold a name, address, date or file."""
    if not getattr(f, "concrete", False) or f.primary_key or f.is_relation:
        return False
    if isinstance(f, models.DateTimeField):
        return False  # moments something happened, never a birthday
    if isinstance(f, models.DateField):
        return not (f.auto_now or f.auto_now_add)
    return isinstance(f, PERSONAL_FIELD_TYPES) and not f.choices


def handling_of(model: type[Model], field_name: str) -> Handling | None:
    entry = INVENTORY.get(model._meta.label_lower)
    if isinstance(entry, dict):
        return entry.get(field_name)
    return entry


def fields_handled(handling: Handling) -> dict[type[Model], list[str]]:
    """Per model, the fields erasure treats this way."""
    found: dict[type[Model], list[str]] = {}
    for model in apps.get_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if could_hold_personal_data(f) and handling_of(model, f.name) is handling
        ]
        if names:
            found[model] = names
    return found


def unclassified() -> list[str]:
    """``app.model.field`` for every field that could hold personal data but is not listed."""
    return [
        f"{model._meta.label_lower}.{f.name}"
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if could_hold_personal_data(f) and handling_of(model, f.name) is None
    ]


@checks.register(checks.Tags.models)
def check_inventory(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"{name} could hold personal data but is not in lac.people.inventory",
            hint="Say what erasure does with it: add it to INVENTORY.",
            id="lac.E001",
        )
        for name in unclassified()
    ]
