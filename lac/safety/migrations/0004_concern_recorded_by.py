"""A concern takes its ``recorded_by`` and ``created`` from ``accounts.RecordedBy``.

``recorded_at`` was already when the concern was saved: it is renamed, so every
concern keeps its time; ``recorded_by`` gains ``blank`` (no column changes).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0003_flag_reviews"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="concern", old_name="recorded_at", new_name="created"),
        migrations.AlterField(
            model_name="concern",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterModelOptions(
            name="concern",
            options={"ordering": ["-created", "-pk"], "verbose_name": "safeguarding concern"},
        ),
    ]
