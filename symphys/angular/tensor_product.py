"""The Gaunt tensor product: the harmonic coefficients of the pointwise product of two functions.

For ``f1 = sum x_{l,m} B_{l,m}`` and ``f2 = sum y_{l,m} B_{l,m}`` on the sphere (B the real or
complex orthonormal harmonics of :mod:`symphys.angular.fourier`), the Gaunt tensor product is
``out_{l,m} = <B_{l,m}, f1 f2>
= sum x_{l1,m1} y_{l2,m2} int B_{l1,m1} B_{l2,m2} conj(B_{l,m}) dOmega``,
non-zero for l <= L1 + L2 (only l1 + l2 + l even paths contribute).

``method="fft"`` (Luo et al., ICLR 2024): convert both inputs to 2D Fourier coefficients
F[u, v] of e^{i(u theta + v phi)} (O(L^3)), multiply the two series (a 2D linear convolution of
the coefficient grids), and project back (O(L^3)). The convolution is done exactly on a grid:
real functions have Hermitian grids, and every function on the sphere has
F[-u, v] = (-1)^v F[u, v], so each phi-frequency is a cosine or sine series in theta, fixed by
its samples at theta_j = pi j / M (M = L1 + L2 + 1). The u-transforms are folded into the
conversion matrices and only the phi direction is transformed by real FFTs (O(L^2 log L));
on numpy these are the packed real transforms of ``scipy.fftpack`` (no complex arrays).
``method="direct"`` contracts with the Gaunt coefficients as a sparse matrix (the reference path).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

import numpy as np

from symphys.angular.fourier import (
    _c2r_pairs,
    _check_basis,
    _check_lmax,
    fourier_to_sh,
    sh_to_fourier,
)

__all__ = ["gaunt_tensor_product", "GauntPlan"]

_METHODS = ("fft", "direct")


def _degree(n: int, name: str) -> int:
    """lmax from a last-axis length (lmax+1)^2."""
    l = int(round(np.sqrt(n))) - 1
    if l < 0 or (l + 1) ** 2 != n:
        raise ValueError(f"{name} has last axis {n}, which is not (lmax+1)^2 for an integer lmax")
    return l


def _fft_size(n: int) -> int:
    import scipy.fft

    return scipy.fft.next_fast_len(2 * n + 1, real=True)


def _slots(lmax: int) -> list[tuple[int, int, int, int]]:
    """(a, slot, l, m): real-basis row (l, m) sits at [a = |m|, slot] of an (a, 2(L+1)) grid."""
    out = []
    for a in range(lmax + 1):
        for l in range(a, lmax + 1):
            out.append((a, l, l, a))
            if a:
                out.append((a, lmax + 1 + l, l, -a))
    return out


@dataclass(frozen=True)
class GauntPlan:
    """Arrays of the FFT Gaunt tensor product in the real basis, for fixed (L1, L2, Lout).

    Built from dense real-basis ``sh_to_fourier`` / ``fourier_to_sh`` tensors (computed, or read
    from exported tables). Every function on the sphere has 2D Fourier coefficients with
    ``F[-u, v] = (-1)^v F[u, v]`` (f(theta, phi) = f(-theta, phi + pi) on the torus), so each
    phi-frequency v is a cosine (v even) or sine (v odd) series in theta, fixed by its values at
    ``theta_j = pi j / M``, j = 0..M, M = L1 + L2 + 1. The u-sums are therefore folded into small
    matrices and only the phi direction is transformed by FFT (size n >= 2(L1+L2)+1):

    - ``gather1`` (L1+1, 2(L1+1)): index of x_{l,+-a} in x padded with one zero, per a = |m|;
    - ``y1`` (L1+1, 2(L1+1), 2(M+1)): the v = a Fourier component of S_{l,+-a} at theta_j
      (real parts, then imaginary parts); ``gather2``, ``y2`` likewise for the second input;
    - ``w_even``, ``w_odd`` (Lout+1, 2J, W), J = (M+2)//2: the projection onto the S_{l,+-a} of
      parity (-1)^(l+a) under theta -> pi - theta, from h(theta_j) + h(theta_{M-j}) (even) or
      h(theta_j) - h(theta_{M-j}) (odd), h the v = a component of the product (its v = -a
      partner folded in by Hermitian symmetry); ``mirror`` (J,) = M - j;
    - ``scatter`` ((Lout+1)^2,): where each output l(l+1)+m sits in the flattened output.

    The PyTorch and JAX paths run ``_engine`` on these arrays; the numpy path runs the same
    arithmetic on a real, packed re-layout of them (``_PackedPlan``), which is faster on a CPU.
    """

    l1: int
    l2: int
    lout: int
    n: int
    gather1: np.ndarray
    gather2: np.ndarray
    y1: np.ndarray
    y2: np.ndarray
    w_even: np.ndarray
    w_odd: np.ndarray
    mirror: np.ndarray
    scatter: np.ndarray

    #: the array fields a backend needs
    ARRAYS: ClassVar[tuple[str, ...]] = (
        "gather1", "gather2", "y1", "y2", "w_even", "w_odd", "mirror", "scatter")

    @classmethod
    def from_tensors(cls, y1: np.ndarray, y2: np.ndarray, z: np.ndarray) -> GauntPlan:
        """Build from dense real-basis tensors: ``y1 = sh_to_fourier(L1)``, ``y2``, and
        ``z = fourier_to_sh(Lout, umax=U)`` with U >= L1 + L2 >= Lout.

        >>> from symphys.angular.fourier import sh_to_fourier, fourier_to_sh
        >>> p = GauntPlan.from_tensors(sh_to_fourier(2), sh_to_fourier(1), fourier_to_sh(3))
        >>> (p.l1, p.l2, p.lout, p.n, p.w_even.shape)
        (2, 1, 3, 8, (4, 6, 4))
        """
        l1, l2 = _degree(y1.shape[0], "y1"), _degree(y2.shape[0], "y2")
        lout = _degree(z.shape[0], "z")
        big = l1 + l2
        if lout > big:
            raise ValueError(f"z has lmax={lout}, which violates lmax_out <= L1 + L2 = {big}")
        umax = (z.shape[1] - 1) // 2
        if umax < big:
            raise ValueError(f"z has umax={umax}, which violates umax >= L1 + L2 = {big}")
        theta = np.pi * np.arange(big + 2) / (big + 1)  # M + 1 samples, M = L1 + L2 + 1
        g1, t1 = cls._input(y1, l1, theta)
        g2, t2 = cls._input(y2, l2, theta)
        # samples h(theta_j) = sum_{u>=0} B[j, u] H[u]: cosine (v even) or sine (v odd) series
        us = np.arange(big + 1)
        cos = np.where(us == 0, 1.0, 2.0) * np.cos(np.outer(theta, us))
        sin = 2j * np.sin(np.outer(theta, us))
        inv = (np.linalg.pinv(cos), np.zeros((big + 1, len(theta)), complex))
        inv[1][1:] = np.linalg.pinv(sin[:, 1:])
        vz = (z.shape[2] - 1) // 2
        # The weights c_j of the (l, +-a) projection have the parity (-1)^(l+a) of S_{l,a} under
        # theta -> pi - theta: split slots by parity and contract with h_j +- h_{M-j}, j <= M/2.
        nj = len(theta)
        half = (nj + 1) // 2
        width = 2 * ((lout + 2) // 2)
        w = np.zeros((2, lout + 1, 2 * half, width))  # [even, odd parity]
        count = np.zeros((2, lout + 1), dtype=int)
        scatter = np.empty((lout + 1) ** 2, dtype=np.int64)
        for a, _, l, m in _slots(lout):
            row = z[l * (l + 1) + m, umax - big : umax + big + 1]  # u = -big..big
            col = row[:, vz + a].copy()
            if a:  # H[u, -a] = conj(H[-u, a]) for a real product; Re(c conj(h)) = Re(conj(c) h)
                col += row[::-1, vz - a].conj()
            # fold u < 0 onto u > 0 with H[-u, a] = (-1)^a H[u, a]
            fold = col[big:].copy()
            fold[1:] += (-1) ** a * col[:big][::-1]
            c = fold @ inv[a % 2]  # out = Re sum_j c_j h(theta_j)
            par = (l + a) % 2
            c = (c + (-1) ** par * c[::-1])[:half] / 2
            if nj % 2 == 1:  # the middle sample enters h_j + h_{M-j} twice
                c[-1] /= 2
            k = count[par, a]
            count[par, a] += 1
            w[par, a, :half, k] = c.real
            w[par, a, half:, k] = -c.imag
            scatter[l * (l + 1) + m] = (a * 2 + par) * width + k
        return cls(l1, l2, lout, _fft_size(big), g1, g2, t1, t2, w[0], w[1],
                   np.arange(nj - 1, nj - 1 - half, -1), scatter)

    @staticmethod
    def _input(y: np.ndarray, lmax: int, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        gather = np.full((lmax + 1, 2 * (lmax + 1)), (lmax + 1) ** 2, dtype=np.int64)
        vy = (y.shape[2] - 1) // 2
        uy = (y.shape[1] - 1) // 2
        phase = np.exp(1j * np.outer(np.arange(-uy, uy + 1), theta))  # (u, j)
        t = np.zeros((lmax + 1, 2 * (lmax + 1), 2 * len(theta)))
        for a, slot, l, m in _slots(lmax):
            gather[a, slot] = l * (l + 1) + m
            vals = y[l * (l + 1) + m, :, vy + a] @ phase
            t[a, slot, : len(theta)] = vals.real
            t[a, slot, len(theta) :] = vals.imag
        return gather, t


@lru_cache(maxsize=16)
def _plan(l1: int, l2: int, lout: int) -> GauntPlan:
    y1 = sh_to_fourier(l1, basis="real")
    y2 = y1 if l2 == l1 else sh_to_fourier(l2, basis="real")
    return GauntPlan.from_tensors(y1, y2, fourier_to_sh(lout, basis="real", umax=l1 + l2))


class _NumpyOps:
    """The array operations ``_engine`` needs; PyTorch and JAX provide the same methods."""

    @staticmethod
    def cat(arrays: list[Any], axis: int) -> Any:
        return np.concatenate(arrays, axis=axis)

    @staticmethod
    def swap01(a: Any) -> Any:
        return a.swapaxes(0, 1)

    @staticmethod
    def irfft(f: Any, n: int) -> Any:
        """sum_v f[b, v, j] e^{+iv phi_k} over v = -V..V on n points; f holds v >= 0 (axis 1)."""
        import scipy.fft

        return scipy.fft.irfft(f, n=n, axis=1, norm="forward")

    @staticmethod
    def rfft(g: Any, n: int) -> Any:
        import scipy.fft

        return scipy.fft.rfft(g, n=n, axis=1, norm="forward")

    @staticmethod
    def complex(re: Any, im: Any) -> Any:
        return re + 1j * im

    @staticmethod
    def re_im(z: Any) -> tuple[Any, Any]:
        return z.real, z.imag


def _engine(ops: Any, x: Any, y: Any, p: GauntPlan, arrays: dict[str, Any]) -> Any:
    """Real-basis Gaunt product of real (B, (L1+1)^2) and (B, (L2+1)^2) -> (B, (Lout+1)^2).

    ``arrays`` holds the plan's arrays converted to the backend's type.
    """
    n, half = p.n, arrays["y1"].shape[-1] // 2

    def grid(v: Any, gather: Any, t: Any) -> Any:  # values on the (phi_k, theta_j) grid
        vp = ops.cat([v, v[:, :1] * 0], axis=1)[:, gather]  # (B, a, 2(L+1))
        f = ops.swap01(ops.swap01(vp) @ t)  # (B, a, 2(M+1))
        return ops.irfft(ops.complex(f[..., :half], f[..., half:]), n)  # (B, n, M+1)

    g = grid(x, arrays["gather1"], arrays["y1"]) * grid(y, arrays["gather2"], arrays["y2"])
    h = ops.rfft(g, n)[:, : p.lout + 1]  # (B, a, M+1): v = a component at theta_j
    first, mirrored = h[..., : arrays["mirror"].shape[0]], h[..., arrays["mirror"]]
    parts = []
    for comb, w in ((first + mirrored, arrays["w_even"]), (first - mirrored, arrays["w_odd"])):
        re, im = ops.re_im(comb)
        parts.append(ops.swap01(ops.swap01(ops.cat([re, im], axis=2)) @ w))  # (B, a, W)
    out = ops.cat(parts, axis=2)
    return out.reshape(out.shape[0], -1)[:, arrays["scatter"]]


def _check_zero(other: np.ndarray, use: np.ndarray, what: str) -> None:
    """The dropped half is zero up to the rounding of the plan's complex phases."""
    if other.size and np.abs(other).max() > 1e-13 * max(1.0, np.abs(use).max()):
        raise AssertionError(f"real-basis {what} mixes Re and Im rows")


