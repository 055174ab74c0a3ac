"""Haar importance samples of a 2 x 2 matrix group H, as torch tensors, for the group layers.

The group-convolution layers of :mod:`symphys.nn.group_conv` integrate over H by Monte Carlo. A
:class:`GroupSamples` holds ``N`` elements ``h_i`` of H (``(N, 2, 2)``, float64) and their log
importance weights ``log w_i = log dmu_H/dq (h_i)`` against H's Haar measure ``mu_H``, so that
``mean_i f(h_i) w_i`` is an unbiased estimate of ``int_H f dmu_H`` (:meth:`GroupSamples.integrate`,
with its standard error). The samples come from :mod:`symphys.lie.groups` (``GLPlus(2)``,
``SL(2)``, ``SO(2)``) with the normalisations stated there; ``Sim(2)`` (rotations and positive
scalings ``h = e^s R(theta)``, not in :mod:`symphys.lie.groups`) is sampled here with Haar measure
``ds dtheta`` (= ``|det h|^-1 da db`` on ``h = [[a, -b], [b, a]]``).

Left translation ``h_i -> A h_i`` (:meth:`GroupSamples.transform`) keeps each weight: Haar measure
is left invariant, so ``dmu/dq_A (A h) = dmu/dq (h)`` for the translated proposal ``q_A``.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["GroupSamples", "GROUPS", "MAX_SAMPLES", "chart_features"]

#: group names the layers take -> the matrix group H acting on the plane (``"affine"`` is
#: ``R^2 ⋊ GL+(2)``, so its H is GL+(2))
GROUPS = {"affine": "GL+(2)", "GL+(2)": "GL+(2)", "SL(2)": "SL(2)", "SO(2)": "SO(2)",
          "Sim(2)": "Sim(2)"}

#: Largest number of group elements one draw takes (each is a 2 x 2 float64 matrix plus a weight;
#: the layers build ``n_out * n_in`` kernels from them, bounded separately).
MAX_SAMPLES = 10**7

#: number of chart features of ``h`` per H, see :func:`chart_features`
FEATURE_DIMS = {"GL+(2)": 5, "SL(2)": 4, "SO(2)": 2, "Sim(2)": 3}


def check_group(group: object) -> str:
    """The canonical H name for a layer's ``group`` argument; ValueError naming ``group``."""
    if not isinstance(group, str):
        raise TypeError(f"group must be a str, one of {sorted(GROUPS)}, got "
                        f"{type(group).__name__}")
    if group not in GROUPS:
        raise ValueError(f"group={group!r} is not one of {sorted(GROUPS)}")
    return GROUPS[group]


def check_count(value: object, name: str, minimum: int = 1, maximum: int = MAX_SAMPLES) -> int:
    """``value`` as an int in ``[minimum, maximum]``; TypeError/ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name}={value} violates {name} >= {minimum}")
    if value > maximum:
        raise ValueError(f"{name}={value} exceeds the limit {maximum}")
    return int(value)


def check_positive(value: object, name: str, maximum: float = math.inf) -> float:
    """``value`` as a float in ``(0, maximum]``; TypeError/ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name}={value} violates 0 < {name} < inf")
    if value > maximum:
        raise ValueError(f"{name}={value} exceeds the limit {maximum}")
    return value


def _draw_numpy(H: str, n: int, gen: np.random.Generator,
                scale: float) -> tuple[np.ndarray, np.ndarray]:
    from symphys.lie.groups import SL, SO, GLPlus

    if H == "GL+(2)":
        return GLPlus(2).sample(n, rng=gen, scale=scale)
    if H == "SL(2)":
        return SL(2).sample(n, rng=gen, scale=scale)
    if H == "SO(2)":
        return SO(2).sample(n, rng=gen)
    # Sim(2): h = e^s R(theta), s ~ N(0, scale^2), theta ~ U(0, 2 pi); Haar ds dtheta
    s = gen.standard_normal(n) * scale
    theta = gen.uniform(0.0, 2.0 * math.pi, n)
    c, si = np.cos(theta), np.sin(theta)
    h = np.exp(s)[:, None, None] * np.stack([np.stack([c, -si], -1), np.stack([si, c], -1)], -2)
    log_q = -0.5 * (s / scale) ** 2 - 0.5 * math.log(2 * math.pi * scale**2) \
        - math.log(2 * math.pi)
    return h, -log_q


