"""Seed the global default lists every programme starts from."""

from django.db import migrations

SOURCES = [
    ("council", "Council department", "council"),
    ("primary-health", "Primary health (GP, practice nurse, social prescriber)", "health"),
    ("secondary-health", "Secondary health (hospital, mental health team)", "health"),
    ("self", "Self", "community"),
    ("family-friend-neighbour", "Family, friend or neighbour", "community"),
    ("police", "Police", "emergency"),
    ("fire", "Fire and rescue", "emergency"),
    ("housing-provider", "Housing provider", "other"),
    ("voluntary-sector", "Voluntary or community organisation", "other"),
    ("school", "School or college", "other"),
    ("pharmacy", "Pharmacy", "health"),
    ("other", "Other", "other"),
]
CHALLENGES = [
    ("isolation", "Feeling isolated or lonely"),
    ("being-heard", "Wanting to be heard by services"),
    ("money", "Money, debt or benefits"),
    ("health", "Physical health"),
    ("mental-health", "Mental health and wellbeing"),
    ("housing", "Housing"),
    ("safety", "Feeling safe"),
    ("caring", "Caring for someone"),
    ("work-learning", "Work, volunteering or learning"),
    ("family", "Family and relationships"),
    ("other", "Something else"),
]
CLOSURE_REASONS = [
    ("goals-met", "Goals met, things are going well"),
    ("connected", "Connected to community and no longer needs support"),
    ("person-chose", "The person chose to stop"),
    ("no-contact", "No contact for a long time"),
    ("moved-away", "Moved out of the area"),
    ("services", "Now supported mainly by services"),
    ("died", "Died"),
    ("other", "Other"),
]


def seed(apps, schema_editor):
    IntroductionSource = apps.get_model("casework", "IntroductionSource")
    Challenge = apps.get_model("casework", "Challenge")
    ClosureReason = apps.get_model("casework", "ClosureReason")
    IntroductionSource.objects.bulk_create(
        IntroductionSource(code=code, label=label, group=group, position=(i + 1) * 10)
        for i, (code, label, group) in enumerate(SOURCES)
    )
    Challenge.objects.bulk_create(
        Challenge(code=code, label=label, position=(i + 1) * 10)
        for i, (code, label) in enumerate(CHALLENGES)
    )
    ClosureReason.objects.bulk_create(
        ClosureReason(code=code, label=label, position=(i + 1) * 10)
        for i, (code, label) in enumerate(CLOSURE_REASONS)
    )


def unseed(apps, schema_editor):
    for name in ("IntroductionSource", "Challenge", "ClosureReason"):
        apps.get_model("casework", name).objects.filter(programme__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