@dataclass(frozen=True)
class _PackedPlan:
    """The numpy kernel's arrays: a GauntPlan re-laid for real FFTs in the packed layout.

    Real-basis inputs make every phi-frequency row purely real or imaginary: the v = a Fourier
    component at theta_j is ``sum_l x_{l,a} P[2a-1, j, l] + i sum_l x_{l,-a} P[2a, j, l]``
    (row 0: a = 0), which is the packed real layout ``[F_0, Re F_1, Im F_1, ...]`` of
    ``scipy.fftpack``. So synthesis is one batched real matmul per input, (R, J, L+1) @
    (R, L+1, B), followed by one packed real inverse FFT over the rows; the product's packed
    forward FFT rows are split by theta -> pi - theta parity and projected by two batched real
    matmuls. No complex arrays, and half the multiply-adds of ``_engine``.
    """

    n: int
    top: bool  # n = 2(L1+L2): the top frequency v = L1+L2 is completed from F1_L1 F2_L2
    half: int
    gather1: np.ndarray  # (R1, L1+1) indices into x padded with one zero
    gather2: np.ndarray
    p1: np.ndarray  # (R1, J, L1+1)
    p2: np.ndarray
    w_even: np.ndarray  # (Rout, Ke, half)
    w_odd: np.ndarray  # (Rout, Ko, half)
    scatter: np.ndarray  # ((Lout+1)^2,) into the flattened (Rout, Ke + Ko) output

    @classmethod
    def from_plan(cls, p: GauntPlan) -> _PackedPlan:
        import scipy.fft

        # phi samples: the product has |v| <= L1+L2 = big, and output v <= Lout is alias-free for
        # n > Lout + big. For Lout = big, n = 2 big (often a faster FFT length) aliases only the
        # Nyquist bin, which holds 2 Re h_big; Im h_big = Im(F1_L1 F2_L2) is the one product
        # term of that frequency, computed directly from the synthesis rows.
        big = p.l1 + p.l2
        n = scipy.fft.next_fast_len(p.lout + big + 1, real=True)
        top = p.lout == big and min(p.l1, p.l2) >= 1
        top = top and scipy.fft.next_fast_len(2 * big, real=True) == 2 * big
        n = 2 * big if top else n
        g1, p1 = cls._input(p.gather1, p.y1, n)
        g2, p2 = (g1, p1) if p.l2 == p.l1 else cls._input(p.gather2, p.y2, n)
        half = p.mirror.shape[0]
        width = p.w_even.shape[-1]
        rows = 2 * p.lout + 1
        kmax = [0, 0]
        entries = []  # (i, row, parity, weight vector)
        for i in range(p.scatter.size):
            l = int(np.sqrt(i))
            m = i - l * (l + 1)
            a = abs(m)
            par = (l + a) % 2
            k = int(p.scatter[i]) - (a * 2 + par) * width
            w = (p.w_even, p.w_odd)[par][a]
            use, other = (w[:half, k], w[half:, k]) if m >= 0 else (w[half:, k], w[:half, k])
            _check_zero(other, use, "projection")
            row = 0 if a == 0 else 2 * a - (m >= 0)
            entries.append((i, row, par, use / n))
        counts = np.zeros((rows, 2), dtype=int)
        slot = {}
        for i, row, par, _ in entries:
            slot[i] = counts[row, par]
            counts[row, par] += 1
        kmax = counts.max(axis=0)
        we = np.zeros((rows, kmax[0], half))
        wo = np.zeros((rows, kmax[1], half))
        scatter = np.empty(p.scatter.size, dtype=np.int64)
        for i, row, par, w in entries:
            (we, wo)[par][row, slot[i]] = w
            scatter[i] = row * (kmax[0] + kmax[1]) + par * kmax[0] + slot[i]
        return cls(n, top, half, g1, g2, p1, p2, we, wo, scatter)

    @staticmethod
    def _input(gather: np.ndarray, t: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        lmax = gather.shape[0] - 1
        nj = t.shape[-1] // 2
        pad = (lmax + 1) ** 2
        g = np.full((2 * lmax + 1, lmax + 1), pad, dtype=np.int64)
        out = np.zeros((2 * lmax + 1, nj, lmax + 1))
        for a in range(lmax + 1):
            for s in range(2 if a else 1):  # s = 0: x_{l,+a} (Re part), 1: x_{l,-a} (Im part)
                row = 0 if a == 0 else 2 * a - 1 + s
                for k in range(lmax + 1 - a):
                    slot = a + k + s * (lmax + 1)
                    vals = t[a, slot]
                    use, other = (vals[:nj], vals[nj:]) if s == 0 else (vals[nj:], vals[:nj])
                    _check_zero(other, use, "synthesis")
                    g[row, k] = gather[a, slot]
                    out[row, :, k] = use * n  # fftpack.irfft divides by n
        return g, out


@lru_cache(maxsize=16)
def _packed_plan(l1: int, l2: int, lout: int) -> _PackedPlan:
    return _PackedPlan.from_plan(_plan(l1, l2, lout))


def _synth(x: np.ndarray, gather: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Packed rows (R, J [theta_j], B), n times [F_0, Re F_1, Im F_1, ...], of x (B, (L+1)^2)."""
    return p @ np.concatenate([x.T, np.zeros((1, x.shape[0]))])[gather]  # (R, L+1, B) in


def _fft_real(x: np.ndarray, y: np.ndarray, plan: _PackedPlan) -> np.ndarray:
    """Real-basis Gaunt product (B, (L1+1)^2) x (B, (L2+1)^2) -> (B, (Lout+1)^2), real FFTs."""
    import scipy.fftpack

    q, n = plan, plan.n
    fx, fy = _synth(x, q.gather1, q.p1), _synth(y, q.gather2, q.p2)
    buf = np.empty((n + q.top,) + fx.shape[1:])
    np.multiply(scipy.fftpack.irfft(fx, n=n, axis=0), scipy.fftpack.irfft(fy, n=n, axis=0),
                out=buf[:n])
    h = scipy.fftpack.rfft(buf[:n], axis=0, overwrite_x=True)
    if q.top:  # Nyquist bin n/2 = L1+L2 holds 2n Re h; Im h = Im(F1_L1 F2_L2)
        if not np.shares_memory(h, buf):
            buf[:n] = h
        buf[n - 1] *= 0.5
        buf[n] = (fx[-2] * fy[-1] + fx[-1] * fy[-2]) / n
        h = buf
    h = h[: q.w_even.shape[0]]  # (Rout, J, B)
    first, mirrored = h[:, : q.half], h[:, ::-1][:, : q.half]
    out = np.concatenate([q.w_even @ (first + mirrored), q.w_odd @ (first - mirrored)], axis=1)
    return out.reshape(-1, out.shape[-1])[q.scatter].T


def _c2r_apply(x: np.ndarray, lmax: int, *, inverse: bool) -> np.ndarray:
    """Real-basis coefficients from complex ones (conj(C) x) or back (C^T x), per l."""
    diag, anti = _c2r_pairs(lmax)
    idx = np.arange((lmax + 1) ** 2)
    l = np.floor(np.sqrt(idx)).astype(int)
    m = idx - l * (l + 1)
    flip = l * (l + 1) - m
    if inverse:  # (C^T x)[m] = C[m, m] x[m] + C[-m, m] x[-m]
        return diag[lmax + m] * x + anti[lmax - m] * x[..., flip]
    return diag[lmax + m].conj() * x + anti[lmax + m].conj() * x[..., flip]


def _fft(x: np.ndarray, y: np.ndarray, l1: int, l2: int, lout: int, basis: str) -> np.ndarray:
    plan = _packed_plan(l1, l2, lout)
    if basis == "real":
        return _fft_real(x, y, plan)
    # f = (a1 + i b1)(a2 + i b2) with a, b the real-basis coefficients of Re f, Im f
    xr, yr = _c2r_apply(x, l1, inverse=False), _c2r_apply(y, l2, inverse=False)
    a1, b1, a2, b2 = xr.real, xr.imag, yr.real, yr.imag
    k1 = _fft_real(a1 + b1, a2, plan)
    k2 = _fft_real(a1, b2 - a2, plan)
    k3 = _fft_real(b1, a2 + b2, plan)
    return _c2r_apply((k1 - k3) + 1j * (k1 + k2), lout, inverse=True)


@lru_cache(maxsize=8)
def _gaunt_matrix(l1: int, l2: int, lout: int, basis: str):
    """Sparse ((L1+1)^2 (L2+1)^2, (Lout+1)^2) matrix of int B_i B_j conj(B_k) dOmega."""
    import scipy.sparse

    from symphys.angular import gaunt_block

    rows, cols, vals = [], [], []
    n2 = (l2 + 1) ** 2
    for a in range(l1 + 1):
        for b in range(l2 + 1):
            for c in range(abs(a - b), min(a + b, lout) + 1, 2):
                blk = np.asarray(gaunt_block(a, b, c, basis=basis), dtype=float)
                if basis == "complex":
                    # int Y_a^ma Y_b^mb conj(Y_c^mc) = (-1)^mc int Y_a^ma Y_b^mb Y_c^-mc
                    blk = blk[:, :, ::-1] * (-1.0) ** np.arange(-c, c + 1)
                i, j, k = np.nonzero(blk)
                rows.append((a * a + i) * n2 + b * b + j)
                cols.append(c * c + k)
                vals.append(blk[i, j, k])
    shape = ((l1 + 1) ** 2 * n2, (lout + 1) ** 2)
    if not rows:
        return scipy.sparse.csr_matrix(shape)
    return scipy.sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=shape
    )


def _direct(x: np.ndarray, y: np.ndarray, l1: int, l2: int, lout: int, basis: str) -> np.ndarray:
    g = _gaunt_matrix(l1, l2, lout, basis)
    outer = (x[:, :, None] * y[:, None, :]).reshape(x.shape[0], -1)
    return np.asarray((g.T @ outer.T).T)


def gaunt_tensor_product(
    x: np.ndarray,
    y: np.ndarray,
    *,
    lmax_out: int | None = None,
    basis: str = "real",
    method: str = "fft",
) -> np.ndarray:
    """Harmonic coefficients of the pointwise product of two functions on the sphere.

    Parameters
    ----------
    x, y
        Coefficients of shape (..., (L1+1)^2) and (..., (L2+1)^2) in the ``basis`` harmonics,
        index l(l+1)+m; the leading axes (e.g. channels) broadcast against each other.
    lmax_out
        Degree of the output, at most (and by default) L1 + L2.
    basis
        ``"real"`` (Wikipedia real harmonics with the Condon-Shortley phase; x, y real) or
        ``"complex"`` (the harmonics of ``scipy.special.sph_harm_y``).
    method
        ``"fft"`` (2D Fourier basis and FFT, O(L^3) per channel) or ``"direct"`` (sparse
        contraction with the exact Gaunt coefficients of :func:`symphys.angular.gaunt_block`).

    Returns
    -------
    Array (..., (lmax_out+1)^2) with ``out_{l,m} = int f1 f2 conj(B_{l,m}) dOmega``; float64 in
    the real basis, complex128 in the complex basis.

    >>> import numpy as np
    >>> one = np.array([2 * np.sqrt(np.pi)])  # the constant function 1
    >>> x = np.array([0.0, 1.0, 2.0, 3.0])
    >>> np.round(gaunt_tensor_product(x, one), 12)  # 1 * f = f
    array([0., 1., 2., 3.])
    """
    basis = _check_basis(basis)
    if method not in _METHODS:
        raise ValueError(f"method={method!r} must be one of {_METHODS}")
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim < 1 or y.ndim < 1:
        raise ValueError("x and y must have at least one axis, (..., (lmax+1)^2)")
    if basis == "real" and (np.iscomplexobj(x) or np.iscomplexobj(y)):
        raise TypeError("basis='real' expects real coefficients x and y")
    l1, l2 = _degree(x.shape[-1], "x"), _degree(y.shape[-1], "y")
    lout = l1 + l2 if lmax_out is None else _check_lmax(lmax_out, "lmax_out")
    if lout > l1 + l2:
        raise ValueError(f"lmax_out={lout} violates lmax_out <= L1 + L2 = {l1 + l2}")
    lead = np.broadcast_shapes(x.shape[:-1], y.shape[:-1])
    dtype = float if basis == "real" else complex
    xb = np.broadcast_to(x, lead + x.shape[-1:]).reshape(-1, x.shape[-1]).astype(dtype)
    yb = np.broadcast_to(y, lead + y.shape[-1:]).reshape(-1, y.shape[-1]).astype(dtype)
    if xb.shape[0] == 0:  # an empty batch: nothing to transform
        out = np.zeros((0, (lout + 1) ** 2), dtype=dtype)
    elif method == "fft":
        out = _fft(xb, yb, l1, l2, lout, basis)
    else:
        out = _direct(xb, yb, l1, l2, lout, basis)
    return out.reshape(lead + out.shape[-1:])
