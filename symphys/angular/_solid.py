"""Real harmonics of unit vectors from Cartesian recursions, and their derivatives (private).

Values (the method of sphericart, F. Bigi, G. Fraux, N. J. Browning and M. Ceriotti,
J. Chem. Phys. 159, 064802 (2023), arXiv:2302.08381, written here for NumPy): with
``c_m + i s_m = (x + i y)^m`` and the normalised polynomials ``qbar_l^m(z) = Pbar_l^m / rho^m``
(``Pbar`` the orthonormal associated Legendre function without the Condon-Shortley phase,
``rho = sqrt(x^2 + y^2)``), Wikipedia's real harmonics are ``sqrt2 qbar_l^m c_m`` (``m > 0``),
``sqrt2 qbar_l^|m| s_|m|`` (``m < 0``) and ``qbar_l^0``. ``qbar`` obeys the three-term recursion
in ``l`` of ``Pbar`` (stable for every ``l``), seeded by ``qbar_m^m`` (no powers of ``sin``
that could underflow near the poles). A few in-place NumPy operations per ``l`` cover every
``m``; the tables are component-major (rows ``l*(l+1) + m``, points contiguous). At low degree,
where the number of NumPy calls is what costs, ``qbar_l^m`` (degrees up to :data:`POLY_LMAX`) or
the whole harmonics as homogeneous polynomials in ``(x, y, z)`` (up to :data:`MONO_LMAX`) come
from their exact coefficients, one matrix product per table.

Derivatives, all as fixed sparse matrices acting on the table of values (one sparse-times-dense
product per table, no per-point algebra):

- solid harmonics ``R_lm(x) = |x|^l Y_lm(x/|x|)``: with ``F_l^m = r^l P_l^m(cos t) e^(i m phi)``
  (no Condon-Shortley phase), ``d_z F_l^m = (l+m) F_(l-1)^m``, ``(d_x + i d_y) F_l^m =
  -F_(l-1)^(m+1)``, ``(d_x - i d_y) F_l^m = (l+m)(l+m-1) F_(l-1)^(m-1)`` (the classical
  ladder relations of solid harmonics, in this phase convention; checked against finite
  differences, sphericart and mpmath by tests/angular/test_harmonic_derivatives.py), so
  ``d_i R_l = D_i R_(l-1)`` with at most two entries per row (:func:`derivative_operators`);
- multiplication by a coordinate of the unit vector: ``x_i R_l = H_(l+1) + |x|^2 d_i R_l /
  (2l+1)`` with ``H_(l+1)`` harmonic (its Laplacian vanishes), and ``H_(l+1) = D_i^T R_(l+1) /
  (2l+3)`` because the Fischer inner product ``<p, q> = p(d) q``, for which ``x_i`` and ``d_i``
  are adjoint, is ``(2l+1)!! / 4pi`` times the ``L^2(S^2)`` one on degree ``l``; so ``u_i Y_l
  = U_i Y`` with ``U_i`` made of ``D_i / (2l+1)`` (degree ``l-1``) and ``D_i^T / (2l+3)``
  (degree ``l+1``);
- directions: ``|x| d_i [Y_l(x/|x|)] = (d_i R_l - l u_i Y_l)(u) = M_i Y`` with
  ``M_i = D_i - l U_i``, a combination of degrees ``l - 1`` and ``l + 1``; the Hessian
  ``|x|^2 d_i d_j Y = M_i (M_j - U_j) Y`` (degrees ``l - 2, l, l + 2``).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__: list[str] = []


@lru_cache(maxsize=512)
def _coefficients(lmax: int):
    """Recursion constants: seeds ``qbar_m^m`` (times ``sqrt2`` for ``m >= 1``, the factor of the
    real harmonics, which the linear recursion carries to every degree) and ``a_lm``, ``-b_lm``
    for ``m <= l - 1`` (``qbar_l^(l-1) = sqrt(2l+1) z qbar_(l-1)^(l-1)`` is the same recursion with
    ``a = sqrt(2l+1)``, ``b = 0``); read-only, ``a`` and ``-b`` with a trailing axis of length 1
    for broadcasting over points."""
    seed = np.empty(lmax + 1)
    seed[0] = 0.5 / math.sqrt(math.pi)
    for m in range(1, lmax + 1):
        seed[m] = seed[m - 1] * math.sqrt((2 * m + 1) / (2 * m))
    seed[1:] *= math.sqrt(2.0)
    a = np.zeros((lmax + 1, lmax + 1, 1))
    nb = np.zeros((lmax + 1, lmax + 1, 1))
    for l in range(1, lmax + 1):
        m = np.arange(l - 1)
        a[l, : l - 1, 0] = np.sqrt((4.0 * l * l - 1) / (l * l - m * m))
        nb[l, : l - 1, 0] = -np.sqrt(((l - 1.0) ** 2 - m * m) / (4.0 * (l - 1) ** 2 - 1))
        a[l, l - 1, 0] = math.sqrt(2 * l + 1)
    for arr in (seed, a, nb):
        arr.flags.writeable = False
    return seed, a, nb


@lru_cache(maxsize=512)
def _sectoral(lmax: int) -> tuple[float, ...]:
    """``sqrt(2l+3) seed_l``: ``qbar_(l+1)^l = sqrt(2l+3) qbar_l^l z`` (times ``sqrt2``, as the
    seeds), ``l = 0..lmax-1``."""
    seed = _coefficients(lmax)[0]
    return tuple(math.sqrt(2 * l + 3) * float(seed[l]) for l in range(lmax))


#: degrees up to which ``qbar_l^m(z)`` may come from its monomial coefficients (one matrix
#: product with the powers of ``z``) instead of the recursion: the coefficients stay small
#: (``sum_k |c_lmk| <= 42`` at degree 6: rounding errors below ``1e-14``, as the recursion's)
#: and one BLAS call replaces ``4 l`` passes per degree (about 20% of the values at degree 4;
#: nothing gained past 6); for ``lmax`` above ``poly`` the recursion runs from degree 1 (from
#: the seeds) and gives the degrees above it
POLY_LMAX = 6


@lru_cache(maxsize=8)
def _poly_coefficients(B: int) -> np.ndarray:
    """``C[l(l+1)/2 + m, k]``: ``qbar_l^m(z) = sum_k C z^k`` (times ``sqrt2`` for ``m >= 1``, as
    the seeds) for ``m <= l <= B``, from the exact coefficients of ``d^m P_l / dz^m``
    (``qbar_l^m = sqrt((2l+1)/(4 pi) (l-m)!/(l+m)!) d^m P_l/dz^m``); read-only."""
    from fractions import Fraction

    f = math.factorial
    C = np.zeros(((B + 1) * (B + 2) // 2, B + 1))
    for l in range(B + 1):
        for m in range(l + 1):
            norm = math.sqrt(Fraction((2 * l + 1) * f(l - m) * (2 if m else 1), f(l + m))
                             ) / (2 * math.sqrt(math.pi))
            for k in range(l // 2 + 1):
                p = l - 2 * k  # z^p in P_l, z^(p-m) after m derivatives
                if p < m:
                    continue
                coef = Fraction((-1) ** k * f(2 * l - 2 * k) * f(p),
                                2 ** l * f(k) * f(l - k) * f(p) * f(p - m))
                C[l * (l + 1) // 2 + m, p - m] = float(coef) * norm
    C.flags.writeable = False
    return C


#: degrees up to which, for small ``lmax``, the harmonics come from their coefficients as
#: homogeneous polynomials in ``(x, y, z)`` (a table of monomials, one matrix product per
#: degree): fewest NumPy calls, which is what costs at these degrees
MONO_LMAX = 3


def _monomials(l: int) -> list[tuple[int, int, int]]:
    """Exponents ``(a, b, c)`` of the degree-``l`` monomials ``x^a y^b z^c`` in the order of
    :func:`real_unit`'s table: ``y`` times those of degree ``l - 1``, then ``z`` times those
    without ``y``, then ``x^l`` (degree 1 is ``(y, z, x)``, the order of the harmonics of degree
    1 and of the callers' rows of coordinates)."""
    if l == 0:
        return [(0, 0, 0)]
    prev = _monomials(l - 1)
    return ([(a, b + 1, c) for a, b, c in prev] + [(a, 0, c + 1) for a, b, c in prev if b == 0]
            + [(l, 0, 0)])


@lru_cache(maxsize=8)
def _mono_coefficients(l: int) -> np.ndarray:
    """``M[m + l, j]``: the real harmonic ``(l, m)`` of unit vectors (as :func:`real_unit`)
    is ``sum_j M x^a y^b z^c`` over :func:`_monomials` ``(l)``: ``qbar_l^|m|(z)`` made
    homogeneous by ``z^k -> z^k (x^2 + y^2 + z^2)^((l - |m| - k)/2)``, times ``Re/Im (x + i
    y)^|m|``; read-only."""
    C = _poly_coefficients(l)
    index = {e: j for j, e in enumerate(_monomials(l))}
    M = np.zeros((2 * l + 1, len(index)))
    for m in range(-l, l + 1):
        am = abs(m)
        trig = {}  # Re (m >= 0) or Im (m < 0) of (x + i y)^am: {(a, b): coefficient}
        for j in range(am + 1):
            unit = (1, 1j, -1, -1j)[j % 4]
            part = unit.real if m >= 0 else unit.imag
            if part:
                trig[am - j, j] = math.comb(am, j) * part
        for k in range(l - am + 1):
            ck = C[l * (l + 1) // 2 + am, k]
            if ck == 0.0:
                continue
            h = (l - am - k) // 2  # (x^2 + y^2 + z^2)^h
            for i in range(h + 1):
                for i2 in range(h - i + 1):
                    mult = math.factorial(h) // (math.factorial(i) * math.factorial(i2)
                                                 * math.factorial(h - i - i2))
                    for (a, b), t in trig.items():
                        M[m + l, index[a + 2 * i, b + 2 * i2, k + 2 * (h - i - i2)]] += (
                            ck * mult * t)
    M.flags.writeable = False
    return M


def work_rows(lmax: int, poly: int = 0, mono: int = 0) -> int:
    """Rows (of the points' shape) of the ``work`` scratch that :func:`real_unit` needs."""
    return (5 * (lmax + 1) + (poly + 1) * (poly + 2) // 2 + POLY_LMAX + 1
            + (mono + 1) * (mono + 2) * (mono + 3) // 6)


def real_unit(lmax: int, x: np.ndarray, y: np.ndarray, z: np.ndarray,
              out: np.ndarray | None = None, work: np.ndarray | None = None,
              poly: int = 0, mono: int = 0, yzx: np.ndarray | None = None) -> np.ndarray:
    """Wikipedia's real harmonics (no net Condon-Shortley phase, integral normalisation) of
    unit vectors ``(x, y, z)`` (arrays of one shape ``p``, usually 1-D): shape
    ``((lmax+1)**2,) + p``, row ``l*(l+1) + m`` (component-major: every operation runs along
    contiguous points), written into ``out`` when given (any strides); ``work``: contiguous
    scratch of at least ``work_rows(lmax, poly, mono) prod(p)`` float64; ``yzx``: optionally
    the rows ``(y, z, x)`` as one ``(3, n)`` array (the monomials read it without a copy).

    Degrees up to ``mono`` (at most :data:`MONO_LMAX`) from their monomial coefficients, up to
    ``poly`` (at most :data:`POLY_LMAX`) from one matrix product for ``qbar``, the others by
    the recursion: about ``6 lmax + 6 log2(lmax)`` NumPy calls in all, whatever the number of
    points. The value of a degree depends on ``mono`` and ``poly`` (in the last bits), not on
    ``lmax``: the derivatives, which take one or two degrees more, rely on it."""
    shape = x.shape
    if len(shape) != 1:  # the matrix products below want rows of points
        flat = real_unit(lmax, x.reshape(-1), y.reshape(-1), z.reshape(-1), work=work,
                         poly=poly, mono=mono).reshape(((lmax + 1) ** 2,) + shape)
        if out is None:
            return flat
        out[...] = flat
        return out
    seed, a, nb = _coefficients(lmax)  # a, nb: (lmax+1, lmax+1, 1), broadcasting over points
    sector = _sectoral(lmax)
    if out is None:
        out = np.empty(((lmax + 1) ** 2,) + shape)
    out[0] = seed[0]
    if lmax == 0:
        return out
    npts = shape[0]
    if not 0 <= poly <= min(lmax, POLY_LMAX):
        raise ValueError(f"poly={poly} must be in 0..min(lmax, POLY_LMAX)")
    if not 0 <= mono <= MONO_LMAX:
        raise ValueError(f"mono={mono} must be in 0..MONO_LMAX")
    B = poly
    nq = (B + 1) * (B + 2) // 2
    size = work_rows(lmax, poly, mono) * npts
    work = np.empty(size) if work is None else work
    at = 5 * (lmax + 1) * npts
    rec = work[:at].reshape(5, lmax + 1, npts)
    qtab = work[at: at + nq * npts].reshape(nq, npts)
    at += nq * npts
    zp = work[at: at + (POLY_LMAX + 1) * npts].reshape(POLY_LMAX + 1, npts)
    at += (POLY_LMAX + 1) * npts
    if mono:  # monomials of degrees 1..mono, degree by degree; each degree one product
        mon = work[at: size].reshape(-1, npts)
        if yzx is None:
            d1 = mon[:3]
            d1[0], d1[1], d1[2] = y, z, x
        else:
            d1 = yzx
        # degree 1: sqrt(3/4pi) (y, z, x), the diagonal of its coefficients
        np.multiply(d1, _mono_coefficients(1).diagonal()[:, None], out=out[1:4])
        prev, lo = d1, 3
        for l in range(2, min(mono, lmax) + 1):
            nprev, n = l * (l + 1) // 2, (l + 1) * (l + 2) // 2
            cur = mon[lo: lo + n]
            np.multiply(prev, d1[0], out=cur[:nprev])
            np.multiply(prev[-l:], d1[1], out=cur[nprev: nprev + l])
            np.multiply(prev[-1], d1[2], out=cur[-1])
            np.matmul(_mono_coefficients(l), cur, out=out[l * l: (l + 1) ** 2])
            prev, lo = cur, lo + n
        if lmax <= mono:
            return out
    cs, sn, tmp = rec[0], rec[1], rec[2]
    # c_m + i s_m = (x + i y)^m by doubling: rows m+1..2m from rows 1..m and row m
    cs[0], sn[0] = 1.0, 0.0
    cs[1], sn[1] = x, y
    m = 1
    while m < lmax:
        k = min(m, lmax - m)
        c_lo, s_lo, t = cs[1: k + 1], sn[1: k + 1], tmp[:k]
        np.multiply(c_lo, cs[m], out=cs[m + 1: m + k + 1])
        np.multiply(s_lo, sn[m], out=t)
        cs[m + 1: m + k + 1] -= t
        np.multiply(s_lo, cs[m], out=sn[m + 1: m + k + 1])
        np.multiply(c_lo, sn[m], out=t)
        sn[m + 1: m + k + 1] += t
        m += k
    # qbar_l^m, l <= B: the monomial coefficients times the powers of z
    if B > mono:  # all the powers up to POLY_LMAX, whatever B: a degree's products (and
        zp[0] = 1.0  # so its bits) must not depend on B, which derivatives= raises
        zp[1] = z
        for k in range(2, POLY_LMAX + 1):
            np.multiply(zp[k - 1], zp[1], out=zp[k])
        skip = (mono + 1) * (mono + 2) // 2  # the degrees the monomials gave
        np.matmul(_poly_coefficients(POLY_LMAX)[skip:nq], zp, out=qtab[skip:])
    for l in range(mono + 1, B + 1):
        ql = qtab[l * (l + 1) // 2: (l + 1) * (l + 2) // 2]
        c = l * (l + 1)
        np.multiply(ql, cs[: l + 1], out=out[c: c + l + 1])  # cs[0] = 1
        np.multiply(ql[l:0:-1], sn[l:0:-1], out=out[c - l: c])
    if lmax == B:
        return out
    prev, q = rec[3], rec[4]
    # The recursion starts from the seeds, not from the table: the table's rounding errors,
    # which do not obey the recursion, would grow along it (to ~1e-12 at degree 150 near the
    # poles). The sectoral qbar_l^l is the constant seed: written into row l of degree l's
    # buffer, where degree l + 2 reads it (row m of a buffer is only ever overwritten by degrees
    # l > m); qbar_l^(l-1) = sqrt(2l+1) seed_(l-1) z, one product
    prev[0] = seed[0]
    for l in range(1, lmax + 1):
        # q holds qbar_(l-2) (rows <= l-2), overwritten in place by qbar_l:
        # qbar_l^m = a (z qbar_(l-1)^m - b qbar_(l-2)^m), m < l - 1
        if l >= 2:
            ql = q[: l - 1]
            ql *= nb[l, : l - 1]
            np.multiply(prev[: l - 1], z, out=tmp[: l - 1])
            ql += tmp[: l - 1]
            ql *= a[l, : l - 1]
        np.multiply(z, sector[l - 1], out=q[l - 1])
        q[l] = seed[l]
        if l <= max(B, mono):
            prev, q = q, prev
            continue
        c = l * (l + 1)
        np.multiply(q[: l + 1], cs[: l + 1], out=out[c: c + l + 1])  # cs[0] = 1
        np.multiply(q[l:0:-1], sn[l:0:-1], out=out[c - l: c])
        prev, q = q, prev
    return out


@lru_cache(maxsize=1)
def _kernel():
    """SciPy's kernel behind ``csr_matrix @ dense`` (used without its fresh zeroed output per
    call), or None if a SciPy moved it (then the public product); imported on first use, so
    that importing symphys.angular does not import scipy.sparse."""
    try:
        from scipy.sparse._sparsetools import csr_matvecs
    except ImportError:  # pragma: no cover
        return None
    return csr_matvecs


def sparse_times(op: sp.csr_matrix, X: np.ndarray, out: np.ndarray, *,
                 zeroed: bool = False) -> np.ndarray:
    """``out[...] = op @ X[:op.shape[1]]`` for a C-contiguous ``X`` and ``out`` (``zeroed``:
    ``out`` holds zeros already); returns ``out``."""
    rows, cols = op.shape
    X = X[:cols]
    _csr_matvecs = _kernel()
    if _csr_matvecs is None:
        out[...] = op @ X
        return out
    if not zeroed:
        out.fill(0.0)
    _csr_matvecs(rows, cols, X.shape[1], op.indptr, op.indices, op.data, X.reshape(-1),
                 out.reshape(-1))
    return out


def _idx(l: int, m: int) -> int:
    return l * (l + 1) + m


@lru_cache(maxsize=32)
def derivative_operators(L: int) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
    """``(D_x, D_y, D_z)``, each ``((L+1)**2, (L+1)**2)`` CSR: ``d_i R_row = sum D_i[row, col]
    R_col`` for the real solid harmonics (row ``(l, m)``, columns of degree ``l - 1``), in closed
    form (see the module docstring)."""
    import scipy.sparse as sp

    entries: tuple[list, list, list] = ([], [], [])

    def add(i, row, col, v):
        entries[i].append((row, col, v))

    for l in range(1, L + 1):
        g = math.sqrt((2 * l + 1) / (2 * l - 1))
        for m in range(l):  # d_z R_(l,+-m) = g sqrt((l-m)(l+m)) R_(l-1,+-m)
            c = g * math.sqrt((l - m) * (l + m))
            add(2, _idx(l, m), _idx(l - 1, m), c)
            if m:
                add(2, _idx(l, -m), _idx(l - 1, -m), c)
        if l >= 2:  # m = 0: d_x R_l0 = -g sqrt(l(l-1)/2) R_(l-1,1), d_y likewise with m = -1
            c = -g * math.sqrt(l * (l - 1) / 2)
            add(0, _idx(l, 0), _idx(l - 1, 1), c)
            add(1, _idx(l, 0), _idx(l - 1, -1), c)
        for m in range(1, l + 1):
            if m + 1 <= l - 1:  # towards order m + 1
                p = 0.5 * g * math.sqrt((l - m) * (l - m - 1))
                add(0, _idx(l, m), _idx(l - 1, m + 1), -p)
                add(0, _idx(l, -m), _idx(l - 1, -m - 1), -p)
                add(1, _idx(l, m), _idx(l - 1, -m - 1), -p)
                add(1, _idx(l, -m), _idx(l - 1, m + 1), p)
            q = 0.5 * g * math.sqrt((l + m) * (l + m - 1))  # towards order m - 1
            if m == 1:  # order 0 has no sine part and no sqrt2
                add(0, _idx(l, 1), _idx(l - 1, 0), q * math.sqrt(2.0))
                add(1, _idx(l, -1), _idx(l - 1, 0), q * math.sqrt(2.0))
            else:
                add(0, _idx(l, m), _idx(l - 1, m - 1), q)
                add(0, _idx(l, -m), _idx(l - 1, -m + 1), q)
                add(1, _idx(l, m), _idx(l - 1, -m + 1), -q)
                add(1, _idx(l, -m), _idx(l - 1, m - 1), q)
    K = (L + 1) ** 2
    out = []
    for e in entries:
        r, c, v = (np.array(col) for col in zip(*e, strict=True)) if e else ([], [], [])
        out.append(sp.csr_matrix((v, (r, c)), shape=(K, K)))
    return tuple(out)


def _degrees(K: int) -> np.ndarray:
    L = math.isqrt(K) - 1
    return np.repeat(np.arange(L + 1), 2 * np.arange(L + 1) + 1).astype(float)


@lru_cache(maxsize=32)
def direction_operators(L: int):
    """``(M, U)``: for the real harmonics ``Y`` of unit vectors, ``|x| d_i [Y_row(x/|x|)] =
    (M_i Y)_row`` and ``u_i Y_row = (U_i Y)_row``; rows up to degree ``L``, columns up to
    ``L + 1`` (CSR, ``((L+1)**2, (L+2)**2)``)."""
    import scipy.sparse as sp

    D = derivative_operators(L + 1)
    K1 = (L + 2) ** 2
    K = (L + 1) ** 2
    l1 = _degrees(K1)
    up = sp.diags(1.0 / (2 * l1 + 3))
    down = sp.diags(1.0 / (2 * l1 + 1))
    lrow = sp.diags(_degrees(K))
    M, U = [], []
    for i in range(3):
        Ui = (up @ D[i].T + down @ D[i]).tocsr()[:K]
        Mi = (D[i][:K] - lrow @ Ui).tocsr()
        Ui.eliminate_zeros()
        Mi.eliminate_zeros()
        M.append(Mi)
        U.append(Ui)
    return tuple(M), tuple(U)


@lru_cache(maxsize=8)  # at lmax = 150 a Hessian operator holds ~12 MB
def operator(lmax: int, order: int, normalize: bool, perm: tuple[int, int, int] = (0, 1, 2)
             ) -> sp.csr_matrix:
    """The derivatives of order 1 or 2 of every harmonic of degree ``<= lmax`` as one sparse
    matrix acting on the component-major table of values.

    ``normalize=True`` (directions): acting on ``Y(u)`` up to degree ``lmax + order``, gives
    ``|x|^order`` times the derivatives; ``False`` (solid harmonics): acting on ``R(x)`` up to
    degree ``lmax``. Rows: block ``a`` (``order=1``, ``3`` blocks) or ``(a, b)`` with ``a <= b``
    (``order=2``, ``6`` blocks in the order of :data:`PAIRS`), each ``(lmax+1)**2`` rows, for the
    derivatives along the coordinates ``perm[a]`` (``perm`` reorders the coordinate axes)."""
    import scipy.sparse as sp

    K = (lmax + 1) ** 2
    if normalize:
        if order == 1:
            M, _ = direction_operators(lmax)
            blocks = [M[perm[a]] for a in range(3)]
        else:
            M, _ = direction_operators(lmax)
            M1, U1 = direction_operators(lmax + 1)
            blocks = [(M[perm[a]] @ (M1[perm[b]] - U1[perm[b]])) for a, b in PAIRS]
        ncol = (lmax + 1 + order) ** 2
    else:
        D = derivative_operators(lmax)
        blocks = ([D[perm[a]] for a in range(3)] if order == 1
                  else [(D[perm[a]] @ D[perm[b]]) for a, b in PAIRS])
        ncol = K
    out = sp.vstack([b.tocsr()[:K, :ncol] for b in blocks], format="csr")
    out.data[np.abs(out.data) < 1e-300] = 0.0
    out.eliminate_zeros()
    out.sum_duplicates()
    out.sort_indices()
    return out


#: the pairs ``(a, b)``, ``a <= b``, of the Hessian blocks computed by :func:`operator`
PAIRS = ((0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2))
