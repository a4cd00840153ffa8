"""Dimension values: exact integers, Keras's runtime-unknown ``None``, and symbolic sizes.

A dimension (``Dim``) is an ``int`` when paramlint knows it, ``None`` where Keras itself does not
(the batch axis, a variable number of timesteps), or a :class:`Poly` when it depends on a value
that cannot be resolved statically (``num_classes = len(class_names)``, an unbuilt model's input
width). ``Poly`` is an exact polynomial with integer coefficients over *atoms*: a named
:class:`Symbol`, or a :class:`FloorDiv` of a polynomial by a positive integer (strided
convolutions and pooling). Arithmetic between ints and polys works with the ordinary operators, and
a polynomial that turns out constant collapses back to an ``int``, so layer specs are written as
plain arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Monomial = tuple[tuple["Atom", int], ...]


@dataclass(frozen=True)
class Symbol:
    """A size paramlint could not resolve, named after its source (``num_classes``, ``input_dim``)."""

    name: str
    reason: str = field(default="", compare=False, hash=False)
    position: object = field(default=None, compare=False, hash=False)

    def sort_key(self) -> tuple[int, str]:
        return (0, self.name)

    def render(self) -> str:
        return self.name

    def symbols(self) -> set[Symbol]:
        return {self}

    def substitute(self, values: Mapping[str, int]) -> Dim:
        if self.name in values:
            return values[self.name]
        return Poly.atom(self)


@dataclass(frozen=True)
class FloorDiv:
    """``floor(numerator / denominator)`` where the numerator is symbolic."""

    numerator: Poly
    denominator: int

    def sort_key(self) -> tuple[int, str]:
        return (1, self.render())

    def render(self) -> str:
        numerator = str(self.numerator)
        if len(self.numerator.terms) > 1:
            numerator = f"({numerator})"
        return f"floor({numerator} / {self.denominator})"

    def symbols(self) -> set[Symbol]:
        return self.numerator.symbols()

    def substitute(self, values: Mapping[str, int]) -> Dim:
        numerator = self.numerator.substitute(values)
        return floordiv(numerator, self.denominator)


Atom = Symbol | FloorDiv


def _monomial_key(monomial: Monomial) -> tuple[int, list[tuple[tuple[int, str], int]]]:
    degree = sum(power for _, power in monomial)
    return (-degree, [(atom.sort_key(), -power) for atom, power in monomial])


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


class Poly:
    """An exact integer polynomial over atoms; immutable and hashable."""

    __slots__ = ("_hash", "_terms")

    def __init__(self, terms: Mapping[Monomial, int]) -> None:
        self._terms: dict[Monomial, int] = {m: c for m, c in terms.items() if c != 0}
        self._hash: int | None = None

    @staticmethod
    def atom(atom: Atom) -> Poly:
        return Poly({((atom, 1),): 1})

    @staticmethod
    def symbol(name: str, reason: str = "", position: object = None) -> Poly:
        return Poly.atom(Symbol(name, reason, position))

    @staticmethod
    def const(value: int) -> Poly:
        return Poly({(): value})

    @property
    def terms(self) -> dict[Monomial, int]:
        return dict(self._terms)

    def constant_term(self) -> int:
        return self._terms.get((), 0)

    def is_constant(self) -> bool:
        return all(m == () for m in self._terms)

    def symbols(self) -> set[Symbol]:
        found: set[Symbol] = set()
        for monomial in self._terms:
            for atom, _ in monomial:
                found |= atom.symbols()
        return found

    def atoms(self) -> set[Atom]:
        return {atom for monomial in self._terms for atom, _ in monomial}

    def simplify(self) -> Dim:
        """An ``int`` when the polynomial is constant, else ``self``."""
        if self.is_constant():
            return self.constant_term()
        return self

    # -- arithmetic ---------------------------------------------------------------------------
    def __add__(self, other: object) -> Dim:
        o = _as_poly(other)
        if o is None:
            return NotImplemented
        terms = dict(self._terms)
        for m, c in o._terms.items():
            terms[m] = terms.get(m, 0) + c
        return Poly(terms).simplify()

    __radd__ = __add__

    def __neg__(self) -> Poly:
        return Poly({m: -c for m, c in self._terms.items()})

    def __sub__(self, other: object) -> Dim:
        o = _as_poly(other)
        if o is None:
            return NotImplemented
        return self + (-o)

    def __rsub__(self, other: object) -> Dim:
        o = _as_poly(other)
        if o is None:
            return NotImplemented
        return o + (-self)

    def __mul__(self, other: object) -> Dim:
        o = _as_poly(other)
        if o is None:
            return NotImplemented
        terms: dict[Monomial, int] = {}
        for m1, c1 in self._terms.items():
            for m2, c2 in o._terms.items():
                m = _multiply_monomials(m1, m2)
                terms[m] = terms.get(m, 0) + c1 * c2
        return Poly(terms).simplify()

    __rmul__ = __mul__

    def __floordiv__(self, other: object) -> Dim:
        if isinstance(other, int) and not isinstance(other, bool):
            return floordiv(self, other)
        return NotImplemented

    # -- evaluation ---------------------------------------------------------------------------
    def substitute(self, values: Mapping[str, int]) -> Dim:
        """Replace the named symbols by integers; an ``int`` when none is left."""
        total: Dim = 0
        for monomial, coefficient in self._terms.items():
            product: Dim = coefficient
            for atom, power in monomial:
                value = atom.substitute(values)
                for _ in range(power):
                    product = product * value  # type: ignore[operator]
            total = total + product  # type: ignore[operator]
        return total

    def minimum(self) -> int | None:
        """The smallest value for sizes >= 1 when every coefficient is non-negative, else None.

        With non-negative coefficients the polynomial grows with each symbol, so its value at
        every symbol = 1 is the least it can be.
        """
        if any(c < 0 for c in self._terms.values()):
            return None
        if any(isinstance(atom, FloorDiv) for atom in self.atoms()):
            return None
        return sum(self._terms.values())

    # -- identity and printing ----------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        o = _as_poly(other)
        return o is not None and o._terms == self._terms

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._terms.items()))
        return self._hash

    def sorted_terms(self) -> list[tuple[Monomial, int]]:
        return sorted(self._terms.items(), key=lambda item: _monomial_key(item[0]))

    def __str__(self) -> str:
        if not self._terms:
            return "0"
        parts: list[str] = []
        for index, (monomial, coefficient) in enumerate(self.sorted_terms()):
            sign = "-" if coefficient < 0 else "+"
            magnitude = abs(coefficient)
            factors = [_render_factor(atom, power) for atom, power in monomial]
            if not factors:
                body = f"{magnitude:,}"
            elif magnitude == 1:
                body = "·".join(factors)
            else:
                body = f"{magnitude:,}·" + "·".join(factors)
            if index == 0:
                parts.append(body if sign == "+" else f"-{body}")
            else:
                parts.append(f"{sign} {body}")
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"Poly({self})"


def _render_factor(atom: Atom, power: int) -> str:
    text = atom.render()
    if power == 1:
        return text
    return text + str(power).translate(_SUPERSCRIPTS)


def _multiply_monomials(a: Monomial, b: Monomial) -> Monomial:
    powers: dict[Atom, int] = {}
    for atom, power in (*a, *b):
        powers[atom] = powers.get(atom, 0) + power
    return tuple(sorted(powers.items(), key=lambda item: item[0].sort_key()))


def _as_poly(value: object) -> Poly | None:
    if isinstance(value, Poly):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Poly.const(value)
    return None


Dim = int | Poly | None
"""One axis of a shape: a known size, Keras's unknown ``None``, or a symbolic size."""

