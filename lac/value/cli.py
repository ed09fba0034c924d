"""`lac value …` and `lac ratecard …`: the engine's command-line contract.

`main` takes the arguments after the program name and returns the exit
status: 0 on success, 2 when a file is rejected (one line on stderr, never a
traceback), 1 when an output file cannot be written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from lac.value.calculate import calculate
from lac.value.charts import (
    ImageFormat,
    histogram_chart,
    present_value_by_year_chart,
    tornado_chart,
    value_by_stakeholder_chart,
)
from lac.value.errors import ValueDataError
from lac.value.files import load_impact_map
from lac.value.montecarlo import simulate
from lac.value.ratecard import load_rate_card
from lac.value.render import (
    rate_card_json,
    rate_card_text,
    report_json,
    report_text,
    sensitivity_json,
    sensitivity_text,
    simulation_json,
    simulation_text,
)
from lac.value.sensitivity import break_even, one_at_a_time

CHART_KINDS = ("stakeholders", "years", "tornado", "histogram")
DEFAULT_DRAWS = 10_000


def main(argv: list[str]) -> int:
    """Run one command; argv starts with the group, e.g. ["value", "report", "map.yaml"]."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse has already printed usage or help
        return exit_.code if isinstance(exit_.code, int) else 2
    try:
        return int(args.run(args))
    except ValueDataError as error:
        subject = getattr(args, "file", None) or getattr(args, "card", None) or "lac"
        print(f"lac: rejected {subject}: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"lac: cannot write output: {error}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lac", description="Social value engine")
    groups = parser.add_subparsers(dest="group", required=True)
    value = groups.add_parser("value", help="SROI reports, sensitivity, simulation and charts")
    commands = value.add_subparsers(dest="command", required=True)

    report = _command(commands, "report", "present value, ratios, payback and distribution")
    report.set_defaults(run=_report)

    sensitivity = _command(commands, "sensitivity", "one-at-a-time swings and break-even values")
    sensitivity.set_defaults(run=_sensitivity)

    simulation = _command(commands, "simulate", "Monte Carlo over the ranges in the map")
    _simulation_options(simulation)
    simulation.set_defaults(run=_simulate)

    chart = commands.add_parser("chart", help="draw a chart as SVG or PNG")
    chart.add_argument("file", help="impact map (.yaml, .yml, .json or .xlsx)")
    chart.add_argument("--kind", choices=CHART_KINDS, default="stakeholders")
    chart.add_argument("--out", help="file to write (default: FILE's name, kind and format)")
    chart.add_argument("--format", choices=("svg", "png"), help="default: from --out, else svg")
    _simulation_options(chart)
    chart.set_defaults(run=_chart)

    ratecard = groups.add_parser("ratecard", help="unit costs for valuing services avoided")
    card_commands = ratecard.add_subparsers(dest="command", required=True)
    listing = card_commands.add_parser("list", help="list the unit costs of a rate card")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.add_argument("--card", help="a programme's own rate card (default: shipped card)")
    listing.add_argument("--uprate-to", metavar="YEAR", help="express amounts at e.g. 2023-24")
    listing.set_defaults(run=_ratecard_list)
    return parser


def _command(commands: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    command: argparse.ArgumentParser = commands.add_parser(name, help=help_text)
    command.add_argument("file", help="impact map (.yaml, .yml, .json or .xlsx)")
    command.add_argument("--format", choices=("text", "json"), default="text")
    return command


def _whole_number(minimum: int) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def _simulation_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--draws", type=_whole_number(1), default=DEFAULT_DRAWS)
    command.add_argument("--seed", type=_whole_number(0), help="default: chosen and reported")


def _print(text: str) -> None:
    """Write to stdout even where its encoding lacks £ (replaced, never a traceback)."""
    encoding = sys.stdout.encoding or "utf-8"
    sys.stdout.write(text.encode(encoding, "replace").decode(encoding) + "\n")


def _print_json(data: object) -> None:
    _print(json.dumps(data, indent=2))


def _report(args: argparse.Namespace) -> int:
    result = calculate(load_impact_map(args.file))
    if args.format == "json":
        _print_json(report_json(result))
    else:
        _print(report_text(result))
    return 0


def _sensitivity(args: argparse.Namespace) -> int:
    impact_map = load_impact_map(args.file)
    swings, evens = one_at_a_time(impact_map), break_even(impact_map)
    if args.format == "json":
        _print_json(sensitivity_json(swings, evens))
    else:
        _print(sensitivity_text(impact_map, swings, evens))
    return 0


def _simulate(args: argparse.Namespace) -> int:
    impact_map = load_impact_map(args.file)
    simulation = simulate(impact_map, args.draws, args.seed)
    if args.format == "json":
        _print_json(simulation_json(simulation))
    else:
        _print(simulation_text(impact_map, simulation))
    return 0


def _chart(args: argparse.Namespace) -> int:
    impact_map = load_impact_map(args.file)
    suffix = Path(args.out).suffix.lower().lstrip(".") if args.out else ""
    fmt: ImageFormat = args.format or ("png" if suffix == "png" else "svg")
    out = Path(args.out or f"{Path(args.file).stem}-{args.kind}.{fmt}")
    if args.kind == "tornado":
        title = impact_map.name
        image = tornado_chart(
            one_at_a_time(impact_map), calculate(impact_map).sroi_ratio, title, fmt
        )
    elif args.kind == "histogram":
        simulation = simulate(impact_map, args.draws, args.seed)
        image = histogram_chart(simulation, impact_map.name, fmt)
    elif args.kind == "years":
        image = present_value_by_year_chart(calculate(impact_map), fmt)
    else:
        image = value_by_stakeholder_chart(calculate(impact_map), fmt)
    out.write_bytes(image)
    _print(f"wrote {out}")
    return 0


def _ratecard_list(args: argparse.Namespace) -> int:
    card = load_rate_card(args.card)
    if args.uprate_to:
        card = card.uprated(args.uprate_to)
    if args.format == "json":
        _print_json(rate_card_json(card))
    else:
        _print(rate_card_text(card))
    return 0
