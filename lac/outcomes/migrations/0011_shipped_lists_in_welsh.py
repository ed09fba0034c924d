"""The shipped "A good life" framework, outcome events and rate card items in Welsh.

Review: these are lac's own translations, awaiting a Welsh speaker's check (README,
"Welsh (Cymraeg)"). The framework's words are lac's own (0002_defaults), so there
is no published Welsh to follow; the rate card's items follow the Welsh public
services' usual terms (*plentyn sy’n derbyn gofal*, *Adran Achosion Brys*, *cysgu
allan*). Only a row still worded as shipped and with no Welsh yet is filled in, so
a programme's own wording, and a later version of the framework, is left alone.
"""

from django.db import migrations

FRAMEWORK = ("lac-good-life", "A good life", "Bywyd da")

# key: (English name, Welsh name), (English question, Welsh question), then each scale
# point 1 to 5 as (English, Welsh).
DOMAINS = {
    "life-control": (
        ("Life control", "Rheolaeth dros fywyd"),
        (
            "How much do you feel in charge of your own life?",
            "I ba raddau ydych chi’n teimlo mai chi sy’n rheoli eich bywyd eich hun?",
        ),
        (
            (
                "Things happen to me; I have no say over my life.",
                "Mae pethau’n digwydd i mi; does gen i ddim llais yn fy mywyd.",
            ),
            (
                "I am starting to think about what I want, but others decide most things.",
                "Rwy’n dechrau meddwl am beth rydw i eisiau, ond pobl eraill sy’n penderfynu "
                "y rhan fwyaf o bethau.",
            ),
            (
                "I make some decisions for myself and know where to start.",
                "Rwy’n gwneud rhai penderfyniadau drosof fy hun ac yn gwybod ble i ddechrau.",
            ),
            (
                "I make most decisions about my life and plan ahead.",
                "Rwy’n gwneud y rhan fwyaf o benderfyniadau am fy mywyd ac yn cynllunio ymlaen.",
            ),
            (
                "I feel in charge of my life and know what I want from it.",
                "Rwy’n teimlo mai fi sy’n rheoli fy mywyd ac rwy’n gwybod beth rydw i eisiau "
                "ohono.",
            ),
        ),
    ),
    "people-support": (
        ("People support", "Cefnogaeth gan bobl"),
        ("Who is there for you?", "Pwy sydd yno i chi?"),
        (
            ("I have nobody I can turn to.", "Does gen i neb y galla i droi ato."),
            (
                "There is someone, but I rarely see them or ask for help.",
                "Mae rhywun, ond anaml y bydda i’n eu gweld nhw neu’n gofyn am help.",
            ),
            (
                "I have one or two people I can call on.",
                "Mae gen i un neu ddau o bobl y galla i alw arnyn nhw.",
            ),
            (
                "I have several people I see often and can rely on.",
                "Mae gen i sawl person rwy’n eu gweld yn aml ac y galla i ddibynnu arnyn nhw.",
            ),
            (
                "I have people around me, and I am there for them too.",
                "Mae gen i bobl o’m cwmpas, ac rydw i yno iddyn nhw hefyd.",
            ),
        ),
    ),
    "health-wellbeing": (
        ("Health and wellbeing", "Iechyd a llesiant"),
        (
            "How are you feeling, in body and mind?",
            "Sut ydych chi’n teimlo, yn gorfforol ac yn feddyliol?",
        ),
        (
            (
                "My health or how I feel stops me doing most things.",
                "Mae fy iechyd neu sut rwy’n teimlo yn fy atal rhag gwneud y rhan fwyaf o "
                "bethau.",
            ),
            (
                "I am struggling, but I have begun to look after myself.",
                "Rwy’n cael trafferth, ond rydw i wedi dechrau gofalu amdanaf fy hun.",
            ),
            (
                "Some days are good; I know what helps me.",
                "Mae rhai dyddiau’n dda; rwy’n gwybod beth sy’n fy helpu.",
            ),
            (
                "I mostly feel well and manage my health.",
                "Rwy’n teimlo’n iach gan amlaf ac yn rheoli fy iechyd.",
            ),
            (
                "I feel well and look after my health with confidence.",
                "Rwy’n teimlo’n iach ac yn gofalu am fy iechyd yn hyderus.",
            ),
        ),
    ),
    "money": (
        ("Money", "Arian"),
        ("How are things with money?", "Sut mae pethau o ran arian?"),
        (
            (
                "Money worries are overwhelming; I am in crisis.",
                "Mae pryderon am arian yn fy llethu; rydw i mewn argyfwng.",
            ),
            (
                "I am behind with bills and starting to get help.",
                "Rydw i ar ei hôl hi gyda biliau ac yn dechrau cael help.",
            ),
            (
                "I am getting by, with help to sort things out.",
                "Rydw i’n ymdopi, gyda help i ddatrys pethau.",
            ),
            (
                "I manage my money and keep on top of bills.",
                "Rydw i’n rheoli fy arian ac yn cadw trefn ar fy miliau.",
            ),
            (
                "I am confident with money and can plan ahead.",
                "Rydw i’n hyderus gydag arian ac yn gallu cynllunio ymlaen.",
            ),
        ),
    ),
    "home": (
        ("Home", "Cartref"),
        (
            "How settled and safe do you feel at home?",
            "Pa mor sefydlog a diogel ydych chi’n teimlo gartref?",
        ),
        (
            (
                "I may lose my home, or it is not safe or suitable for me.",
                "Efallai y bydda i’n colli fy nghartref, neu nid yw’n ddiogel nac yn addas i mi.",
            ),
            (
                "My home has serious problems that I have started to tackle.",
                "Mae problemau difrifol gyda fy nghartref, ac rydw i wedi dechrau mynd i’r "
                "afael â nhw.",
            ),
            (
                "My home is all right for now, with some worries.",
                "Mae fy nghartref yn iawn am y tro, gyda rhai pryderon.",
            ),
            ("My home is settled and suits me.", "Mae fy nghartref yn sefydlog ac yn fy siwtio."),
            (
                "I feel safe and settled at home for the long term.",
                "Rwy’n teimlo’n ddiogel ac yn sefydlog gartref yn yr hirdymor.",
            ),
        ),
    ),
    "community-connections": (
        ("Community connections", "Cysylltiadau cymunedol"),
        (
            "How connected do you feel to what goes on near you?",
            "Pa mor gysylltiedig ydych chi’n teimlo â’r hyn sy’n digwydd yn agos atoch chi?",
        ),
        (
            (
                "I rarely go out and do not know what happens nearby.",
                "Anaml y bydda i’n mynd allan, a dydw i ddim yn gwybod beth sy’n digwydd "
                "gerllaw.",
            ),
            (
                "I know of some places or groups but do not go.",
                "Rwy’n gwybod am rai lleoedd neu grwpiau ond dydw i ddim yn mynd.",
            ),
            (
                "I sometimes go to a group or place near me.",
                "Weithiau bydda i’n mynd i grŵp neu le yn agos ataf.",
            ),
            (
                "I go regularly to places or groups and feel welcome.",
                "Rwy’n mynd yn rheolaidd i leoedd neu grwpiau ac yn teimlo bod croeso i mi.",
            ),
            (
                "I feel part of my community and know what is going on.",
                "Rwy’n teimlo’n rhan o fy nghymuned ac yn gwybod beth sy’n digwydd.",
            ),
        ),
    ),
    "contribution": (
        ("Contribution", "Cyfraniad"),
        (
            "What do you give to others and your community?",
            "Beth ydych chi’n ei roi i eraill ac i’ch cymuned?",
        ),
        (
            (
                "I do not feel I have anything to offer.",
                "Dydw i ddim yn teimlo bod gen i unrhyw beth i’w gynnig.",
            ),
            (
                "I am starting to see what I am good at.",
                "Rwy’n dechrau gweld beth rydw i’n dda am ei wneud.",
            ),
            (
                "I sometimes help others or share what I can do.",
                "Weithiau rwy’n helpu eraill neu’n rhannu’r hyn y galla i ei wneud.",
            ),
            (
                "I regularly help out, volunteer or share a skill.",
                "Rwy’n helpu’n rheolaidd, yn gwirfoddoli neu’n rhannu sgil.",
            ),
            (
                "Others count on me: I volunteer, lead or have started something.",
                "Mae eraill yn dibynnu arna i: rwy’n gwirfoddoli, yn arwain neu wedi dechrau "
                "rhywbeth.",
            ),
        ),
    ),
}

