"""Monte Carlo analysis of the ratio, vectorised: a draw is a row, an outcome a column.

Every ranged field is drawn independently, uniformly in [low, high] or
triangular when a mode is given. Whole-number fields (duration, start year)
are drawn on [low - 0.5, high + 0.5] and rounded, so each whole number in the
range is equally likely under a uniform draw.

Outcomes without ranges are constant across draws and are added once.
The present value uses the closed form of the spec's sum,
PV = impact × v^s × Σ_{k<D} ((1 - drop_off)·v)^k with v = 1 / (1 + r),
evaluated by Horner's rule so whole arrays are updated in place.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from lac.value.arithmetic import present_value
from lac.value.calculate import total_inputs
from lac.value.model import INTEGER_FIELDS, NUMERIC_FIELDS, ImpactMap, NumericField, Outcome

Floats = npt.NDArray[np.float64]
#: Draws computed together; see simulated_ratios.
CHUNK_DRAWS = 10_000


@dataclass(frozen=True)
class Sample:
    """Drawn parameters: per field, (draws, outcomes) when drawn, else (outcomes,)."""

    draws: int
    outcomes: tuple[Outcome, ...]
    values: dict[NumericField, Floats]
    fixed_present_value: float
    inputs: float
    discount_rate: float


@dataclass(frozen=True)
class Simulation:
    draws: int
    seed: int
    p5: float
    p50: float
    p95: float
    probability_above_1: float
    ratios: Floats = field(compare=False, repr=False)


def draw_sample(impact_map: ImpactMap, draws: int, rng: np.random.Generator) -> Sample:
    """Draw every ranged field of every included outcome `draws` times."""
    counted = [o for o in impact_map.outcomes if o.include]
    # Longest-lasting first, so each Horner step in _annuity updates a prefix of columns.
    varying = tuple(sorted((o for o in counted if o.ranges), key=lambda o: -o.duration))
    fixed = sum(present_value(o, impact_map.discount_rate) for o in counted if not o.ranges)
    values = {name: _field_values(varying, name, draws, rng) for name in NUMERIC_FIELDS}
    return Sample(draws, varying, values, fixed, total_inputs(impact_map), impact_map.discount_rate)


def _field_values(
    outcomes: tuple[Outcome, ...], name: NumericField, draws: int, rng: np.random.Generator
) -> Floats:
    base = np.array([o.get(name) for o in outcomes], dtype=np.float64)
    ranged = [i for i, o in enumerate(outcomes) if name in o.ranges]
    if not ranged:
        return base
    ranges = [outcomes[i].ranges[name] for i in ranged]
    low = np.array([r.low for r in ranges])
    high = np.array([r.high for r in ranges])
    mode = np.array([r.low if r.mode is None else r.mode for r in ranges])
    triangular = np.array([r.mode is not None for r in ranges])
    if name in INTEGER_FIELDS:
        low, high = low - 0.5, high + 0.5
    drawn = _inverse_cdf(rng.random((draws, len(ranged))), low, high, mode, triangular)
    if name in INTEGER_FIELDS:
        drawn = np.clip(np.rint(drawn), low + 0.5, high - 0.5)
    if len(ranged) == len(outcomes):
        return drawn
    values = np.empty((draws, len(outcomes)))
    values[:] = base
    values[:, ranged] = drawn
    return values


def _inverse_cdf(
    u: Floats, low: Floats, high: Floats, mode: Floats, triangular: npt.NDArray[np.bool_]
) -> Floats:
    """Turn uniform [0, 1) numbers into uniform or triangular draws, column by column."""
    width = high - low
    if triangular.any():
        cols = np.flatnonzero(triangular)
        a, b, c, w = low[cols], high[cols], mode[cols], width[cols]
        t = u[:, cols]
        split = np.divide(c - a, w, out=np.zeros_like(w), where=w > 0)
        left = a + np.sqrt(t * w * (c - a))
        right = b - np.sqrt((1 - t) * w * (b - c))
        tri_values = np.where(t < split, left, right)
    u *= width  # in place: arrays of draws × outcomes are the bulk of the work
    u += low
    if triangular.any():
        u[:, cols] = tri_values
    return u


def sample_ratios(sample: Sample) -> Floats:
    """The SROI ratio of each draw."""
    if not sample.outcomes:
        return np.full(sample.draws, sample.fixed_present_value / sample.inputs)
    values = sample.values
    discount: Floats = (1 / (1 + sample.discount_rate)) ** values["start_year"]
    impact = _product(
        [
            values["quantity"],
            values["proxy"],
            np.array([o.proxy.restate for o in sample.outcomes]),
            1 - values["deadweight"],
            1 - values["displacement"],
            1 - values["attribution"],
            discount,
        ]
    )
    annuity = _annuity(sample)
    if impact.ndim == 2 and annuity.ndim == 2:
        totals = np.einsum("ij,ij->i", impact, annuity)
    elif impact.ndim == 2:
        totals = impact @ annuity
    elif annuity.ndim == 2:
        totals = annuity @ impact
    else:
        totals = np.full(sample.draws, impact @ annuity)
    totals += sample.fixed_present_value
    totals /= sample.inputs
    return np.asarray(totals, dtype=np.float64)


def _product(factors: list[Floats]) -> Floats:
    """Multiply per-outcome constants first, then fold in each drawn array in place."""
    result: Floats = np.ones(factors[0].shape[-1])
    for factor in (f for f in factors if f.ndim == 1):
        result = result * factor
    for factor in (f for f in factors if f.ndim == 2):
        result = result * factor if result.ndim == 1 else np.multiply(result, factor, out=result)
    return result


def _annuity(sample: Sample) -> Floats:
    """Σ_{k<D} ((1 - d)·v)^k per draw and outcome, by Horner's rule on P_{D+1} = 1 + x·P_D.

    Multiplied by impact and v^start this is the outcome's present value.
    """
    growth = (1 - sample.values["drop_off"]) / (1 + sample.discount_rate)
    duration = sample.values["duration"]
    total = np.ones(np.broadcast_shapes(growth.shape, duration.shape))
    for year in range(1, int(duration.max())):
        if duration.ndim == 1:  # sorted longest first: the columns still running are a prefix
            running = int(np.count_nonzero(duration > year))
            part = total[..., :running]
            part *= growth[..., :running]
            part += 1
        else:
            total = np.where(duration > year, 1 + growth * total, total)
    return total


def simulated_ratios(impact_map: ImpactMap, draws: int, rng: np.random.Generator) -> Floats:
    """The ratio of each of `draws` draws, computed in blocks of CHUNK_DRAWS rows.

    Blocks keep the working arrays a few megabytes each, so memory is reused
    instead of fresh pages being faulted in for every temporary array.
    """
    ratios = np.empty(draws)
    for first in range(0, draws, CHUNK_DRAWS):
        size = min(CHUNK_DRAWS, draws - first)
        ratios[first : first + size] = sample_ratios(draw_sample(impact_map, size, rng))
    return ratios


def simulate(impact_map: ImpactMap, draws: int, seed: int | None = None) -> Simulation:
    """Draw the ratio `draws` times; the same seed gives the same result.

    Without a seed one is chosen and returned, so any run can be repeated.
    """
    if draws < 1:
        raise ValueError(f"draws must be at least 1, got {draws}")
    if seed is None:
        seed = secrets.randbits(32)
    if seed < 0:
        raise ValueError(f"seed must be 0 or more, got {seed}")
    ratios = simulated_ratios(impact_map, draws, np.random.default_rng(seed))
    p5, p50, p95 = np.percentile(ratios, [5, 50, 95])
    return Simulation(
        draws=draws,
        seed=seed,
        p5=float(p5),
        p50=float(p50),
        p95=float(p95),
        probability_above_1=float(np.mean(ratios > 1)),
        ratios=ratios,
    )
