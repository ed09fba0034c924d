"""Ship two published wellbeing measures the person answers themselves.

Every wording, scale and threshold below is taken from the source cited
beside it; nothing is typed from memory.

ONS4, the Office for National Statistics' four personal well-being questions
(free to use). Questions and the ends of each 0 to 10 scale: Government
Statistical Service, "Personal well-being" harmonisation guidance (17 April
2019), https://gss.civilservice.gov.uk/policy-store/personal-well-being/ —
the wording as on the ONS Annual Population Survey. Thresholds: ONS, freedom
of information response "A set of annual UK SWB score distributions",
https://www.ons.gov.uk/aboutus/transparencyandgovernance/freedomofinformationfoi/asetofannualukswbscoredistributions
("0 to 4 (low), 5 to 6 (medium), 7 to 8 (high), 9 to 10 (very high)"; for
anxiety, "grouped differently to reflect the fact that higher anxiety is
associated with lower personal well-being": 0 to 1 very low, 2 to 3 low, 4 to
5 medium, 6 to 10 high). ONS reports the four separately and never adds them
up (ONS, Personal well-being frequently asked questions, "Why is there not one
composite indicator for personal well-being?",
https://www.ons.gov.uk/peoplepopulationandcommunity/wellbeing/methodologies/personalwellbeingfrequentlyaskedquestions).

SWEMWBS, the Short Warwick-Edinburgh Mental Wellbeing Scale: seven items,
each with five response categories from "none of the time" to "all of the
time" (CORC, https://www.corc.uk.net/outcome-experience-measures/short-warwick-edinburgh-mental-wellbeing-scale/),
"scored by first summing the score for each of the seven items and then
transforming the total score for each person according to a conversion
table" (Warwick Medical School, Guidance on scoring,
https://warwick.ac.uk/fac/med/research/platform/wemwbs/researchers/guidance/;
the scale and its Rasch conversion: Stewart-Brown S. et al., Health and
Quality of Life Outcomes 2009, 7:15, doi:10.1186/1477-7525-7-15). Its item
wording is licensed by its owners, so it is not shipped: a programme that has
registered to use SWEMWBS enters the wording. The conversion table could not
be found in a source we could read and cite, so it is not shipped either: the
programme loads the published table from a file (``lac load_conversion_table``)
and until then SWEMWBS answers cannot be scored.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

GSS = "https://gss.civilservice.gov.uk/policy-store/personal-well-being/"
ONS_THRESHOLDS = (
    "https://www.ons.gov.uk/aboutus/transparencyandgovernance/freedomofinformationfoi/"
    "asetofannualukswbscoredistributions"
)
ONS_FAQ = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/wellbeing/methodologies/"
    "personalwellbeingfrequentlyaskedquestions"
)

ONS4_SOURCE = (
    f"Questions: Government Statistical Service, Personal well-being harmonisation guidance, "
    f"{GSS}. Thresholds: ONS, A set of annual UK SWB score distributions, {ONS_THRESHOLDS}. "
    f"Reported separately, never added up: ONS, Personal well-being FAQs, {ONS_FAQ}."
)
ONS4_LICENCE = "ONS personal well-being questions: free to use; cite the Office for National Statistics."

# key, name, question, lowest end, highest end, higher is better (GSS guidance).
ONS4_ITEMS = (
    (
        "life-satisfaction",
        "Life satisfaction",
        "Overall, how satisfied are you with your life nowadays?",
        "Not at all satisfied",
        "Completely satisfied",
        True,
    ),
    (
        "worthwhile",
        "Worthwhile",
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        "Not at all worthwhile",
        "Completely worthwhile",
        True,
    ),
    (
        "happiness",
        "Happiness",
        "Overall, how happy did you feel yesterday?",
        "Not at all happy",
        "Completely happy",
        True,
    ),
    (
        "anxiety",
        "Anxiety",
        "Overall, how anxious did you feel yesterday?",
        "Not at all anxious",
        "Completely anxious",
        False,
    ),
)
# (lowest, highest, label) from ONS's thresholds.
ONS4_POSITIVE_BANDS = ((0, 4, "Low"), (5, 6, "Medium"), (7, 8, "High"), (9, 10, "Very high"))
ONS4_ANXIETY_BANDS = ((0, 1, "Very low"), (2, 3, "Low"), (4, 5, "Medium"), (6, 10, "High"))

SWEMWBS_SOURCE = (
    "Scoring: Warwick Medical School, Guidance on scoring, "
    "https://warwick.ac.uk/fac/med/research/platform/wemwbs/researchers/guidance/; "
    "Stewart-Brown S. et al. (2009) Health and Quality of Life Outcomes 7:15, "
    "doi:10.1186/1477-7525-7-15. Response categories: CORC, "
    "https://www.corc.uk.net/outcome-experience-measures/short-warwick-edinburgh-mental-wellbeing-scale/. "
    "Conversion table: load the published table (lac load_conversion_table)."
)
SWEMWBS_LICENCE = (
    "Short Warwick Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland, "
    "University of Warwick and University of Edinburgh, 2008, all rights reserved. "
    "Free to use once registered with Warwick Medical School; the statements are not shipped "
    "with lac: a programme that has registered enters their wording."
)


def create_measures(apps, schema_editor):
    Framework = apps.get_model("outcomes", "Framework")
    Version = apps.get_model("outcomes", "FrameworkVersion")
    Domain = apps.get_model("outcomes", "Domain")
    ScalePoint = apps.get_model("outcomes", "ScalePoint")
    Threshold = apps.get_model("outcomes", "Threshold")

    ons4 = Framework.objects.create(
        slug="ons4",
        name="ONS personal wellbeing (ONS4)",
        description="Four questions the person answers from 0 to 10, each reported on its own.",
        measure=True,
    )
    version = Version.objects.create(
        framework=ons4,
        number=1,
        # The questions were introduced into ONS surveys from April 2011.
        published=date(2011, 4, 1),
        scoring="per_item",
        source=ONS4_SOURCE,
        licence=ONS4_LICENCE,
    )
    for order, (key, name, question, low, high, better) in enumerate(ONS4_ITEMS):
        domain = Domain.objects.create(
            version=version,
            key=key,
            name=name,
            question=question,
            order=order,
            scale_min=0,
            scale_max=10,
            higher_is_better=better,
        )
        ScalePoint.objects.bulk_create(
            ScalePoint(domain=domain, value=value, description={0: low, 10: high}.get(value, ""))
            for value in range(11)
        )
        bands = ONS4_POSITIVE_BANDS if better else ONS4_ANXIETY_BANDS
        Threshold.objects.bulk_create(
            Threshold(
                version=version, domain=domain, lowest=Decimal(a), highest=Decimal(b), label=label
            )
            for a, b, label in bands
        )

    swemwbs = Framework.objects.create(
        slug="swemwbs",
        name="SWEMWBS",
        description=(
            "The Short Warwick-Edinburgh Mental Wellbeing Scale: seven statements, each answered "
            "from none of the time to all of the time, added up and converted to a metric score."
        ),
        measure=True,
    )
    version = Version.objects.create(
        framework=swemwbs,
        number=1,
        published=date(2009, 2, 19),  # Stewart-Brown et al., published 19 February 2009
        scoring="table",
        source=SWEMWBS_SOURCE,
        licence=SWEMWBS_LICENCE,
    )
    for number in range(1, 8):
        domain = Domain.objects.create(
            version=version,
            key=f"statement-{number}",
            name=f"Statement {number}",
            order=number,
            scale_min=1,
            scale_max=5,
        )
        ScalePoint.objects.bulk_create(
            ScalePoint(
                domain=domain,
                value=value,
                description={1: "None of the time", 5: "All of the time"}.get(value, ""),
            )
            for value in range(1, 6)
        )


def remove_measures(apps, schema_editor):
    apps.get_model("outcomes", "Framework").objects.filter(slug__in=["ons4", "swemwbs"]).delete()


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0007_measures")]

    operations = [migrations.RunPython(create_measures, remove_measures)]
