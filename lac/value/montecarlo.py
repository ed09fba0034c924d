"""Monte Carlo analysis of the ratio, vectorised: a draw is a row, an outcome a column.

Every ranged field is drawn independently, uniformly in [low, high] or
triangular when a mode is given. Whole-number fields (duration, start year)
are drawn on [low - 0.5, high + 0.5] and rounded, so each whole number in the
range is equally likely under a uniform draw.

Outcomes without ranges are constant across draws and are added once.
The present value uses the closed form of the spec's sum,
PV = quantity × proxy × (1 - deadweight) × (1 - displacement) × (1 - attribution)
× v^start × Σ_{k<D} ((1 - drop_off)·v)^k with v = 1 / (1 + r),
the sum evaluated by Horner's rule so whole arrays are updated in place.

Speed: drawing the random numbers is the floor any simulation pays, and the
arithmetic is kept close to it (``bench/value_engine.py`` measures both).
Everything that does not depend on a draw is worked out once per map
(:class:`Plan`): the product of the factors that are not drawn, and for each
drawn factor the affine form that turns a uniform number u into it in two
in-place operations (1 - deadweight is (1 - low) - width·u). The uniform
numbers are always taken in double precision, so a seed gives the same draws
as ever; the arithmetic on them runs in single precision where that is safe
(:func:`precision`), which moves the ratio's percentiles by less than a
millionth of their value (``tests/value/test_montecarlo.py`` and the bench
compare them with double precision).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from lac.value import messages as m
from lac.value.arithmetic import present_value
from lac.value.calculate import total_inputs
from lac.value.errors import ValueDataError
from lac.value.model import INTEGER_FIELDS, NUMERIC_FIELDS, ImpactMap, NumericField, Outcome

Floats = npt.NDArray[np.floating]
Uniforms = dict[NumericField, npt.NDArray[np.float64]]
#: Draws whose random numbers are taken together; see simulated_ratios. Fixed, because
#: the order numbers are taken in decides which draw gets which: a seed repeats a run.
CHUNK_DRAWS = 10_000
#: Draws evaluated together: a block's arrays (rows × outcomes) stay in the CPU cache.
BLOCK_DRAWS = 1_000
#: Single precision holds products this large with room to spare (its limit is 3.4e38).
SINGLE_LIMIT = 1e30
#: Factors of the impact taken as they are, and those whose complement (1 - x) is.
WHOLE_FACTORS: tuple[NumericField, ...] = ("quantity", "proxy")
REDUCING_FACTORS: tuple[NumericField, ...] = ("deadweight", "displacement", "attribution")


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


@dataclass(frozen=True, eq=False)
class Spread:
    """How one field's uniform numbers become a factor alpha + beta·x of its draws x,
    over the columns (outcomes) where it has a range, with every constant worked out
    once in the arithmetic's precision."""

    name: NumericField
    columns: npt.NDArray[np.intp]
    every_column: bool
    whole: bool
    """Whole numbers of years: x is rounded, and alpha and beta are 0 and 1."""
    scale: Floats
    shift: Floats
    bounds: tuple[Floats, Floats]
    triangular: npt.NDArray[np.intp]
    """Positions (within ``columns``) of the ranges with a mode; the rest are uniform."""
    left: Floats
    right: Floats
    low: Floats
    high: Floats
    mode: Floats
    alpha: Floats
    beta: Floats

    @classmethod
    def of(
        cls,
        outcomes: tuple[Outcome, ...],
        name: NumericField,
        dtype: type[np.floating],
        alpha: float | Floats = 0.0,
        beta: float | Floats = 1.0,
    ) -> Spread | None:
        columns = np.array([i for i, o in enumerate(outcomes) if name in o.ranges], np.intp)
        if not columns.size:
            return None
        ranges = [outcomes[i].ranges[name] for i in columns]
        low = np.array([r.low for r in ranges], dtype=np.float64)
        high = np.array([r.high for r in ranges], dtype=np.float64)
        whole = name in INTEGER_FIELDS
        if whole:
            low, high = low - 0.5, high + 0.5
        a = np.broadcast_to(np.asarray(alpha, np.float64), (len(outcomes),))[columns]
        b = np.broadcast_to(np.asarray(beta, np.float64), (len(outcomes),))[columns]
        triangular = np.array([i for i, r in enumerate(ranges) if r.mode is not None], np.intp)
        modes = np.array([ranges[i].mode for i in triangular], dtype=np.float64)
        lo, hi = low[triangular], high[triangular]

        def typed(values: npt.ArrayLike) -> Floats:
            return np.asarray(values, dtype=dtype)

        return cls(
            name=name,
            columns=columns,
            every_column=columns.size == len(outcomes),
            whole=whole,
            scale=typed(b * (high - low)),
            shift=typed(a + b * low),
            bounds=(typed(low + 0.5), typed(high - 0.5)),
            triangular=triangular,
            left=typed((hi - lo) * (modes - lo)),
            right=typed((hi - lo) * (hi - modes)),
            low=typed(lo),
            high=typed(hi),
            mode=typed(modes),
            alpha=typed(a[triangular]),
            beta=typed(b[triangular]),
        )

    def factor(self, u: npt.NDArray[np.float64], dtype: type[np.floating]) -> Floats:
        """alpha + beta × each drawn value, from uniform [0, 1) numbers (draws × columns).

        A uniform draw is low + width·u, so its factor is one multiply and one
        add per number, done in place. A triangular one inverts the distribution:
        a + √(u·w·(c − a)) below the mode's share of the width, b − √((1 − u)·w·(b − c))
        above it; written min(…, c) + (max(…, c) − c) so no comparison picks a branch.
        """
        t = u[:, self.triangular].astype(dtype) if self.triangular.size else None
        x = u.astype(dtype) if u.dtype != dtype else u
        x *= self.scale
        x += self.shift
        if self.whole:
            np.rint(x, out=x)
            np.clip(x, *self.bounds, out=x)
        if t is not None:
            x[:, self.triangular] = self._triangular(t)
        return x

    def _triangular(self, t: Floats) -> Floats:
        right = 1 - t
        right *= self.right
        np.sqrt(right, out=right)
        np.subtract(self.high, right, out=right)
        t *= self.left
        np.sqrt(t, out=t)
        t += self.low
        np.minimum(t, self.mode, out=t)
        np.maximum(right, self.mode, out=right)
        right -= self.mode
        t += right
        if self.whole:
            np.rint(t, out=t)
            np.clip(t, self.low + 0.5, self.high - 0.5, out=t)
        t *= self.beta
        t += self.alpha
        return t


