"""Charts of a result as SVG or PNG bytes, drawn with matplotlib's Agg renderer.

Figures are built directly (no pyplot), so nothing global changes and the
functions are safe to call from a web request. Colours are the Okabe-Ito
palette, distinguishable with the common colour-vision deficiencies; every
axis is labelled and money carries its currency.

The words drawn are English by default (the command line's); a caller with a
reader in another language passes them in as :class:`ChartWords`, so the
engine stays plain Python with no translation machinery of its own.
"""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, ParamSpec

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from lac.value.calculate import Result
from lac.value.formatting import money, percent
from lac.value.montecarlo import Simulation
from lac.value.sensitivity import Swing

ImageFormat = Literal["svg", "png"]
P = ParamSpec("P")


BLUE, ORANGE, SKY, GREEN, VERMILLION, PURPLE, BLACK = (
    "#0072B2",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#000000",
)


def _draws_above(draws: int, above: str) -> str:
    return f"Monte Carlo: {draws:,} draws, {above} above 1:1"


def _field(name: str) -> str:
    return name.replace("_", "-")


@dataclass(frozen=True)
class ChartWords:
    """Every word the charts draw, English unless a caller gives its reader's.

    Words with a number or a name in them are functions, so a language can put
    them where its grammar wants them (and count in its own plural forms).
    """

    present_value: str = "Present value"
    distribution: str = "Social value distribution"
    not_applicable: str = "n/a"
    year: Callable[[int], str] = "Year {}".format
    forecast_year: str = "Year of the forecast"
    discounted: str = "Present value (discounted)"
    by_year: str = "Present value by year"
    field: Callable[[str], str] = _field
    low_end: str = "field at low end"
    high_end: str = "field at high end"
    base_ratio: Callable[[str], str] = "base ratio {}".format
    break_even: str = "break-even 1:1"
    ratio_axis: str = "SROI ratio (value per £1 invested)"
    sensitivity: str = "Sensitivity: one assumption at a time"
    draws_axis: str = "Number of draws"
    draws_above: Callable[[int, str], str] = _draws_above


ENGLISH = ChartWords()


def _compact_money(amount: float, currency: str) -> str:
    """Axis ticks and bar labels: £1.25m, £350k, £2.83k, £75 (never pence)."""
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(amount) >= size:
            # Three significant figures: 110, 45.3, 2.83.
            return _currency(amount, currency, f"{abs(amount) / size:.3g}{suffix}")
    return _currency(amount, currency, f"{abs(round(amount)):,}")


def _currency(amount: float, currency: str, digits: str) -> str:
    zero = money(0, currency).removesuffix("0.00")  # "£", or "XYZ " for other codes
    return f"{'-' if amount < 0 and digits.strip('0.,') else ''}{zero}{digits}"


def _drawn(chart: Callable[P, bytes]) -> Callable[P, bytes]:
    """Draw the chart under lac's settings (text objects read them as they are made).

    Names and titles are people's text, drawn as written: "$" must not start
    matplotlib's mathtext (one "$" in a stakeholder's name broke every chart of
    the run). The SVG settings keep output repeatable and text selectable.
    """

    @functools.wraps(chart)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> bytes:
        with matplotlib.rc_context(
            {"text.parse_math": False, "svg.hashsalt": "lac-value", "svg.fonttype": "none"}
        ):
            return chart(*args, **kwargs)

    return drawn


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _bytes(figure: Figure, fmt: ImageFormat) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


@_drawn
def value_by_stakeholder_chart(
    result: Result, fmt: ImageFormat = "svg", words: ChartWords = ENGLISH
) -> bytes:
    """The seeds' "social value distribution": each stakeholder's share of present value."""
    values = sorted(result.value_by_stakeholder, key=lambda s: s.present_value)
    figure, axes = _figure(8, 1.2 + 0.55 * len(values))
    bars = axes.barh([s.name for s in values], [s.present_value for s in values], color=BLUE)
    labels = [
        f"{words.not_applicable if s.share is None else percent(s.share)}  "
        f"({_compact_money(s.present_value, result.currency)})"
        for s in values
    ]
    axes.bar_label(bars, labels, padding=4)
    axes.margins(x=0.35)
    _money_axis(axes, "x", result.currency)
    axes.set_xlabel(words.present_value)
    axes.set_title(f"{words.distribution}\n{result.name}", loc="left")
    return _bytes(figure, fmt)


