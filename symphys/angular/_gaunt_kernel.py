"""Internal: the plan and kernels of the FFT Gaunt tensor product (real basis).

Contract (internal module of :mod:`symphys.angular`; the names below are public to the rest of
symphys, e.g. :mod:`symphys.tables.torch_module` and :mod:`symphys.tables.jax_function`, but
may change between releases without notice; :class:`GauntPlan` is also public API, exported by
:mod:`symphys.angular.tensor_product`):

- :class:`GauntPlan` -- the arrays of the product for fixed degrees (L1, L2, Lout), built from
  dense real-basis ``sh_to_fourier``/``fourier_to_sh`` tensors (computed, or cut from tables);
- :class:`GauntKernel` -- a plan re-laid for batched real matmuls and FFTs
  (``GauntKernel.from_plan(plan)`` for :func:`real_product`, ``poles=False`` for
  :func:`functional`); ``kernel.arrays()`` names the arrays :func:`functional` reads;
- :func:`plan`, :func:`kernel` -- cached plan and numpy kernel for given degrees;
- :func:`real_product` -- the numpy kernel (float64 NumPy arrays (B, n) in, in-place buffers,
  packed real FFTs of :mod:`symphys.angular._fft`);
- :func:`functional` -- the same arithmetic without in-place writes, written once against the
  array-API namespace of its inputs (NumPy, PyTorch, JAX; :mod:`symphys._array`), for autograd,
  jit and accelerators;
- :func:`fft_product` -- :func:`real_product` for the real or complex basis;
- :func:`degree` -- lmax from a last-axis length (lmax+1)^2, ValueError otherwise;
- :data:`CHUNK_BYTES` -- the numpy kernel's working-set size per channel chunk.

All inputs and outputs are harmonic coefficients indexed l(l+1)+m, in Wikipedia's real
harmonics with the Condon-Shortley phase (see :mod:`symphys.angular.fourier`). The method is
that of Luo, Chen, He and Wang, "Enabling efficient equivariant operations in the Fourier
basis via Gaunt tensor products", ICLR 2024, arXiv:2401.10216.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from symphys._array import device, namespace
from symphys.angular._fft import real_fft
from symphys.angular.fourier import _c2r_pairs, fourier_to_sh, sh_to_fourier

__all__ = [
    "CHUNK_BYTES",
    "GauntKernel",
    "GauntPlan",
    "degree",
    "fft_product",
    "functional",
    "kernel",
    "plan",
    "real_product",
]


def degree(n: int, name: str) -> int:
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

    Every backend runs these numbers re-laid as a ``GauntKernel`` (one synthesis matrix per |m|,
    full projection weights): numpy in place with packed real FFTs, PyTorch and JAX through
    :func:`functional`.
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
        l1, l2 = degree(y1.shape[0], "y1"), degree(y2.shape[0], "y2")
        lout = degree(z.shape[0], "z")
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


@lru_cache(maxsize=256)
def plan(l1: int, l2: int, lout: int) -> GauntPlan:
    """The real-basis :class:`GauntPlan` for (L1, L2, Lout), computed (cached)."""
    y1 = sh_to_fourier(l1, basis="real")
    y2 = y1 if l2 == l1 else sh_to_fourier(l2, basis="real")
    return GauntPlan.from_tensors(y1, y2, fourier_to_sh(lout, basis="real", umax=l1 + l2))


def _check_zero(other: np.ndarray, use: np.ndarray, what: str) -> None:
    """The dropped half is zero up to the rounding of the plan's complex phases."""
    if other.size and np.abs(other).max() > 1e-13 * max(1.0, np.abs(use).max()):
        raise AssertionError(f"real-basis {what} mixes Re and Im rows")


