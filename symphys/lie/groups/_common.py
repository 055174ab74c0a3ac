"""Private helpers shared by the group classes: input checks and batched symmetric-matrix maps.

Nothing here is public; the public names live in the concept modules of this subpackage.
"""

from __future__ import annotations

import math

import numpy as np

_MAX_LISTED = 8


def bad_indices(mask: np.ndarray) -> str:
    """The batch indices where ``mask`` is True, as text (the first few, then a count)."""
    idx = [tuple(int(i) for i in t) for t in np.argwhere(np.asarray(mask))]
    if not idx:
        return "[]"
    shown = [t[0] if len(t) == 1 else t for t in idx[:_MAX_LISTED]]
    more = f" and {len(idx) - _MAX_LISTED} more" if len(idx) > _MAX_LISTED else ""
    return f"{shown}{more}"


def as_real(a: object, name: str) -> np.ndarray:
    """``a`` as a float64 array; TypeError naming ``name`` for complex or non-numeric input.

    Complex entries are refused (not cast, which would silently drop the imaginary part):
    the groups here are real matrix groups.
    """
    if isinstance(a, (str, bytes)):
        raise TypeError(f"{name} must be an array of real numbers, not {type(a).__name__}")
    arr = np.asarray(a)
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} has complex dtype {arr.dtype}; these are real matrix groups "
                        f"(pass the real part explicitly if that is what you mean)")
    try:
        return np.asarray(arr, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of real numbers: {exc}") from None


def as_matrices(a: object, name: str, n: int | None = None) -> np.ndarray:
    """``a`` as a float64 array of shape ``(..., n, n)``; ValueError naming ``name`` otherwise.

    NaN or infinite entries are refused with the offending batch indices.
    """
    arr = as_real(a, name)
    if arr.ndim < 2 or arr.shape[-1] != arr.shape[-2]:
        raise ValueError(f"{name} must have shape (..., n, n) (square matrices), got {arr.shape}")
    if n is not None and arr.shape[-1] != n:
        raise ValueError(f"{name} must have shape (..., {n}, {n}), got {arr.shape}")
    finite = np.isfinite(arr).all(axis=(-1, -2))
    if not finite.all():
        raise ValueError(f"{name} has NaN or infinite entries at batch indices "
                         f"{bad_indices(~finite)}")
    check_magnitude(arr, name)
    return arr


def finite_result(out: np.ndarray, name: str) -> np.ndarray:
    """``out``, or ValueError when finite input ``name`` gave an overflowing exponential."""
    with np.errstate(all="ignore"):
        ok = np.isfinite(out).all(axis=(-1, -2))
    if not np.all(ok):
        raise ValueError(f"exp({name}) overflows a double at batch indices {bad_indices(~ok)}: "
                         f"eigenvalues of {name} above ~709 give entries beyond 1.8e308")
    return out


#: Largest ``|entry|`` of a matrix or vector the groups take: products such as ``g gᵀ`` and
#: ``det g`` of larger entries overflow a double (1.8e308) in the decompositions.
MAX_ABS_ENTRY = 1e150


def check_magnitude(arr: np.ndarray, name: str) -> None:
    """ValueError naming ``name`` when some finite entry exceeds :data:`MAX_ABS_ENTRY`."""
    if arr.size:
        big = float(np.max(np.abs(arr)))
        if big > MAX_ABS_ENTRY:
            raise ValueError(f"{name} has an entry of size {big:.3g}, above the limit "
                             f"MAX_ABS_ENTRY = {MAX_ABS_ENTRY:g}: products of such matrices "
                             f"overflow a double in the decompositions; rescale the input")


#: Smallest largest-``|entry|`` of a group element the decompositions take: below it products
#: such as ``g gᵀ`` and ``det g`` underflow a double (2.2e-308); rescale such input.
MIN_ABS_ENTRY = 1e-150


def check_scale(value: float, name: str) -> float:
    """A proposal scale: a finite real in [MIN_ABS_ENTRY, MAX_ABS_ENTRY] (its square, used in
    densities, must not overflow or underflow a double)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not (math.isfinite(value) and MIN_ABS_ENTRY <= value <= MAX_ABS_ENTRY):
        raise ValueError(f"{name}={value!r} is outside the supported range "
                         f"[MIN_ABS_ENTRY, MAX_ABS_ENTRY] = [{MIN_ABS_ENTRY:g}, {MAX_ABS_ENTRY:g}]")
    return value


def check_small_scale(arr: np.ndarray, name: str) -> None:
    """ValueError naming ``name`` when some nonzero matrix of the batch has every entry below
    :data:`MIN_ABS_ENTRY` in absolute value (its products would underflow)."""
    if arr.size:
        scale = np.max(np.abs(arr), axis=(-1, -2))
        tiny = (scale > 0) & (scale < MIN_ABS_ENTRY)
        if np.any(tiny):
            raise ValueError(
                f"{name} has all entries below the supported range at batch indices "
                f"{bad_indices(tiny)} (largest |entry| {float(np.min(scale[tiny])):.3g} < "
                f"MIN_ABS_ENTRY = {MIN_ABS_ENTRY:g}): products such as g gᵀ and det g underflow "
                "a double; rescale the input")


def as_vectors(a: object, name: str, n: int) -> np.ndarray:
    """``a`` as a float64 array of shape ``(..., n)`` with finite entries (complex: TypeError)."""
    arr = as_real(a, name)
    if arr.ndim < 1 or arr.shape[-1] != n:
        raise ValueError(f"{name} must have shape (..., {n}), got {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} has NaN or infinite entries")
    check_magnitude(arr, name)
    return arr


def check_n(n: object, name: str = "n", minimum: int = 1) -> int:
    """``n`` as a Python int >= ``minimum``."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(n).__name__}")
    if n < minimum:
        raise ValueError(f"{name}={n} violates {name} >= {minimum}")
    return int(n)