class GroupSamples:
    """``N`` Haar importance samples of a 2 x 2 group H and their log weights (torch, float64).

    Parameters
    ----------
    group : str
        One of ``"affine"`` (H = GL+(2)), ``"GL+(2)"``, ``"SL(2)"``, ``"SO(2)"``, ``"Sim(2)"``.
    h : torch.Tensor or array, shape ``(N, 2, 2)``
        The elements (not checked for membership beyond ``det h > 0``).
    log_weight : torch.Tensor or array, shape ``(N,)``
        ``log dmu_H/dq`` at each element (``q`` the proposal they were drawn from).

    Notes
    -----
    Use :meth:`draw` to sample. ``mean(f(h_i) exp(log_weight_i))`` is unbiased for
    ``int_H f dmu_H`` with the Haar normalisations of :mod:`symphys.lie.groups`.

    Examples
    --------
    >>> from symphys.nn import GroupSamples
    >>> S = GroupSamples.draw("SO(2)", 4, rng=0)
    >>> len(S), tuple(S.h.shape), S.group
    (4, (4, 2, 2), 'SO(2)')
    """

    def __init__(self, group: str, h: object, log_weight: object):
        import torch

        self.group = check_group(group)
        h = torch.as_tensor(h, dtype=torch.float64)
        log_weight = torch.as_tensor(log_weight, dtype=torch.float64)
        if h.ndim != 3 or h.shape[1:] != (2, 2):
            raise ValueError(f"h must have shape (N, 2, 2), got {tuple(h.shape)}")
        if log_weight.shape != h.shape[:1]:
            raise ValueError(f"log_weight must have shape ({h.shape[0]},), got "
                             f"{tuple(log_weight.shape)}")
        if h.shape[0] < 1:
            raise ValueError("h must hold at least one element (N >= 1)")
        if not (torch.isfinite(h).all() and torch.isfinite(log_weight).all()):
            raise ValueError("h and log_weight must be finite")
        if not (torch.linalg.det(h) > 0).all():
            raise ValueError("h must have det h > 0 (H is a subgroup of GL+(2))")
        self.h = h
        self.log_weight = log_weight

    @classmethod
    def draw(cls, group: str, n_samples: int, *, rng: object = None,
             scale: float = 0.5) -> GroupSamples:
        """Draw ``n_samples`` importance samples of H from :mod:`symphys.lie.groups`.

        Parameters
        ----------
        group : str
            See the class docstring.
        n_samples : int
            ``1 <= n_samples <= MAX_SAMPLES``.
        rng : numpy.random.Generator, int or None
            Randomness (int: a seed; None: fresh entropy).
        scale : float
            Width of the Gaussian proposal of the non-compact part: ``X`` of ``h = exp(X) K``
            for GL+(2)/SL(2) (the paper's log-normal proposal), ``s`` of ``h = e^s R`` for
            Sim(2); unused for SO(2) (exact Haar samples, weight ``2 pi`` each).

        Returns
        -------
        GroupSamples

        >>> S = GroupSamples.draw("affine", 3, rng=1)
        >>> bool((S.h.det() > 0).all()), S.group
        (True, 'GL+(2)')
        """
        import torch

        H = check_group(group)
        n = check_count(n_samples, "n_samples")
        scale = check_positive(scale, "scale")
        gen = _rng(rng)
        h, log_w = _draw_numpy(H, n, gen, scale)
        # elements of H by construction: no det check (with a wide proposal an extreme sample's
        # computed determinant can come out <= 0, see symphys.lie.groups.GLPlus.sample)
        out = cls.__new__(cls)
        out.group, out.h = H, torch.as_tensor(h, dtype=torch.float64)
        out.log_weight = torch.as_tensor(log_w, dtype=torch.float64)
        return out

    def __len__(self) -> int:
        return int(self.h.shape[0])

    def __repr__(self) -> str:
        return f"GroupSamples({self.group!r}, N={len(self)})"

    def transform(self, A: object) -> GroupSamples:
        """The left-translated set ``{A h_i}`` with the same weights (Haar is left invariant).

        Parameters
        ----------
        A : array or tensor ``(2, 2)`` in H.

        >>> import numpy as np
        >>> S = GroupSamples.draw("SO(2)", 2, rng=0)
        >>> R = np.array([[0.0, -1.0], [1.0, 0.0]])
        >>> bool(np.allclose(S.transform(R).h[0].numpy(), R @ S.h[0].numpy()))
        True
        """
        import torch

        A = torch.as_tensor(A, dtype=torch.float64)
        if A.shape != (2, 2):
            raise ValueError(f"A must have shape (2, 2), got {tuple(A.shape)}")
        if not torch.isfinite(A).all() or not torch.linalg.det(A) > 0:
            raise ValueError("A must be finite with det A > 0")
        return GroupSamples(self.group, A @ self.h, self.log_weight.clone())

    def weights(self) -> object:
        """``exp(log_weight)``, shape ``(N,)``.

        >>> import math
        >>> math.isclose(float(GroupSamples.draw("SO(2)", 1, rng=0).weights()[0]), 2 * math.pi)
        True
        """
        return self.log_weight.exp()

    def integrate(self, values: object, *, dim: int = -1) -> tuple[object, object]:
        """Monte Carlo estimate of ``int_H f dmu_H`` and its standard error, from ``f(h_i)``.

        Parameters
        ----------
        values : torch.Tensor
            ``f(h_i)`` with the sample index along ``dim`` (length N); any other axes batch.
        dim : int
            The sample axis.

        Returns
        -------
        (estimate, stderr) : tensors with ``dim`` removed; the estimate is
            ``mean_i f(h_i) w_i`` (unbiased) and the standard error the sample standard deviation
            of the terms over ``sqrt(N)`` (NaN for N = 1). NaN in ``values`` gives NaN out, as
            in any tensor operation (nothing is read back from the device to check it).

        >>> import math, torch
        >>> S = GroupSamples.draw("SO(2)", 20_000, rng=0)
        >>> est, se = S.integrate(S.h[:, 0, 0].double() ** 2)   # int cos^2 = pi
        >>> bool(abs(est - math.pi) < 4 * se)
        True
        """
        import torch

        values = torch.as_tensor(values)
        if not isinstance(dim, int) or isinstance(dim, bool):
            raise TypeError(f"dim must be an int, got {type(dim).__name__}")
        if values.ndim == 0 or not -values.ndim <= dim < values.ndim:
            raise ValueError(f"dim={dim} is not an axis of values with shape "
                             f"{tuple(values.shape)}")
        if values.shape[dim] != len(self):
            raise ValueError(f"values must have {len(self)} entries along dim={dim}, got "
                             f"{values.shape[dim]}")
        if not values.is_floating_point():
            values = values.double()
        w = self.weights().to(device=values.device, dtype=values.dtype)
        shape = [1] * values.ndim
        shape[dim] = len(self)
        terms = values * w.reshape(shape)
        est = terms.mean(dim)
        if len(self) < 2:
            return est, torch.full_like(est, float("nan"))
        return est, terms.std(dim) / math.sqrt(len(self))