@_drawn
def present_value_by_year_chart(
    result: Result, fmt: ImageFormat = "svg", words: ChartWords = ENGLISH
) -> bytes:
    years = [words.year(y) for y in range(1, result.horizon + 1)]
    figure, axes = _figure(max(8.0, 1.5 + 1.1 * len(years)), 4.5)
    bars = axes.bar(years, result.present_value_by_year, color=BLUE)
    axes.bar_label(
        bars, [_compact_money(v, result.currency) for v in result.present_value_by_year], padding=3
    )
    axes.margins(y=0.15)
    _money_axis(axes, "y", result.currency)
    axes.set_xlabel(words.forecast_year)
    axes.set_ylabel(words.discounted)
    axes.set_title(f"{words.by_year}\n{result.name}", loc="left")
    return _bytes(figure, fmt)


@_drawn
def tornado_chart(
    swings: Sequence[Swing],
    base_ratio: float,
    title: str,
    fmt: ImageFormat = "svg",
    limit: int = 15,
    names: Mapping[str, str] | None = None,
    words: ChartWords = ENGLISH,
) -> bytes:
    """The largest one-at-a-time swings, around the base ratio, with 1:1 marked.

    ``names`` gives each outcome id the words a reader sees (its description).
    """
    shown = list(swings[:limit])[::-1]
    figure, axes = _figure(9, 1.6 + 0.42 * len(shown))
    names = names or {}
    labels = [
        f"{_shorten(names.get(s.outcome) or s.outcome)}: {words.field(s.field)}" for s in shown
    ]
    for offset, (ends, colour, name) in enumerate(
        (
            ([s.ratio_low for s in shown], BLUE, words.low_end),
            ([s.ratio_high for s in shown], ORANGE, words.high_end),
        )
    ):
        positions = [i + (offset - 0.5) * 0.38 for i in range(len(shown))]
        widths = [end - base_ratio for end in ends]
        axes.barh(positions, widths, left=base_ratio, height=0.36, color=colour, label=name)
    axes.set_yticks(range(len(shown)), labels)
    axes.axvline(base_ratio, color=BLACK, linewidth=1, label=words.base_ratio(f"{base_ratio:.2f}"))
    # Mark 1:1 only when a swing reaches near it; forcing it into view would flatten the bars.
    ends = [base_ratio, *(s.ratio_low for s in shown), *(s.ratio_high for s in shown)]
    if min(ends) - 0.1 * (max(ends) - min(ends)) <= 1.0:
        axes.axvline(1.0, color=VERMILLION, linestyle="--", linewidth=1.5, label=words.break_even)
    axes.set_xlabel(words.ratio_axis)
    axes.set_title(f"{words.sensitivity}\n{textwrap.fill(title, 60)}", loc="left")
    figure.legend(loc="outside lower center", ncols=3, frameon=False, fontsize="small")
    return _bytes(figure, fmt)


@_drawn
def histogram_chart(
    simulation: Simulation, title: str, fmt: ImageFormat = "svg", words: ChartWords = ENGLISH
) -> bytes:
    """Distribution of the simulated ratio, with P5, P50, P95 and 1:1 marked."""
    figure, axes = _figure(8, 4.5)
    axes.hist(simulation.ratios, bins=50, color=SKY, edgecolor="white", linewidth=0.4)
    marks = (
        (simulation.p5, VERMILLION, "--", f"P5 {simulation.p5:.2f}"),
        (simulation.p50, BLACK, "-", f"P50 {simulation.p50:.2f}"),
        (simulation.p95, VERMILLION, "--", f"P95 {simulation.p95:.2f}"),
    )
    for value, colour, style, label in marks:
        axes.axvline(value, color=colour, linestyle=style, linewidth=1.5, label=label)
    low, high = axes.get_xlim()
    if low <= 1.0 <= high:
        axes.axvline(1.0, color=GREEN, linestyle=":", linewidth=2, label=words.break_even)
    above = percent(simulation.probability_above_1)
    axes.set_xlabel(words.ratio_axis)
    axes.set_ylabel(words.draws_axis)
    axes.set_title(f"{words.draws_above(simulation.draws, above)}\n{title}", loc="left")
    axes.legend(frameon=False, fontsize="small")
    return _bytes(figure, fmt)


def _shorten(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _money_axis(axes: Axes, which: Literal["x", "y"], currency: str) -> None:
    formatter = FuncFormatter(lambda value, _: _compact_money(value, currency))
    (axes.xaxis if which == "x" else axes.yaxis).set_major_formatter(formatter)
