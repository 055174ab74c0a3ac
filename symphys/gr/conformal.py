"""Conformal curvature: the Schouten, Cotton and Bach tensors and the Weyl square.

Conventions (those of :mod:`symphys.gr.metric`: R^a_{bcd} = ∂_c Γ^a_{db} - ..., R_{bd} = R^a_{bad},
a round sphere has R > 0), dimension n, all indices down:

- Schouten P_{ab} = (R_{ab} - R g_{ab} / (2(n-1))) / (n-2), n >= 3, so that
  R_{abcd} = C_{abcd} + g_{ac} P_{bd} - g_{ad} P_{bc} + g_{bd} P_{ac} - g_{bc} P_{ad};
- Cotton C_{abc} = ∇_c P_{ab} - ∇_b P_{ac} (antisymmetric in b, c; in n = 3 it vanishes exactly
  when the metric is conformally flat, Cotton 1899);
- Bach B_{ab} = ∇^c C_{bac} + P^{cd} C_{acbd} = ∇^c ∇_c P_{ab} - ∇^c ∇_a P_{bc} + P^{cd} C_{acbd}
  (Bach 1921; symmetric, and traceless and conformally covariant in n = 4; it vanishes for
  Einstein metrics and for conformally Einstein ones);
- Weyl square C_{abcd} C^{abcd} (for a vacuum metric it equals the Kretschmann scalar).

Everything is computed in the metric's own exact arithmetic (``simplify="auto"``: canonical
forms in which zero is decided exactly), from its cached Christoffel symbols and curvature. A
metric built with another ``simplify`` (None, "expand", a callable) whose components are
rational, or rational in sin/cos of one angle, is computed by a twin in that exact arithmetic
(up to four derivatives are taken: raw trees grow without bound); otherwise with its own
normaliser.
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy as sp

__all__ = ["bach", "cotton", "schouten", "weyl_square"]


def _check(metric: Any, name: str = "metric", *, low: int = 3) -> Any:
    # duck-typed: a Metric (importing the class back would be a cycle with metric.py)
    if not (hasattr(type(metric), "_ricci_raw") and hasattr(metric, "dim")):
        raise TypeError(f"{name} must be a symphys.gr.Metric, got {type(metric).__name__}")
    if metric.dim < low:
        raise ValueError(f"{name} has dimension {metric.dim}: this tensor needs dimension "
                         f">= {low}")
    return _exact_twin(metric)


def _exact_twin(metric: Any) -> Any:
    """``metric``, or its twin in exact arithmetic (cached on it) when it was built with a
    non-canonical ``simplify`` (None, "expand", a callable) but its components fit the
    rational or trigonometric field: up to four derivatives are taken, and raw trees grow
    without bound (Schwarzschild's Bach tensor with ``simplify=None`` ran for minutes)."""
    if type(metric._be).__name__ != "_SympyBackend":
        return metric
    twin = metric.__dict__.get("_exact_twin")
    if twin is None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # the user saw any chart warning already
            twin = type(metric)(metric.g, metric.coords,
                                parameters=metric.parameters or None)
        if type(twin._be).__name__ == "_SympyBackend":
            twin = metric   # no exact field applies: keep the user's normaliser
        metric.__dict__["_exact_twin"] = twin
    return twin


def _schouten_raw(m: Any) -> list[list[Any]]:
    n, ric, R, g = m.dim, m._ricci_raw, m._scalar_raw, m._g
    return [[m._simp((ric[a][b] - R * g[a][b] / (2 * (n - 1))) / (n - 2)) for b in range(n)]
            for a in range(n)]


def _nabla(m: Any, T: Any, rank: int) -> Any:
    """∇_c T_{a1..ak} (all indices down), the derivative index appended last, as nested lists."""
    n, gam, d = m.dim, m._gamma_raw, m._be.d

    def get(t, idx):
        for i in idx:
            t = t[i]
        return t

    out: dict[tuple[int, ...], Any] = {}
    for idx in itertools.product(range(n), repeat=rank):
        comp = get(T, idx)
        for c in range(n):
            val = d(comp, c) if comp != 0 else m._be.zero
            terms = []
            for slot in range(rank):
                for e in range(n):
                    ge = gam[e][c][idx[slot]]
                    if ge != 0:
                        other = get(T, idx[:slot] + (e,) + idx[slot + 1:])
                        if other != 0:
                            terms.append(ge * other)
            val = val - m._sum(terms)
            out[idx + (c,)] = m._simp(val)

    def build(prefix: tuple[int, ...]) -> Any:
        if len(prefix) == rank + 1:
            return out[prefix]
        return [build(prefix + (i,)) for i in range(n)]

    return build(())


def _cotton_raw(m: Any) -> Any:
    n = m.dim
    dP = _nabla(m, _schouten_raw(m), 2)   # dP[a][b][c] = ∇_c P_ab
    return [[[m._simp(dP[a][b][c] - dP[a][c][b]) for c in range(n)] for b in range(n)]
            for a in range(n)]


def schouten(metric: Any) -> sp.ImmutableMatrix:
    """The Schouten tensor P_{ab} = (R_{ab} - R g_{ab}/(2(n-1)))/(n-2), shape (n, n).

    Parameters
    ----------
    metric : Metric
        Dimension n >= 3.

    Returns
    -------
    sympy.ImmutableMatrix
        Symmetric; its trace g^{ab} P_{ab} is R/(2(n-1)).

    Raises
    ------
    TypeError
        ``metric`` is not a :class:`~symphys.gr.Metric`.
    ValueError
        The dimension is below 3.

    Examples
    --------
    >>> from symphys.gr import Metric
    >>> th, ph, ch = sp.symbols("theta phi chi")
    >>> s3 = Metric(sp.diag(1, sp.sin(ch)**2, sp.sin(ch)**2*sp.sin(th)**2), (ch, th, ph))
    >>> sp.simplify(schouten(s3) - s3.g / 2)   # unit round sphere: P = g/2
    Matrix([
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0]])
    """
    m = _check(metric)
    return m._matrix(_schouten_raw(m))


def cotton(metric: Any) -> sp.ImmutableDenseNDimArray:
    """The Cotton tensor C_{abc} = ∇_c P_{ab} - ∇_b P_{ac}, shape (n, n, n).

    In dimension 3 it vanishes exactly when the metric is conformally flat (Cotton 1899;
    Eisenhart, Riemannian Geometry, §28).

    Parameters
    ----------
    metric : Metric
        Dimension n >= 3.

    Returns
    -------
    sympy.ImmutableDenseNDimArray
        Index order [a, b, c]; antisymmetric in (b, c).

    Raises
    ------
    TypeError
        ``metric`` is not a :class:`~symphys.gr.Metric`.
    ValueError
        The dimension is below 3.

    Examples
    --------
    >>> from symphys.gr import Metric
    >>> x, y, z = sp.symbols("x y z")
    >>> conf = Metric(sp.exp(2*x*y) * sp.eye(3), (x, y, z))   # conformally flat
    >>> all(c == 0 for c in sp.flatten(cotton(conf)))
    True
    """
    m = _check(metric)
    return m._array(_cotton_raw(m), 3)


def bach(metric: Any) -> sp.ImmutableMatrix:
    """The Bach tensor B_{ab} = ∇^c C_{bac} + P^{cd} W_{acbd}, shape (n, n).

    C_{bac} is the Cotton tensor (:func:`cotton`), W the Weyl tensor, P the Schouten tensor
    with indices raised by g^{ab} (Bach 1921; e.g. arXiv:1103.3406 eq. 2.3). It is symmetric,
    and in dimension 4 traceless; it vanishes for Einstein metrics (R_{ab} = Λ g_{ab}).

    Parameters
    ----------
    metric : Metric
        Dimension n >= 3 (the tensor is natural in n = 4).

    Returns
    -------
    sympy.ImmutableMatrix

    Raises
    ------
    TypeError
        ``metric`` is not a :class:`~symphys.gr.Metric`.
    ValueError
        The dimension is below 3.

    Examples
    --------
    >>> from symphys.gr import Metric
    >>> t, r, th, ph, M = sp.symbols("t r theta phi M")
    >>> f = 1 - 2*M/r
    >>> bach(Metric(sp.diag(-f, 1/f, r**2, r**2*sp.sin(th)**2), (t, r, th, ph)))
    Matrix([
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0]])
    """
    m = _check(metric)
    n, ginv, W = m.dim, m._inv_raw, m._weyl_raw
    C = _cotton_raw(m)
    dC = _nabla(m, C, 3)            # dC[b][a][c][e] = ∇_e C_bac
    P = _schouten_raw(m)
    # P^{cd} = g^{ce} g^{df} P_{ef}
    Pu = [[m._sum(ginv[c][e] * P[e][f] * ginv[f][d] for e in range(n) for f in range(n)
                  if ginv[c][e] != 0 and ginv[f][d] != 0 and P[e][f] != 0)
           for d in range(n)] for c in range(n)]
    Pu = [[m._simp(v) for v in row] for row in Pu]
    raw = [[m._be.zero] * n for _ in range(n)]
    for a in range(n):
        for b in range(a, n):
            div = m._sum(ginv[c][e] * dC[b][a][c][e] for c in range(n) for e in range(n)
                         if ginv[c][e] != 0 and dC[b][a][c][e] != 0)
            pw = m._sum(Pu[c][d] * W[a][c][b][d] for c in range(n) for d in range(n)
                        if Pu[c][d] != 0 and W[a][c][b][d] != 0)
            raw[a][b] = raw[b][a] = m._simp(div + pw)
    return m._matrix(raw)


def weyl_square(metric: Any) -> sp.Expr:
    """C_{abcd} C^{abcd}, the square of the Weyl tensor (n >= 3).

    Equal to the Kretschmann scalar for a Ricci-flat metric; in four dimensions
    C_{abcd} C^{abcd} = K - 2 R_{ab} R^{ab} + R²/3.

    Parameters
    ----------
    metric : Metric

    Returns
    -------
    sympy.Expr

    Raises
    ------
    TypeError
        ``metric`` is not a :class:`~symphys.gr.Metric`.
    ValueError
        The dimension is below 3.

    Examples
    --------
    >>> from symphys.gr import Metric
    >>> t, r, th, ph, M = sp.symbols("t r theta phi M")
    >>> f = 1 - 2*M/r
    >>> weyl_square(Metric(sp.diag(-f, 1/f, r**2, r**2*sp.sin(th)**2), (t, r, th, ph)))
    48*M**2/r**6
    """
    m = _check(metric)
    n, ginv, W = m.dim, m._inv_raw, m._weyl_raw
    pairs = list(itertools.combinations(range(n), 2))
    # W^{ab}_{cd} = g^{ae} g^{bf} W_{efcd} for a < b, c < d; then the bivector trace
    half = {(a, f, c, d): m._sum(ginv[a][e] * W[e][f][c][d] for e in range(n)
                                 if ginv[a][e] != 0 and W[e][f][c][d] != 0)
            for a in range(n) for f in range(n) for c, d in pairs}
    up = {(a, b, c, d): m._simp(m._sum(ginv[b][f] * half[(a, f, c, d)] for f in range(n)
                                       if ginv[b][f] != 0 and half[(a, f, c, d)] != 0))
          for a, b in pairs for c, d in pairs}
    total = m._sum(up[k] * up[k[2:] + k[:2]] for k in up
                   if up[k] != 0 and up[k[2:] + k[:2]] != 0)
    return m._be.back(m._simp(total * 4))
