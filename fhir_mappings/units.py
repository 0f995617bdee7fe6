"""UCUM unit codes → each concept's canonical unit: a small UCUM parser over a table of atoms.

Unit strings are UCUM codes as EHRs send them (``mg/dL``, ``umol/L``, ``µmol/L``, ``10*9/L``,
``[lb_av]``, ``mL/min/{1.73_m2}``), plus a few spellings labs use that are not UCUM (``K/uL``,
``x10^9/L``, ``mcg``, ``IU/L``, ``mEq/L``, and the Chinese unit names ``毫克``, ``微摩尔/升``; listed
below). A code is parsed by the UCUM grammar
(https://ucum.org/ucum §2-§7: atoms with metric prefixes, integer exponents, ``.``, ``/``,
parentheses, integer factors, ``{annotations}``), bounded in length and nesting, and never evaluated:
a units library that reads units as arithmetic (pint, used before) computed ``9**9**9`` and hung the
worker, and read ``1/0`` or ``(((`` as expressions. Mass ↔ molar conversions use the analyte's molar
mass and equivalents its valence, so the lab factors of REFERENCE.md B.8 follow from chemistry
instead of being typed into rules. A missing or unknown unit makes the value unusable: never assumed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from guideline.concepts import CANONICAL_UNITS

# g/mol. Phosphate is reported as inorganic phosphorus; vitamin D as 25-OH-D (25-hydroxycholecalciferol).
MOLAR_MASS: dict[str, float] = {
    "calcium": 40.078,
    "calcium-ionised": 40.078,
    "calcium-corrected": 40.078,
    "creatinine": 113.12,
    "phosphate": 30.974,
    "magnesium": 24.305,
    "vitamin-d": 400.64,
    # haemoglobin in mmol/L (Dutch and some Nordic labs) counts the monomer (one haem): 64,458 / 4 = 16,114.5
    # g/mol, i.e. 1 g/dL = 0.6206 mmol/L (ICSH reference method for haemoglobinometry, 1995: J Clin Pathol 1996;49:271)
    "haemoglobin": 16114.5,
}
# Charge per ion, for mEq/L (REFERENCE B.8: calcium mEq/L × 0.5 = mmol/L). Phosphate has none: its charge
# depends on pH, so a phosphate in mEq/L stays unusable.
VALENCE: dict[str, int] = {"calcium": 2, "calcium-ionised": 2, "calcium-corrected": 2, "magnesium": 2}
SCORE_CONCEPTS = frozenset(c for c, u in CANONICAL_UNITS.items() if u == "{score}")

MAX_LENGTH = 40  # the longest real code here is 16 characters (mL/min/{1.73_m2}); this bounds parse time and depth
MAX_EXPONENT_DIGITS = 2
MAX_FACTOR_DIGITS = 9

# Dimensions: exponents of gram, metre, second, mole, equivalent, and "per 1.73 m² body surface" (eGFR is
# indexed: a distinct dimension, so a plain clearance in mL/min never converts into it, nor back).
_DIMENSIONS = ("g", "m", "s", "mol", "eq", "bsa")
Dims = tuple[int, int, int, int, int, int]
_NONE: Dims = (0, 0, 0, 0, 0, 0)


def _dims(**exponents: int) -> Dims:
    return tuple(exponents.get(name, 0) for name in _DIMENSIONS)  # type: ignore[return-value]


@dataclass(frozen=True)
class Unit:
    factor: float  # size in base units (g, m, s, mol, eq)
    dims: Dims

    def times(self, other: Unit) -> Unit:
        return Unit(self.factor * other.factor, _add(self.dims, other.dims))

    def power(self, exponent: int) -> Unit:
        try:
            size = self.factor**exponent
        except (OverflowError, ZeroDivisionError):  # (10*99)99, 1/0
            raise UnitError("not a usable unit") from None
        return Unit(size, tuple(d * exponent for d in self.dims))  # type: ignore[arg-type]


def _add(a: Dims, b: Dims) -> Dims:
    return tuple(x + y for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


_LITRE = Unit(1e-3, _dims(m=3))
# Atoms that take metric prefixes (UCUM "metric" units), and the case-sensitive codes of the others.
_METRIC: dict[str, Unit] = {
    "g": Unit(1.0, _dims(g=1)),
    "m": Unit(1.0, _dims(m=1)),
    "L": _LITRE,
    "l": _LITRE,
    "s": Unit(1.0, _dims(s=1)),
    "mol": Unit(1.0, _dims(mol=1)),
    "eq": Unit(1.0, _dims(eq=1)),
    "U": Unit(1e-6 / 60, _dims(mol=1, s=-1)),  # enzyme unit: 1 umol/min
    "kat": Unit(1.0, _dims(mol=1, s=-1)),  # katal (ukat/L in Nordic labs)
    # Not UCUM, as labs write them: "IU" is the enzyme unit (IUB 1961: 1 umol/min, = U); "Eq" as in mEq/L.
    "IU": Unit(1e-6 / 60, _dims(mol=1, s=-1)),
    "[IU]": Unit(1e-6 / 60, _dims(mol=1, s=-1)),
    "Eq": Unit(1.0, _dims(eq=1)),
}
_YEAR = 365.25 * 86400  # UCUM a = a_j, mo = a_j/12
_ATOMS: dict[str, Unit] = {
    "min": Unit(60.0, _dims(s=1)),
    "h": Unit(3600.0, _dims(s=1)),
    "d": Unit(86400.0, _dims(s=1)),
    "wk": Unit(7 * 86400.0, _dims(s=1)),
    "mo": Unit(_YEAR / 12, _dims(s=1)),
    "a": Unit(_YEAR, _dims(s=1)),
    "[lb_av]": Unit(453.59237, _dims(g=1)),
    "[oz_av]": Unit(28.349523125, _dims(g=1)),
    "[in_i]": Unit(0.0254, _dims(m=1)),
    "[ft_i]": Unit(0.3048, _dims(m=1)),
    "%": Unit(0.01, _NONE),
    # Not UCUM, common in EHR exports: micrograms as mcg, pounds as lb/lbs, hours as hr.
    "mcg": Unit(1e-6, _dims(g=1)),
    "lb": Unit(453.59237, _dims(g=1)),
    "lbs": Unit(453.59237, _dims(g=1)),
    "hr": Unit(3600.0, _dims(s=1)),
}
_PREFIXES = {
    "k": 1e3, "h": 1e2, "da": 1e1, "d": 1e-1, "c": 1e-2, "m": 1e-3, "u": 1e-6, "n": 1e-9, "p": 1e-12, "f": 1e-15,
}  # fmt: skip
_BSA = Unit(1.0, _dims(bsa=1))  # the annotation {1.73_m2}: per standard body surface
_MASS = _dims(g=1)

# Whole unit strings labs send that are not UCUM (matched case-insensitively after µ → u).
_ALIASES = {
    "k/ul": "10*3/uL",
    "thou/ul": "10*3/uL",
    "thou/mm3": "10*3/uL",
    "mL/min/1.73m2": "mL/min/{1.73_m2}",
    "mL/min/1.73 m2": "mL/min/{1.73_m2}",
    "mL/min/1.73m^2": "mL/min/{1.73_m2}",
    # Chinese names of the units, as a HIS may write Quantity.unit with no UCUM code: the legal units of
    # measurement of the PRC (国务院《关于在我国统一实行法定计量单位的命令》, 1984) and GB 3102.3/3102.8-1993.
    "千克": "kg",
    "克": "g",
    "毫克": "mg",
    "微克": "ug",
    "升": "L",
    "毫升": "mL",
    "克/升": "g/L",
    "毫克/分升": "mg/dL",
    "毫摩尔/升": "mmol/L",
    "微摩尔/升": "umol/L",
    "毫升/分": "mL/min",
    "毫升/分钟": "mL/min",
}
_ALIASES_FOLDED = {k.casefold(): v for k, v in _ALIASES.items()}
_TIMES_TEN = re.compile(r"^[x×*]?\s*10\s*(?:\^|\*|e|E)\s*([+-]?\d{1,2})\s*/")  # x10^9/L, x10E3/uL, 10e9/L
_SYMBOL = re.compile(r"%|[A-Za-z]*(?:\[[A-Za-z0-9_.]{1,12}\])?")
_EXPONENT = re.compile(rf"[+-]?\d{{1,{MAX_EXPONENT_DIGITS}}}(?!\d)")
_SIGNED_DIGIT = re.compile(r"[+-]?\d")
_DIGITS = re.compile(r"\d+")
_ANNOTATION = re.compile(r"\{([!-z|~ ]{0,30})\}")  # printable ASCII except braces (UCUM §6)


class UnitError(ValueError):
    """A quantity whose unit is missing, unknown or of the wrong kind for its concept."""


@lru_cache(maxsize=1024)
def parse(code: str) -> Unit:
    """A UCUM code as a factor and dimensions (raises UnitError); pure parsing, bounded by MAX_LENGTH."""
    text = code.strip().replace("µ", "u").replace("μ", "u")
    if not text or len(text) > MAX_LENGTH:
        raise UnitError(f"not a UCUM unit: {code[:MAX_LENGTH]!r}")
    text = _ALIASES_FOLDED.get(text.casefold(), text)
    text = _TIMES_TEN.sub(r"10*\1/", text)
    parser = _Parser(text)
    unit = parser.main_term()
    if parser.pos != len(text):
        raise UnitError(f"not a UCUM unit: {code!r}")
    if not math.isfinite(unit.factor) or unit.factor <= 0:
        raise UnitError(f"not a usable unit: {code!r}")
    return unit


class _Parser:
    """Recursive descent over UCUM §7 (main-term, term, component, annotatable); depth ≤ MAX_LENGTH."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def _fail(self) -> UnitError:
        return UnitError(f"not a UCUM unit: {self.text!r}")

    def main_term(self) -> Unit:
        if self._peek() == "/":
            self.pos += 1
            return self.term().power(-1)
        return self.term()

    def term(self) -> Unit:
        unit = self.component()
        while self._peek() and self._peek() in "./":
            operator = self.text[self.pos]
            self.pos += 1
            other = self.component()
            unit = unit.times(other if operator == "." else other.power(-1))
        return unit

    def component(self) -> Unit:
        char = self._peek()
        if char == "(":
            self.pos += 1
            unit = self.term()
            if self._peek() != ")":
                raise self._fail()
            self.pos += 1
            return unit
        if char == "{":
            return _BSA if self._annotation() == "bsa" else Unit(1.0, _NONE)
        if self.text.startswith(("10*", "10^"), self.pos):
            self.pos += 3
            unit = Unit(10.0, _NONE).power(self._exponent(required=True))
        elif char.isdigit():
            digits = _DIGITS.match(self.text, self.pos)
            assert digits is not None
            if len(digits.group()) > MAX_FACTOR_DIGITS:
                raise self._fail()
            self.pos += len(digits.group())
            unit = Unit(float(digits.group()), _NONE)
        else:
            unit = self._simple_unit().power(self._exponent(required=False))
        if self._peek() == "{":
            self._annotation()  # an annotation on a unit does not change it (UCUM §6): 10*9{cells}/L
        return unit

    def _simple_unit(self) -> Unit:
        match = _SYMBOL.match(self.text, self.pos)
        symbol = match.group() if match else ""
        if not symbol:
            raise self._fail()
        self.pos += len(symbol)
        unit = _ATOMS.get(symbol) or _METRIC.get(symbol)
        if unit is not None:
            return unit
        for size in (2, 1):
            prefix, atom = symbol[:size], symbol[size:]
            if prefix in _PREFIXES and atom in _METRIC:
                return Unit(_PREFIXES[prefix] * _METRIC[atom].factor, _METRIC[atom].dims)
        raise UnitError(f"unknown unit {symbol!r}")

    def _exponent(self, *, required: bool) -> int:
        match = _EXPONENT.match(self.text, self.pos)
        if match is None:
            if required or _SIGNED_DIGIT.match(self.text, self.pos):
                raise self._fail()
            return 1
        self.pos += len(match.group())
        return int(match.group())

    def _annotation(self) -> str:
        match = _ANNOTATION.match(self.text, self.pos)
        if match is None:
            raise self._fail()
        self.pos = match.end()
        body = match.group(1).replace("_", "").replace(" ", "").lower()
        return "bsa" if body in ("1.73m2", "1.73m^2") else body


