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
conversion matrices and only the phi direction is transformed by real FFTs (O(L^2 log L)).
The numpy kernel runs the theta sums as a few batched real matmuls and the phi transforms as
packed real FFTs (no complex arrays) of ``ducc0`` when it is installed (the optional ``fast``
extra; ducc0 is GPL-2.0-or-later, which is why symphys does not require it), else of
``scipy.fftpack``; ducc0's transforms are about twice as fast at these lengths, and both agree
with the direct path to rounding.
``method="direct"`` contracts with the Gaunt coefficients as a sparse matrix (the reference path).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
    l = math.isqrt(n) - 1
    if l < 0 or (l + 1) ** 2 != n:
        raise ValueError(f"{name} has last axis {n}, which is not (lmax+1)^2 for an integer lmax")
    return l


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
    matrices and only the phi direction is transformed by FFT:

    - ``y1`` (L1+1, 2(L1+1), 2(M+1)): the v = a Fourier component of S_{l,+-a} at theta_j
      (real parts, then imaginary parts), row (l, +a) at slot l and (l, -a) at slot L1+1+l of
      a = |m|; ``y2`` likewise for the second input;
    - ``w_even``, ``w_odd`` (Lout+1, 2J, W), J = (M+2)//2: the projection onto the S_{l,+-a} of
      parity (-1)^(l+a) under theta -> pi - theta, from h(theta_j) + h(theta_{M-j}) (even) or
      h(theta_j) - h(theta_{M-j}) (odd), h the v = a component of the product (its v = -a
      partner folded in by Hermitian symmetry); ``mirror`` (J,) = M - j;
    - ``scatter`` ((Lout+1)^2,): where each output l(l+1)+m sits in the flattened output.

    Every backend runs these numbers re-laid as a ``_Kernel`` (one synthesis matrix per |m|,
    full projection weights): numpy in place with packed real FFTs, PyTorch and JAX through
    :func:`_functional`.
    """

    l1: int
    l2: int
    lout: int
    y1: np.ndarray
    y2: np.ndarray
    w_even: np.ndarray
    w_odd: np.ndarray
    mirror: np.ndarray
    scatter: np.ndarray


    @classmethod
    def from_tensors(cls, y1: np.ndarray, y2: np.ndarray, z: np.ndarray) -> GauntPlan:
        """Build from dense real-basis tensors: ``y1 = sh_to_fourier(L1)``, ``y2``, and
        ``z = fourier_to_sh(Lout, umax=U)`` with U >= L1 + L2 >= Lout.

        >>> from symphys.angular.fourier import sh_to_fourier, fourier_to_sh
        >>> p = GauntPlan.from_tensors(sh_to_fourier(2), sh_to_fourier(1), fourier_to_sh(3))
        >>> (p.l1, p.l2, p.lout, p.y1.shape, p.w_even.shape)
        (2, 1, 3, (3, 6, 10), (4, 6, 4))
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
        t1, t2 = cls._input(y1, l1, theta), cls._input(y2, l2, theta)
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
        return cls(l1, l2, lout, t1, t2, w[0], w[1],
                   np.arange(nj - 1, nj - 1 - half, -1), scatter)

    @staticmethod
    def _input(y: np.ndarray, lmax: int, theta: np.ndarray) -> np.ndarray:
        vy = (y.shape[2] - 1) // 2
        uy = (y.shape[1] - 1) // 2
        phase = np.exp(1j * np.outer(np.arange(-uy, uy + 1), theta))  # (u, j)
        t = np.zeros((lmax + 1, 2 * (lmax + 1), 2 * len(theta)))
        for a, slot, l, m in _slots(lmax):
            vals = y[l * (l + 1) + m, :, vy + a] @ phase
            t[a, slot, : len(theta)] = vals.real
            t[a, slot, len(theta) :] = vals.imag
        return t


