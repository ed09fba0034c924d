"""The equality questions: the words and answers of the Census 2021 questions for England
and Wales, so a programme's figures sit beside its neighbourhoods' census figures.

Every question is optional and every one can be answered "Prefer not to say". Answers
are special-category data (UK GDPR Article 9): they are recorded only while the person's
consent to the equality questions stands (``lac.people.services.person_equality_set``),
audited when read and written, in subject access, blanked by erasure, and left out of
pseudonymised extracts unless an evaluator's extract asks for the banded forms below.

Sources (ONS, "Census 2021 dictionary", variables by topic), each question and its
answers as the census asked them:

- Sex: https://www.ons.gov.uk/census/census2021dictionary/variablesbytopic/
  demographyvariablescensus2021/sex ("What is your sex?": Female, Male).
- Gender identity: https://www.ons.gov.uk/census/censustransformationprogramme/
  questiondevelopment/sexandgenderidentityquestiondevelopmentforcensus2021 ("Is the
  gender you identify with the same as your sex registered at birth?": Yes, No). The
  census's write-in after "No" is not asked: lac keeps the minimum.
- Ethnic group: https://www.ons.gov.uk/census/census2021dictionary/variablesbytopic/
  ethnicgroupnationalidentitylanguageandreligionvariablescensus2021/ethnicgroup (the 19
  tick-box answers under five headings). The Welsh questionnaire adds "Black Welsh" and
  "Asian Welsh" to two headings' descriptions (ONS, "National identity, ethnic group,
  language and religion question development for Census 2021"); the output headings
  below carry both, as the ONS's do, so one list serves both nations. In Wales "Welsh"
  comes first in the first White answer.
- Disability: https://www.ons.gov.uk/census/census2021dictionary/variablesbytopic/
  healthdisabilityandunpaidcarevariablescensus2021/disability. The census asks two
  questions ("Do you have any physical or mental health conditions or illnesses lasting
  or expected to last 12 months or more?", then "Do any of your conditions or illnesses
  reduce your ability to carry out day-to-day activities?": Yes, a lot; Yes, a little;
  Not at all) and derives four answers, the first two "Disabled under the Equality Act".
- Religion: https://census.gov.uk/help/how-to-answer-questions/paper-questions-help/
  what-is-your-religion and the ONS's "religion" variable (eight tick boxes).
- Sexual orientation: https://www.ons.gov.uk/census/census2021dictionary/variablesbytopic/
  sexualorientationandgenderidentityvariablescensus2021/sexualorientation ("Which of the
  following best describes your sexual orientation?").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

PREFER_NOT_TO_SAY = "prefer_not_to_say"
PREFER_NOT_TO_SAY_LABEL = _("Prefer not to say")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL


class GenderIdentity(models.TextChoices):
    # The census's answers to its question ("Ydy" / "Nac ydy" in Welsh, not "Ie" / "Na").
    SAME = "same", pgettext_lazy("is the gender the same as at birth", "Yes")
    DIFFERENT = "different", pgettext_lazy("is the gender the same as at birth", "No")
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL


class EthnicGroup(models.TextChoices):
    """The census's 19 answers, named as its output classification names them."""

    ASIAN_BANGLADESHI = "asian_bangladeshi", _("Asian, Asian British or Asian Welsh: Bangladeshi")
    ASIAN_CHINESE = "asian_chinese", _("Asian, Asian British or Asian Welsh: Chinese")
    ASIAN_INDIAN = "asian_indian", _("Asian, Asian British or Asian Welsh: Indian")
    ASIAN_PAKISTANI = "asian_pakistani", _("Asian, Asian British or Asian Welsh: Pakistani")
    ASIAN_OTHER = "asian_other", _("Asian, Asian British or Asian Welsh: Other Asian")
    BLACK_AFRICAN = (
        "black_african",
        _("Black, Black British, Black Welsh, Caribbean or African: African"),
    )
    BLACK_CARIBBEAN = (
        "black_caribbean",
        (_("Black, Black British, Black Welsh, Caribbean or African: Caribbean")),
    )
    BLACK_OTHER = (
        "black_other",
        _("Black, Black British, Black Welsh, Caribbean or African: Other Black"),
    )
    MIXED_WHITE_ASIAN = "mixed_white_asian", _("Mixed or Multiple ethnic groups: White and Asian")
    MIXED_WHITE_BLACK_AFRICAN = (
        "mixed_white_black_african",
        (_("Mixed or Multiple ethnic groups: White and Black African")),
    )
    MIXED_WHITE_BLACK_CARIBBEAN = (
        "mixed_white_black_caribbean",
        (_("Mixed or Multiple ethnic groups: White and Black Caribbean")),
    )
    MIXED_OTHER = (
        "mixed_other",
        (_("Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups")),
    )
    WHITE_BRITISH = "white_british", _("White: English, Welsh, Scottish, Northern Irish or British")
    WHITE_IRISH = "white_irish", _("White: Irish")
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", _("White: Gypsy or Irish Traveller")
    WHITE_ROMA = "white_roma", _("White: Roma")
    WHITE_OTHER = "white_other", _("White: Other White")
    OTHER_ARAB = "other_arab", _("Other ethnic group: Arab")
    OTHER_ANY = "other_any", _("Other ethnic group: Any other ethnic group")
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL


