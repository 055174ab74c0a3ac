"""Symmetry types: a group to sample from and how its elements act on inputs and outputs.

A *symmetry type* (in the sense of Kim et al., "Regularizing Towards Soft Equivariance Under
Mixed Symmetries", ICML 2023, arXiv:2306.00356) is a group together with its actions on a model's
input and output.
:class:`Symmetry` bundles the three; :func:`equivariance_error` and
:func:`soft_equivariance_penalty` only ever call ``sample``, ``act_input`` and ``act_output``.

Conventions
-----------
Point clouds are arrays ``(..., n, d)`` of ``n`` row vectors in ``R^d``. A group element
``g = (R, t, pi)`` (rotation ``R``, translation ``t``, permutation ``pi`` of the points; absent
parts are the identity) acts as

- ``"points"``:      ``(g.X)[i] = R X[pi[i]] + t``   (positions),
- ``"vectors"``:     ``(g.X)[i] = R X[pi[i]]``       (velocities, forces, normals),
- ``"permutation"``: ``(g.X)[i] = X[pi[i]]``         (per-point scalars of shape ``(..., n, c)``),
- ``"invariant"``:   ``g.X = X``                     (scalars).

Groups, with the sampling distribution used for each:

- ``"SO(d)"``, ``"O(d)"``: Haar (uniform) measure.
- ``"T(d)"``: translations ``t ~ N(0, translation_scale**2 I_d)`` (``R^d`` has no normalisable
  Haar measure, so a Gaussian is the stated choice).
- ``"SE(d)"``, ``"E(d)"``: Haar rotation times the Gaussian translation, independent.
- ``"S(n)"``: uniform random permutations of the ``n`` points.

``d`` and ``n`` may be the letter ``n``/``d`` (read off the input's shape) or an integer that
must match it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

import numpy as np

import symphys._array as _array
from symphys.equivariance._checks import (
    check_count,
    check_finite_host,
    check_memory,
    check_real,
    check_rng,
    points,
)

__all__ = ["GroupElements", "Symmetry", "haar_orthogonal", "apply_action", "ACTIONS"]

#: the named actions understood by :func:`apply_action`
ACTIONS = ("points", "vectors", "permutation", "invariant")

#: Largest matrix size of :func:`haar_orthogonal` (one QR of a dim x dim matrix per sample).
MAX_HAAR_DIM = 4096

_GROUP_RE = re.compile(r"^\s*(SO|O|SE|E|T|S)\s*\(\s*(\d+|n|d)\s*\)\s*$")


def haar_orthogonal(
    dim: int, size: int, *, rng: np.random.Generator | int | None = None, special: bool = True
) -> np.ndarray:
    """Haar-distributed random matrices of SO(dim) (``special=True``) or O(dim).

    SO(d) samples come from :func:`symphys.lie.groups.haar_so` (QR of a Gaussian matrix with the
    sign fix of Mezzadri, arXiv:math-ph/0609050). For O(d) the first column of each is negated
    with probability 1/2: ``O(d) = SO(d) u SO(d) r`` with ``r = diag(-1, 1, ..., 1)``, and right
    translation by ``r`` preserves Haar measure, so the mixture is Haar on O(d). ``dim = 1``
    gives ``[[1]]`` for SO(1) and ``[[+-1]]`` with equal probability for O(1).

    Parameters
    ----------
    dim : matrix size ``d >= 1``.
    size : number of samples.
    rng : numpy Generator, seed or None.
    special : SO(d) when True, O(d) when False.

    Returns
    -------
    ndarray of shape ``(size, dim, dim)``.

    >>> R = haar_orthogonal(3, 5, rng=0)
    >>> R.shape, np.allclose(R @ R.transpose(0, 2, 1), np.eye(3)), np.allclose(np.linalg.det(R), 1)
    ((5, 3, 3), True, True)
    """
    from symphys.lie.groups import haar_so

    dim = check_count(dim, "dim", low=1, high=MAX_HAAR_DIM)
    size = check_count(size, "size", low=0)
    if not isinstance(special, (bool, np.bool_)):
        raise TypeError(f"special={special!r} must be a bool")
    check_memory(8 * size * dim * dim, "size", f"{size} matrices {dim}x{dim}")
    rng = check_rng(rng)
    R = haar_so(dim, size, rng=rng).reshape(size, dim, dim)
    if not special:
        R[:, :, 0] *= rng.choice([-1.0, 1.0], size=size)[:, None]
    return R


@dataclass(frozen=True, kw_only=True)
class GroupElements:
    """A batch of ``s`` group elements ``g = (R, t, pi)``; ``None`` parts are the identity.

    Attributes
    ----------
    rotation : ``(s, d, d)`` orthogonal matrices or None.
    translation : ``(s, d)`` or None.
    permutation : ``(s, n)`` integer index arrays or None (``(g.X)[i] = X[pi[i]]``).

    >>> g = GroupElements(translation=np.zeros((4, 3)))
    >>> len(g)
    4
    """

    rotation: np.ndarray | None = None
    translation: np.ndarray | None = None
    permutation: np.ndarray | None = None

    def __post_init__(self) -> None:
        length = None
        for part, ndim in (("rotation", 3), ("translation", 2), ("permutation", 2)):
            value = getattr(self, part)
            if value is None:
                continue
            if isinstance(value, (str, bytes)) or not hasattr(value, "shape") \
                    and not isinstance(value, (list, tuple)):
                raise TypeError(f"{part} must be an array or None, got {type(value).__name__}")
            shape = tuple(np.shape(value))
            if len(shape) != ndim:
                raise ValueError(f"{part} must have {ndim} axes (s, ...); got shape {shape}")
            if length is not None and shape[0] != length:
                raise ValueError(f"{part} holds {shape[0]} elements but another part holds "
                                 f"{length}: they must match")
            length = shape[0]
            if _array.is_torch(value) or _array.is_jax(value):
                continue
            arr = np.asarray(value)
            if part == "permutation":
                if arr.dtype.kind not in "iu":
                    raise TypeError(f"permutation must hold integer indices, got {arr.dtype}")
                if arr.size and (arr.min() < 0 or arr.max() >= shape[1]):
                    raise ValueError(f"permutation indices must lie in [0, {shape[1]})")
            else:
                if arr.dtype.kind not in "biuf":
                    raise TypeError(f"{part} must hold real numbers, got dtype {arr.dtype}")
                if not np.isfinite(arr).all():
                    raise ValueError(f"{part} holds NaN or infinite entries")
                if part == "rotation" and shape[1:] != (shape[1], shape[1]):
                    raise ValueError(f"rotation must be (s, d, d); got shape {shape}")

    def __len__(self) -> int:
        for part in (self.rotation, self.translation, self.permutation):
            if part is not None:
                return int(np.shape(part)[0])
        return 0


def apply_action(g: GroupElements, x: Any, *, action: str = "points") -> Any:
    """Act with each of the ``s`` elements of ``g`` on ``x``; the result has a new leading axis.

    Parameters
    ----------
    g : the group elements (``len(g) = s``).
    x : array or torch tensor ``(..., n, d)`` (for ``"permutation"``: ``(..., n, c)``; for
        ``"invariant"``: any shape).
    action : one of ``"points"``, ``"vectors"``, ``"permutation"``, ``"invariant"`` (see the
        module docstring for the formulas).

    Returns
    -------
    ``(s, ..., n, d)`` array of the same kind as ``x``.

    NaN or inf in a NumPy ``x`` is a ValueError; torch and JAX arrays are not read back from
    their device, so NaN/inf in them propagate elementwise.

    >>> g = GroupElements(rotation=np.array([[[0.0, -1.0], [1.0, 0.0]]]),
    ...                   translation=np.array([[1.0, 0.0]]))
    >>> apply_action(g, np.array([[1.0, 0.0]]), action="points")  # rotate 90 degrees, shift
    array([[[1., 1.]]])
    >>> apply_action(g, np.array([[1.0, 0.0]]), action="vectors")
    array([[[0., 1.]]])
    """
    if not isinstance(g, GroupElements):
        raise TypeError(f"g must be a GroupElements, got {type(g).__name__}")
    if not isinstance(action, str) or action not in ACTIONS:
        raise ValueError(f"action={action!r} must be one of {ACTIONS}")
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"x must be an array, got {type(x).__name__}")
    xp = _array.namespace(x)
    x = points(x, "x") if action != "invariant" else _as_array(xp, x)
    if action != "invariant":
        check_finite_host(x, "x")
    s = len(g)
    lead = (1,) * (x.ndim - 2)
    if action == "invariant":
        return xp.stack([x] * s, axis=0)
    if x.ndim < 2:
        raise ValueError(f"x of shape {tuple(x.shape)} violates shape (..., n, d) required by "
                         f"action={action!r}; wrap a single vector as x[None]")
    if g.permutation is not None:
        perm = np.asarray(g.permutation)
        if perm.shape[-1] != x.shape[-2]:
            raise ValueError(f"permutation of {perm.shape[-1]} points does not fit x with "
                             f"{x.shape[-2]} points (axis -2)")
        y = xp.moveaxis(x[..., _array.asarray_like(perm, x), :], -3, 0)  # (s, ..., n, d)
    else:
        y = xp.stack([x] * s, axis=0)
    if action == "permutation":
        return y
    d = x.shape[-1]
    if g.rotation is not None:
        rot = _array.asarray_like(g.rotation, x)
        if tuple(rot.shape[-2:]) != (d, d):
            raise ValueError(f"rotation of shape {tuple(rot.shape[-2:])} does not act on "
                             f"vectors of dimension {d} (last axis of x)")
        y = xp.einsum("s...ij,s...nj->s...ni", xp.reshape(rot, (s, *lead, d, d)), y)
    if action == "points" and g.translation is not None:
        y = y + xp.reshape(_array.asarray_like(g.translation, x), (s, *lead, 1, d))
    return y


def _as_array(xp: Any, x: Any) -> Any:
    """``x`` as an array of its own library (Python values and lists become NumPy)."""
    return x if (_array.is_torch(x) or _array.is_jax(x)) else xp.asarray(x)


Sampler = Callable[[int, np.random.Generator, tuple[int, ...]], GroupElements]


@dataclass(frozen=True)
class Symmetry:
    """A symmetry type: a group, its sampling law, and its actions on input and output.

    Parameters
    ----------
    group : ``"SO(d)"``, ``"O(d)"``, ``"SE(d)"``, ``"E(d)"``, ``"T(d)"`` or ``"S(n)"`` (``d``/``n``
        literal letters mean "read from the input"), or any label when ``sampler`` is given.
    input_action, output_action : a name from :data:`ACTIONS` or a callable
        ``(g: GroupElements, x) -> (s, ...)`` array, applied to the model's input and output.
    translation_scale : standard deviation of the Gaussian translations of T, SE and E.
    sampler : optional ``sampler(size, rng, input_shape) -> GroupElements`` for a custom group.

    >>> sym = Symmetry("SE(3)", output_action="vectors")
    >>> g = sym.sample(2, rng=0, input_shape=(5, 3))
    >>> g.rotation.shape, g.translation.shape, sym.act_input(g, np.zeros((5, 3))).shape
    ((2, 3, 3), (2, 3), (2, 5, 3))
    """

    group: str
    _: KW_ONLY
    input_action: str | Callable[[GroupElements, Any], Any] = "points"
    output_action: str | Callable[[GroupElements, Any], Any] = "points"
    translation_scale: float = 1.0
    sampler: Sampler | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.group, str):
            raise TypeError(f"group={self.group!r} must be a str such as 'SO(3)'")
        if self.sampler is not None and not callable(self.sampler):
            raise TypeError(f"sampler={self.sampler!r} must be callable or None")
        if self.sampler is None and _GROUP_RE.match(self.group) is None:
            raise ValueError(f"group={self.group!r} must be one of SO(d), O(d), SE(d), E(d), T(d), "
                             "S(n) (d, n an integer or the letter), or pass sampler=")
        for name in ("input_action", "output_action"):
            act = getattr(self, name)
            if not callable(act) and (not isinstance(act, str) or act not in ACTIONS):
                raise ValueError(f"{name}={act!r} must be a callable or one of {ACTIONS}")
        check_real(self.translation_scale, "translation_scale", low=0.0)

    @property
    def name(self) -> str:
        """The group's label, e.g. ``"SO(3)"`` (spaces dropped unless the sampler is custom)."""
        return self.group if self.sampler is not None else self.group.replace(" ", "")

    def sample(
        self, size: int, *, rng: np.random.Generator | int | None = None,
        input_shape: tuple[int, ...] = (),
    ) -> GroupElements:
        """Draw ``size`` elements; ``input_shape`` (``(..., n, d)``) fixes ``d`` and ``n``.

        >>> g = Symmetry("S(n)").sample(3, rng=0, input_shape=(4, 2))
        >>> g.permutation.shape, sorted(g.permutation[0].tolist())
        ((3, 4), [0, 1, 2, 3])
        """
        rng = check_rng(rng)
        size = check_count(size, "size", low=0)
        try:
            input_shape = tuple(int(k) for k in input_shape)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"input_shape={input_shape!r} must be a tuple of ints") from exc
        if self.sampler is not None:
            return self.sampler(size, rng, input_shape)
        kind, k = _GROUP_RE.match(self.group).groups()
        if kind == "S":
            n = _resolve(k, input_shape, -2, "number of points")
            check_memory(8 * size * n, "size", f"{size} permutations of {n} points")
            return GroupElements(permutation=rng.permuted(np.tile(np.arange(n), (size, 1)),
                                                          axis=1))
        d = _resolve(k, input_shape, -1, "dimension")
        check_memory(8 * size * (d * d + d), "size", f"{size} elements of {self.group} in "
                     f"dimension {d}")
        rot = trans = None
        if kind in ("SO", "O", "SE", "E"):
            rot = haar_orthogonal(d, size, rng=rng, special=kind in ("SO", "SE"))
        if kind in ("T", "SE", "E"):
            trans = self.translation_scale * rng.standard_normal((size, d))
        return GroupElements(rotation=rot, translation=trans)

    def act_input(self, g: GroupElements, x: Any) -> Any:
        """``g.x`` for each element of ``g``: shape ``(s, *x.shape)``.

        >>> sym = Symmetry("T(2)")
        >>> sym.act_input(GroupElements(translation=np.array([[1.0, 2.0]])), np.zeros((3, 2)))[0]
        array([[1., 2.],
               [1., 2.],
               [1., 2.]])
        """
        return _act(self.input_action, g, x)

    def act_output(self, g: GroupElements, y: Any) -> Any:
        """``g.y`` for each element of ``g``: shape ``(s, *y.shape)``.

        >>> sym = Symmetry("T(2)", output_action="vectors")     # velocities: not translated
        >>> sym.act_output(GroupElements(translation=np.array([[1.0, 2.0]])), np.ones((1, 2)))
        array([[[1., 1.]]])
        """
        return _act(self.output_action, g, y)