# code: (English name, Welsh name)
EVENT_TYPES = {
    "reduced-isolation": ("Less isolated", "Llai ynysig"),
    "joined-group": ("Joined a community group", "Wedi ymuno â grŵp cymunedol"),
    "started-volunteering": ("Started volunteering", "Wedi dechrau gwirfoddoli"),
    "more-confident": ("More confident", "Mwy hyderus"),
    "housing-stabilised": ("Housing stabilised", "Sefyllfa dai wedi sefydlogi"),
    "debt-resolved": ("Debt resolved or under control", "Dyledion wedi’u datrys neu dan reolaeth"),
    "reduced-gp-visits": ("Fewer GP visits", "Llai o ymweliadau â’r meddyg teulu"),
    "reduced-hospital-use": (
        "Fewer A&E or hospital visits",
        "Llai o ymweliadau â’r Adran Achosion Brys neu’r ysbyty",
    ),
    "better-health": ("Feels healthier", "Teimlo’n iachach"),
    "work-or-learning": (
        "Started work, training or learning",
        "Wedi dechrau gwaith, hyfforddiant neu ddysgu",
    ),
    "started-group": ("Started a new group", "Wedi dechrau grŵp newydd"),
    "carer-supported": ("Carer feels supported", "Gofalwr yn teimlo bod cefnogaeth ar gael"),
    "safer": ("Feels safer", "Teimlo’n fwy diogel"),
}

