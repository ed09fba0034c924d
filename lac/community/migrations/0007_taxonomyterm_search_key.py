"""A folded search key on every category and shared term, so that searching shared
vocabularies is one query; existing terms get theirs from the same function new ones do."""

from django.db import migrations, models


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    from lac.community.services import term_key

    TaxonomyTerm = apps.get_model("community", "TaxonomyTerm")
    terms = list(TaxonomyTerm.objects.only("pk", "name", "code"))
    for term in terms:
        term.search_key = term_key(name=term.name, code=term.code)
    TaxonomyTerm.objects.bulk_update(terms, ["search_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("community", "0006_merge_0005_asset_approval_0005_shared_vocabularies")]

    operations = [
        migrations.AddField(
            model_name="taxonomyterm",
            name="search_key",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Label folded by lac.people.matching, then the identifier, for searching",
                max_length=200,
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
