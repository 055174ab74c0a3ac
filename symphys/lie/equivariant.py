"""Bases of equivariant linear maps (the nullspace construction of emlp, Finzi et al. 2021).

A linear map ``W: V_in -> V_out`` (shape ``(n_out, n_in)``) is equivariant when
``rho_out(X) W - W rho_in(X) = 0`` for every Lie algebra generator ``X`` and
``rho_out(g) W - W rho_in(g) = 0`` for every discrete group element ``g``. In row-major
vectorisation ``vec(A W B) = (A kron B^T) vec(W)``, so these are the linear constraints
``(rho_out(X) kron I - I kron rho_in(X)^T) vec(W) = 0``; the basis is their nullspace.

* exact (sympy, rational or Gaussian-rational entries): the nullspace over the field, returned as
  ``sympy.ImmutableMatrix`` objects, each scaled so that its first nonzero entry is 1;
* numeric (numpy): an orthonormal basis (Frobenius inner product) from the SVD, with singular
  values below ``tol * max(1, largest)`` counted as zero; returned as an array ``(k, n_out, n_in)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy
from sympy.polys.matrices import DomainMatrix

__all__ = ["equivariant_basis"]

#: unknowns n_out * n_in above which the exact (sympy nullspace) path is refused: its cost grows
#: like the cube of the unknowns; exact=False (an SVD) handles any size that fits in memory.
MAX_EXACT_UNKNOWNS = 2500


def _is_exact(m: Any) -> bool:
    if isinstance(m, np.ndarray):
        return m.dtype.kind in "iub"
    if isinstance(m, sympy.MatrixBase):
        return not any(x.has(sympy.Float) for x in m)
    arr = np.asarray(m, dtype=object)
    return not any(isinstance(x, (float, complex, np.floating, np.complexfloating))
                   or (isinstance(x, sympy.Basic) and x.has(sympy.Float)) for x in arr.flat)


def _shape(m: Any, name: str) -> int:
    shp = (m.rows, m.cols) if isinstance(m, sympy.MatrixBase) else np.shape(m)
    if len(shp) != 2 or shp[0] != shp[1]:
        raise ValueError(f"{name} must be a square matrix, got shape {tuple(shp)}")
    return int(shp[0])


def equivariant_basis(
    rep_generators: Sequence[Any],
    *,
    discrete: Sequence[Any] = (),
    out_generators: Sequence[Any] | None = None,
    out_discrete: Sequence[Any] | None = None,
    exact: bool = True,
    tol: float = 1e-9,
) -> list[sympy.ImmutableMatrix] | np.ndarray:
    """Basis of the maps ``W`` commuting with a representation (or intertwining two).

    ``rep_generators`` are the matrices ``rho_in(X)`` of Lie algebra generators (``(n_in,
    n_in)`` each); ``discrete`` the matrices of extra group elements (e.g. a reflection).
    ``out_generators``/``out_discrete`` give ``rho_out`` in the same order (default: the input
    representation, i.e. the commutant). ``exact=True`` (the default) needs exact entries (ints,
    Fractions, sympy numbers) and returns sympy matrices; ``exact=False`` takes any numbers and
    returns an orthonormal numpy basis ``(k, n_out, n_in)`` from an SVD with relative cutoff
    ``tol``. The exact path is refused above ``MAX_EXACT_UNKNOWNS`` unknowns ``n_out * n_in``.

    >>> Lx = [[0, 0, 0], [0, 0, -1], [0, 1, 0]]
    >>> Ly = [[0, 0, 1], [0, 0, 0], [-1, 0, 0]]
    >>> Lz = [[0, -1, 0], [1, 0, 0], [0, 0, 0]]
    >>> equivariant_basis([Lx, Ly, Lz])          # Schur: only multiples of the identity
    [Matrix([
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1]])]
    >>> equivariant_basis([Lx, Ly, Lz], exact=False).shape
    (1, 3, 3)
    """
    gens_in = list(rep_generators)
    disc_in = list(discrete)
    gens_out = gens_in if out_generators is None else list(out_generators)
    disc_out = disc_in if out_discrete is None else list(out_discrete)
    if len(gens_out) != len(gens_in):
        raise ValueError(f"out_generators has {len(gens_out)} matrices, rep_generators "
                         f"{len(gens_in)}: they must correspond one to one")
    if len(disc_out) != len(disc_in):
        raise ValueError(f"out_discrete has {len(disc_out)} matrices, discrete {len(disc_in)}")
    if not gens_in and not disc_in:
        raise ValueError("give at least one generator or discrete element")
    pairs = list(zip(gens_out, gens_in, strict=True))
    dpairs = list(zip(disc_out, disc_in, strict=True))
    mats = [m for p in pairs + dpairs for m in p]
    n_in = {_shape(b, "rep_generators") for _, b in pairs + dpairs}
    n_out = {_shape(a, "out_generators") for a, _ in pairs + dpairs}
    if len(n_in) != 1 or len(n_out) != 1:
        raise ValueError("all input (and all output) matrices must have one common size")
    ni, no = n_in.pop(), n_out.pop()
    if not isinstance(exact, bool):
        raise TypeError(f"exact must be True or False, got {exact!r}")
    if exact:
        if not all(_is_exact(m) for m in mats):
            raise TypeError("exact=True needs exact entries (ints, Fractions, sympy numbers); "
                            "pass exact=False for floating-point matrices")
        if ni * no > MAX_EXACT_UNKNOWNS:
            raise ValueError(f"exact=True with n_out * n_in = {no} * {ni} = {no * ni} unknowns is "
                             f"above the limit MAX_EXACT_UNKNOWNS = {MAX_EXACT_UNKNOWNS}: pass "
                             "exact=False")
        blocks = []
        for a, b in pairs + dpairs:
            a_m, b_m = sympy.Matrix(a), sympy.Matrix(b)
            blocks.append(sympy.kronecker_product(a_m, sympy.eye(ni))
                          - sympy.kronecker_product(sympy.eye(no), b_m.T))
        big = sympy.Matrix.vstack(*blocks)
        null = DomainMatrix.from_Matrix(big).nullspace().to_Matrix()
        out = []
        for k in range(null.rows):
            row = list(null.row(k))
            lead = next(x for x in row if x != 0)
            out.append(sympy.ImmutableMatrix(no, ni, [sympy.nsimplify(x / lead) for x in row]))
        return out
    blocks = []
    for a, b in pairs + dpairs:
        a_n = np.asarray(sympy.Matrix(a).evalf() if isinstance(a, sympy.MatrixBase) else a,
                         dtype=complex)
        b_n = np.asarray(sympy.Matrix(b).evalf() if isinstance(b, sympy.MatrixBase) else b,
                         dtype=complex)
        blocks.append(np.kron(a_n, np.eye(ni)) - np.kron(np.eye(no), b_n.T))
    big = np.vstack(blocks)
    real = bool(np.all(big.imag == 0))
    if real:
        big = big.real
    _, s, vh = np.linalg.svd(big, full_matrices=True)
    cutoff = tol * max(1.0, float(s[0]) if s.size else 1.0)
    k = int(np.sum(s > cutoff))
    basis = vh[k:].conj()
    return basis.reshape(-1, no, ni)
