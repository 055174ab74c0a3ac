"""Surface charges of Einstein gravity: Iyer-Wald (covariant phase space) and Barnich-Brandt.

Densities (tensor densities of weight one, without the factor 1/16πG, indices in the order
of the chart, moved with g):

- Noether-Komar charge  Q^{μν}_ξ[g] = √(-g) (∇^ν ξ^μ - ∇^μ ξ^ν);
- presymplectic potential  Θ^μ[h; g] = √(-g) (∇_σ h^{μσ} - ∇^μ h),  h = g^{μν} h_{μν}
  (δ(√(-g) R) = √(-g)(...)E + ∂_μ Θ^μ);
- Iyer-Wald  k^{μν}_ξ[h; g] = δQ^{μν}_ξ - (ξ^ν Θ^μ - ξ^μ Θ^ν), the component form of
  k = δQ_ξ - ι_ξ Θ with (d^{n-1}x)_μ Θ^μ and (d^{n-2}x)_{μν} Q^{μν};
- Barnich-Brandt  k^{μν}_ξ[h; g], in closed form (:func:`barnich_brandt`).

For Iyer-Wald, δQ is computed by differentiating Q[g + ε h] in ε at ε = 0 (ξ held fixed;
g + εh, its inverse and √(-det) to first order in ε), not from a closed formula. The charge is
δQ = (1/16πG) ∮ (d^{n-2}x)_{μν} k^{μν}. Iyer-Wald and Barnich-Brandt differ by
-½√(-g) (h^{μσ} g^{νa} - h^{νσ} g^{μa}) (L_ξ g)_{σa} (Compère-Fiorucci arXiv:1801.07064, §2.5;
checked in the tests), which vanishes for exact Killing vectors. Sources: Iyer & Wald,
arXiv:gr-qc/9403028; Barnich & Brandt, arXiv:hep-th/0111246; Barnich & Compère,
arXiv:0708.2378.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp

from symphys.gr._convert import as_exprs, as_matrix
from symphys.gr.metric import Metric


def _check(g: Metric, h: Any, xi: Sequence[Any]) -> tuple[sp.Matrix, list[sp.Expr]]:
    if not isinstance(g, Metric):
        raise TypeError(f"g must be a symphys.gr.Metric, got {type(g).__name__}")
    n = g.dim
    h = sp.zeros(n, n) if h is None else sp.Matrix(as_matrix(h, "h"))
    if h.shape != (n, n):
        raise ValueError(f"h has shape {h.shape}, expected {(n, n)} (the metric's)")
    xi = as_exprs(xi, "xi")
    if len(xi) != n:
        raise ValueError(f"xi has {len(xi)} components, expected {n} (the chart's)")
    return h, xi


def komar_density(g: Metric, xi: Sequence[Any]) -> sp.ImmutableMatrix:
    """Q^{μν}_ξ = √(-g) (∇^ν ξ^μ - ∇^μ ξ^ν), shape (n, n), antisymmetric.

    >>> x, y = sp.symbols("x y")
    >>> komar_density(Metric(sp.diag(-1, 1), (x, y)), [y, x])   # a boost
    Matrix([
    [ 0, 2],
    [-2, 0]])
    """
    _, xi = _check(g, None, xi)
    n, ginv = g.dim, g.inverse
    D = g.covariant_derivative(xi, "u")                  # [m, c] = ∇_c ξ^m
    up = [[sum(ginv[nu, c] * D[m, c] for c in range(n)) for nu in range(n)]
          for m in range(n)]                             # up[m][nu] = ∇^ν ξ^μ
    sq = sp.sqrt(-g.det)
    return sp.ImmutableMatrix(n, n, lambda m, nu: sq * (up[m][nu] - up[nu][m]))


def presymplectic_potential(g: Metric, h: Any) -> list[sp.Expr]:
    """Θ^μ[h; g] = √(-g) (∇_σ h^{μσ} - ∇^μ h), shape (n,).

    >>> x, y = sp.symbols("x y")
    >>> presymplectic_potential(Metric(sp.diag(-1, 1), (x, y)), sp.diag(0, y**2))
    [0, 0]
    """
    if not isinstance(g, Metric):
        raise TypeError(f"g must be a symphys.gr.Metric, got {type(g).__name__}")
    h, _ = _check(g, h, [0] * g.dim)
    n, ginv = g.dim, g.inverse
    trace = sp.expand(sum(ginv[a, b] * h[a, b] for a in range(n) for b in range(n)))
    h_up = (ginv * h * ginv).applyfunc(sp.expand)
    D = g.covariant_derivative(h_up, "uu")               # [m, s, c] = ∇_c h^{ms}
    sq = sp.sqrt(-g.det)
    return [sp.expand(sq * (sum(D[m, s, s] for s in range(n))
                            - sum(ginv[m, c] * sp.diff(trace, g.coords[c]) for c in range(n))))
            for m in range(n)]


def iyer_wald(g: Metric, h: Any, xi: Sequence[Any]) -> sp.ImmutableMatrix:
    """The Iyer-Wald density k^{μν}_ξ[h; g] = δQ^{μν}_ξ - (ξ^ν Θ^μ - ξ^μ Θ^ν), shape (n, n).

    Without the factor 1/16πG; δQ from d/dε Q_ξ[g + ε h] at ε = 0 (see the module).
    ``g`` a :class:`~symphys.gr.metric.Metric` (n coordinates), ``h`` the (n, n) perturbation
    δg_{μν}, ``xi`` the n components ξ^μ.

    Schwarzschild, h = ∂_M g, ξ = ∂_t: (1/16πG) ∮ k^{tr} dθ dφ = 1/G (the ADM mass varies
    by δM = 1 in units G = 1):

    >>> t, r, th, ph, M = sp.symbols("t r theta phi M", positive=True)
    >>> g = sp.diag(-(1 - 2*M/r), 1/(1 - 2*M/r), r**2, r**2*sp.sin(th)**2)
    >>> k = iyer_wald(Metric(g, (t, r, th, ph)), g.diff(M), [1, 0, 0, 0])
    >>> sp.integrate(sp.simplify(k[0, 1]), (th, 0, sp.pi), (ph, 0, 2*sp.pi)) / (16*sp.pi)
    1
    """
    h, xi = _check(g, h, xi)
    n, X, ginv = g.dim, g.coords, g.inverse
    eps = sp.Dummy("epsilon")
    # the metric g + εh to first order in ε: (g + εh)^{-1} = g^{-1} - ε g^{-1} h g^{-1} and
    # √(-det(g + εh)) = √(-g) (1 + ε h/2) (Jacobi); Γ and Q follow from their definitions
    ge = g.g + eps * h
    gie = ginv - eps * ginv * h * ginv
    trace = sum(ginv[a, b] * h[a, b] for a in range(n) for b in range(n))
    sqe = sp.sqrt(-g.det) * (1 + eps * trace / 2)
    low = [[[sp.diff(ge[d, c], X[b]) + sp.diff(ge[d, b], X[c]) - sp.diff(ge[b, c], X[d])
             for c in range(n)] for b in range(n)] for d in range(n)]
    gam = [[[sum(gie[a, d] * low[d][b][c] for d in range(n)) / 2 for c in range(n)]
            for b in range(n)] for a in range(n)]
    Dxi = [[sp.diff(xi[m], X[c]) + sum(gam[m][c][b] * xi[b] for b in range(n))
            for c in range(n)] for m in range(n)]       # ∇_c ξ^m of g + εh
    up = [[sum(gie[nu, c] * Dxi[m][c] for c in range(n)) for nu in range(n)] for m in range(n)]
    dQ = [[sp.expand(sp.diff(sqe * (up[m][nu] - up[nu][m]), eps).subs(eps, 0))
           for nu in range(n)] for m in range(n)]
    Th = presymplectic_potential(g, h)
    return sp.ImmutableMatrix(n, n, lambda m, nu: sp.expand(
        dQ[m][nu] - (xi[nu] * Th[m] - xi[m] * Th[nu])))


def barnich_brandt(g: Metric, h: sp.MatrixBase, xi: Sequence[Any]) -> sp.ImmutableMatrix:
    """The Barnich-Brandt (n-2)-form density k^{μν}_ξ[h; g] (without 1/16πG), shape (n, n).

    k^{μν} = √(-g) [ξ^ν ∇^μ h + ξ^μ ∇_σ h^{σν} + ξ_σ ∇^ν h^{σμ} + ½ h ∇^ν ξ^μ
    + ½ h^{μσ}(∇_σ ξ^ν - ∇^ν ξ_σ)] - (μ ↔ ν), indices moved with g, h = g^{μν} h_{μν}.
    The surface charge is δQ = (1/16πG) ∮ (d^{n-2}x)_{μν} k^{μν} (Barnich & Brandt,
    arXiv:hep-th/0111246; the form written
    out in Barnich & Compère, arXiv:0708.2378).

    >>> x, y, z = sp.symbols("x y z")
    >>> flat = Metric(sp.diag(-1, 1, 1), (x, y, z))
    >>> barnich_brandt(flat, sp.zeros(3, 3), [1, 0, 0])
    Matrix([
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0]])
    """
    h, xi = _check(g, h, xi)
    n, ginv = g.dim, g.inverse
    trace = sp.expand(sum(ginv[a, b] * h[a, b] for a in range(n) for b in range(n)))
    h_up = (ginv * h * ginv).applyfunc(sp.expand)
    xi_low = [sp.expand(sum(g.g[a, b] * xi[b] for b in range(n))) for a in range(n)]
    D_hup = g.covariant_derivative(h_up, "uu")        # [s, n, c] = ∇_c h^{sn}
    D_xi = g.covariant_derivative(xi, "u")            # [m, c] = ∇_c ξ^m
    D_xilow = g.covariant_derivative(xi_low, "d")     # [s, c] = ∇_c ξ_s
    D_trace = [sp.diff(trace, c) for c in g.coords]
    up_trace = [sum(ginv[m, c] * D_trace[c] for c in range(n)) for m in range(n)]
    # ∇^ν ξ^μ = g^{νc} ∇_c ξ^μ ; ∇^ν ξ_σ = g^{νc} ∇_c ξ_σ ; ∇^ν h^{σμ} = g^{νc} ∇_c h^{σμ}
    Dup_xi = [[sum(ginv[nu, c] * D_xi[m, c] for c in range(n)) for nu in range(n)]
              for m in range(n)]
    Dup_xilow = [[sum(ginv[nu, c] * D_xilow[s, c] for c in range(n)) for nu in range(n)]
                 for s in range(n)]
    div_h = [sum(D_hup[s, nu, s] for s in range(n)) for nu in range(n)]
    sqrtg = sp.sqrt(-g.det)

    def X(m: int, nu: int) -> sp.Expr:
        val = xi[nu] * up_trace[m] + xi[m] * div_h[nu]
        val += sum(xi_low[s] * sum(ginv[nu, c] * D_hup[s, m, c] for c in range(n))
                   for s in range(n))
        val += trace * Dup_xi[m][nu] / 2
        val += sum(h_up[m, s] * (D_xi[nu, s] - Dup_xilow[s][nu]) for s in range(n)) / 2
        return val

    Xs = [[X(m, nu) for nu in range(n)] for m in range(n)]
    return sp.ImmutableMatrix(n, n, lambda m, nu: sp.expand(sqrtg * (Xs[m][nu] - Xs[nu][m])))
