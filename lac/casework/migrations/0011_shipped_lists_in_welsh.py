"""The shipped introduction sources, challenges and closure reasons in Welsh.

Review: these are lac's own translations, awaiting a Welsh speaker's check (README,
"Welsh (Cymraeg)"); "social prescriber" (*presgripsiynydd cymdeithasol*) most of all.
Only a shared row (no programme) still worded as shipped and with no Welsh yet is
filled in: a programme's own wording, English or Welsh, is kept.
"""

from django.db import migrations

# model: {code: (English as shipped in 0002_default_lists, Welsh)}
IN_WELSH = {
    "IntroductionSource": {
        "council": ("Council department", "Adran o’r cyngor"),
        "primary-health": (
            "Primary health (GP, practice nurse, social prescriber)",
            "Gofal iechyd sylfaenol (meddyg teulu, nyrs practis, presgripsiynydd cymdeithasol)",
        ),
        "secondary-health": (
            "Secondary health (hospital, mental health team)",
            "Gofal iechyd eilaidd (ysbyty, tîm iechyd meddwl)",
        ),
        "self": ("Self", "Nhw eu hunain"),
        "family-friend-neighbour": ("Family, friend or neighbour", "Teulu, ffrind neu gymydog"),
        "police": ("Police", "Heddlu"),
        "fire": ("Fire and rescue", "Tân ac achub"),
        "housing-provider": ("Housing provider", "Darparwr tai"),
        "voluntary-sector": (
            "Voluntary or community organisation",
            "Sefydliad gwirfoddol neu gymunedol",
        ),
        "school": ("School or college", "Ysgol neu goleg"),
        "pharmacy": ("Pharmacy", "Fferyllfa"),
        "other": ("Other", "Arall"),
    },
    "Challenge": {
        "isolation": ("Feeling isolated or lonely", "Teimlo’n ynysig neu’n unig"),
        "being-heard": ("Wanting to be heard by services", "Eisiau i wasanaethau wrando"),
        "money": ("Money, debt or benefits", "Arian, dyledion neu fudd-daliadau"),
        "health": ("Physical health", "Iechyd corfforol"),
        "mental-health": ("Mental health and wellbeing", "Iechyd meddwl a llesiant"),
        "housing": ("Housing", "Tai"),
        "safety": ("Feeling safe", "Teimlo’n ddiogel"),
        "caring": ("Caring for someone", "Gofalu am rywun"),
        "work-learning": ("Work, volunteering or learning", "Gwaith, gwirfoddoli neu ddysgu"),
        "family": ("Family and relationships", "Teulu a pherthnasoedd"),
        "other": ("Something else", "Rhywbeth arall"),
    },
    "ClosureReason": {
        "goals-met": (
            "Goals met, things are going well",
            "Nodau wedi’u cyrraedd, mae pethau’n mynd yn dda",
        ),
        "connected": (
            "Connected to community and no longer needs support",
            "Wedi cysylltu â’r gymuned a dim angen cymorth mwyach",
        ),
        "person-chose": ("The person chose to stop", "Dewisodd yr unigolyn roi’r gorau iddi"),
        "no-contact": ("No contact for a long time", "Dim cysylltiad ers amser hir"),
        "moved-away": ("Moved out of the area", "Wedi symud o’r ardal"),
        "services": (
            "Now supported mainly by services",
            "Bellach yn cael cymorth gan wasanaethau yn bennaf",
        ),
        "died": ("Died", "Wedi marw"),
        "other": ("Other", "Arall"),
    },
}


def add_welsh(apps, schema_editor):
    """Fill in the Welsh of each shared row still as shipped and with no Welsh yet."""
    for model_name, rows in IN_WELSH.items():
        model = apps.get_model("casework", model_name)
        for code, (english, welsh) in rows.items():
            model.objects.filter(programme=None, code=code, label=english, label_cy="").update(
                label_cy=welsh
            )


class Migration(migrations.Migration):
    dependencies = [("casework", "0010_recorded_by_date_indexes")]

    operations = [migrations.RunPython(add_welsh, migrations.RunPython.noop)]