@lru_cache(maxsize=512)
def factor(concept: str, unit: str) -> float:
    """Multiplier from ``unit`` to the canonical unit of ``concept`` (raises UnitError).

    Rounded to 12 significant digits: 10*3/uL → 10*9/L is 1e3 × 1e-6 / 1e-3 / 1e9 in floating point
    (0.9999999999999999), and a platelet count of exactly 60 must not fall below a threshold of 60.
    """
    return float(f"{_factor(concept, unit):.12g}")


def _factor(concept: str, unit: str) -> float:
    canonical = CANONICAL_UNITS.get(concept)
    if canonical is None:
        raise UnitError(f"no canonical unit for {concept!r}")
    if concept in SCORE_CONCEPTS:
        if unit.strip() in ("{score}", "1", "{Score}", "{points}"):
            return 1.0
        raise UnitError(f"score with unit {unit!r}")
    source, target = parse(unit), parse(canonical)
    difference = tuple(s - t for s, t in zip(source.dims, target.dims, strict=True))
    if source.dims == target.dims:
        return source.factor / target.factor
    if concept in MOLAR_MASS and difference == _dims(g=1, mol=-1):  # mass → amount: ÷ molar mass
        return source.factor / MOLAR_MASS[concept] / target.factor
    if concept in MOLAR_MASS and difference == _dims(g=-1, mol=1):  # amount → mass: × molar mass
        return source.factor * MOLAR_MASS[concept] / target.factor
    if concept in VALENCE and difference == _dims(eq=1, mol=-1):  # equivalents → amount: ÷ charge
        return source.factor / VALENCE[concept] / target.factor
    raise UnitError(f"{unit!r} is not a unit of {concept} ({canonical})")