#: The census's five headings (its five-group classification); an answer's heading is the
#: first part of its code.
ETHNIC_HEADINGS = (
    ("asian", "Asian, Asian British or Asian Welsh"),
    ("black", "Black, Black British, Black Welsh, Caribbean or African"),
    ("mixed", "Mixed or Multiple ethnic groups"),
    ("white", "White"),
    ("other", "Other ethnic group"),
)


def ethnic_heading(answer: str) -> str:
    """The heading an ethnic group answer sits under ("" for none or prefer not to say)."""
    if not answer or answer == PREFER_NOT_TO_SAY:
        return ""
    return answer.split("_", 1)[0]


class Disability(models.TextChoices):
    LIMITED_A_LOT = (
        "limited_a_lot",
        _("Disabled under the Equality Act: day-to-day activities limited a lot"),
    )
    LIMITED_A_LITTLE = (
        "limited_a_little",
        (_("Disabled under the Equality Act: day-to-day activities limited a little")),
    )
    NOT_LIMITED = (
        "not_limited",
        (
            _(
                "Not disabled under the Equality Act: has a long-term physical or mental health "
                "condition but day-to-day activities are not limited"
            )
        ),
    )
    NO_CONDITION = (
        "no_condition",
        (
            _(
                "Not disabled under the Equality Act: no long-term physical or mental health "
                "conditions"
            )
        ),
    )
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL


def is_disabled(answer: str) -> bool | None:
    """Disabled under the Equality Act (the banded form); None when not answered."""
    if not answer or answer == PREFER_NOT_TO_SAY:
        return None
    return answer in (Disability.LIMITED_A_LOT, Disability.LIMITED_A_LITTLE)


class Religion(models.TextChoices):
    NONE = "none", _("No religion")
    CHRISTIAN = "christian", _("Christian")
    BUDDHIST = "buddhist", _("Buddhist")
    HINDU = "hindu", _("Hindu")
    JEWISH = "jewish", _("Jewish")
    MUSLIM = "muslim", _("Muslim")
    SIKH = "sikh", _("Sikh")
    OTHER = "other", _("Any other religion")
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL


class SexualOrientation(models.TextChoices):
    STRAIGHT = "straight", _("Straight or Heterosexual")
    GAY_LESBIAN = "gay_lesbian", _("Gay or Lesbian")
    BISEXUAL = "bisexual", _("Bisexual")
    OTHER = "other", _("Other sexual orientation")
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL


@dataclass(frozen=True)
class Question:
    """One equality question: the person field, the census's words, its answers."""

    field: str
    words: StrOrPromise
    short: StrOrPromise
    choices: type[models.TextChoices]
    hint: StrOrPromise = ""


QUESTIONS = (
    Question("sex", _("What is your sex?"), _("Sex"), Sex),
    Question(
        "gender_identity",
        _("Is the gender you identify with the same as your sex registered at birth?"),
        _("Gender identity"),
        GenderIdentity,
    ),
    Question("ethnic_group", _("What is your ethnic group?"), _("Ethnic group"), EthnicGroup),
    Question(
        "disability",
        _(
            "Do you have any physical or mental health conditions or illnesses lasting or "
            "expected to last 12 months or more, and do any of them reduce your ability to "
            "carry out day-to-day activities?"
        ),
        _("Disability"),
        Disability,
        hint=_(
            "The Equality Act 2010 counts someone as disabled when a long-term condition "
            "limits their day-to-day activities a lot or a little."
        ),
    ),
    Question("religion", _("What is your religion?"), _("Religion"), Religion),
    Question(
        "sexual_orientation",
        _("Which of the following best describes your sexual orientation?"),
        _("Sexual orientation"),
        SexualOrientation,
    ),
)

#: The person fields holding equality answers, in the order they are asked.
EQUALITY_FIELDS = tuple(q.field for q in QUESTIONS)


def question(field: str) -> Question:
    return next(q for q in QUESTIONS if q.field == field)
