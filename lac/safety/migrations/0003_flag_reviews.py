"""Every risk flag has a review date, and a flag's reviews are kept.

Flags set without a review date are due ``FLAG_REVIEW_MONTHS`` after they were set
(so an old flag is due at once, and listed until someone reviews it).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from lac.lib.periods import months_after


def review_dates(apps, schema_editor):
    RiskFlag = apps.get_model("safety", "RiskFlag")
    for flag in RiskFlag.objects.filter(review_by__isnull=True):
        set_on = timezone.localdate(flag.set_at)
        flag.review_by = months_after(set_on, settings.LAC_FLAG_REVIEW_MONTHS)
        flag.save(update_fields=["review_by"])


class Migration(migrations.Migration):

    dependencies = [
        ("safety", "0002_concerns_and_emailed_alerts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(review_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="riskflag",
            name="review_by",
            field=models.DateField(
                help_text="When someone should check the flag is still needed"
            ),
        ),
        migrations.CreateModel(
            name="FlagReview",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kept", models.BooleanField()),
                ("note", models.CharField(max_length=500)),
                ("next_review_by", models.DateField(blank=True, null=True)),
                ("at", models.DateTimeField(auto_now_add=True)),
                ("by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("flag", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reviews", to="safety.riskflag")),
            ],
            options={"ordering": ["at", "pk"]},
        ),
    ]