# The shared rate card's items (the value engine's New Economy card), English: Welsh.
RATE_CARD_ITEMS = {
    "Social worker intervention": "Ymyrraeth gan weithiwr cymdeithasol",
    "Child in need case management process": "Proses rheoli achos plentyn mewn angen",
    "Residential care for older people": "Gofal preswyl i bobl hŷn",
    "A child in care": "Plentyn sy’n derbyn gofal",
    "Adult with learning disabilities in residential care": (
        "Oedolyn ag anabledd dysgu mewn gofal preswyl"
    ),
    "Homelessness applications and support": "Ceisiadau digartrefedd a chymorth",
    "Temporary housing for adult": "Llety dros dro i oedolyn",
    "Various costs associated with rough sleeping": "Costau amrywiol yn sgil cysgu allan",
    "Police call outs, arrest and detention": "Galwadau’r heddlu, arestio a chadw yn y ddalfa",
    "Police dealing with antisocial behaviour": (
        "Yr heddlu’n ymdrin ag ymddygiad gwrthgymdeithasol"
    ),
    "Fire service": "Gwasanaeth tân",
    "Mental health and crisis team support": "Cymorth gan y tîm iechyd meddwl ac argyfwng",
    "Alcohol dependency support": "Cymorth ar gyfer dibyniaeth ar alcohol",
    "GP consultations": "Ymgynghoriadau â meddyg teulu",
    "Ambulance service call outs": "Galwadau i’r gwasanaeth ambiwlans",
    "A&E attendance": "Ymweliad â’r Adran Achosion Brys",
    "Hospital stays": "Arosiadau yn yr ysbyty",
    "Mental health inpatient specialist intervention": (
        "Ymyrraeth arbenigol i gleifion mewnol iechyd meddwl"
    ),
}


def add_welsh(apps, schema_editor):
    """Fill in the Welsh where the row is worded as shipped and the Welsh is still blank."""
    Framework = apps.get_model("outcomes", "Framework")
    Domain = apps.get_model("outcomes", "Domain")
    ScalePoint = apps.get_model("outcomes", "ScalePoint")
    OutcomeEventType = apps.get_model("outcomes", "OutcomeEventType")
    UnitCost = apps.get_model("outcomes", "UnitCost")

    slug, english, welsh = FRAMEWORK
    Framework.objects.filter(slug=slug, name=english, name_cy="").update(name_cy=welsh)
    for key, ((name, name_cy), (question, question_cy), points) in DOMAINS.items():
        domains = Domain.objects.filter(version__framework__slug=slug, key=key)
        domains.filter(name=name, name_cy="").update(name_cy=name_cy)
        domains.filter(question=question, question_cy="").update(question_cy=question_cy)
        for value, (words, words_cy) in enumerate(points, start=1):
            ScalePoint.objects.filter(
                domain__in=domains, value=value, description=words, description_cy=""
            ).update(description_cy=words_cy)
    for code, (name, name_cy) in EVENT_TYPES.items():
        OutcomeEventType.objects.filter(programme=None, code=code, name=name, name_cy="").update(
            name_cy=name_cy
        )
    for item, item_cy in RATE_CARD_ITEMS.items():
        UnitCost.objects.filter(rate_card__programme=None, item=item, item_cy="").update(
            item_cy=item_cy
        )


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0010_ons4_in_welsh")]

    operations = [migrations.RunPython(add_welsh, migrations.RunPython.noop)]