@dataclass(frozen=True, eq=False)
class Plan:
    """What a map draws, worked out once: its outcomes with ranges (longest-lasting first,
    so each Horner step in :meth:`annuity` updates a prefix of columns), each drawn
    factor's :class:`Spread`, the product of the factors that are not drawn, and the
    present value of the outcomes without ranges."""

    outcomes: tuple[Outcome, ...]
    fixed_present_value: float
    inputs: float
    discount_rate: float
    dtype: type[np.floating]
    factors: dict[NumericField, Spread]
    """Per drawn field, its factor of the present value: see :meth:`of`."""
    lead: NumericField | None
    """The drawn factor every column has that carries the constant product in its own."""
    constant: Floats
    growth: Floats
    duration: Floats

    @classmethod
    def of(cls, impact_map: ImpactMap, dtype: type[np.floating]) -> Plan:
        counted = [o for o in impact_map.outcomes if o.include]
        varying = tuple(sorted((o for o in counted if o.ranges), key=lambda o: -o.duration))
        fixed = sum(present_value(o, impact_map.discount_rate) for o in counted if not o.ranges)
        v = 1 / (1 + impact_map.discount_rate)
        constant = np.array([o.proxy.restate for o in varying], dtype=np.float64)
        drawn: set[NumericField] = {name for o in varying for name in o.ranges}
        for name in (*WHOLE_FACTORS, *REDUCING_FACTORS, "start_year"):
            values = np.array([o.get(name) for o in varying], dtype=np.float64)
            values = 1 - values if name in REDUCING_FACTORS else values
            values = v**values if name == "start_year" else values
            values[[i for i, o in enumerate(varying) if name in o.ranges]] = 1.0
            constant *= values
        lead = next(
            (
                name
                for name in (*WHOLE_FACTORS, *REDUCING_FACTORS)
                if name in drawn and all(name in o.ranges for o in varying)
            ),
            None,
        )
        factors = {}
        for name in NUMERIC_FIELDS:
            alpha: float | Floats = 1.0 if name in REDUCING_FACTORS else 0.0
            beta: float | Floats = -1.0 if name in REDUCING_FACTORS else 1.0
            if name == "drop_off":
                alpha, beta = v, -v  # the growth (1 - drop_off)·v
            if name == lead:
                alpha, beta = alpha * constant, beta * constant
            if spread := Spread.of(varying, name, dtype, alpha, beta):
                factors[name] = spread
        return cls(
            outcomes=varying,
            fixed_present_value=fixed,
            inputs=total_inputs(impact_map),
            discount_rate=impact_map.discount_rate,
            dtype=dtype,
            factors=factors,
            lead=lead,
            constant=np.asarray(constant, dtype=dtype),
            growth=np.array([(1 - o.drop_off) * v for o in varying], dtype=dtype),
            duration=np.array([o.duration for o in varying], dtype=dtype),
        )

    def uniforms(self, draws: int, rng: np.random.Generator) -> Uniforms:
        """Uniform [0, 1) numbers for every ranged field, taken field by field."""
        return {name: rng.random((draws, s.columns.size)) for name, s in self.factors.items()}

    def ratios(self, draws: int, uniforms: Uniforms) -> npt.NDArray[np.float64]:
        """The ratio of each of `draws` draws from their uniform numbers."""
        if not self.outcomes:
            return np.full(draws, self.fixed_present_value / self.inputs)
        impact = self.impact(draws, uniforms)
        annuity = self.annuity(draws, uniforms)
        subscripts = "ij,ij->i" if annuity.ndim == 2 else "ij,j->i"
        totals: npt.NDArray[np.float64] = np.einsum(subscripts, impact, annuity).astype(np.float64)
        totals += self.fixed_present_value
        totals /= self.inputs
        return totals

    def impact(self, draws: int, uniforms: Uniforms) -> Floats:
        """Per draw and outcome: every impact factor multiplied, discounted to its start."""
        product = (
            self.factors[self.lead].factor(uniforms[self.lead], self.dtype)
            if self.lead
            else np.full((draws, self.constant.size), self.constant)
        )
        for name in (*WHOLE_FACTORS, *REDUCING_FACTORS, "start_year"):
            if name == self.lead or name not in self.factors:
                continue
            spread = self.factors[name]
            drawn = spread.factor(uniforms[name], self.dtype)
            if name == "start_year":
                drawn = np.power(self.dtype(1 / (1 + self.discount_rate)), drawn, out=drawn)
            if spread.every_column:
                product *= drawn
            else:
                product[:, spread.columns] *= drawn
        return product

    def annuity(self, draws: int, uniforms: Uniforms) -> Floats:
        """Σ_{k<D} ((1 - d)·v)^k per draw and outcome, by Horner's rule on
        P_{D+1} = 1 + x·P_D. Multiplied by impact and v^start this is the
        outcome's present value."""
        growth = _per_draw(self.factors.get("drop_off"), uniforms, self.growth, draws)
        duration = _per_draw(self.factors.get("duration"), uniforms, self.duration, draws)
        total = np.ones(np.broadcast_shapes(growth.shape, duration.shape), dtype=self.dtype)
        for year in range(1, int(duration.max())):
            if duration.ndim == 1:  # sorted longest first: the columns still running are a prefix
                running = int(np.count_nonzero(duration > year))
                part = total[..., :running]
                part *= growth[..., :running]
                part += 1
            else:
                total = np.where(duration > year, 1 + growth * total, total)
        return total


