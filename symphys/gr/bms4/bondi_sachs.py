"""The four-dimensional Bondi-Sachs ansatz at large r, in the chart (u, r, θ, φ).

Barnich & Troessaert, arXiv:1001.1541 (with the conformal factor of the sphere set to zero,
unit round sphere γ_AB = diag(1, sin²θ)), Strominger, arXiv:1703.05448::

    g_uu = -1 + 2 m_B/r,  g_ur = -1 + C_AB C^AB/(16 r²),
    g_uA = ½ D^B C_AB + (2/3r) (N_A + ¼ C_AB D_C C^BC),
    g_AB = r² γ_AB + r C_AB + ¼ γ_AB C_CD C^CD,   g_rr = g_rA = 0,

truncated at the orders every derivation here needs. C_AB is traceless: C_θθ = c, C_θφ = d,
C_φφ = -sin²θ c; m_B is the Bondi mass aspect, N_A the angular-momentum aspect (functions of
u, θ, φ). Indices are moved with γ; D is the covariant derivative of the unit sphere.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

__all__ = ["ANGLES", "COORDS", "G", "contract", "d_scalar2", "divergence2", "fields", "laplacian",
           "metric", "phi", "r", "shear", "sphere_metric", "theta", "u"]

u, r, theta, phi = sp.symbols("u r theta phi", real=True)
G = sp.Symbol("G", positive=True)
COORDS = (u, r, theta, phi)
ANGLES = (theta, phi)
_ARGS = (u, theta, phi)


def fields() -> dict[str, sp.Expr]:
    """The free data: ``c``, ``d`` (the shear), ``m_B``, ``N_theta``, ``N_phi`` of (u, θ, φ).

    >>> fields()["m_B"]
    m_B(u, theta, phi)
    """
    return {n: sp.Function(n)(*_ARGS) for n in ("c", "d", "m_B", "N_theta", "N_phi")}


def sphere_metric() -> sp.Matrix:
    """γ_AB = diag(1, sin²θ), the unit round sphere.

    >>> sphere_metric()
    Matrix([
    [1,             0],
    [0, sin(theta)**2]])
    """
    return sp.diag(1, sp.sin(theta) ** 2)


def shear() -> sp.Matrix:
    """C_AB = [[c, d], [d, -sin²θ c]] (traceless with respect to γ).

    >>> shear()[1, 1]
    -c(u, theta, phi)*sin(theta)**2
    """
    f = fields()
    return sp.Matrix([[f["c"], f["d"]], [f["d"], -sp.sin(theta) ** 2 * f["c"]]])


@lru_cache(maxsize=1)
def _sphere_christoffel() -> tuple:
    gam, gi = sphere_metric(), sphere_metric().inv()
    return tuple(tuple(tuple(sp.simplify(sum(
        gi[a, e] * (sp.diff(gam[e, b], ANGLES[c]) + sp.diff(gam[e, c], ANGLES[b])
                    - sp.diff(gam[b, c], ANGLES[e])) for e in range(2)) / 2)
        for c in range(2)) for b in range(2)) for a in range(2))


def d_scalar2(f: sp.Expr) -> sp.Matrix:
    """D_A D_B f on the unit sphere, shape (2, 2)."""
    Gm = _sphere_christoffel()
    return sp.Matrix(2, 2, lambda a, b: sp.diff(f, ANGLES[a], ANGLES[b])
                     - sum(Gm[e][a][b] * sp.diff(f, ANGLES[e]) for e in range(2)))


def laplacian(f: sp.Expr) -> sp.Expr:
    """D² f = γ^{AB} D_A D_B f on the unit sphere."""
    gi = sphere_metric().inv()
    H = d_scalar2(f)
    return sp.expand(sum(gi[a, b] * H[a, b] for a in range(2) for b in range(2)))


def divergence2(T: sp.Matrix) -> list[sp.Expr]:
    """D^B T_AB for a symmetric tensor T_AB on the unit sphere, shape (2,)."""
    Gm, gi = _sphere_christoffel(), sphere_metric().inv()

    def DT(a: int, b: int, c: int) -> sp.Expr:
        return sp.diff(T[a, b], ANGLES[c]) - sum(Gm[e][c][a] * T[e, b] + Gm[e][c][b] * T[a, e]
                                                 for e in range(2))

    return [sp.expand(sum(gi[b, c] * DT(a, b, c) for b in range(2) for c in range(2)))
            for a in range(2)]


def contract(A: sp.Matrix, B: sp.Matrix) -> sp.Expr:
    """A_AB B^AB with γ."""
    gi = sphere_metric().inv()
    return sp.expand(sum((gi * A * gi)[a, b] * B[a, b] for a in range(2) for b in range(2)))


@lru_cache(maxsize=1)
def metric() -> sp.ImmutableMatrix:
    """The truncated Bondi-Sachs metric g_ab, shape (4, 4), chart (u, r, θ, φ).

    >>> metric()[0, 0]
    -1 + 2*m_B(u, theta, phi)/r
    """
    f = fields()
    gam, gi, C = sphere_metric(), sphere_metric().inv(), shear()
    CC = contract(C, C)
    divC = divergence2(C)
    divC_up = [sum(gi[b, e] * divC[e] for e in range(2)) for b in range(2)]
    NA = (f["N_theta"], f["N_phi"])
    g = sp.zeros(4)
    g[0, 0] = -1 + 2 * f["m_B"] / r
    g[0, 1] = g[1, 0] = -1 + CC / (16 * r**2)
    for a in range(2):
        g[0, 2 + a] = g[2 + a, 0] = sp.expand(
            divC[a] / 2 + sp.Rational(2, 3) / r
            * (NA[a] + sum(C[a, b] * divC_up[b] for b in range(2)) / 4))
        for b in range(2):
            g[2 + a, 2 + b] = r**2 * gam[a, b] + r * C[a, b] + gam[a, b] * CC / 4
    return sp.ImmutableMatrix(g)
