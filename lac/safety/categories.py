"""The kinds of abuse and neglect a safeguarding concern is recorded under.

By default, the ten types set out in the Care and Support Statutory Guidance
issued under the Care Act 2014 (chapter 14, "Safeguarding"), as local
safeguarding adults boards list them, for example:

- Teeswide Safeguarding Adults Board, "Types of Abuse":
  https://www.tsab.org.uk/key-information/general-public/
- East Sussex Safeguarding Adults Board, "Types of abuse" ("The Care and
  Support Statutory Guidance sets out 10 types of abuse and neglect"):
  https://www.eastsussexsab.org.uk/what-is/types-of-abuse

A council whose safeguarding procedures use another list sets
``LAC_SAFEGUARDING_CATEGORIES`` to its own ``(code, label)`` pairs; concerns
already recorded keep their codes, so a changed list should keep old codes.
"""

from __future__ import annotations

from django.conf import settings

CARE_ACT_TYPES: tuple[tuple[str, str], ...] = (
    ("physical", "Physical abuse"),
    ("domestic", "Domestic abuse"),
    ("sexual", "Sexual abuse"),
    ("psychological", "Psychological abuse"),
    ("financial", "Financial or material abuse"),
    ("modern_slavery", "Modern slavery"),
    ("discriminatory", "Discriminatory abuse"),
    ("organisational", "Organisational abuse"),
    ("neglect", "Neglect and acts of omission"),
    ("self_neglect", "Self-neglect"),
)


def concern_categories() -> list[tuple[str, str]]:
    """The categories in use: the council's own list if it set one, else the Care Act's."""
    own = getattr(settings, "LAC_SAFEGUARDING_CATEGORIES", None)
    return [(str(code), str(label)) for code, label in (own or CARE_ACT_TYPES)]