@lru_cache(maxsize=16)
def _plan(l1: int, l2: int, lout: int) -> GauntPlan:
    y1 = sh_to_fourier(l1, basis="real")
    y2 = y1 if l2 == l1 else sh_to_fourier(l2, basis="real")
    return GauntPlan.from_tensors(y1, y2, fourier_to_sh(lout, basis="real", umax=l1 + l2))


class _ArrayOps:
    """The array operations :func:`_functional` needs, for a numpy-like module ``xp`` (numpy,
    jax.numpy); PyTorch has its own class with the same methods."""

    def __init__(self, xp: Any) -> None:
        self.xp = xp

    def cat(self, arrays: list[Any], axis: int) -> Any:
        return self.xp.concatenate(arrays, axis=axis)

    def stack(self, arrays: list[Any], axis: int) -> Any:
        return self.xp.stack(arrays, axis=axis)

    def swap01(self, a: Any) -> Any:
        return self.xp.swapaxes(a, 0, 1)

    def take(self, a: Any, index: Any) -> Any:
        return self.xp.take(a, index, axis=0)

    def zeros(self, like: Any, rows: int) -> Any:
        return self.xp.zeros((rows, *like.shape[1:]), dtype=like.dtype)

    def complex(self, re: Any, im: Any) -> Any:
        return re + 1j * im

    def re_im(self, z: Any) -> tuple[Any, Any]:
        return self.xp.real(z), self.xp.imag(z)

    def irfft0(self, f: Any, n: int) -> Any:
        """Unnormalised inverse real FFT along axis 0 onto n points (f zero-padded)."""
        return self.xp.fft.irfft(f, n=n, axis=0, norm="forward")

    def rfft0(self, g: Any) -> Any:
        """Unnormalised forward real FFT along axis 0."""
        return self.xp.fft.rfft(g, axis=0)


_NumpyOps = _ArrayOps(np)


def _check_zero(other: np.ndarray, use: np.ndarray, what: str) -> None:
    """The dropped half is zero up to the rounding of the plan's complex phases."""
    if other.size and np.abs(other).max() > 1e-13 * max(1.0, np.abs(use).max()):
        raise AssertionError(f"real-basis {what} mixes Re and Im rows")


#: FFT library of the numpy kernel: None picks ducc0 when it is importable, else scipy.fftpack
#: (same packed real layout, about half as fast at the sizes of this product).
_FFT_BACKEND: str | None = None

#: channels per pass of the numpy kernel are chosen so that its grid stays near this many bytes
_CHUNK_BYTES = 4 << 20


def _fft_backend() -> str:
    """"ducc0" (the optional ``fast`` extra) when importable, else "scipy"; ``_FFT_BACKEND``
    overrides (the tests run both)."""
    if _FFT_BACKEND is not None:
        return _FFT_BACKEND
    try:
        import ducc0  # noqa: F401
    except ImportError:
        return "scipy"
    return "ducc0"


def _buckets(count: int, kmax: int, pieces: int) -> list[tuple[int, int, int]]:
    """Split a = 0..count-1, which needs kmax - a rows, into ``pieces`` runs (a0, a1, rows):
    each run is one batched matmul, zero-padded to the rows of its first a."""
    edges = sorted({round(count * i / pieces) for i in range(pieces + 1)})
    return [(a0, a1, kmax - a0) for a0, a1 in zip(edges, edges[1:], strict=False)]


def _pieces(count: int, *, synthesis: bool = False) -> int:
    """Batched matmuls per triangle: padding wastes multiply-adds, each call costs overhead
    (tuned at L = 8, 16, 24 with 32 channels)."""
    if synthesis:
        return 1 if count <= 20 else 2
    return 1 if count <= 12 else 2 if count <= 20 else 4 if count <= 40 else 6


