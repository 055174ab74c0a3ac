"""PCA frames and frame averaging (Puny et al., "Frame Averaging for Invariant and Equivariant
Network Design", ICLR 2022, arXiv:2110.03336, section 3.3).

Convention
----------
A point cloud is ``X`` of shape ``(..., n, d)`` (rows are points). A Euclidean motion
``g = (R, t)`` acts by ``g.X = X R^T + 1 t^T`` (each point ``x -> R x + t``). For ``E(d)`` and
``SE(d)`` the frame is built from the centroid ``t = X^T 1 / n`` and the covariance
``C = (X - 1 t^T)^T (X - 1 t^T)``; for ``O(d)`` and ``SO(d)`` (no translations) from ``t = 0``
and ``C = X^T X``. With ``C = V diag(lambda) V^T``, ``lambda_1 >= ... >= lambda_d`` (descending),
the frame is::

    F(X) = { (V diag(alpha), t) : alpha in {-1, +1}^d },                 (E(d), O(d): 2^d)
    F(X) = { (V diag(alpha), t) : alpha in {-1, +1}^d, det = +1 },      (SE(d), SO(d): 2^(d-1))

i.e. every sign choice of the principal axes, which makes ``F(g.X) = g F(X)`` exactly (and ``F``
is also invariant under permutations of the points). Frame averaging is then::

    invariant:    <f>(X)   = 1/|F| sum_{g in F(X)} f(g^-1 . X)
    equivariant:  <Phi>(X) = 1/|F| sum_{g in F(X)} g . Phi(g^-1 . X)

with ``g^-1 . X = (X - 1 t^T) V diag(alpha)`` and ``g . Y = Y (V diag(alpha))^T [+ 1 t^T]``,
which is exactly ``E(d)``/``O(d)``/... invariant/equivariant for *any* ``f``.

Degenerate spectra (documented fallback)
----------------------------------------
An eigenvalue is *null* when ``lambda_i <= rtol * lambda_1`` plus the rounding floor of the
centred cloud (collinear or coplanar points, fewer points than dimensions, a single point); two
non-null eigenvalues are *degenerate* when ``lambda_i - lambda_{i+1} <= rtol * lambda_1``. The
default ``rtol`` is ``sqrt(eps)`` of the points' dtype (1.5e-8 float64, 3.5e-4 float32), the floor
is relative to the centred cloud (a translation by 1e8 changes nothing), and the derivatives stay
finite where null eigenvalues tie: the classification and these rules live in one internal module,
``symphys.equivariance._spectrum`` (its docstring gives the constants).

- A null eigenspace of dimension ``k >= 2`` has no preferred basis, but the canonicalised points
  have zero coordinates along it whatever the basis, so the exact average over all of its bases
  (Haar on ``O(k)``) is known in closed form: the columns of the frame matrix on that block are
  set to zero. Equivariant (vector) outputs therefore have no component along a null block of
  dimension >= 2 -- which is forced by equivariance, since such inputs are fixed by rotations of
  that block. A null eigenvalue of multiplicity 1 is an ordinary simple eigenvalue.
- Degenerate non-null eigenvalues (e.g. a regular polygon or tetrahedron, whose covariance is
  isotropic) make the exact frame infinite. ``degenerate="raise"`` (default) raises ``ValueError``
  (``degenerate="ignore"`` treats them as simple and checks nothing);
  ``degenerate="sample"`` replaces each degenerate block's basis by ``n_samples`` Haar-random
  bases of it (a Monte Carlo frame: invariant in distribution, with error ~ 1/sqrt(n_samples)).
- Nearly degenerate spectra (gaps just above ``rtol``) are treated as simple; the result is then
  invariant only to the accuracy of the computed eigenvectors, about ``eps * lambda_1 / gap``.

The frame has ``2^d`` elements, so frame averaging costs ``2^d`` (``2^(d-1)``) backbone calls:
meant for the small ``d`` of physical space.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

import symphys._array as _array
from symphys.equivariance._checks import (
    check_count,
    check_finite_host,
    check_magnitude_host,
    check_memory,
    check_rng,
)
from symphys.equivariance._checks import points as _points
from symphys.equivariance._spectrum import classify, resolve_rtol, scaled_axes, to_host
from symphys.equivariance.symmetry import haar_orthogonal

__all__ = ["Frame", "frames", "frame_average", "principal_axes"]

_FRAME_GROUP_RE = re.compile(r"^\s*(SO|O|SE|E)\s*\(\s*(\d+|n|d)\s*\)\s*$")


def _parse_group(group: str, d: int) -> tuple[str, bool, bool]:
    m = _FRAME_GROUP_RE.match(str(group))
    if m is None:
        raise ValueError(f"group={group!r} must be one of 'E(d)', 'SE(d)', 'O(d)', 'SO(d)' "
                         "(d an integer or the letter n/d)")
    kind, k = m.groups()
    if k.isdigit() and int(k) != d:
        raise ValueError(f"group={group!r} acts on R^{k} but the points have dimension {d} "
                         "(last axis)")
    return f"{kind}({d})", kind in ("E", "SE"), kind in ("SO", "SE")


def principal_axes(points: Any, *, center: bool = True) -> tuple[Any, Any, Any]:
    """Centroid, covariance eigenvalues (descending) and eigenvectors of a point cloud.

    Parameters
    ----------
    points : ``(..., n, d)`` array or torch tensor.
    center : subtract the centroid first (translation-invariant axes) or use ``t = 0``.

    Returns
    -------
    t : ``(..., d)`` centroid (zeros when ``center=False``).
    lam : ``(..., d)`` eigenvalues of ``C = (X - t)^T (X - t)``, descending (computed from the
        points scaled to unit size, so no overflow or underflow inside; ``inf`` only where the
        eigenvalue itself exceeds the float range).
    V : ``(..., d, d)`` orthonormal eigenvectors as columns, ``C = V diag(lam) V^T``.

    >>> t, lam, V = principal_axes(np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 1.0], [2.0, 1.0]]))
    >>> t, lam
    (array([1. , 0.5]), array([4., 1.]))
    """
    if not isinstance(center, (bool, np.bool_)):
        raise TypeError(f"center={center!r} must be a bool")
    x = _points(points, "points")
    xp = _array.namespace(x)
    t, lam, vec, s, _ = scaled_axes(xp, x, center)
    with np.errstate(over="ignore"):  # eigenvalues beyond the float range become inf
        return t, (lam * s[..., None]) * s[..., None], vec


@dataclass(frozen=True)
class Frame:
    """The frame ``F(X)`` of a batch of point clouds: ``m`` group elements per cloud.

    Attributes
    ----------
    group : e.g. ``"E(3)"``.
    matrices : ``(..., m, d, d)``; element ``j`` is ``(matrices[..., j, :, :], translations)``,
        columns are the signed principal axes (zero columns on a null block of dimension >= 2).
    translations : ``(..., d)`` (zeros for O(d), SO(d)).
    eigenvalues : ``(..., d)`` descending covariance eigenvalues.
    null_dim : ``(...,)`` integer array (same kind and device as the points), number of null
        eigenvalues.

    >>> X = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 2.0], [4.0, 2.0]])
    >>> F = frames(X, "E(2)")
    >>> F.size, F.translations
    (4, array([2., 1.]))
    >>> F.canonicalize(X).shape               # g^-1 . X for the 4 frame elements
    (4, 4, 2)
    >>> bool(np.allclose(F.act(F.canonicalize(X)), X))   # g . (g^-1 . X) = X
    True
    """

    group: str
    matrices: Any
    translations: Any
    eigenvalues: Any
    null_dim: Any

    def __post_init__(self) -> None:
        if not isinstance(self.group, str):
            raise TypeError(f"group={self.group!r} must be a str such as 'E(3)'")
        for name in ("matrices", "translations"):
            value = getattr(self, name)
            if not hasattr(value, "shape"):
                raise TypeError(f"{name} must be an array, got {type(value).__name__}")
        if self.matrices.ndim < 3 or self.matrices.shape[-1] != self.matrices.shape[-2]:
            raise ValueError(f"matrices must have shape (..., m, d, d); got "
                             f"{tuple(self.matrices.shape)}")
        check_finite_host(self.matrices, "matrices")
        check_finite_host(self.translations, "translations")

    @property
    def size(self) -> int:
        """Number ``m`` of frame elements per cloud.

        >>> frames(np.random.default_rng(0).normal(size=(6, 2)), "SO(2)").size   # 2^(d-1)
        2
        """
        return int(self.matrices.shape[-3])

    def canonicalize(self, points: Any) -> Any:
        """``g^-1 . X = (X - t) M_j`` for every frame element: ``(..., n, d) -> (..., m, n, d)``.

        The canonical copies are the same for ``X`` and any ``g.X`` (as a set of ``m``):

        >>> X = np.random.default_rng(0).normal(size=(6, 2))
        >>> c = frames(X, "E(2)").canonicalize(X)
        >>> c2 = frames(-X + 3.0, "E(2)").canonicalize(-X + 3.0)
        >>> bool(np.allclose(np.sort(c.reshape(4, -1), axis=0), np.sort(c2.reshape(4, -1), axis=0)))
        True
        """
        x = _points(points, "points")
        d = self.matrices.shape[-1]
        if x.ndim < 2 or x.shape[-1] != d:
            raise ValueError(f"points of shape {tuple(x.shape)} must be (..., n, {d}) to be "
                             "canonicalised by this frame")
        check_finite_host(x, "points")
        xc = x - self.translations[..., None, :]
        out = xc[..., None, :, :] @ self.matrices
        if not (_array.is_torch(out) or _array.is_jax(out)) and not np.isfinite(out).all():
            raise ValueError("the canonical copies overflow the float range for finite points "
                             "(the frame's matrices or translations are too large)")
        return out

    def act(self, y: Any, *, translate: bool = True) -> Any:
        """``g_j . y = y M_j^T (+ t)`` on outputs ``(..., m, *event, d)`` (last axis: vectors).

        >>> X = np.random.default_rng(0).normal(size=(6, 2))
        >>> F = frames(X, "E(2)")
        >>> bool(np.allclose(F.act(F.canonicalize(X)), X))      # g . (g^-1 . X) = X
        True
        """
        if not isinstance(translate, (bool, np.bool_)):
            raise TypeError(f"translate={translate!r} must be a bool")
        y = _points(y, "y")
        check_finite_host(y, "y")
        m, d = self.size, self.matrices.shape[-1]
        batch = tuple(self.matrices.shape[:-3])
        if tuple(y.shape[: len(batch) + 1]) != (*batch, m) or y.shape[-1] != d:
            raise ValueError(f"equivariant output of shape {tuple(y.shape)} must be "
                             f"(*batch, m, ..., d) = {(*batch, m)} + (..., {d}) to be rotated")
        xp = _array.namespace(y)
        flat = xp.reshape(y, (*batch, m, -1, d))
        out = flat @ xp.matrix_transpose(self.matrices)
        if translate:
            out = out + self.translations[..., None, None, :]
        return xp.reshape(out, tuple(y.shape))


def _sign_sets(d: int) -> tuple[np.ndarray, np.ndarray]:
    alphas = np.array(list(itertools.product([1.0, -1.0], repeat=d)))
    prod = alphas.prod(axis=1)
    return alphas[prod > 0], alphas[prod < 0]


def frames(
    points: Any,
    group: str,
    *,
    rtol: float | None = None,
    degenerate: Literal["raise", "sample"] = "raise",
    n_samples: int = 16,
    rng: np.random.Generator | int | None = None,
) -> Frame:
    """The PCA frames of Puny et al. for a batch of point clouds (see the module docstring).

    Parameters
    ----------
    points : ``(..., n, d)`` NumPy array, torch tensor or JAX array (the result has the same
        kind, dtype and device; torch stays differentiable).
    group : ``"E(d)"``, ``"SE(d)"``, ``"O(d)"`` or ``"SO(d)"``; ``d`` may be the letter ``n``.
    rtol : relative tolerance (to the largest eigenvalue) for null and degenerate eigenvalues;
        None (default): ``sqrt(eps)`` of the points' dtype (1.5e-8 for float64, 3.5e-4 for
        float32), see the module docstring.
    degenerate : ``"raise"``, ``"sample"`` or ``"ignore"``: what to do with degenerate non-null
        eigenvalues. ``"ignore"`` skips every value-dependent check (non-finite input,
        degenerate spectra; near-ties are then treated as simple): nothing is read back from
        the device, so it runs under ``jax.jit``, ``torch.compile`` and on torch's ``meta``
        device. The checks of ``"raise"``/``"sample"`` read one boolean per call.
    n_samples : number of Haar-random bases per degenerate block when ``degenerate="sample"``.
    rng : numpy Generator or seed for ``degenerate="sample"``.

    Returns
    -------
    :class:`Frame` with ``m = 2^d`` (E, O) or ``2^(d-1)`` (SE, SO) elements per cloud (times
    ``n_samples`` when degenerate blocks were sampled).

    >>> X = np.random.default_rng(0).normal(size=(10, 3))
    >>> F = frames(X, "SE(3)")
    >>> F.size, bool(np.allclose(np.linalg.det(F.matrices), 1.0))
    (4, True)
    >>> frames(X, "E(3)").size
    8
    """
    if not isinstance(degenerate, str) or degenerate not in ("raise", "sample", "ignore"):
        raise ValueError(f"degenerate={degenerate!r} must be 'raise', 'sample' or 'ignore'")
    n_samples = check_count(n_samples, "n_samples", low=1)
    rng = check_rng(rng)
    x = _points(points, "points")
    rtol = resolve_rtol(rtol, x.dtype)
    check_magnitude_host(x, "points")
    xp = _array.namespace(x)
    if x.ndim < 2:
        raise ValueError(f"points must have shape (..., n, d); got shape {tuple(x.shape)}")
    d = int(x.shape[-1])
    name, translate, special = _parse_group(group, d)
    n_clouds = math.prod(int(k) for k in x.shape[:-2])
    if d > 40:
        raise ValueError(f"points of dimension d={d} have a frame of 2**{d} elements; the "
                         "limit is d <= 40 (and the memory limit below)")
    check_memory(n_clouds * 2 ** d * d * d * 8, "points",
                 f"a frame of 2**{d} matrices {d}x{d} per cloud ({n_clouds} clouds)")
    check = degenerate != "ignore"
    # lam: eigenvalues of C / s^2; rel = s / max|x|
    t, lam, vec, s, rel = scaled_axes(xp, x, translate, check=check)
    null, tied, bad = classify(xp, x, lam, rel, rtol)
    null_dim = xp.sum(xp.astype(null, xp.int64), axis=-1)
    batch = tuple(lam.shape[:-1])

    q_blocks = None
    if check and bool(xp.any(bad) | xp.any(tied)):  # one boolean read; none for "ignore"
        if bool(xp.any(bad)):
            raise ValueError("points contain NaN or infinite coordinates")
        tied_np = to_host(tied)
        if degenerate == "raise":
            where = np.argwhere(tied_np.reshape(-1, d - 1))[0]
            lam_np = to_host(lam * (s * s)[..., None]).reshape(-1, d)
            raise ValueError(
                f"degenerate covariance spectrum: eigenvalues {where[1] + 1} and {where[1] + 2} "
                f"(descending) of cloud {where[0]} coincide within rtol={rtol} "
                f"({lam_np[where[0]]}); the PCA frame is not finite. Pass "
                "degenerate='sample' for a Monte Carlo frame over the degenerate block, or "
                "perturb the points"
            )
        check_memory(n_clouds * n_samples * d * d * 8 * 2 ** d, "n_samples",
                     f"{n_samples} sampled frames of {2 ** d} sign choices per cloud "
                     f"({n_clouds} clouds, d={d})")
        q_blocks = _degenerate_block_rotations(tied_np, d, n_samples, rng)

    # columns of a null block of dimension >= 2 are averaged over O(k) in closed form: zero
    keep = xp.astype(~(null & (null_dim[..., None] >= 2)), x.dtype)  # (..., d)
    plus, minus = (_array.asarray_like(a, x) for a in _sign_sets(d))
    if q_blocks is None:
        bases = vec[..., None, :, :]  # (..., 1, d, d)
    else:
        bases = xp.einsum("...ij,...sjk->...sik", vec, _array.asarray_like(q_blocks, x))
    if special:
        positive = xp.linalg.det(bases) > 0  # (..., S), on the device
        alphas = xp.where(positive[..., None, None], plus, minus)  # (..., S, m0, d)
    else:
        both = xp.concat([plus, minus], axis=0)
        alphas = xp.broadcast_to(both, (*bases.shape[:-2], 2 ** d, d))
    col = alphas * keep[..., None, None, :]  # (..., S, m0, d)
    mats = bases[..., :, None, :, :] * col[..., :, :, None, :]
    mats = xp.reshape(mats, (*batch, -1, d, d))
    with np.errstate(over="ignore"):  # eigenvalues beyond the float range become inf
        eig = lam * (s * s)[..., None]
    return Frame(group=name, matrices=mats, translations=t, eigenvalues=eig, null_dim=null_dim)


def _degenerate_block_rotations(tied: np.ndarray, d: int, n_samples: int,
                                rng: np.random.Generator) -> np.ndarray:
    """Block-diagonal ``(..., n_samples, d, d)`` with a Haar O(k) on each degenerate block."""
    n_samples = check_count(n_samples, "n_samples", low=1)
    batch = tied.shape[:-1]
    q = np.broadcast_to(np.eye(d), (*batch, n_samples, d, d)).copy()
    flat_q = q.reshape(-1, n_samples, d, d)
    for b, row in enumerate(tied.reshape(-1, d - 1)):
        i = 0
        while i < d - 1:
            if not row[i]:
                i += 1
                continue
            j = i
            while j < d - 1 and row[j]:
                j += 1
            k = j - i + 1  # block of eigen-indices i..j
            flat_q[b, :, i:j + 1, i:j + 1] = haar_orthogonal(k, n_samples, rng=rng,
                                                             special=False)
            i = j + 1
    return flat_q.reshape(q.shape)


def frame_average(
    f: Callable[[Any], Any],
    points: Any,
    group: str,
    *,
    output: Literal["invariant", "equivariant"] = "invariant",
    translate_output: bool | None = None,
    batched: bool = True,
    frame: Frame | None = None,
    **frame_options: Any,
) -> Any:
    """Frame-average ``f`` so that the result is exactly invariant or equivariant.

    Parameters
    ----------
    f : the backbone. With ``batched=True`` (default) it must map ``(..., n, d)`` to
        ``(..., *out)`` treating leading axes as a batch (it is called once on all ``m`` frame
        copies); with ``batched=False`` it maps one cloud ``(n, d)`` to ``out`` and is looped.
    points : ``(..., n, d)`` numpy array or torch tensor.
    group : ``"E(d)"``, ``"SE(d)"``, ``"O(d)"`` or ``"SO(d)"``.
    output : ``"invariant"``: ``<f>(X) = mean_g f(g^-1 X)``, any output shape;
        ``"equivariant"``: ``<f>(X) = mean_g g . f(g^-1 X)`` where the output's last axis has
        length ``d`` and holds vectors/points (e.g. ``(n, d)`` per-point or ``(d,)`` global).
    translate_output : whether ``g`` also translates equivariant outputs (positions: True;
        velocities, forces, normals: False). Defaults to True for E and SE, False otherwise.
    batched : see ``f``.
    frame : a precomputed :func:`frames` result to reuse.
    **frame_options : ``rtol``, ``degenerate``, ``n_samples``, ``rng`` passed to :func:`frames`.

    Returns
    -------
    ``(..., *out)``, the same kind of array as ``points``.

    >>> rng = np.random.default_rng(1)
    >>> X = rng.normal(size=(6, 3))
    >>> f = lambda P: np.sin(P[..., 0, :] * [1.0, 2.0, 3.0]).sum(-1)   # not invariant
    >>> R = haar_orthogonal(3, 1, rng=rng)[0]
    >>> a = frame_average(f, X, "E(3)")
    >>> b = frame_average(f, X @ R.T + [1.0, -2.0, 0.5], "E(3)")
    >>> bool(abs(a - b) < 1e-12)
    True
    """
    if not callable(f):
        raise TypeError(f"f must be callable (the backbone); got {type(f).__name__}")
    if not isinstance(output, str) or output not in ("invariant", "equivariant"):
        raise ValueError(f"output={output!r} must be 'invariant' or 'equivariant'")
    if frame is not None and not isinstance(frame, Frame):
        raise TypeError(f"frame must be a Frame from frames(), got {type(frame).__name__}")
    x = _points(points, "points")
    check_magnitude_host(x, "points")
    xp = _array.namespace(x)
    F = frame if frame is not None else frames(x, group, **frame_options)
    canon = F.canonicalize(x)  # (..., m, n, d)
    nb = canon.ndim - 3
    if batched:
        y = f(canon)
    else:
        flat = xp.reshape(canon, (-1, *canon.shape[-2:]))
        outs = [_array.asarray_like(f(flat[i, ...]), x) for i in range(flat.shape[0])]
        y = xp.stack(outs, axis=0)
        y = xp.reshape(y, (*canon.shape[:-2], *y.shape[1:]))
    y = _array.asarray_like(y, x) if not hasattr(y, "shape") else y
    if output == "equivariant":
        if translate_output is None:
            translate_output = F.group.startswith(("E", "SE"))
        y = F.act(y, translate=translate_output)
    return xp.mean(y, axis=nb)
