"""Every background job records the language it was asked for in (lac.jobs), and is done in
it. A report job used to keep it in its parameters (``params["language"]``): a job kept from
then takes it from there."""

from django.conf import settings
from django.db import migrations, models


def language_from_params(apps, schema_editor):
    Job = apps.get_model("reports", "Job")
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            Job.objects.filter(params__language=code).update(language=code)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_merge_20261201_0616"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="language",
            field=models.CharField(
                choices=[("en-gb", "English"), ("cy", "Cymraeg")], default="en-gb", max_length=8
            ),
        ),
        migrations.RunPython(language_from_params, migrations.RunPython.noop),
    ]
