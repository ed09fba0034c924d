"""ONS4's questions and the ends of its scales in Welsh, for people answering in Welsh.

Review: these are lac's own translations, awaiting a Welsh speaker's check (README,
"Welsh (Cymraeg)"). The ONS and the Welsh Government ask these questions in Welsh
(National Survey for Wales, "Craidd – Llesiant (4 SYG)"), but we could not find
that published Welsh wording in a source we could read and cite, so it is not
claimed here; where a programme has it, it replaces these in the admin
(Outcomes › Domains). SWEMWBS's wording is licensed and not shipped in either
language.
"""

from django.db import migrations

# key: (life area, question, lowest end, highest end) — lac's translation, for review.
ONS4_IN_WELSH = {
    "life-satisfaction": (
        "Bodlonrwydd â bywyd",
        "Yn gyffredinol, pa mor fodlon ydych chi â'ch bywyd y dyddiau hyn?",
        "Ddim yn fodlon o gwbl",
        "Cwbl fodlon",
    ),
    "worthwhile": (
        "Gwerth chweil",
        "Yn gyffredinol, i ba raddau ydych chi'n teimlo bod y pethau rydych chi'n eu gwneud "
        "yn eich bywyd yn werth chweil?",
        "Ddim yn werth chweil o gwbl",
        "Cwbl werth chweil",
    ),
    "happiness": (
        "Hapusrwydd",
        "Yn gyffredinol, pa mor hapus oeddech chi'n teimlo ddoe?",
        "Ddim yn hapus o gwbl",
        "Cwbl hapus",
    ),
    "anxiety": (
        "Gorbryder",
        "Yn gyffredinol, pa mor bryderus oeddech chi'n teimlo ddoe?",
        "Ddim yn bryderus o gwbl",
        "Cwbl bryderus",
    ),
}
ONS4_NAME_IN_WELSH = "Llesiant personol y SYG (ONS4)"


def add_welsh(apps, schema_editor):
    """Fill in the Welsh where it is still blank: a programme's own wording is kept."""
    Framework = apps.get_model("outcomes", "Framework")
    Domain = apps.get_model("outcomes", "Domain")
    ScalePoint = apps.get_model("outcomes", "ScalePoint")
    Framework.objects.filter(slug="ons4", name_cy="").update(name_cy=ONS4_NAME_IN_WELSH)
    for key, (name, question, low, high) in ONS4_IN_WELSH.items():
        domains = Domain.objects.filter(version__framework__slug="ons4", key=key)
        domains.filter(name_cy="").update(name_cy=name)
        domains.filter(question_cy="").update(question_cy=question)
        for value, words in ((0, low), (10, high)):
            ScalePoint.objects.filter(domain__in=domains, value=value, description_cy="").update(
                description_cy=words
            )


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0009_welsh_names")]

    operations = [migrations.RunPython(add_welsh, migrations.RunPython.noop)]