#: channels per pass of the numpy kernel are chosen so that its grid stays near this many bytes
CHUNK_BYTES = 4 << 20


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
class GauntKernel:
    """The numpy kernel's arrays: a GauntPlan re-laid for batched real matmuls and packed FFTs.

    Grid layout, per channel chunk of B: ``grid[j, r, i, b]`` for input i, with j the theta_j
    samples of the plan and rows r = 0..n+1. Rows 1..n are ``scipy.fftpack``'s packed real layout
    ``[F_0, Re F_1, Im F_1, ...]`` of the phi-frequencies v at theta_j, so the row pair
    (2a, 2a+1) is (Re F_a, Im F_a) for a >= 1 and (unused, F_0) for a = 0. Real-basis inputs make
    ``Re F_a = sum_l P_a[j, l] x_{l,a}`` and ``Im F_a = sum_l P_a[j, l] x_{l,-a}`` with one matrix
    per a, taken with the phi-reflected sign convention (f(theta, -phi)), which the analysis
    undoes: synthesis of both inputs is one batched matmul per run of a (``_buckets``), the
    phi-transforms are real FFTs over the row axis (out of place, so the zero rows of the
    grid are never rewritten; see ``workspace``), and the projection onto the
    output harmonics is ``out_{l,+a}, out_{l,-a} = W_a[l-a, :] @ (Re h_a, Im h_a)`` at the
    theta_j, again one batched matmul per run. Row n+1 carries 2 Im h_{L1+L2} when
    n = 2(L1+L2) (``top``), where the FFT keeps only 2 Re of that frequency in its Nyquist bin
    (W of that a is halved). Memory per thread: the three workspace arrays of ``workspace``,
    about ``CHUNK_BYTES`` for the largest chunk, for up to four (degrees, chunk) keys.
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
    def from_plan(cls, p: GauntPlan, *, poles: bool = True) -> GauntKernel:
        """The numpy kernel's arrays; ``poles=False``: without the pole shortcut (see below),
        for :func:`functional`."""
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
        if top:  # the a = big pair will hold (2n Re h_big, 2n Im h_big): see _product_chunk
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
        """The arrays :func:`functional` reads, by name (gather/synth per synthesis run,
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



def functional(x: Any, y: Any, k: GauntKernel, arrays: dict[str, Any]) -> Any:
    """The kernel's arithmetic without in-place writes, for autograd and jit.

    Written once against the array-API namespace of ``x`` (NumPy, PyTorch or JAX; see
    :mod:`symphys._array`): batched matmuls and the library's own ``fft.irfft``/``fft.rfft``,
    on the device of the inputs, with no host copies. ``k`` from
    ``GauntKernel.from_plan(plan, poles=False)``; ``arrays`` holds ``k.arrays()`` as arrays of
    that namespace (floating arrays in the compute dtype, on the inputs' device). x
    (B, (L1+1)^2), y (B, (L2+1)^2) real -> (B, (Lout+1)^2). Complex half-spectra replace the
    packed rows: F_a = Re + i Im at theta_j, a = 0..max(L1, L2). The frequency a is the last
    (contiguous) axis from synthesis to projection, so every FFT runs along a contiguous axis.
    """
    xp = namespace(x, y)
    b, lmax = x.shape[0], max(k.l1, k.l2)
    rows = (lmax + 1) ** 2

    def padded(v: Any) -> Any:  # (rows, B): zero coefficients above the input's degree
        vt = xp.permute_dims(v, (1, 0))
        if vt.shape[0] == rows:
            return vt
        pad = xp.zeros((rows - vt.shape[0], b), dtype=vt.dtype, device=device(vt))
        return xp.concat([vt, pad], axis=0)

    coef = xp.concat([padded(x), padded(y)], axis=1)  # columns (input, b)
    parts = []
    for i, (a0, a1, _, m) in enumerate(k.synth):
        got = xp.reshape(xp.take(coef, arrays[f"gather{i}"], axis=0),
                         (a1 - a0, m.shape[-1], 4 * b))
        parts.append(xp.moveaxis(arrays[f"synth{i}"] @ got, 0, -1))  # (J, [s, input, b], a)
    f = xp.reshape(xp.concat(parts, axis=-1), (k.nj, 2, 2, b, lmax + 1))
    re = xp.concat([f[:, 1, ..., :1], f[:, 0, ..., 1:]], axis=-1)  # a = 0: F_0 in its Im slot
    im = xp.concat([f[:, 1, ..., :1] * 0, f[:, 1, ..., 1:]], axis=-1)
    values = xp.fft.irfft(re + 1j * im, n=k.n, axis=-1, norm="forward")  # (J, input, B, n)
    h = xp.fft.rfft(values[:, 0] * values[:, 1], axis=-1)[..., : k.lout + 1]  # (J, B, a)
    hr, hi = xp.real(h), xp.imag(h)
    if k.top:  # hr[big] = 2n Re h_big (Nyquist bin); 2n Im h_big from the top input rows
        top = (re[:, 0, :, k.l1] * im[:, 1, :, k.l2]
               + im[:, 0, :, k.l1] * re[:, 1, :, k.l2]) * (2 * k.n)
        hi = xp.concat([hi[..., :-1], top[..., None]], axis=-1)
    pairs = xp.stack([xp.concat([hi[..., :1] * 0, hr[..., 1:]], axis=-1),
                      xp.concat([hr[..., :1], hi[..., 1:]], axis=-1)], axis=1)  # (J, 2, B, a)
    pairs = xp.moveaxis(pairs, -1, 0)  # (a, J, [Re/Im, b])
    out = []
    for i, (a0, a1, _) in enumerate(k.proj):
        got = xp.reshape(pairs[a0:a1], (a1 - a0, k.nj, 2 * b))
        out.append(xp.reshape(arrays[f"proj{i}"] @ got, (-1, b)))  # rows (a, l - a, Re/Im)
    return xp.permute_dims(xp.take(xp.concat(out, axis=0), arrays["index"], axis=0), (1, 0))


@lru_cache(maxsize=16)
def kernel(l1: int, l2: int, lout: int) -> GauntKernel:
    """The numpy kernel (with the pole shortcut) for (L1, L2, Lout), computed (cached)."""
    return GauntKernel.from_plan(plan(l1, l2, lout))


_WORKSPACE = threading.local()


def workspace(k: GauntKernel, b: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """This thread's arrays for kernel k and b channels, kept between calls:

    - ``grid`` (J, n+2, 2, b): packed rows of both inputs; rows above 2 max(L1, L2) + 1 are zero
      and stay zero (only the rows below are written, and the FFT reads it out of place);
    - ``values`` (2, J, n, b): the inputs at the phi samples;
    - ``h`` (J, n+2, b): the product's packed rows in rows 1..n (+ n+1, see ``GauntKernel``); row 0,
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


def _synthesize(k: GauntKernel, x: np.ndarray, y: np.ndarray, grid: np.ndarray) -> None:
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



def _product_chunk(x: np.ndarray, y: np.ndarray, k: GauntKernel) -> np.ndarray:
    """Real-basis Gaunt product (B, (L1+1)^2) x (B, (L2+1)^2) -> (B, (Lout+1)^2)."""
    b, n = x.shape[0], k.n
    grid, values, h = workspace(k, b)
    _synthesize(k, x, y, grid)
    inner = slice(1, k.nj - 1)  # the poles need no FFT (see GauntKernel.from_plan)
    if k.nj > 2:
        v = values[:, inner]
        real_fft(grid[inner, 1 : n + 1], 1, v.transpose(1, 2, 0, 3), inverse=True)
        np.multiply(v[0], v[1], out=v[0])
        real_fft(v[0], 1, h[inner, 1 : n + 1], inverse=False)
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


def real_product(x: np.ndarray, y: np.ndarray, k: GauntKernel) -> np.ndarray:
    """The numpy kernel: real-basis product of float64 x (B, (L1+1)^2), y (B, (L2+1)^2) ->
    (B, (Lout+1)^2), in channel chunks that keep the grid near :data:`CHUNK_BYTES`."""
    step = max(8, CHUNK_BYTES // (8 * 3 * k.nj * (k.n + 2)))  # >= 8: matmuls stay efficient
    if x.shape[0] <= step:
        return _product_chunk(x, y, k)
    return np.concatenate([_product_chunk(x[i : i + step], y[i : i + step], k)
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


def fft_product(x: np.ndarray, y: np.ndarray, l1: int, l2: int, lout: int,
                basis: str) -> np.ndarray:
    """The numpy FFT product of batches x (B, (L1+1)^2), y (B, (L2+1)^2) in the ``"real"`` or
    ``"complex"`` basis -> (B, (Lout+1)^2); the complex basis runs three real products."""
    k = kernel(l1, l2, lout)
    if basis == "real":
        return real_product(x, y, k)
    # f = (a1 + i b1)(a2 + i b2) with a, b the real-basis coefficients of Re f, Im f
    xr, yr = _c2r_apply(x, l1, inverse=False), _c2r_apply(y, l2, inverse=False)
    a1, b1, a2, b2 = xr.real, xr.imag, yr.real, yr.imag
    k1 = real_product(a1 + b1, a2, k)
    k2 = real_product(a1, b2 - a2, k)
    k3 = real_product(b1, a2 + b2, k)
    return _c2r_apply((k1 - k3) + 1j * (k1 + k2), lout, inverse=True)