def _rng(rng: object) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, (bool, np.bool_)):
        if rng < 0:
            raise ValueError(f"rng={rng} violates rng >= 0 (an int rng is a seed)")
        return np.random.default_rng(int(rng))
    raise TypeError(f"rng must be None, an int seed or a numpy Generator, got "
                    f"{type(rng).__name__}")


def chart_features(g: object, group: str) -> object:
    """Coordinates of ``g = exp(X) exp(Y)`` in the global chart, as features for a kernel MLP.

    For a batch ``g`` of 2 x 2 matrices with ``det g > 0`` (torch, any float dtype), ``X =
    1/2 log(g gᵀ)`` (symmetric) and ``Y = theta J`` with ``theta`` the angle of the rotation
    ``K`` of the polar decomposition ``g = exp(X) K`` (Mironenco & Forre, arXiv:2310.11366,
    Sec. 4). Closed form for 2 x 2: ``theta = atan2(g_10 - g_01, g_00 + g_11)`` and ``log S =
    alpha I + beta (S - m I)`` with ``m = tr S / 2``, ``r`` the half eigenvalue gap,
    ``alpha = log det g``, ``beta = atanh(r / m) / r``. The angle enters as ``(cos, sin)`` (smooth
    on SO(2)). Features per H: GL+(2) ``(x_11, x_22, x_12, cos, sin)``; SL(2)
    ``(x_11, x_12, cos, sin)`` (``x_22 = -x_11``); SO(2) ``(cos, sin)``; Sim(2) ``(s, cos, sin)``
    with ``X = s I``.

    Parameters
    ----------
    g : torch.Tensor ``(..., 2, 2)``
    group : str
        A layer group name (see :class:`GroupSamples`).

    Returns
    -------
    torch.Tensor ``(..., d)`` with ``d`` as listed.

    >>> import torch
    >>> chart_features(torch.diag(torch.tensor([2.0, 0.5])).double(), "SL(2)")
    tensor([0.6931, 0.0000, 1.0000, 0.0000], dtype=torch.float64)
    """
    import torch

    H = check_group(group)
    g = torch.as_tensor(g)
    if g.ndim < 2 or g.shape[-2:] != (2, 2):
        raise ValueError(f"g must have shape (..., 2, 2), got {tuple(g.shape)}")
    a, b, c, d = g[..., 0, 0], g[..., 0, 1], g[..., 1, 0], g[..., 1, 1]
    theta = torch.atan2(c - b, a + d)
    cs, sn = torch.cos(theta), torch.sin(theta)
    if H == "SO(2)":
        return torch.stack([cs, sn], -1)
    # g = mu g_hat with mu the largest |entry|: X(g) = log(mu) I + X(g_hat), no overflow
    mu = torch.maximum(torch.maximum(a.abs(), b.abs()), torch.maximum(c.abs(), d.abs()))
    a, b, c, d = a / mu, b / mu, c / mu, d / mu
    log_mu = torch.log(mu)
    det = (a * d - b * c).abs()
    alpha = torch.log(det)                      # log det g_hat = 1/2 log det S = tr X
    if H == "Sim(2)":
        return torch.stack([0.5 * alpha + log_mu, cs, sn], -1)
    s00, s11, s01 = a * a + b * b, c * c + d * d, a * c + b * d   # S = g_hat g_hatᵀ
    m = 0.5 * (s00 + s11)
    half = 0.5 * (s00 - s11)
    r = torch.sqrt(half * half + s01 * s01)
    q = r / m
    small = q < 1e-4
    # eigenvalues m + r and det^2 / (m + r) (no cancellation in m - r)
    gap = torch.log(m + r) - (2 * alpha - torch.log(m + r))       # log(l+ / l-)
    r_safe = torch.where(small, torch.ones_like(r), r)
    beta = torch.where(small, (1.0 + q * q / 3.0) / m, gap / (2 * r_safe))
    x11 = 0.5 * (alpha + beta * half) + log_mu
    x22 = 0.5 * (alpha - beta * half) + log_mu
    x12 = 0.5 * beta * s01
    if H == "SL(2)":
        return torch.stack([x11, x12, cs, sn], -1)
    return torch.stack([x11, x22, x12, cs, sn], -1)
