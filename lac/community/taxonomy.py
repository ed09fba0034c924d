"""The default directory categories a programme starts with (it can change them)."""

from __future__ import annotations

DEFAULT_TAXONOMY_NAME = "Community directory categories"
DEFAULT_TAXONOMY_VERSION = "lac-1"

# (code, name, description): broad enough to map a neighbourhood, short enough to print.
DEFAULT_TERMS: tuple[tuple[str, str, str], ...] = (
    ("social", "Friendship and social", "Coffee mornings, lunch clubs, social groups"),
    ("active", "Getting active", "Walking groups, chair exercise, sport, dance"),
    ("arts", "Arts, crafts and music", "Choirs, knit and natter, art classes"),
    ("food", "Food", "Community cafés, food banks, pantries, shared meals"),
    ("money", "Money and debt advice", "Benefits, debt, energy bills"),
    ("health", "Health and wellbeing", "Peer support, dementia cafés, mental health"),
    ("carers", "Carers", "Support and breaks for unpaid carers"),
    ("families", "Children, young people and families", "Toddler groups, youth clubs"),
    ("learning", "Learning and skills", "Digital skills, English classes, libraries"),
    ("volunteering", "Volunteering", "Ways to give time and share skills"),
    ("nature", "Nature and gardening", "Community gardens, allotments, litter picks"),
    ("places", "Places to meet", "Community centres, halls, faith buildings"),
    ("housing", "Home and housing", "Repairs, adaptations, housing advice"),
    ("disability", "Disability and access", "Groups and support for disabled people"),
)
