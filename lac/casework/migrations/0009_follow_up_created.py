"""A follow-up after closure takes ``recorded_by`` and ``created`` from ``accounts.RecordedBy``.

``recorded_by`` is unchanged; ``created`` is new. A follow-up saved before it is
given the time the audit trail first saw it: the first one-time link issued
for it, or the first event on it (declined, not reached), whichever is earlier;
failing both, the start of its ``date``.
"""

import datetime

from django.db import migrations, models
from django.db.models import Min
from django.utils import timezone


def created_from_the_trail(apps, schema_editor):
    FollowUp = apps.get_model("casework", "FollowUp")
    PersonalLink = apps.get_model("selfservice", "PersonalLink")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    issued = dict(
        PersonalLink.objects.filter(
            target_type__app_label="casework", target_type__model="followup"
        )
        .values("target_id")
        .annotate(first=Min("issued"))
        .values_list("target_id", "first")
    )
    events = dict(
        AuditEvent.objects.filter(object_type="casework.followup")
        .values("object_id")
        .annotate(first=Min("at"))
        .values_list("object_id", "first")
    )
    for follow_up in FollowUp.objects.all():
        seen = [t for t in (issued.get(follow_up.pk), events.get(str(follow_up.pk))) if t]
        midnight = datetime.datetime.combine(follow_up.date, datetime.time())
        follow_up.created = min(seen) if seen else timezone.make_aware(midnight)
        follow_up.save(update_fields=["created"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_list_views"),
        ("casework", "0008_merge_0007_follow_ups_after_closure_0007_welsh_names"),
        ("selfservice", "0001_personal_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="followup",
            name="created",
            field=models.DateTimeField(auto_now_add=True, default=timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(created_from_the_trail, migrations.RunPython.noop),
    ]
