"""Every background job records the language it was asked for in (lac.jobs), and is done in
it. An import used to be done in its starter's saved language, looked up when it ran: a job
kept from then takes that language, the one its report and messages were written in."""

from django.conf import settings
from django.db import migrations, models


def starters_language(apps, schema_editor):
    ImportJob = apps.get_model("imports", "ImportJob")
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            ImportJob.objects.filter(created_by__preferred_language=code).update(language=code)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_preferred_language"),
        ("imports", "0006_import_job_undo_task"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="language",
            field=models.CharField(
                choices=[("en-gb", "English"), ("cy", "Cymraeg")], default="en-gb", max_length=8
            ),
        ),
        migrations.RunPython(starters_language, migrations.RunPython.noop),
    ]
