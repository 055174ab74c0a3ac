"""Null tetrads and the Newman-Penrose Weyl scalars Ψ0..Ψ4 (four dimensions).

Conventions: signature (-,+,+,+); a null tetrad (l, n, m, m̄) of contravariant vectors with
l·n = -1, m·m̄ = 1 and all other products zero, so that g^{ab} = -l^a n^b - n^a l^b + m^a m̄^b +
m̄^a m^b. The Weyl scalars (Newman & Penrose 1962, in the (-,+,+,+) form of e.g. Stephani et
al., Exact Solutions, 2nd ed., §3.2, with C_{abcd} of :mod:`symphys.gr.metric`)::

    Ψ0 = C_{abcd} l^a m^b l^c m^d        Ψ1 = C_{abcd} l^a n^b l^c m^d
    Ψ2 = C_{abcd} l^a m^b m̄^c n^d        Ψ3 = C_{abcd} l^a n^b m̄^c n^d
    Ψ4 = C_{abcd} n^a m̄^b n^c m̄^d

With Kinnersley's tetrad (:func:`kinnersley_tetrad`) Kerr has Ψ2 = -M/(r - i a cos θ)³ and the
other four zero (Teukolsky 1973, ApJ 185, 635, eq. 4.4).

The contractions run in the metric's exact arithmetic with i and square roots of integers
adjoined (a canonical form; zero is decided exactly) when the metric and tetrad are rational
in the symbols, sin/cos of one angle and unknown functions; otherwise in sympy with ``cancel``.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symphys.gr._convert import as_exprs, check_coords
from symphys.gr._trigfield import TrigFieldBackend

__all__ = ["kinnersley_tetrad", "newman_penrose", "tetrad_products"]


def _check_metric(metric: Any) -> Any:
    if not (hasattr(type(metric), "_weyl_raw") and hasattr(metric, "dim")):
        raise TypeError(f"metric must be a symphys.gr.Metric, got {type(metric).__name__}")
    if metric.dim != 4:
        raise ValueError(f"metric has dimension {metric.dim}: null tetrads and the "
                         "Newman-Penrose scalars need dimension 4")
    return metric


def _check_tetrad(tetrad: Any) -> list[list[sp.Expr]]:
    if isinstance(tetrad, (str, bytes)) or not hasattr(tetrad, "__len__"):
        raise TypeError("tetrad must be a sequence (l, n, m) or (l, n, m, mbar) of 4-vectors")
    if len(tetrad) not in (3, 4):
        raise ValueError(f"tetrad must hold 3 or 4 vectors (l, n, m[, mbar]), got {len(tetrad)}")
    names = ("l", "n", "m", "mbar")
    vecs = [as_exprs(v, f"tetrad[{i}] ({names[i]})", length=4) for i, v in enumerate(tetrad)]
    if len(vecs) == 3:
        vecs.append([sp.conjugate(c) for c in vecs[2]])
    return vecs


def kinnersley_tetrad(M: Any, a: Any, coords: Any) -> tuple[list[sp.Expr], ...]:
    """Kinnersley's null tetrad of Kerr in Boyer-Lindquist coordinates (t, r, θ, φ).

    l = ((r²+a²)/Δ, 1, 0, a/Δ), n = (r²+a², -Δ, 0, a)/(2Σ),
    m = (i a sin θ, 0, 1, i/sin θ)/(√2 (r + i a cos θ)), m̄ its complex conjugate, with
    Δ = r² - 2Mr + a², Σ = r² + a² cos² θ (Kinnersley 1969; Teukolsky 1973 eq. 4.4). In the
    (-,+,+,+) signature l·n = -1 and m·m̄ = 1.

    Parameters
    ----------
    M, a : sympy expressions
        Mass and spin parameter (real).
    coords : sequence of 4 sympy Symbols
        The chart (t, r, θ, φ) of the metric.

    Returns
    -------
    tuple of four lists
        (l, n, m, mbar), contravariant components.

    Raises
    ------
    TypeError, ValueError
        Bad coordinates or parameters.

    Examples
    --------
    >>> t, r, th, ph, M, a = sp.symbols("t r theta phi M a", real=True)
    >>> kinnersley_tetrad(M, a, (t, r, th, ph))[0]
    [(a**2 + r**2)/(-2*M*r + a**2 + r**2), 1, 0, a/(-2*M*r + a**2 + r**2)]
    """
    from symphys.gr._convert import as_expr

    M, a = as_expr(M, "M"), as_expr(a, "a")
    coords = check_coords(coords)
    if len(coords) != 4:
        raise ValueError(f"coords must be (t, r, theta, phi), got {len(coords)} symbols")
    _, r, th, _ = coords
    D = r**2 - 2 * M * r + a**2
    S = r**2 + a**2 * sp.cos(th) ** 2
    rho = sp.sqrt(2) * (r + sp.I * a * sp.cos(th))
    rhob = sp.sqrt(2) * (r - sp.I * a * sp.cos(th))
    l_ = [(r**2 + a**2) / D, sp.S.One, sp.S.Zero, a / D]
    n_ = [(r**2 + a**2) / (2 * S), -D / (2 * S), sp.S.Zero, a / (2 * S)]
    m_ = [sp.I * a * sp.sin(th) / rho, sp.S.Zero, 1 / rho, sp.I / (sp.sin(th) * rho)]
    mb = [-sp.I * a * sp.sin(th) / rhob, sp.S.Zero, 1 / rhob, -sp.I / (sp.sin(th) * rhob)]
    return l_, n_, m_, mb


def _exact_backend(metric: Any, vecs: list[list[sp.Expr]], *, weyl: bool = True):
    """A backend holding the Weyl tensor and the tetrad exactly, or None (sympy fallback)."""
    be = metric._be
    if isinstance(be, TrigFieldBackend):
        try:
            return (be, metric._weyl_raw if weyl else None,
                    [[be.to(c) for c in v] for v in vecs])
        except Exception:  # noqa: BLE001 - anything the field cannot hold: sympy fallback
            return None
    entries = [e for e in metric.g] + [c for v in vecs for c in v]
    try:
        plain = [_without_algebraic_constants(e) for e in entries]
        if not TrigFieldBackend.applies([*plain, sp.sin(sp.Dummy())], metric.coords):
            return None
        be = TrigFieldBackend(metric.coords, entries)
        raw = None
        if weyl:
            W = metric.weyl()
            raw = [[[[be.to(W[a, b, c, d]) for d in range(4)] for c in range(4)]
                    for b in range(4)] for a in range(4)]
        return be, raw, [[be.to(c) for c in v] for v in vecs]
    except Exception:  # noqa: BLE001 - anything the field cannot hold: sympy fallback
        return None


def _without_algebraic_constants(e: sp.Expr) -> sp.Expr:
    """``e`` with i and square roots of integers replaced by 1 (for the applicability test)."""
    rule = {p: sp.S.One for p in e.atoms(sp.Pow)
            if p.base.is_Integer and p.exp.is_Rational and p.exp.q == 2}
    return e.xreplace(rule).subs(sp.I, 1)


def _contract(W, u, v, w, x, add, zero):
    """W_{abcd} u^a v^b w^c x^d, one index at a time (64 + 16 + 4 + 1 sums of 4 terms)."""
    n = 4

    def dot(vec, comps):
        out = zero
        for i in range(n):
            if vec[i] != 0 and comps[i] != 0:
                out = add(out, comps[i] * vec[i])
        return out

    t3 = [[[dot(u, [W[a][b][c][d] for a in range(n)]) for d in range(n)] for c in range(n)]
          for b in range(n)]
    t2 = [[dot(v, [t3[b][c][d] for b in range(n)]) for d in range(n)] for c in range(n)]
    t1 = [dot(w, [t2[c][d] for c in range(n)]) for d in range(n)]
    return dot(x, t1)


def tetrad_products(metric: Any, tetrad: Any) -> sp.ImmutableMatrix:
    """The Gram matrix g(e_i, e_j) of a tetrad (l, n, m, mbar), shape (4, 4).

    A null tetrad in the convention of this module gives
    [[0, -1, 0, 0], [-1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]].

    Parameters
    ----------
    metric : Metric
    tetrad : sequence of 3 or 4 vectors
        (l, n, m[, mbar]); mbar defaults to the complex conjugate of m.

    Returns
    -------
    sympy.ImmutableMatrix

    Raises
    ------
    TypeError, ValueError
        Not a 4D metric, or not four 4-vectors.

    Examples
    --------
    >>> from symphys.gr import Metric
    >>> t, x, y, z = sp.symbols("t x y z", real=True)
    >>> h = 1 / sp.sqrt(2)
    >>> tet = ([h, h, 0, 0], [h, -h, 0, 0], [0, 0, h, sp.I*h])
    >>> tetrad_products(Metric(sp.diag(-1, 1, 1, 1), (t, x, y, z)), tet)
    Matrix([
    [ 0, -1, 0, 0],
    [-1,  0, 0, 0],
    [ 0,  0, 0, 1],
    [ 0,  0, 1, 0]])
    """
    m = _check_metric(metric)
    vecs = _check_tetrad(tetrad)
    be = _exact_backend(m, vecs, weyl=False)
    if be is not None:
        be, _, ev = be
        g = m._g if be is m._be else [[be.to(m.g[a, b]) for b in range(4)] for a in range(4)]
        out = [[be.back(sum((g[a][b] * ev[i][a] * ev[j][b] for a in range(4) for b in range(4)
                             if g[a][b] != 0 and ev[i][a] != 0 and ev[j][b] != 0), be.zero))
                for j in range(4)] for i in range(4)]
        return sp.ImmutableMatrix(out)
    g = m.g
    out = [[sp.simplify(sp.cancel(sp.expand(sum(g[a, b] * vecs[i][a] * vecs[j][b]
                                                for a in range(4) for b in range(4)))))
            for j in range(4)] for i in range(4)]
    return sp.ImmutableMatrix(out)


_NULL_GRAM = sp.ImmutableMatrix([[0, -1, 0, 0], [-1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]])


def _check_null(m: Any, vecs: list[list[sp.Expr]]) -> None:
    """ValueError unless g(e_i, e_j) is the null-tetrad Gram matrix (l·n = -1, m·m̄ = 1)."""
    gram = tetrad_products(m, vecs)
    bad = [(i, j) for i in range(4) for j in range(i, 4)
           if sp.simplify(gram[i, j] - _NULL_GRAM[i, j]) != 0]
    if bad:
        names = ("l", "n", "m", "mbar")
        pairs = ", ".join(f"{names[i]}.{names[j]} = {gram[i, j]}" for i, j in bad[:4])
        raise ValueError(
            f"tetrad is not a null tetrad of this metric: {pairs} (need l.n = -1, m.mbar = 1, "
            "all others 0, in signature (-,+,+,+); a metric of another signature has no such "
            "tetrad). Pass check=False to contract anyway")


def newman_penrose(metric: Any, tetrad: Any, *, check: bool = True) -> dict[str, sp.Expr]:
    """The Weyl scalars Ψ0..Ψ4 of ``metric`` in a null tetrad (see the module conventions).

    Parameters
    ----------
    metric : Metric
        Four-dimensional.
    tetrad : sequence of 3 or 4 vectors
        (l, n, m[, mbar]) contravariant components; mbar defaults to the conjugate of m
        (``sympy.conjugate``: declare real symbols ``real=True``).
    check : bool, keyword-only
        Verify first that the tetrad is null and normalised for ``metric``
        (:func:`tetrad_products` equal to [[0, -1, 0, 0], [-1, 0, 0, 0], [0, 0, 0, 1],
        [0, 0, 1, 0]]); default True.

    Returns
    -------
    dict
        ``{"Psi0": ..., ..., "Psi4": ...}``, exact sympy expressions.

    Raises
    ------
    TypeError, ValueError
        Not a 4D metric, or not 4-vectors; with ``check=True``, a tetrad that is not null
        and normalised for the metric (e.g. a metric of Euclidean signature).

    Examples
    --------
    >>> from symphys.gr import Metric
    >>> t, r, th, ph, M = sp.symbols("t r theta phi M", real=True)
    >>> f = 1 - 2*M/r
    >>> schw = Metric(sp.diag(-f, 1/f, r**2, r**2*sp.sin(th)**2), (t, r, th, ph))
    >>> psi = newman_penrose(schw, kinnersley_tetrad(M, 0, (t, r, th, ph)))
    >>> psi["Psi2"], psi["Psi0"], psi["Psi4"]
    (-M/r**3, 0, 0)
    """
    m = _check_metric(metric)
    vecs = _check_tetrad(tetrad)
    if not isinstance(check, bool):
        raise TypeError(f"check={check!r} must be a bool")
    if check:
        _check_null(m, vecs)
    exact = _exact_backend(m, vecs)
    labels = {"Psi0": (0, 2, 0, 2), "Psi1": (0, 1, 0, 2), "Psi2": (0, 2, 3, 1),
              "Psi3": (0, 1, 3, 1), "Psi4": (1, 3, 1, 3)}
    out: dict[str, sp.Expr] = {}
    if exact is not None:
        be, W, ev = exact
        for name, (i, j, k, l_) in labels.items():
            val = _contract(W, ev[i], ev[j], ev[k], ev[l_], lambda s, t: s + t, be.zero)
            out[name] = _tidy_complex(be.back(val))
        return out
    W = m.weyl()
    Wl = [[[[W[a, b, c, d] for d in range(4)] for c in range(4)] for b in range(4)]
          for a in range(4)]
    for name, (i, j, k, l_) in labels.items():
        val = _contract(Wl, vecs[i], vecs[j], vecs[k], vecs[l_], lambda s, t: s + t, sp.S.Zero)
        out[name] = _tidy_complex(sp.cancel(sp.expand(val)))
    return out


def _tidy_complex(e: sp.Expr) -> sp.Expr:
    """a + i b written as one fraction when that is shorter (e.g. -M/(r - i a cos θ)³)."""
    if e == 0 or not e.has(sp.I):
        return e
    alt = sp.factor(sp.cancel(sp.together(e)), extension=sp.I)
    return alt if sp.count_ops(alt) < sp.count_ops(e) else e