def _per_draw(spread: Spread | None, uniforms: Uniforms, base: Floats, draws: int) -> Floats:
    """A field's values (or factor) per draw and outcome where it is drawn, else ``base``,
    its value per outcome."""
    if spread is None:
        return base
    drawn = spread.factor(uniforms[spread.name], base.dtype.type)
    if spread.every_column:
        return drawn
    values = np.empty((draws, base.size), dtype=base.dtype)
    values[:] = base
    values[:, spread.columns] = drawn
    return values


def precision(impact_map: ImpactMap) -> type[np.floating]:
    """Single precision when every outcome's present value is a sum of non-negative terms
    far below its limit, so each draw's total keeps single precision's relative error
    (about 1e-7); double when a negative quantity or proxy (a disbenefit) could cancel
    others and magnify that error."""
    counted = [o for o in impact_map.outcomes if o.include]
    values = [1.0]
    for outcome in counted:
        for name in WHOLE_FACTORS:
            spread = outcome.ranges.get(name)
            values += [spread.low, spread.high] if spread else [outcome.get(name)]
    if min(values) < 0:
        return np.float64
    restate = max((o.proxy.restate for o in counted), default=1.0)
    return np.float32 if max(values) ** 2 * restate < SINGLE_LIMIT else np.float64


def draw_sample(impact_map: ImpactMap, draws: int, rng: np.random.Generator) -> Sample:
    """Draw every ranged field of every included outcome `draws` times, in double
    precision: the parameters the first `draws` ratios of :func:`simulated_ratios` with
    the same generator come from (for `draws` up to CHUNK_DRAWS)."""
    plan = Plan.of(impact_map, np.float64)
    uniforms = plan.uniforms(draws, rng)
    values = {}
    for name in NUMERIC_FIELDS:
        base = np.array([o.get(name) for o in plan.outcomes], dtype=np.float64)
        values[name] = _per_draw(Spread.of(plan.outcomes, name, np.float64), uniforms, base, draws)
    return Sample(
        draws, plan.outcomes, values, plan.fixed_present_value, plan.inputs, plan.discount_rate
    )