def to_canonical(concept: str, value: float, unit: str | None) -> float:
    """``value`` in ``unit`` expressed in the concept's canonical unit (raises UnitError)."""
    text = unit if type(unit) is str else "" if unit is None else str(unit)  # no copy of the usual str
    if not text or text.isspace():
        if concept in SCORE_CONCEPTS:
            return float(value)
        raise UnitError("no unit")
    return float(value) * factor(concept, text)


def _in(unit: str | None, dims: Dims) -> float | None:
    """The size of ``unit`` in base units when it has these dimensions, else None."""
    if not unit:
        return None
    try:
        parsed = parse(unit)
    except UnitError:
        return None
    return parsed.factor if parsed.dims == dims else None


def mass_to_mg(value: float, unit: str | None) -> float | None:
    """A dose amount in mg (g, mg, ug, mcg, µg); None when it is not a mass (e.g. mL, {tbl})."""
    grams = _in(unit, _MASS)
    milligrams = float(value) * grams * 1e3 if grams is not None else None
    return milligrams if milligrams is not None and math.isfinite(milligrams) else None


def minutes_at_rate(amount: float, amount_unit: str | None, rate: float, rate_unit: str | None) -> float | None:
    """How long ``amount`` takes at ``rate`` (e.g. 100 mL at 400 mL/h → 15 min); None if the units do not fit."""
    if not amount_unit or not rate_unit or rate <= 0:
        return None
    try:
        amount_q, rate_q = parse(amount_unit), parse(rate_unit)
    except UnitError:
        return None
    if _add(amount_q.dims, rate_q.power(-1).dims) != _dims(s=1):
        return None
    return float(amount) * amount_q.factor / (float(rate) * rate_q.factor) / 60


def duration_minutes(value: float, unit: str | None) -> float | None:
    """A UCUM time unit (s, min, h, d, wk, mo, a) in minutes; None if unknown."""
    days = _TIME_IN_DAYS.get(unit or "")
    return value * days * 24 * 60 if days is not None else None


def period_days(value: float, unit: str | None) -> float | None:
    days = _TIME_IN_DAYS.get(unit or "")
    return value * days if days is not None else None


# Timing.repeat.periodUnit / durationUnit (FHIR units-of-time value set). A month is 30 days for intervals.
_TIME_IN_DAYS = {"s": 1 / 86400, "min": 1 / 1440, "h": 1 / 24, "d": 1.0, "wk": 7.0, "mo": 30.0, "a": 365.0}