def transpose(a: np.ndarray) -> np.ndarray:
    """Swap the last two axes."""
    return np.swapaxes(a, -1, -2)


def sym_apply(s: np.ndarray, fn) -> np.ndarray:
    """``fn`` applied to the eigenvalues of the symmetric matrices ``s`` (batched, via eigh)."""
    w, v = np.linalg.eigh(s)
    return (v * fn(w)[..., None, :]) @ transpose(v)


def log_sinhc(u: np.ndarray) -> np.ndarray:
    """``log(sinh(u)/u)``, stable for all real ``u`` (even in ``u``; 0 at 0)."""
    a = np.abs(np.asarray(u, dtype=np.float64))
    small = a < 1e-3
    safe = np.where(small, 1.0, a)
    big = safe + np.log1p(-np.exp(-2.0 * safe)) - np.log(2.0 * safe)
    a2 = a * a
    return np.where(small, a2 / 6.0 - a2 * a2 / 180.0, big)


def pair_differences(x: np.ndarray) -> np.ndarray:
    """All ``x_i - x_j`` for ``i < j`` along the last axis: shape ``(..., n(n-1)/2)``."""
    n = x.shape[-1]
    i, j = np.triu_indices(n, k=1)
    return x[..., i] - x[..., j]


def rng_from(rng: object) -> np.random.Generator:
    """A numpy Generator from ``None``, an int seed >= 0 or a Generator; TypeError naming rng."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, (bool, np.bool_)):
        if rng < 0:
            raise ValueError(f"rng={rng} violates rng >= 0 (an int rng is a seed)")
        return np.random.default_rng(int(rng))
    raise TypeError(f"rng must be None, an int seed or a numpy Generator, got {type(rng).__name__}")


#: Largest number of float64 entries one call materialises from a size argument (samples,
#: bases, identities): ``10**8`` entries are 800 MB. Checked in closed form before any work.
MAX_ENTRIES = 10**8


def check_entries(count: int, what: str) -> None:
    """ValueError naming ``what`` when ``count`` entries exceed :data:`MAX_ENTRIES`."""
    if count > MAX_ENTRIES:
        raise ValueError(f"{what} needs {count:.3g} float64 entries ({8 * count / 2**30:.3g} GiB),"
                         f" above the limit MAX_ENTRIES = {MAX_ENTRIES:.0e}")


def check_samples(n_samples: object, m: int) -> int:
    """``n_samples`` as an int >= 0 whose ``(n_samples, m, m)`` batch fits :data:`MAX_ENTRIES`."""
    n_samples = check_n(n_samples, "n_samples", 0)
    check_entries(n_samples * m * m, f"n_samples={n_samples} samples of {m} x {m} matrices")
    return n_samples


def check_matrix_n(n: object, name: str = "n") -> int:
    """``n`` as an int >= 1 whose ``n x n`` matrix fits :data:`MAX_ENTRIES` (n <= 10**4)."""
    n = check_n(n, name)
    check_entries(n * n, f"{name}={n}: one {n} x {n} matrix")
    return n


def sym_basis(n: int, traceless: bool) -> np.ndarray:
    """Basis of Sym(n) (traceless: E_ii - E_nn replaces E_ii, i < n), then E_ij + E_ji (i < j).

    Its coefficients are the coordinates ``x_ii, x_ij`` used for Lebesgue measure on Sym(n).
    """
    check_entries((n * (n + 1) // 2) * n * n, f"n={n}: the basis of Sym({n})")
    mats = []
    for i in range(n - 1 if traceless else n):
        e = np.zeros((n, n))
        e[i, i] = 1.0
        if traceless:
            e[n - 1, n - 1] = -1.0
        mats.append(e)
    for i in range(n):
        for j in range(i + 1, n):
            e = np.zeros((n, n))
            e[i, j] = e[j, i] = 1.0
            mats.append(e)
    return np.array(mats).reshape(len(mats), n, n)


def skew_basis(n: int) -> np.ndarray:
    """Basis ``E_ji - E_ij`` (i < j) of so(n): for n = 2 the generator [[0, -1], [1, 0]]."""
    check_entries((n * (n - 1) // 2) * n * n, f"n={n}: the basis of so({n})")
    mats = []
    for i in range(n):
        for j in range(i + 1, n):
            e = np.zeros((n, n))
            e[j, i], e[i, j] = 1.0, -1.0
            mats.append(e)
    return np.array(mats).reshape(len(mats), n, n)


def so_log_haar_jacobian(Y: np.ndarray) -> np.ndarray:
    """log of the SO(n) Haar density in exponential coordinates (1 at Y = 0), batched.

    ``det(sin(ad_Y/2)/(ad_Y/2))`` over so(n): with rotation angles ``theta_a`` of ``Y``,
    ``prod_{a<b} sinc^2((theta_a - theta_b)/2) sinc^2((theta_a + theta_b)/2)`` times
    ``prod_a sinc^2(theta_a/2)`` for odd n, ``sinc(u) = sin(u)/u``.
    """
    n = Y.shape[-1]
    m = n // 2
    ev = np.linalg.eigvalsh(1j * Y)
    theta = ev[..., ::-1][..., :m]

    def log_sinc2(u: np.ndarray) -> np.ndarray:
        small = np.abs(u) < 1e-4
        safe = np.where(small, 1.0, u)
        with np.errstate(divide="ignore"):
            big = 2.0 * np.log(np.abs(np.sin(safe) / safe))
        return np.where(small, -u * u / 3.0, big)

    out = np.zeros(Y.shape[:-2])
    if m >= 2:
        d = pair_differences(theta)
        i, j = np.triu_indices(m, k=1)
        s = theta[..., i] + theta[..., j]
        out = out + log_sinc2(0.5 * d).sum(-1) + log_sinc2(0.5 * s).sum(-1)
    if n % 2:
        out = out + log_sinc2(0.5 * theta).sum(-1)
    return out


def det_one_violation(g: np.ndarray, atol: float) -> tuple[np.ndarray, str]:
    """Mask of ``|det g - 1| > atol + min(10 n eps cond_F(g), 1e-6)`` and the rule as text.

    A computed determinant carries a relative error of about ``n eps cond(g)`` (LU is backward
    stable), so an exactly unimodular matrix of condition number 1e8 shows ``|det g - 1|`` near
    1e-8; the allowance keeps such elements in the group while capping it at 1e-6.
    """
    n = g.shape[-1]
    with np.errstate(all="ignore"):
        kappa = np.nan_to_num(np.linalg.cond(g, "fro"), nan=np.inf, posinf=np.inf)
    tol = atol + np.minimum(10.0 * n * np.finfo(float).eps * kappa, 1e-6)
    return (np.abs(np.linalg.det(g) - 1.0) > tol,
            f"|det g - 1| <= {atol} + min(10 n eps cond(g), 1e-6)")


def check_atol(atol: object) -> float:
    """``atol`` as a float >= 0 (finite)."""
    if isinstance(atol, bool) or not isinstance(atol, (int, float, np.integer, np.floating)):
        raise TypeError(f"atol must be a real number, got {type(atol).__name__}")
    if not (np.isfinite(atol) and atol >= 0):
        raise ValueError(f"atol={atol} violates 0 <= atol < inf")
    return float(atol)