def simulated_ratios(
    impact_map: ImpactMap,
    draws: int,
    rng: np.random.Generator,
    dtype: type[np.floating] | None = None,
) -> npt.NDArray[np.float64]:
    """The ratio of each of `draws` draws, with arithmetic in `dtype` (by default the
    :func:`precision` the map allows).

    Random numbers are taken CHUNK_DRAWS draws at a time, always in the same
    order, so a seed gives the same draws whatever the block size; the
    arithmetic then runs BLOCK_DRAWS rows at a time, whose arrays (under a
    megabyte for 100 outcomes) stay in the CPU cache instead of streaming
    through memory once per operation.
    """
    plan = Plan.of(impact_map, dtype or precision(impact_map))
    ratios = np.empty(draws)
    for first in range(0, draws, CHUNK_DRAWS):
        size = min(CHUNK_DRAWS, draws - first)
        uniforms = plan.uniforms(size, rng)
        for start in range(0, size, BLOCK_DRAWS):
            stop = min(start + BLOCK_DRAWS, size)
            block = {name: u[start:stop] for name, u in uniforms.items()}
            ratios[first + start : first + stop] = plan.ratios(stop - start, block)
    return ratios


def simulate(impact_map: ImpactMap, draws: int, seed: int | None = None) -> Simulation:
    """Draw the ratio `draws` times; the same seed gives the same result.

    Without a seed one is chosen and returned, so any run can be repeated.
    """
    if draws < 1:
        raise ValueDataError.single_of((), m.TOO_FEW_DRAWS, got=draws)
    if seed is None:
        seed = secrets.randbits(32)
    if seed < 0:
        raise ValueDataError.single_of((), m.NEGATIVE_SEED, got=seed)
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
