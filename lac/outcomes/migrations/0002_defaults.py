"""Ship the defaults every programme starts with.

- "A good life" framework, version 1: seven life areas on a 1-5 scale in the
  spirit of Derby's Flower, in our own words (no licensed Outcomes Star text).
- Default outcome event types, each suggesting an SROI outcome id.
- The shared rate card, copied from the value engine's shipped New Economy card.

The wording is frozen here: a later change to the defaults is a new framework
version in a new migration, so old assessments keep the words they were scored on.
"""

from datetime import date

from django.db import migrations

FRAMEWORK = {
    "slug": "lac-good-life",
    "name": "A good life",
    "description": (
        "Seven areas of life, each scored together with the person from 1 (things are hard) "
        "to 5 (going well). Score at the first conversation, at reviews, and at the end."
    ),
}

DOMAINS = (
    (
        "life-control",
        "Life control",
        "How much do you feel in charge of your own life?",
        (
            "Things happen to me; I have no say over my life.",
            "I am starting to think about what I want, but others decide most things.",
            "I make some decisions for myself and know where to start.",
            "I make most decisions about my life and plan ahead.",
            "I feel in charge of my life and know what I want from it.",
        ),
    ),
    (
        "people-support",
        "People support",
        "Who is there for you?",
        (
            "I have nobody I can turn to.",
            "There is someone, but I rarely see them or ask for help.",
            "I have one or two people I can call on.",
            "I have several people I see often and can rely on.",
            "I have people around me, and I am there for them too.",
        ),
    ),
    (
        "health-wellbeing",
        "Health and wellbeing",
        "How are you feeling, in body and mind?",
        (
            "My health or how I feel stops me doing most things.",
            "I am struggling, but I have begun to look after myself.",
            "Some days are good; I know what helps me.",
            "I mostly feel well and manage my health.",
            "I feel well and look after my health with confidence.",
        ),
    ),
    (
        "money",
        "Money",
        "How are things with money?",
        (
            "Money worries are overwhelming; I am in crisis.",
            "I am behind with bills and starting to get help.",
            "I am getting by, with help to sort things out.",
            "I manage my money and keep on top of bills.",
            "I am confident with money and can plan ahead.",
        ),
    ),
    (
        "home",
        "Home",
        "How settled and safe do you feel at home?",
        (
            "I may lose my home, or it is not safe or suitable for me.",
            "My home has serious problems that I have started to tackle.",
            "My home is all right for now, with some worries.",
            "My home is settled and suits me.",
            "I feel safe and settled at home for the long term.",
        ),
    ),
    (
        "community-connections",
        "Community connections",
        "How connected do you feel to what goes on near you?",
        (
            "I rarely go out and do not know what happens nearby.",
            "I know of some places or groups but do not go.",
            "I sometimes go to a group or place near me.",
            "I go regularly to places or groups and feel welcome.",
            "I feel part of my community and know what is going on.",
        ),
    ),
    (
        "contribution",
        "Contribution",
        "What do you give to others and your community?",
        (
            "I do not feel I have anything to offer.",
            "I am starting to see what I am good at.",
            "I sometimes help others or share what I can do.",
            "I regularly help out, volunteer or share a skill.",
            "Others count on me: I volunteer, lead or have started something.",
        ),
    ),
)

EVENT_TYPES = (
    ("reduced-isolation", "Less isolated", "Sees or speaks to people more often", "isolation"),
    ("joined-group", "Joined a community group", "Goes to a group, club or class", "community"),
    ("started-volunteering", "Started volunteering", "Gives time to others", "volunteering"),
    ("more-confident", "More confident", "Says they feel more confident", "confidence"),
    ("housing-stabilised", "Housing stabilised", "A tenancy saved or a home made safe", "housing"),
    ("debt-resolved", "Debt resolved or under control", "A plan agreed or debts cleared", "money"),
    ("reduced-gp-visits", "Fewer GP visits", "Sees the GP less often than before", "gp"),
    ("reduced-hospital-use", "Fewer A&E or hospital visits", "Less urgent or hospital care", "hospital"),
    ("better-health", "Feels healthier", "Reports better physical or mental health", "health"),
    ("work-or-learning", "Started work, training or learning", "A job, course or college", "employment"),
    ("started-group", "Started a new group", "Set up something new for others", "new-group"),
    ("carer-supported", "Carer feels supported", "A carer has the support they need", "carers"),
    ("safer", "Feels safer", "Less at risk of harm, abuse or exploitation", "safety"),
)


def create_defaults(apps, schema_editor):
    Framework = apps.get_model("outcomes", "Framework")
    FrameworkVersion = apps.get_model("outcomes", "FrameworkVersion")
    Domain = apps.get_model("outcomes", "Domain")
    ScalePoint = apps.get_model("outcomes", "ScalePoint")
    OutcomeEventType = apps.get_model("outcomes", "OutcomeEventType")
    RateCard = apps.get_model("outcomes", "RateCard")
    UnitCost = apps.get_model("outcomes", "UnitCost")

    framework = Framework.objects.create(**FRAMEWORK)
    version = FrameworkVersion.objects.create(
        framework=framework, number=1, published=date(2026, 1, 1), notes="First version."
    )
    for order, (key, name, question, points) in enumerate(DOMAINS):
        domain = Domain.objects.create(
            version=version, key=key, name=name, question=question, order=order
        )
        ScalePoint.objects.bulk_create(
            ScalePoint(domain=domain, value=value, description=text)
            for value, text in enumerate(points, start=1)
        )

    OutcomeEventType.objects.bulk_create(
        OutcomeEventType(
            code=code, name=name, description=description, sroi_outcome_id=sroi, order=order
        )
        for order, (code, name, description, sroi) in enumerate(EVENT_TYPES)
    )

    from lac.outcomes.ratecards import unit_cost_rows
    from lac.value import load_rate_card

    engine_card = load_rate_card()
    card = RateCard.objects.create(
        name=engine_card.name, version=engine_card.version, source=engine_card.source
    )
    UnitCost.objects.bulk_create(
        UnitCost(rate_card=card, **row) for row in unit_cost_rows(engine_card)
    )


def remove_defaults(apps, schema_editor):
    apps.get_model("outcomes", "Framework").objects.filter(slug=FRAMEWORK["slug"]).delete()
    apps.get_model("outcomes", "OutcomeEventType").objects.filter(programme=None).delete()
    apps.get_model("outcomes", "RateCard").objects.filter(programme=None).delete()


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
