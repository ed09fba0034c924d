"""A page that meets money it cannot restate says so, instead of failing with a server error.

Price years outside the deflator series are refused where they enter
(outcomes.models.validate_financial_year, outcomes.services.deflator_series_load);
this is for data stored before that rule, or changed by hand in the database.
Every page restating money goes through DeflatorTable.factor, so one handler
here covers them all, and no page shows a figure at a mixed price basis.
A request also reads the series once, however many price years it checks.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lac.accounts.permissions import Capability, get_scope
from lac.outcomes.price_years import price_years_uncovered
from lac.outcomes.selectors import deflators_held, deflators_in_use, unit_costs_priced_in
from lac.outcomes.value_problems import money_not_restated
from lac.value.errors import PriceYearNotCovered


class PriceYearNotCoveredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PriceYearNotCovered):
            return None
        table = deflators_in_use()
        scope = get_scope(request)
        can_correct = scope.can(Capability.CONFIGURE_PROGRAMME)
        # Where each year is used is counted only for those shown it (who can correct it).
        uses = price_years_uncovered(table) if can_correct else {}
        context = {
            "problem": money_not_restated(exception.years, table),
            "uses": [(year, uses.get(year, [])) for year in exception.years],
            "costs": unit_costs_priced_in(exception.years, scope.member_programme_ids()),
            "can_correct": can_correct,
        }
        return render(
            request,
            "outcomes/money_not_restated.html",
            context,
            status=409,
        )


class DeflatorsOncePerRequestMiddleware:
    """A request reads the deflator series at most once, however many price years it
    checks (an admin page of a rate card's costs checks each); the next request reads
    the newest release again (outcomes.selectors.deflators_held)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with deflators_held():
            return self.get_response(request)
