"""The national SNOMED CT codes for social prescribing, recorded on introductions.

Source for both codes and terms: Social Rx, "What are the social prescribing SNOMED
codes and why are they important?"
(https://www.socialrx.co.uk/blogs/blog/social-prescribing-snomed-codes-why-important),
which lists "Social prescribing declined: 871711000000103" and "Referral to social
prescribing service: 871731000000106" as the national codes; the issue (#22) quotes
the second the same way. An administrator can correct a term or add concepts in the
admin (welcome > health concepts).
"""

from django.db import migrations

SOURCE = "https://www.socialrx.co.uk/blogs/blog/social-prescribing-snomed-codes-why-important"
CONCEPTS = [
    ("871731000000106", "Referral to social prescribing service", "social_prescribing"),
    ("871711000000103", "Social prescribing declined", "person_declined"),
]


def seed(apps, schema_editor):
    HealthConcept = apps.get_model("welcome", "HealthConcept")
    for code, term, applies_to in CONCEPTS:
        HealthConcept.objects.get_or_create(
            code=code, defaults={"term": term, "source": SOURCE, "applies_to": applies_to}
        )


def unseed(apps, schema_editor):
    HealthConcept = apps.get_model("welcome", "HealthConcept")
    HealthConcept.objects.filter(code__in=[code for code, _, _ in CONCEPTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("welcome", "0002_health_concepts")]

    operations = [migrations.RunPython(seed, unseed)]