@dataclass(frozen=True)
class _Kernel:
    """The numpy kernel's arrays: a GauntPlan re-laid for batched real matmuls and packed FFTs.

    Grid layout, per channel chunk of B: ``grid[j, r, i, b]`` for input i, with j the theta_j
    samples of the plan and rows r = 0..n+1. Rows 1..n are ``scipy.fftpack``'s packed real layout
    ``[F_0, Re F_1, Im F_1, ...]`` of the phi-frequencies v at theta_j, so the row pair
    (2a, 2a+1) is (Re F_a, Im F_a) for a >= 1 and (unused, F_0) for a = 0. Real-basis inputs make
    ``Re F_a = sum_l P_a[j, l] x_{l,a}`` and ``Im F_a = sum_l P_a[j, l] x_{l,-a}`` with one matrix
    per a, taken with the phi-reflected sign convention (f(theta, -phi)), which the analysis
    undoes: synthesis of both inputs is one batched matmul per run of a (``_buckets``), the
    phi-transforms are real FFTs over the row axis (out of place, so the zero rows of the
    grid are never rewritten; see ``_workspace``), and the projection onto the
    output harmonics is ``out_{l,+a}, out_{l,-a} = W_a[l-a, :] @ (Re h_a, Im h_a)`` at the
    theta_j, again one batched matmul per run. Row n+1 carries 2 Im h_{L1+L2} when
    n = 2(L1+L2) (``top``), where the FFT keeps only 2 Re of that frequency in its Nyquist bin
    (W of that a is halved). Memory per thread: the three workspace arrays of ``_workspace``,
    about ``_CHUNK_BYTES`` for the largest chunk, for up to four (degrees, chunk) keys.
    """

    l1: int
    l2: int
    lout: int
    n: int
    top: bool
    nj: int
    synth: tuple[tuple[int, int, np.ndarray, np.ndarray], ...]  # runs (a0, a1, gather, P)
    proj: tuple[tuple[int, int, np.ndarray], ...]  # runs (a0, a1, W (a1-a0, rows, J))
    offsets: tuple[int, ...]  # first output row of each projection run
    index: np.ndarray  # ((Lout+1)^2,) rows of the stacked projection output, in l(l+1)+m order
    out_rows: int

    @classmethod
    def from_plan(cls, p: GauntPlan, *, poles: bool = True) -> _Kernel:
        """The numpy kernel's arrays; ``poles=False``: without the pole shortcut (see below),
        for :func:`_functional`."""
        import scipy.fft

        # phi samples: the product has |v| <= L1+L2 = big, and output v <= Lout is alias-free for
        # n > Lout + big. For Lout = big, n = 2 big (often a faster FFT length) aliases only the
        # Nyquist bin, which holds 2 Re h_big; Im h_big = Im(F1_L1 F2_L2) is the one product
        # term of that frequency, computed directly from the synthesis rows.
        big = p.l1 + p.l2
        top = p.lout == big and min(p.l1, p.l2) >= 1
        top = top and scipy.fft.next_fast_len(2 * big, real=True) == 2 * big
        # (and every input frequency must have its own bins: n > 2 max(L1, L2))
        alias_free = max(p.lout + big + 1, 2 * max(p.l1, p.l2) + 1)
        n = 2 * big if top else scipy.fft.next_fast_len(alias_free, real=True)
        nj = p.y1.shape[-1] // 2
        # the rows of S_{l,a} at theta_j do not depend on the input's degree: one set of
        # matrices, of the larger degree, serves both inputs (the smaller one zero-padded)
        synth = cls._synthesis(*((p.y1, p.l1) if p.l1 >= p.l2 else (p.y2, p.l2)))
        weights = cls._weights(p, n)
        # theta_0 = 0 and theta_{J-1} = pi are the poles: every S_{l,a} with a >= 1 vanishes
        # there, so a function is the constant F_0 in phi and its product is F1_0 F2_0, with
        # unnormalised forward transform n F1_0 F2_0 in v = 0: no FFT at the poles
        pole_rows = [0, nj - 1]
        for _, _, _, m in synth if poles else ():
            edge = m[1:, pole_rows] if synth[0][0] == 0 else m[:, pole_rows]
            if np.abs(edge).max(initial=0) > 1e-12 * np.abs(m).max():
                raise AssertionError("real-basis synthesis: |m| >= 1 rows do not vanish at poles")
            edge[...] = 0.0
        if poles:
            weights[0][:, pole_rows] *= n
        if top:  # the a = big pair will hold (2n Re h_big, 2n Im h_big): see _fft_real_chunk
            weights[big] = weights[big] / 2
        proj, offsets, start = [], [], 0
        for a0, a1, rows in _buckets(p.lout + 1, p.lout + 1, _pieces(p.lout + 1)):
            w = np.zeros((a1 - a0, rows, nj))
            for a in range(a0, a1):
                w[a - a0, : p.lout + 1 - a] = weights[a]
            proj.append((a0, a1, w))
            offsets.append(start)
            start += (a1 - a0) * rows * 2
        index = np.empty((p.lout + 1) ** 2, dtype=np.int64)
        for (a0, a1, w), off in zip(proj, offsets, strict=True):
            rows = w.shape[1]
            for a in range(a0, a1):
                for l in range(a, p.lout + 1):
                    at = off + ((a - a0) * rows + l - a) * 2  # column pair (Re, Im) of h_a
                    if a == 0:
                        index[l * l + l] = at + 1  # h_0 sits in the Im slot of the a = 0 pair
                    else:
                        index[l * l + l + a] = at
                        index[l * l + l - a] = at + 1
        return cls(p.l1, p.l2, p.lout, n, top, nj, synth, tuple(proj),
                   tuple(offsets), index, start)

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays :func:`_functional` reads, by name (gather/synth per synthesis run,
        proj per projection run, index)."""
        out: dict[str, np.ndarray] = {"index": self.index}
        for i, (_, _, gather, m) in enumerate(self.synth):
            out[f"gather{i}"], out[f"synth{i}"] = gather, m
        for i, (_, _, w) in enumerate(self.proj):
            out[f"proj{i}"] = w
        return out

    @staticmethod
    def _synthesis(t: np.ndarray, lmax: int):
        """Runs (a0, a1, coefficient rows to gather (a1-a0, K, 2), P (a1-a0, J, K))."""
        nj = t.shape[-1] // 2
        mats = []
        for a in range(lmax + 1):
            re = t[a, a : lmax + 1]  # slots of x_{l,+a}, l = a..L: values in the first half
            _check_zero(re[:, nj:], re[:, :nj], "synthesis")
            if a:
                im = t[a, lmax + 1 + a : 2 * (lmax + 1)]  # x_{l,-a}: the same P, imaginary half
                _check_zero(im[:, :nj], im[:, nj:], "synthesis")
                if not np.allclose(im[:, nj:], -re[:, :nj], rtol=0, atol=1e-12 * np.abs(re).max()):
                    raise AssertionError("real-basis synthesis: sine rows are not -cosine rows")
            mats.append(re[:, :nj].T)  # (J, L+1-a)
        runs = []
        for a0, a1, k in _buckets(lmax + 1, lmax + 1, _pieces(lmax + 1, synthesis=True)):
            # padding reads coefficient 0 against zero weights; for a = 0 the Re slot (row 0 of
            # the grid, never transformed) is left to whatever it sums to
            g = np.zeros((a1 - a0, k, 2), dtype=np.int64)
            m = np.zeros((a1 - a0, nj, k))
            for a in range(a0, a1):
                ls = np.arange(a, lmax + 1)
                g[a - a0, : ls.size, 0 if a else 1] = ls * (ls + 1) + a  # a = 0: the F_0 row
                if a:
                    g[a - a0, : ls.size, 1] = ls * (ls + 1) - a
                m[a - a0, :, : ls.size] = mats[a]
            runs.append((a0, a1, g.reshape(-1), m))
        return tuple(runs)

    @staticmethod
    def _weights(p: GauntPlan, n: int) -> list[np.ndarray]:
        """W_a (Lout+1-a, J): out_{l,+-a} = W_a[l-a] @ (Re, Im) of the unnormalised FFT rows."""
        nj, half = p.y1.shape[-1] // 2, p.mirror.shape[0]
        width = p.w_even.shape[-1]
        out = [np.zeros((p.lout + 1 - a, nj)) for a in range(p.lout + 1)]
        for l in range(p.lout + 1):
            for m in [*range(l + 1), *range(-1, -l - 1, -1)]:  # +a before -a
                a = abs(m)
                par = (l + a) % 2
                k = int(p.scatter[l * (l + 1) + m]) - (a * 2 + par) * width
                w = (p.w_even, p.w_odd)[par][a]
                use, other = (w[:half, k], w[half:, k]) if m >= 0 else (w[half:, k], w[:half, k])
                _check_zero(other, use, "projection")
                full = np.zeros(nj)
                full[:half] = use / n
                full[nj - 1 : nj - 1 - half : -1] += (-1) ** par * use / n  # h_{M-j} (+-) h_j
                if m >= 0:
                    out[a][l - a] = full
                elif not np.allclose(full, -out[a][l - a], rtol=0, atol=1e-12 * np.abs(full).max()):
                    raise AssertionError("real-basis projection: sine rows are not -cosine rows")
        return out


def _functional(ops: Any, x: Any, y: Any, k: _Kernel, arrays: dict[str, Any]) -> Any:
    """The kernel's arithmetic without in-place writes, for autograd and jit (PyTorch, JAX).

    ``k`` from ``_Kernel.from_plan(plan, poles=False)``; ``arrays`` holds ``k.arrays()`` as the
    backend's arrays. x (B, (L1+1)^2), y (B, (L2+1)^2) real -> (B, (Lout+1)^2). Complex
    half-spectra replace the packed rows: F_a = Re + i Im at theta_j, a = 0..max(L1, L2).
    """
    b, lmax = x.shape[0], max(k.l1, k.l2)
    rows = (lmax + 1) ** 2

    def padded(v: Any) -> Any:  # (rows, B): zero coefficients above the input's degree
        vt = ops.swap01(v)
        return vt if vt.shape[0] == rows else ops.cat([vt, ops.zeros(vt, rows - vt.shape[0])], 0)

    coef = ops.cat([padded(x), padded(y)], 1)  # columns (input, b)
    parts = []
    for i, (a0, a1, _, m) in enumerate(k.synth):
        got = ops.take(coef, arrays[f"gather{i}"]).reshape(a1 - a0, m.shape[-1], 4 * b)
        parts.append(arrays[f"synth{i}"] @ got)  # (a, J, [s, input, b])
    f = ops.cat(parts, 0).reshape(lmax + 1, k.nj, 2, 2, b)
    zero = ops.zeros(f[:1, :, 0], 1)
    re = ops.cat([f[:1, :, 1], f[1:, :, 0]], 0)  # a = 0 keeps F_0 in its Im slot
    im = ops.cat([zero, f[1:, :, 1]], 0)
    values = ops.irfft0(ops.complex(re, im), k.n)  # (n, J, input, B), unnormalised
    h = ops.rfft0(values[:, :, 0] * values[:, :, 1])[: k.lout + 1]  # (a, J, B), unnormalised
    hr, hi = ops.re_im(h)
    if k.top:  # hr[big] = 2n Re h_big (Nyquist bin); 2n Im h_big from the top input rows
        top = (re[k.l1, :, 0] * im[k.l2, :, 1] + im[k.l1, :, 0] * re[k.l2, :, 1]) * (2 * k.n)
        hi = ops.cat([hi[:-1], top[None]], 0)
    pairs = ops.stack([ops.cat([hi[:1] * 0, hr[1:]], 0), ops.cat([hr[:1], hi[1:]], 0)], 2)
    out = []
    for i, (a0, a1, _) in enumerate(k.proj):
        got = pairs[a0:a1].reshape(a1 - a0, k.nj, 2 * b)
        out.append((arrays[f"proj{i}"] @ got).reshape(-1, b))  # rows (a, l - a, Re/Im)
    return ops.swap01(ops.take(ops.cat(out, 0), arrays["index"]))


@lru_cache(maxsize=16)
def _kernel(l1: int, l2: int, lout: int) -> _Kernel:
    return _Kernel.from_plan(_plan(l1, l2, lout))


_WORKSPACE = threading.local()


def _workspace(k: _Kernel, b: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """This thread's arrays for kernel k and b channels, kept between calls:

    - ``grid`` (J, n+2, 2, b): packed rows of both inputs; rows above 2 max(L1, L2) + 1 are zero
      and stay zero (only the rows below are written, and the FFT reads it out of place);
    - ``values`` (2, J, n, b): the inputs at the phi samples;
    - ``h`` (J, n+2, b): the product's packed rows in rows 1..n (+ n+1, see ``_Kernel``); row 0,
      the unused Re slot of a = 0, stays zero.
    """
    cache = getattr(_WORKSPACE, "arrays", None)
    if cache is None:
        cache = _WORKSPACE.arrays = {}
    key = (k.l1, k.l2, k.lout, b)
    arrays = cache.pop(key, None)
    if arrays is None:
        arrays = (np.zeros((k.nj, k.n + 2, 2, b)), np.empty((2, k.nj, k.n, b)),
                  np.zeros((k.nj, k.n + 2, b)))
        while len(cache) >= 4:
            cache.pop(next(iter(cache)))
    cache[key] = arrays
    return arrays


def _synthesize(k: _Kernel, x: np.ndarray, y: np.ndarray, grid: np.ndarray) -> None:
    """Packed rows of x (B, (L1+1)^2) and y (B, (L2+1)^2) into grid[:, :, 0], grid[:, :, 1]."""
    b = x.shape[0]
    lmax = max(k.l1, k.l2)
    if k.l1 == k.l2:
        coef = np.concatenate([x.T, y.T], axis=1)  # (rows, 2B): columns (input, b)
    else:
        coef = np.zeros(((lmax + 1) ** 2, 2 * b))
        coef[: x.shape[1], :b] = x.T
        coef[: y.shape[1], b:] = y.T
    for a0, a1, gather, m in k.synth:
        rows = np.take(coef, gather, axis=0).reshape(a1 - a0, m.shape[-1], 4 * b)
        dest = grid[:, 2 * a0 : 2 * a1].reshape(k.nj, a1 - a0, 4 * b)
        np.matmul(m, rows, out=dest.transpose(1, 0, 2))


@lru_cache(maxsize=1)
def _pocketfft_r2r() -> Any:
    """scipy's own packed real FFT with an output argument (``r2r_fftpack`` of the private
    ``scipy.fft._pocketfft``, there since scipy 1.4): about 20% faster here than the public
    ``scipy.fftpack``, which returns a new array. None where it is missing or has changed."""
    try:
        from scipy.fft._pocketfft.pypocketfft import r2r_fftpack

        probe = np.arange(4.0)
        out = r2r_fftpack(probe, (0,), True, True, 0, np.empty(4), 1)
        if not np.allclose(out, [6.0, -2.0, 2.0, -2.0]):  # fftpack's [r0, r1, i1, r2]
            return None
    except Exception:  # noqa: BLE001 - any failure of a private API means: use the public one
        return None
    return r2r_fftpack


def _real_fft(a: np.ndarray, axis: int, out: np.ndarray, *, inverse: bool) -> np.ndarray:
    """Unnormalised packed real FFT of ``a`` along ``axis`` into ``out`` (not overlapping ``a``)."""
    if _fft_backend() == "ducc0":
        import ducc0

        return ducc0.fft.r2r_fftpack(a, axes=(axis,), real2hermitian=not inverse,
                                     forward=not inverse, inorm=0, out=out)
    r2r = _pocketfft_r2r()
    if r2r is not None:
        return r2r(a, (axis,), not inverse, not inverse, 0, out, 1)
    import scipy.fftpack

    if inverse:
        out[...] = scipy.fftpack.irfft(a, axis=axis)
        out *= a.shape[axis]
    else:
        out[...] = scipy.fftpack.rfft(a, axis=axis)
    return out


def _fft_real_chunk(x: np.ndarray, y: np.ndarray, k: _Kernel) -> np.ndarray:
    """Real-basis Gaunt product (B, (L1+1)^2) x (B, (L2+1)^2) -> (B, (Lout+1)^2)."""
    b, n = x.shape[0], k.n
    grid, values, h = _workspace(k, b)
    _synthesize(k, x, y, grid)
    inner = slice(1, k.nj - 1)  # the poles need no FFT (see _Kernel.from_plan)
    if k.nj > 2:
        v = values[:, inner]
        _real_fft(grid[inner, 1 : n + 1], 1, v.transpose(1, 2, 0, 3), inverse=True)
        np.multiply(v[0], v[1], out=v[0])
        _real_fft(v[0], 1, h[inner, 1 : n + 1], inverse=False)
    poles = slice(None, None, k.nj - 1)
    np.multiply(grid[poles, 1, 0], grid[poles, 1, 1], out=h[poles, 1])  # F1_0 F2_0 (W has n)
    if k.top:  # the Nyquist bin holds n (h_big + h_-big) = 2n Re h_big; Im h_big = Im(F1 F2)
        r1, i1 = grid[:, 2 * k.l1, 0], grid[:, 2 * k.l1 + 1, 0]  # (Re, Im) F1_L1
        r2, i2 = grid[:, 2 * k.l2, 1], grid[:, 2 * k.l2 + 1, 1]
        np.multiply(r1 * i2 + i1 * r2, 2 * n, out=h[:, n + 1])  # 2n Im h_big, as the Re slot
    out = np.empty((k.out_rows, b))
    for (a0, a1, w), off in zip(k.proj, k.offsets, strict=True):
        rows = h[:, 2 * a0 : 2 * a1].reshape(k.nj, a1 - a0, 2 * b).transpose(1, 0, 2)
        np.matmul(w, rows, out=out[off : off + (a1 - a0) * w.shape[1] * 2].reshape(
            a1 - a0, w.shape[1], 2 * b))
    return np.take(out, k.index, axis=0).T


def _fft_real(x: np.ndarray, y: np.ndarray, k: _Kernel) -> np.ndarray:
    """Real-basis product in channel chunks that keep the grid near ``_CHUNK_BYTES``."""
    step = max(8, _CHUNK_BYTES // (8 * 3 * k.nj * (k.n + 2)))  # >= 8: matmuls stay efficient
    if x.shape[0] <= step:
        return _fft_real_chunk(x, y, k)
    return np.concatenate([_fft_real_chunk(x[i : i + step], y[i : i + step], k)
                           for i in range(0, x.shape[0], step)])


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
    plan = _kernel(l1, l2, lout)
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
        ``"fft"`` (2D Fourier basis and FFT, O(L^3) per channel; its FFTs are ducc0's when the
        optional ``fast`` extra is installed, about twice as fast as scipy's) or ``"direct"``
        (sparse contraction with the exact Gaunt coefficients of
        :func:`symphys.angular.gaunt_block`). Both agree to rounding (about 1e-15 relative).

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
    lead = x.shape[:-1] if x.shape[:-1] == y.shape[:-1] else np.broadcast_shapes(
        x.shape[:-1], y.shape[:-1])
    dtype = float if basis == "real" else complex

    def batch(v: np.ndarray) -> np.ndarray:  # (B, n) view where possible: the kernels only read
        if v.shape[:-1] != lead:
            v = np.broadcast_to(v, lead + v.shape[-1:])
        return v.reshape(-1, v.shape[-1]).astype(dtype, copy=False)

    xb, yb = batch(x), batch(y)
    if xb.shape[0] == 0:  # an empty batch: nothing to transform
        out = np.zeros((0, (lout + 1) ** 2), dtype=dtype)
    elif method == "fft":
        out = _fft(xb, yb, l1, l2, lout, basis)
    else:
        out = _direct(xb, yb, l1, l2, lout, basis)
    return out.reshape(lead + out.shape[-1:])