def _as_symmetry(group: str | Symmetry, input_action: Any = None,
                output_action: Any = None) -> Symmetry:
    """``group`` as a :class:`Symmetry`, with the given actions overriding its own."""
    if not isinstance(group, (str, Symmetry)):
        raise TypeError(f"group={group!r} must be a group name such as 'SO(3)' or a Symmetry")
    sym = group if isinstance(group, Symmetry) else Symmetry(group)
    if input_action is None and output_action is None:
        return sym
    return Symmetry(sym.group,
                    input_action=input_action if input_action is not None else sym.input_action,
                    output_action=(output_action if output_action is not None
                                   else sym.output_action),
                    translation_scale=sym.translation_scale, sampler=sym.sampler)


def _act(action: Any, g: GroupElements, x: Any) -> Any:
    return action(g, x) if callable(action) else apply_action(g, x, action=action)


def _resolve(k: str, shape: tuple[int, ...], axis: int, what: str) -> int:
    if len(shape) < -axis:
        if k.isdigit():
            return int(k)
        raise ValueError(f"input_shape={shape} has no axis {axis} to read the {what} from")
    have = int(shape[axis])
    if k.isdigit() and int(k) != have:
        raise ValueError(f"group acts in {what} {k} but the input has {have} (axis {axis})")
    return have
