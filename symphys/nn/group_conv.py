"""Lifting and group convolutions on ``R^2 ⋊ H`` for H in GL+(2), SL(2), SO(2), Sim(2).

After Mironenco & Forre, "Lie Group Decompositions for Equivariant Neural Networks" (ICLR 2024,
arXiv:2310.11366), with Monte Carlo integration over H as in Bekkers, "B-spline CNNs on Lie groups"
(ICLR 2020, arXiv:1909.12057) and Finzi et al., LieConv (arXiv:2002.12880).

Conventions
-----------
* A point of the image plane is ``p = (x, y)``: ``x`` the column index, ``y`` the row index of a
  ``(..., H, W)`` tensor (pixel units). ``g = (t, A)`` in ``R^2 ⋊ H`` acts on images by
  ``(T_g f)(p) = f(A^-1 (p - t))`` and on functions on the group by
  ``(T_g F)(p, h) = F(A^-1 (p - t), A^-1 h)`` (the left regular representation).
* Lifting: ``[L f](p, h) = |det h|^-1 sum_u f(p + u) k(h^-1 u)`` over the ``kernel_size^2``
  integer offsets ``u`` (a Riemann sum of ``int f(y) k(h^-1 (y - p)) dy / |det h|``), so that
  ``L T_g = T_g L``.
* ``kernel_size=1`` is the pointwise limit (``k(h^-1 u) |det h|^-1 -> delta(u)``): no
  ``|det h|^-1`` factor, ``[L f](p, h) = f(p) k(0)``.
* Group convolution: ``[Phi F](p, h) = |det h|^-1 int_H sum_u F(p + u, h') k(h^-1 u, h^-1 h')
  dmu_H(h')`` (no ``|det h|^-1`` for ``kernel_size=1``), the H integral estimated by
  ``mean_j w_j (...)(h'_j)`` over the input's importance samples
  (:class:`~symphys.nn.group_samples.GroupSamples`), unbiased, with its standard error available
  (``return_stderr=True``).
* Kernels: ``k(v) = MLP(v) exp(-|v|^2 / (2 kernel_width^2))`` and
  ``k(v, g) = MLP(v, xi^-1(g)) exp(-|v|^2 / (2 kernel_width^2)) exp(-|X|_F^2 / (2 group_width^2))``,
  with ``xi^-1(g) = (X, Y)`` the global chart ``g = exp(X) exp(Y)``
  (:func:`~symphys.nn.group_samples.chart_features`); the Gaussian factors make the integrals
  finite on the non-compact H and keep the sampled kernels smooth on the pixel grid.
* Feature maps on the group are tensors ``(B, C, N, H, W)``: channel, sample index ``i`` (the
  element ``h_i`` of the accompanying sample set), row, column.

Equivariance on the grid: a 90-degree rotation ``A`` maps the offset grid onto itself, and integer
translations shift it, so with the sample set transformed (``h_i -> A h_i``) the layers commute
with ``T_g`` up to rounding. No reflection lies in any of these H (all have ``det h > 0``). For
general affine maps the outputs are equivariant in expectation over the samples, up to the Monte
Carlo error and the pixel discretisation.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from symphys.nn.group_samples import (
    FEATURE_DIMS,
    GroupSamples,
    _rng,
    chart_features,
    check_count,
    check_group,
    check_positive,
)

__all__ = ["LiftingConv2d", "GroupConv", "GroupPool", "MAX_KERNEL_ENTRIES", "MAX_KERNEL_SIZE",
           "MAX_WIDTH"]

#: Largest ``kernel_size`` (odd); the kernel has ``kernel_size^2`` offsets per sample pair.
MAX_KERNEL_SIZE = 63

#: Largest number of values one forward pass computes for its kernels:
#: ``n_out * n_in * kernel_size^2 * (hidden + out_channels * in_channels)`` (``n_in = 1`` for the
#: lifting layer); checked in closed form before any work.
MAX_KERNEL_ENTRIES = 10**8

#: Largest ``kernel_width`` (pixels) and ``group_width`` (chart units) the layers take.
MAX_WIDTH = 1e4

_PADDING = {"zeros": "constant", "circular": "circular"}
_DTYPES = (torch.float16, torch.bfloat16, torch.float32, torch.float64)


def _check_dtype(dtype: object) -> torch.dtype:
    if not isinstance(dtype, torch.dtype) or dtype not in _DTYPES:
        raise TypeError(f"dtype must be a torch floating dtype, got {dtype!r}")
    return dtype


def _check_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name}={value!r} must be a bool")
    return value


def _check_kernel_size(k: object) -> int:
    k = check_count(k, "kernel_size", 1, MAX_KERNEL_SIZE)
    if k % 2 == 0:
        raise ValueError(f"kernel_size={k} must be odd (the kernel is centred on a pixel)")
    return k


def _check_padding(mode: object) -> str:
    if not isinstance(mode, str) or mode not in _PADDING:
        raise ValueError(f"padding_mode={mode!r} is not one of {sorted(_PADDING)}")
    return mode


def _offsets(k: int) -> torch.Tensor:
    """Offsets ``u = (x, y)`` of the ``k x k`` kernel, row-major over (row, col): ``(k*k, 2)``."""
    r = torch.arange(k, dtype=torch.float64) - (k // 2)
    yy, xx = torch.meshgrid(r, r, indexing="ij")
    return torch.stack([xx.reshape(-1), yy.reshape(-1)], -1)


class _Sin(nn.Module):
    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return torch.sin(z)


def _mlp(d_in: int, hidden: int, d_out: int) -> nn.Sequential:
    """Kernel MLP: random-Fourier-feature first layer (``sin``, frequencies ~ 1 per pixel or chart
    unit, phases uniform), then a SiLU layer. A smooth first layer would make every kernel at
    initialisation nearly affine in ``v`` (a kernel space of rank ~3), which trains slowly."""
    first = nn.Linear(d_in, hidden)
    with torch.no_grad():
        first.weight.normal_(0.0, 1.0)
        first.bias.uniform_(-math.pi, math.pi)
    return nn.Sequential(first, _Sin(), nn.Linear(hidden, hidden), nn.SiLU(),
                         nn.Linear(hidden, d_out))


def _x_norm2(feats: torch.Tensor, H: str) -> torch.Tensor:
    """``|X|_F^2`` from :func:`chart_features` (0 for SO(2))."""
    if H == "GL+(2)":
        return feats[..., 0] ** 2 + feats[..., 1] ** 2 + 2 * feats[..., 2] ** 2
    if H == "SL(2)":
        return 2 * feats[..., 0] ** 2 + 2 * feats[..., 1] ** 2
    if H == "Sim(2)":
        return 2 * feats[..., 0] ** 2
    return torch.zeros(feats.shape[:-1], dtype=feats.dtype, device=feats.device)


def _check_input(x: object, ndim: int, channels: int, what: str) -> torch.Tensor:
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"input must be a torch.Tensor, got {type(x).__name__}")
    if x.ndim != ndim:
        raise ValueError(f"input must have {ndim} dimensions {what}, got shape "
                         f"{tuple(x.shape)}")
    if x.shape[1] != channels:
        raise ValueError(f"input has {x.shape[1]} channels (dim 1), the layer expects "
                         f"in_channels={channels}")
    if not x.is_floating_point():
        raise TypeError(f"input must be a floating-point tensor, got {x.dtype}")
    return x


def _check_samples(samples: object, H: str, name: str, n: int | None = None) -> GroupSamples:
    if not isinstance(samples, GroupSamples):
        raise TypeError(f"{name} must be a GroupSamples, got {type(samples).__name__}")
    if samples.group != H:
        raise ValueError(f"{name} are samples of {samples.group}, the layer's group is {H}")
    if n is not None and len(samples) != n:
        raise ValueError(f"{name} has {len(samples)} elements, the input has {n} along dim 2")
    return samples


class _Sampled(nn.Module):
    """Shared sample handling: a fixed set (buffers) and fresh draws in training."""

    def _init_samples(self, group: str, n_samples: int | None, scale: float, rng: object,
                      resample: bool) -> None:
        self.H = check_group(group)
        self.group = group
        self.sample_scale = check_positive(scale, "sample_scale")
        self.resample = _check_bool(resample, "resample")
        self.n_samples = n_samples
        self._gen = _rng(rng)
        if n_samples is not None:
            S = GroupSamples.draw(self.H, n_samples, rng=self._gen, scale=self.sample_scale)
            self.register_buffer("samples_h", S.h)
            self.register_buffer("samples_log_weight", S.log_weight)

    @property
    def samples(self) -> GroupSamples | None:
        """The fixed sample set used in evaluation (or with ``resample=False``); ``None`` when the
        layer has no samples of its own."""
        if self.n_samples is None:
            return None
        return _trusted(self.H, self.samples_h, self.samples_log_weight)

    @torch.compiler.disable
    def _fresh(self) -> GroupSamples:
        return GroupSamples.draw(self.H, self.n_samples, rng=self._gen, scale=self.sample_scale)

    def _own_samples(self) -> GroupSamples:
        if self.training and self.resample:
            return self._fresh()
        return self.samples


def _trusted(H: str, h: torch.Tensor, log_weight: torch.Tensor) -> GroupSamples:
    """A GroupSamples from tensors known to be valid (no data-dependent checks, for compile)."""
    S = GroupSamples.__new__(GroupSamples)
    S.group, S.h, S.log_weight = H, h, log_weight
    return S


class LiftingConv2d(_Sampled):
    """Lifting convolution from images on ``R^2`` to functions on ``R^2 ⋊ H``.

    ``[L f](p, h_i) = |det h_i|^-1 sum_u f(p + u) k(h_i^-1 u)`` (conventions in
    :mod:`symphys.nn.group_conv`), evaluated at ``n_samples`` Haar importance samples ``h_i``
    of H (:class:`~symphys.nn.group_samples.GroupSamples`): fresh ones at each forward pass in
    training mode when ``resample`` is True, the fixed set drawn at construction otherwise.

    Parameters
    ----------
    in_channels, out_channels : int
    group : str
        ``"affine"`` (``R^2 ⋊ GL+(2)``, default), ``"GL+(2)"`` (the same), ``"SL(2)"``,
        ``"SO(2)"`` or ``"Sim(2)"``.
    kernel_size : int
        Odd side of the pixel grid on which ``k(h^-1 u)`` is sampled (``<= MAX_KERNEL_SIZE``).
    n_samples : int
        Number of group elements of the output (``>= 1``).
    hidden : int
        Width of the kernel MLP (a sin Fourier-feature layer, then a SiLU layer).
    kernel_width : float or None
        Width (pixels) of the Gaussian envelope of ``k``; default ``kernel_size / 2``.
    sample_scale : float
        Width of the proposal of the non-compact part of H (see
        :meth:`~symphys.nn.group_samples.GroupSamples.draw`).
    padding_mode : str
        ``"zeros"`` or ``"circular"``; the output has the input's spatial size.
    bias : bool
    resample : bool
        Draw fresh samples at each forward pass in training mode.
    rng : numpy.random.Generator, int or None
        Randomness of the sample draws (int: a seed; None: fresh entropy).

    Examples
    --------
    >>> import torch
    >>> from symphys.nn import LiftingConv2d
    >>> lift = LiftingConv2d(1, 4, kernel_size=5, n_samples=6, rng=0)
    >>> y, S = lift(torch.zeros(2, 1, 12, 12))
    >>> tuple(y.shape), len(S)
    ((2, 4, 6, 12, 12), 6)
    """

    def __init__(self, in_channels: int, out_channels: int, *, group: str = "affine",
                 kernel_size: int, n_samples: int, hidden: int = 32,
                 kernel_width: float | None = None, sample_scale: float = 0.5,
                 padding_mode: str = "zeros", bias: bool = True, resample: bool = True,
                 rng: object = None):
        super().__init__()
        self.in_channels = check_count(in_channels, "in_channels")
        self.out_channels = check_count(out_channels, "out_channels")
        self.kernel_size = _check_kernel_size(kernel_size)
        n_samples = check_count(n_samples, "n_samples")
        hidden = check_count(hidden, "hidden")
        cost = n_samples * self.kernel_size**2 * (hidden + self.in_channels * self.out_channels)
        if cost > MAX_KERNEL_ENTRIES:
            raise ValueError(f"n_samples={n_samples}, kernel_size={self.kernel_size}, "
                             f"hidden={hidden} and the channels need {cost:.3g} kernel values "
                             f"per pass, above MAX_KERNEL_ENTRIES = {MAX_KERNEL_ENTRIES:.0e}")
        self.kernel_width = (self.kernel_size / 2 if kernel_width is None
                             else check_positive(kernel_width, "kernel_width", MAX_WIDTH))
        self.padding_mode = _check_padding(padding_mode)
        self._init_samples(group, n_samples, sample_scale, rng, resample)
        self.net = _mlp(2, hidden, self.out_channels * self.in_channels)
        self.bias = nn.Parameter(torch.zeros(self.out_channels)) if _check_bool(bias, "bias") \
            else None
        self.register_buffer("offsets", _offsets(self.kernel_size), persistent=False)
        # unit-variance outputs at initialisation: the envelope's mass is 2 pi kernel_width^2
        self.norm = 1.0 / math.sqrt(self.in_channels * 2 * math.pi * self.kernel_width**2 + 1.0)

    def extra_repr(self) -> str:
        """The constructor's main arguments, for ``repr``.

        >>> LiftingConv2d(1, 2, kernel_size=3, n_samples=2, rng=0).extra_repr()
        "1, 2, group='affine', kernel_size=3, n_samples=2"
        """
        return (f"{self.in_channels}, {self.out_channels}, group={self.group!r}, "
                f"kernel_size={self.kernel_size}, n_samples={self.n_samples}")

    def kernel(self, samples: GroupSamples, *,
               dtype: torch.dtype = torch.float32) -> torch.Tensor:
        """The sampled kernels ``|det h_i|^-1 k(h_i^-1 u)``: ``(out, n, in, k, k)``.

        >>> lift = LiftingConv2d(1, 2, kernel_size=3, n_samples=4, rng=0)
        >>> tuple(lift.kernel(lift.samples).shape)
        (2, 4, 1, 3, 3)
        """
        S = _check_samples(samples, self.H, "samples")
        dtype = _check_dtype(dtype)
        device = self.offsets.device
        h = S.h.to(device=device)
        inv = torch.linalg.inv(h)                                     # (N, 2, 2)
        v = torch.einsum("nij,kj->nki", inv, self.offsets.to(device))          # (N, k2, 2)
        det = torch.linalg.det(h) if self.kernel_size > 1 else torch.ones_like(h[:, 0, 0])
        v = v.to(dtype)
        env = torch.exp(-(v * v).sum(-1) / (2 * self.kernel_width**2))          # (N, k2)
        scale = (env * (self.norm / det.to(dtype))[:, None])[..., None]
        out = self.net(v) * scale                                     # (N, k2, O*I)
        n, k = len(S), self.kernel_size
        out = out.reshape(n, k, k, self.out_channels, self.in_channels)
        return out.permute(3, 0, 4, 1, 2)

    def forward(self, input: torch.Tensor, *,
                samples: GroupSamples | None = None) -> tuple[torch.Tensor, GroupSamples]:
        """Lift ``input`` ``(B, in, H, W)`` to ``(B, out, N, H, W)`` on the returned samples.

        ``samples`` (optional) overrides the layer's own (e.g. a transformed set).

        >>> lift = LiftingConv2d(1, 2, kernel_size=3, n_samples=4, rng=0)
        >>> tuple(lift(torch.ones(1, 1, 5, 5))[0].shape)
        (1, 2, 4, 5, 5)
        """
        x = _check_input(input, 4, self.in_channels, "(batch, channel, row, column)")
        S = self._own_samples() if samples is None else _check_samples(samples, self.H,
                                                                       "samples")
        w = self.kernel(S, dtype=x.dtype)           # (O, N, I, k, k)
        O, N = w.shape[:2]
        p = self.kernel_size // 2
        xp = F.pad(x, (p, p, p, p), mode=_PADDING[self.padding_mode])
        y = F.conv2d(xp, w.reshape(O * N, self.in_channels, self.kernel_size, self.kernel_size))
        y = y.reshape(x.shape[0], O, N, *y.shape[-2:])
        if self.bias is not None:
            y = y + self.bias.to(y.dtype)[None, :, None, None, None]
        return y, S


class GroupConv(_Sampled):
    """Group convolution between functions on ``R^2 ⋊ H`` (feature maps ``(B, C, N, H, W)``).

    ``[Phi F](p, h) = |det h|^-1 int_H sum_u F(p + u, h') k(h^-1 u, h^-1 h') dmu_H(h')``, the
    integral over H estimated from the input's importance samples ``h'_j`` with weights ``w_j``
    (``mean_j``, unbiased; conventions in :mod:`symphys.nn.group_conv`). The kernel is an MLP of
    ``h^-1 u`` and of the global-chart coordinates of ``h^-1 h'``
    (:func:`~symphys.nn.group_samples.chart_features`), with Gaussian envelopes.

    Parameters
    ----------
    in_channels, out_channels : int
    group : str
        As in :class:`LiftingConv2d` (default ``"affine"``).
    kernel_size : int
        Odd spatial kernel size.
    n_samples : int or None
        Number of output group elements drawn by the layer (fresh per forward pass in training
        when ``resample``); ``None`` (default): the output lives on the input's samples.
    hidden, kernel_width, sample_scale, padding_mode, bias, resample, rng
        As in :class:`LiftingConv2d`.
    group_width : float
        Width of the Gaussian envelope ``exp(-|X|_F^2 / (2 group_width^2))`` in the chart
        coordinate ``X`` of ``h^-1 h'`` (no effect for SO(2)).

    Examples
    --------
    >>> import torch
    >>> from symphys.nn import GroupConv, LiftingConv2d
    >>> lift = LiftingConv2d(1, 3, kernel_size=3, n_samples=5, rng=0)
    >>> conv = GroupConv(3, 2, kernel_size=3)
    >>> y, S = conv(*lift(torch.zeros(1, 1, 8, 8)))
    >>> tuple(y.shape)
    (1, 2, 5, 8, 8)
    """

    def __init__(self, in_channels: int, out_channels: int, *, group: str = "affine",
                 kernel_size: int, n_samples: int | None = None, hidden: int = 32,
                 kernel_width: float | None = None, group_width: float = 0.5,
                 sample_scale: float = 0.5, padding_mode: str = "zeros", bias: bool = True,
                 resample: bool = True, rng: object = None):
        super().__init__()
        self.in_channels = check_count(in_channels, "in_channels")
        self.out_channels = check_count(out_channels, "out_channels")
        self.kernel_size = _check_kernel_size(kernel_size)
        if n_samples is not None:
            n_samples = check_count(n_samples, "n_samples")
        self.hidden = check_count(hidden, "hidden")
        self.kernel_width = (self.kernel_size / 2 if kernel_width is None
                             else check_positive(kernel_width, "kernel_width", MAX_WIDTH))
        self.group_width = check_positive(group_width, "group_width", MAX_WIDTH)
        self.padding_mode = _check_padding(padding_mode)
        self._init_samples(group, n_samples, sample_scale, rng, resample)
        d = FEATURE_DIMS[self.H]
        self.net = _mlp(2 + d, self.hidden, self.out_channels * self.in_channels)
        self.bias = nn.Parameter(torch.zeros(self.out_channels)) if _check_bool(bias, "bias") \
            else None
        self.register_buffer("offsets", _offsets(self.kernel_size), persistent=False)
        mass = _envelope_mass(self.H, self.group_width)
        self.norm = 1.0 / math.sqrt(self.in_channels * mass
                                    * (2 * math.pi * self.kernel_width**2 + 1.0))

    def extra_repr(self) -> str:
        """The constructor's main arguments, for ``repr``.

        >>> GroupConv(1, 2, kernel_size=3).extra_repr()
        "1, 2, group='affine', kernel_size=3, n_samples=None"
        """
        return (f"{self.in_channels}, {self.out_channels}, group={self.group!r}, "
                f"kernel_size={self.kernel_size}, n_samples={self.n_samples}")

    def kernel(self, samples: GroupSamples, out_samples: GroupSamples, *,
               dtype: torch.dtype = torch.float32) -> torch.Tensor:
        """Sampled kernels ``w_j |det h_i|^-1 k(h_i^-1 u, h_i^-1 h'_j)``: ``(N_out, N_in, out,
        in, k, k)`` (``h'_j`` from ``samples``, ``h_i`` from ``out_samples``).

        >>> conv = GroupConv(1, 2, group="SO(2)", kernel_size=3)
        >>> from symphys.nn import GroupSamples
        >>> S = GroupSamples.draw("SO(2)", 3, rng=0)
        >>> tuple(conv.kernel(S, S).shape)
        (3, 3, 2, 1, 3, 3)
        """
        S = _check_samples(samples, self.H, "samples")
        O = _check_samples(out_samples, self.H, "out_samples")
        dtype = _check_dtype(dtype)
        device = self.offsets.device
        n_out, n_in, k = len(O), len(S), self.kernel_size
        cost = n_out * n_in * k * k * (self.hidden + self.in_channels * self.out_channels)
        if cost > MAX_KERNEL_ENTRIES:
            raise ValueError(f"{n_out} output and {n_in} input samples with kernel_size={k} "
                             f"need {cost:.3g} kernel values, above MAX_KERNEL_ENTRIES = "
                             f"{MAX_KERNEL_ENTRIES:.0e}")
        h_in = S.h.to(device=device)
        h_out = O.h.to(device=device)
        inv = torch.linalg.inv(h_out)                                         # (No, 2, 2)
        rel = inv[:, None] @ h_in[None]                                       # (No, Ni, 2, 2)
        feats = chart_features(rel, self.H)                                   # (No, Ni, d)
        v = torch.einsum("nij,kj->nki", inv, self.offsets.to(device))         # (No, k2, 2)
        det = (torch.linalg.det(h_out) if self.kernel_size > 1
               else torch.ones_like(h_out[:, 0, 0]))
        w = S.log_weight.to(device=device).exp()
        feats, v = feats.to(dtype), v.to(dtype)
        env_x = torch.exp(-(v * v).sum(-1) / (2 * self.kernel_width**2))       # (No, k2)
        env_h = torch.exp(-_x_norm2(feats, self.H) / (2 * self.group_width**2))  # (No, Ni)
        scale = (env_h * w.to(dtype)[None, :] * (self.norm / det.to(dtype))[:, None])
        scale = scale[:, :, None] * env_x[:, None, :]                          # (No, Ni, k2)
        d = feats.shape[-1]
        z = torch.cat([v[:, None].expand(n_out, n_in, k * k, 2),
                       feats[:, :, None].expand(n_out, n_in, k * k, d)], -1)
        out = self.net(z) * scale[..., None]                                   # (No, Ni, k2, OI)
        out = out.reshape(n_out, n_in, k, k, self.out_channels, self.in_channels)
        return out.permute(0, 1, 4, 5, 2, 3)

    def forward(self, input: torch.Tensor, samples: GroupSamples, *,
                out_samples: GroupSamples | None = None,
                return_stderr: bool = False) -> tuple[torch.Tensor, ...]:
        """Convolve ``input`` ``(B, in, N_in, H, W)`` on ``samples``; returns ``(output,
        out_samples)``, or ``(output, out_samples, stderr)`` with ``return_stderr=True``.

        ``output`` is ``(B, out, N_out, H, W)``; ``stderr`` (same shape) is the Monte Carlo
        standard error of the H integral (sample standard deviation of the ``N_in`` terms over
        ``sqrt(N_in)``; the bias has none). ``out_samples`` defaults to the layer's own samples,
        or to ``samples`` when ``n_samples`` is None.

        >>> from symphys.nn import GroupSamples
        >>> S = GroupSamples.draw("SO(2)", 4, rng=0)
        >>> conv = GroupConv(1, 1, group="SO(2)", kernel_size=3)
        >>> y, _, se = conv(torch.ones(1, 1, 4, 5, 5), S, return_stderr=True)
        >>> tuple(se.shape)
        (1, 1, 4, 5, 5)
        """
        x = _check_input(input, 5, self.in_channels,
                         "(batch, channel, sample, row, column)")
        S = _check_samples(samples, self.H, "samples", x.shape[2])
        if out_samples is not None:
            O = _check_samples(out_samples, self.H, "out_samples")
        elif self.n_samples is None:
            O = S
        else:
            O = self._own_samples()
        return_stderr = _check_bool(return_stderr, "return_stderr")
        K = self.kernel(S, O, dtype=x.dtype)        # (No, Ni, Co, Ci, k, k)
        n_out, n_in, k = K.shape[0], K.shape[1], self.kernel_size
        B, Ci = x.shape[0], self.in_channels
        Co = self.out_channels
        p = k // 2
        mode = _PADDING[self.padding_mode]
        if not return_stderr:
            w = K.permute(2, 0, 3, 1, 4, 5).reshape(Co * n_out, Ci * n_in, k, k) / n_in
            xp = F.pad(x.reshape(B, Ci * n_in, *x.shape[-2:]), (p, p, p, p), mode=mode)
            y = F.conv2d(xp, w).reshape(B, Co, n_out, *x.shape[-2:])
            se = None
        else:
            w = K.permute(1, 2, 0, 3, 4, 5).reshape(n_in * Co * n_out, Ci, k, k)
            xj = x.permute(0, 2, 1, 3, 4).reshape(B, n_in * Ci, *x.shape[-2:])
            terms = F.conv2d(F.pad(xj, (p, p, p, p), mode=mode), w, groups=n_in)
            terms = terms.reshape(B, n_in, Co, n_out, *x.shape[-2:])
            y = terms.mean(1)
            se = (terms.std(1) / math.sqrt(n_in) if n_in > 1
                  else torch.full_like(y, float("nan")))
        if self.bias is not None:
            y = y + self.bias.to(y.dtype)[None, :, None, None, None]
        return (y, O, se) if return_stderr else (y, O)


def _envelope_mass(H: str, width: float) -> float:
    """``int_H exp(-|X|_F^2 / (2 width^2)) dmu_H`` in closed form (``X`` the chart coordinate;
    Haar normalisations of :mod:`symphys.lie.groups`), with ``width`` capped at 10: it only sets
    the initial scale of the kernels. GL+(2): ``4 pi^3 s^2 e^(s^2) erf(s)`` (from the chart
    density ``c_2 2^3 sinhc(x_1 - x_2) dX dk``, ``c_2 = pi / 2``); SL(2): that over
    ``int e^(-t^2 / (4 s^2)) dt = 2 s sqrt(pi)`` (the disintegration along ``t = log det``);
    Sim(2): ``2 pi sqrt(pi) s`` (``|X|^2 = 2 s'^2``, measure ``ds' dtheta``); SO(2): ``2 pi``."""
    s = min(width, 10.0)
    gl = 4 * math.pi**3 * s * s * math.exp(s * s) * math.erf(s)
    return {"GL+(2)": gl, "SL(2)": gl / (2 * s * math.sqrt(math.pi)),
            "Sim(2)": 2 * math.pi * math.sqrt(math.pi) * s, "SO(2)": 2 * math.pi}[H]


class GroupPool(nn.Module):
    """Invariant pooling of ``(B, C, N, H, W)`` feature maps on ``R^2 ⋊ H``: over H, then space.

    Parameters
    ----------
    over_group : str
        ``"max"`` (default) or ``"mean"`` over the sample axis, or ``"integral"``: the Haar
        Monte Carlo estimate ``mean_i w_i F(p, h_i)`` (needs the samples).
    over_space : str
        ``"max"`` (default) or ``"mean"`` over rows and columns.

    Returns ``(B, C)``. With the sample set transformed along with the input (exact grid maps),
    ``"max"`` over both is invariant exactly.

    Examples
    --------
    >>> import torch
    >>> from symphys.nn import GroupPool
    >>> tuple(GroupPool()(torch.ones(2, 3, 4, 5, 5)).shape)
    (2, 3)
    """

    def __init__(self, *, over_group: str = "max", over_space: str = "max"):
        super().__init__()
        if not isinstance(over_group, str) or over_group not in ("max", "mean", "integral"):
            raise ValueError(f"over_group={over_group!r} is not one of "
                             "['integral', 'max', 'mean']")
        if not isinstance(over_space, str) or over_space not in ("max", "mean"):
            raise ValueError(f"over_space={over_space!r} is not one of ['max', 'mean']")
        self.over_group = over_group
        self.over_space = over_space

    def extra_repr(self) -> str:
        """``over_group`` and ``over_space``, for ``repr``.

        >>> GroupPool().extra_repr()
        "over_group='max', over_space='max'"
        """
        return f"over_group={self.over_group!r}, over_space={self.over_space!r}"

    def forward(self, input: torch.Tensor, *,
                samples: GroupSamples | None = None) -> torch.Tensor:
        """Pool ``input`` ``(B, C, N, H, W)`` to ``(B, C)``.

        >>> GroupPool(over_group="mean", over_space="mean")(torch.ones(1, 2, 3, 4, 4))
        tensor([[1., 1.]])
        """
        if not isinstance(input, torch.Tensor):
            raise TypeError(f"input must be a torch.Tensor, got {type(input).__name__}")
        if input.ndim != 5:
            raise ValueError("input must have 5 dimensions (batch, channel, sample, row, column),"
                             f" got shape {tuple(input.shape)}")
        if self.over_group == "integral":
            if not isinstance(samples, GroupSamples):
                raise ValueError("samples (a GroupSamples) are needed for over_group='integral'")
            if len(samples) != input.shape[2]:
                raise ValueError(f"samples has {len(samples)} elements, the input has "
                                 f"{input.shape[2]} along dim 2")
            w = samples.log_weight.to(device=input.device).exp().to(input.dtype)
            z = (input * w[None, None, :, None, None]).mean(2)
        elif self.over_group == "max":
            z = input.amax(2)
        else:
            z = input.mean(2)
        return z.amax((-2, -1)) if self.over_space == "max" else z.mean((-2, -1))