Shape = tuple[Dim, ...]


def is_symbolic(value: object) -> bool:
    return isinstance(value, Poly)


def floordiv(value: Dim, divisor: int) -> Dim:
    """``value // divisor`` for ints; exact division or a FloorDiv atom for polynomials."""
    if value is None:
        return None
    if isinstance(value, int):
        return value // divisor
    if divisor == 1:
        return value
    terms = value.terms
    if all(c % divisor == 0 for c in terms.values()):
        return Poly({m: c // divisor for m, c in terms.items()}).simplify()
    nested = _single_floordiv(value)
    if nested is not None:
        # floor((floor(p / a) + k) / b) == floor((p + k·a) / (a·b)) for integer-valued p.
        inner, constant = nested
        return floordiv(inner.numerator + constant * inner.denominator, inner.denominator * divisor)
    # Pull whole multiples of the divisor out of the floor so the atom stays small.
    constant = value.constant_term()
    whole = constant // divisor
    rest = Poly({**terms, (): constant - whole * divisor})
    return Poly.atom(FloorDiv(rest, divisor)) + whole


def _single_floordiv(value: Poly) -> tuple[FloorDiv, int] | None:
    """``(floor(p / a), k)`` when the polynomial is exactly ``floor(p / a) + k``."""
    constant = value.constant_term()
    rest = [(m, c) for m, c in value.terms.items() if m != ()]
    if len(rest) == 1:
        ((monomial, coefficient),) = rest
        if coefficient == 1 and len(monomial) == 1 and monomial[0][1] == 1:
            atom = monomial[0][0]
            if isinstance(atom, FloorDiv):
                return atom, constant
    return None


def ceildiv(value: Dim, divisor: int) -> Dim:
    """``ceil(value / divisor)``, written as Keras writes it: ``(value + divisor - 1) // divisor``."""
    if value is None:
        return None
    return floordiv(value + (divisor - 1), divisor)


def product(dims: Iterable[Dim]) -> Dim:
    """The product of the dimensions; ``None`` if any is ``None``."""
    total: Dim = 1
    for dim in dims:
        if dim is None:
            return None
        total = total * dim  # type: ignore[operator]
    return total


def format_count(count: Dim) -> str:
    """A count as people read it: ``31,710``, or a formula such as ``300·input_dim + 31,410``."""
    if count is None:
        return "?"
    if isinstance(count, int):
        return f"{count:,}"
    return str(count)


def format_dim(dim: Dim) -> str:
    if dim is None:
        return "None"
    return str(dim)


def format_shape(shape: Shape) -> str:
    inner = ", ".join(format_dim(d) for d in shape)
    if len(shape) == 1:
        inner += ","
    return f"({inner})"


def known_lower_than(dim: Dim, bound: int) -> bool:
    """True only when ``dim`` is a known int below ``bound`` (symbols are given the benefit)."""
    return isinstance(dim, int) and dim < bound
