"""Neighbourhood population counts by census answer: loaded from a CSV, read as shares.

A programme takes its neighbourhoods' Census 2021 tables (ONS, by ward or by the output
areas that make each neighbourhood up) and writes them as one CSV with the columns
``neighbourhood,question,answer,people``: the neighbourhood's name as lac has it, the
question as the person field it matches (``sex``, ``ethnic_group``, ``disability``,
``religion``, ``sexual_orientation``, ``gender_identity``, ``deprivation``), the answer as
lac's code or its words ("White: Irish"), and how many residents gave it. The dashboard
shows each answer's share beside the share of the people the programme supported.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lac.accounts.models import Programme
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_configuration
from lac.people.equality import QUESTIONS
from lac.people.models import deprivation_choices
from lac.reports.models import NeighbourhoodPopulation

COLUMNS = ("neighbourhood", "question", "answer", "people")


def answers_of(question: str) -> dict[str, str]:
    """A question's answer codes → their words (the equality questions and deprivation)."""
    if question == "deprivation":
        return dict(deprivation_choices())
    return {q.field: dict(q.choices.choices) for q in QUESTIONS}.get(question, {})


QUESTION_NAMES = (*(q.field for q in QUESTIONS), "deprivation")


class PopulationFileError(ValueError):
    """A problem with the file, naming the line and the column."""


def load_population(lines: Iterable[str], *, programme: Programme, actor: Actor) -> int:
    """Load (or replace) the programme's population counts; all or nothing; audited on
    the programme's trail."""
    rows = csv.reader(lines)
    header = [name.strip().lower() for name in next(rows, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise PopulationFileError(
            ngettext(
                "The file has no %(columns)s column",
                "The file has no %(columns)s columns",
                len(missing),
            )
            % {"columns": ", ".join(missing)}
        )
    at = {c: header.index(c) for c in COLUMNS}
    neighbourhoods = {n.name.casefold(): n for n in programme.neighbourhoods.all()}
    found: dict[tuple[int, str, str], int] = {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            name, question, answer, people = (row[at[c]].strip() for c in COLUMNS)
        except IndexError:
            raise PopulationFileError(
                _("Line %(line)s: too few columns") % {"line": line}
            ) from None
        neighbourhood = neighbourhoods.get(name.casefold())
        if neighbourhood is None:
            raise PopulationFileError(
                _("Line %(line)s: no neighbourhood called %(name)r") % {"line": line, "name": name}
            )
        if question not in QUESTION_NAMES:
            raise PopulationFileError(
                _("Line %(line)s: question %(question)r is not one of ours")
                % {"line": line, "question": question}
            )
        code = _answer_code(question, answer)
        if code is None:
            raise PopulationFileError(
                _("Line %(line)s: %(answer)r is not an answer to %(question)s")
                % {"line": line, "answer": answer, "question": question}
            )
        if not people.isdigit():
            raise PopulationFileError(
                _("Line %(line)s: people %(people)r is not a whole number")
                % {"line": line, "people": people}
            )
        found[(neighbourhood.pk, question, code)] = int(people)
    with transaction.atomic():
        NeighbourhoodPopulation.objects.filter(neighbourhood__programme=programme).delete()
        NeighbourhoodPopulation.objects.bulk_create(
            NeighbourhoodPopulation(neighbourhood_id=n, question=q, answer=a, people=p)
            for (n, q, a), p in found.items()
        )
        audit_configuration(
            obj=programme,
            action=Action.UPDATE,
            what=f"Loaded {len(found):,} residents' counts for the neighbourhoods",
            actor=actor,
        )
    return len(found)


def _answer_code(question: str, answer: str) -> str | None:
    for code, words in answers_of(question).items():
        if answer.casefold() in (code.casefold(), words.casefold()):
            return code
    return None


def population_shares(
    programme: Programme, neighbourhood_ids: Sequence[int] | None
) -> dict[str, dict[str, float]]:
    """Question → answer → percentage of the chosen neighbourhoods' residents. One query."""
    counts = NeighbourhoodPopulation.objects.filter(neighbourhood__programme=programme)
    if neighbourhood_ids is not None:
        counts = counts.filter(neighbourhood__in=list(neighbourhood_ids))
    by_question: dict[str, dict[str, int]] = defaultdict(dict)
    for r in counts.values("question", "answer").annotate(n=Sum("people")).order_by():
        by_question[r["question"]][r["answer"]] = r["n"]
    return {
        question: {a: round(n / total * 100, 1) for a, n in answers.items()}
        for question, answers in by_question.items()
        if (total := sum(answers.values()))
    }
