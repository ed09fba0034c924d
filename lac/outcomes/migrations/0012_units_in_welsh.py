"""A unit cost's unit in Welsh ("yr awr" for "per hour"), and the shipped card's units filled in.

Review: lac's own translations, awaiting a Welsh speaker's check (README, "Welsh
(Cymraeg)"), as 0011's item names are. Only a shipped-card row whose unit is still
worded as shipped and has no Welsh yet is filled in.
"""

from django.db import migrations, models

UNITS = {
    "per week": "yr wythnos",
    "per hour": "yr awr",
    "average cost": "cost cyfartalog",
    "per year": "y flwyddyn",
    "per incident": "fesul digwyddiad",
    "per case": "fesul achos",
    "average response costs per fire": "costau ymateb cyfartalog fesul tân",
    "per meeting": "fesul cyfarfod",
    "average costs per individual per year": "costau cyfartalog fesul unigolyn y flwyddyn",
    "per call out": "fesul galwad allan",
    "per attendance": "fesul presenoldeb",
    "per stay": "fesul arhosiad",
    "per day": "y dydd",
}


def add_welsh(apps, schema_editor):
    UnitCost = apps.get_model("outcomes", "UnitCost")
    for unit, unit_cy in UNITS.items():
        UnitCost.objects.filter(rate_card__programme=None, unit=unit, unit_cy="").update(
            unit_cy=unit_cy
        )


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0011_shipped_lists_in_welsh")]

    operations = [
        migrations.AddField(
            model_name="unitcost",
            name="unit_cy",
            field=models.CharField(
                blank=True,
                help_text="In Welsh (Cymraeg); left blank, Welsh pages show the English",
                max_length=100,
                verbose_name="unit in Welsh",
            ),
        ),
        migrations.RunPython(add_welsh, migrations.RunPython.noop),
    ]
