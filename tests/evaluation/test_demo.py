from django.core.management import call_command

from lac.demo.evaluation import ASSUMED
from lac.evaluation.evidence import value_split
from lac.evaluation.models import ImpactMap, Mode, Run
from lac.evaluation.services import run_reproduce


def test_the_demo_has_a_forecast_and_an_evaluative_map_each_with_a_run(db):
    call_command("demo_data", "--scale", "tiny", "--today", "2026-11-25")
    maps = ImpactMap.objects.filter(programme__slug="eastmere")
    assert sorted(maps.values_list("mode", flat=True)) == [Mode.EVALUATIVE, Mode.FORECAST]
    forecast = Run.objects.get(mode=Mode.FORECAST)
    assert round(forecast.result["sroi_ratio"], 2) == 3.98  # the Derby-like example's "about £4"
    evaluative = Run.objects.get(mode=Mode.EVALUATIVE)
    assert (evaluative.period_start.isoformat(), evaluative.period_end.isoformat()) == (
        "2025-04-01",
        "2026-03-31",
    )
    counted = {k: v["quantity"] for k, v in evaluative.resolved.items()}
    assert counted["l1_informed"] > 0 and counted["health_ae"] > 0
    assert run_reproduce(evaluative)["result"] == evaluative.result
    # Every included outcome is counted from the records but those they cannot count.
    included = {o["id"] for o in evaluative.document["outcomes"] if o["include"]}
    assert included - set(evaluative.resolved) == set(ASSUMED)
    split = value_split(evaluative)
    assert 0 < split.assumed < split.counted
    [community] = [s for s in split.stakeholders if s.id == "community"]
    assert community.assumed == split.assumed  # the one assumption: groups' admin time
