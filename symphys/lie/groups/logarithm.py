"""Matrix exponential and the real logarithm, batched, with an explicit test for existence.

Conventions
-----------
``exp(X) = sum_k X^k / k!``. ``log(g)`` returns a *real* matrix ``L`` with ``exp(L) = g``:

* when ``g`` has no eigenvalue on the closed negative real axis, ``L`` is the principal
  logarithm (eigenvalues with imaginary part in ``(-pi, pi)``), which is real and unique;
* when ``g`` has negative eigenvalues but still has a real logarithm (Culver's criterion below,
  e.g. a rotation by ``pi``, ``diag(-1, -1, 2)``), ``L`` is the real logarithm whose eigenvalues
  have imaginary parts in ``[-pi, pi]``; it is not unique (``+pi`` and ``-pi`` may be exchanged) and
  the choice made is the one returned;
* otherwise there is no real logarithm and :class:`NoRealLogarithm` is raised, naming the batch
  entries.

Culver's theorem (W. J. Culver, *On the existence and uniqueness of the real logarithm of a
matrix*, Proc. AMS 17 (1966) 1146): a real matrix has a real logarithm iff it is invertible and
each Jordan block belonging to a negative eigenvalue occurs an even number of times. A real
logarithm of ``g`` is exactly an ``X`` in gl(n, R) with ``exp(X) = g``, so ``has_real_log`` is also
the test for ``g`` lying in the image of ``exp: gl(n, R) -> GL(n, R)``.

Numerics: the principal logarithm is computed from a batched eigendecomposition
``g = V diag(lambda) V^-1``; entries whose eigenvector matrix is ill-conditioned (estimated
``cond(V) > 1e4``) are recomputed with :func:`scipy.linalg.logm` (inverse scaling and squaring).
Eigenvalues are treated as negative real when ``|Im| <= 1e-10 |lambda|``, and negative eigenvalues
within a relative ``1e-7`` of each other are treated as equal: within those tolerances the answer
is a statement about a nearby matrix. A defective eigenvalue (Jordan block of size k) comes out of
the eigenvalue solver spread over a radius ~ eps^(1/k), possibly off the real axis; so eigenvalues
within a relative ``1e-3`` of the negative axis and of each other are first taken together, and
accepted as one negative eigenvalue when the ranks of ``(g - mu)^k`` (relative tolerance 1e-8)
account for all of them.

Each negative eigenvalue is split off by an ordered real Schur form and a Sylvester equation
(block diagonalisation); on its block the logarithm is ``log(-g) + pi J`` with ``J`` a complex
structure (``J^2 = -1``) commuting with ``g`` there, built by pairing Jordan chains of equal
length, so paired blocks larger than 1 x 1 (e.g. ``J2(-1) + J2(-1)``) are handled too. The
Jordan structure comes from numerical ranks, which other eigenvalues very close to a negative
one (e.g. ``-1 +- 1e-6 i`` next to ``J2(-1)``) can fool; every logarithm on this path is
therefore checked, ``|exp(L) - g| <= 1e-8 |g|``, and a ValueError (not
:class:`NoRealLogarithm`) saying the structure is ill-resolved is raised instead of a wrong L.

:class:`NoRealLogarithm` is claimed only when it does not hang on rounding: a group of
eigenvalues near the negative axis with an odd count (a negative eigenvalue of odd
multiplicity), or a Jordan structure with unpaired blocks that accounts for every eigenvalue
near the axis, after each Schur selection mode has been tried as a construction and none gave a
verified logarithm (issue 19: ``exp(+-i(pi - 1e-9))`` next to ``J2(-1) + J2(-1)`` was wrongly
refused on another LAPACK build).
"""

from __future__ import annotations

import numpy as np
import scipy.linalg

from symphys.lie.groups._common import as_matrices, bad_indices, finite_result, transpose

__all__ = ["NoRealLogarithm", "exp", "log", "has_real_log", "in_image_of_exp"]

_IMAG_TOL = 1e-10
_CLUSTER_TOL = 1e-7
_RANK_TOL = 1e-8
_COND_MAX = 1e4
_NEAR_TOL = 1e-3
_RESIDUAL_TOL = 1e-8


class NoRealLogarithm(ValueError):
    """Raised by :func:`log` when some batch entries have no real logarithm.

    ``indices`` holds every batch index (a tuple) for which no logarithm is returned, whatever
    the path that failed, so callers can mask them out: singular entries, entries with no real
    logarithm (Culver's criterion fails) and entries whose negative-eigenvalue structure is
    numerically ill-resolved; the last are also listed in ``unresolved`` (for them a real
    logarithm may exist, but none could be computed reliably).

    >>> try:
    ...     log(np.diag([-1.0, -2.0, 0.5]))
    ... except NoRealLogarithm as err:
    ...     print(err.indices)
    [()]
    """

    def __init__(self, message: str, indices: list[tuple[int, ...]], *,
                 unresolved: list[tuple[int, ...]] | None = None):
        super().__init__(message)
        self.indices = indices
        self.unresolved = list(unresolved or [])


def exp(X: np.ndarray) -> np.ndarray:
    """Matrix exponential of real matrices, batched.

    Parameters
    ----------
    X : array, shape ``(..., n, n)``

    Returns
    -------
    array, shape ``(..., n, n)``: ``exp(X)``, computed by :func:`scipy.linalg.expm`
    (scaling and squaring with Pade approximants), which accepts batches.

    >>> import numpy as np
    >>> np.round(exp(np.array([[0.0, -np.pi / 2], [np.pi / 2, 0.0]])), 12) + 0.0
    array([[ 0., -1.],
           [ 1.,  0.]])
    """
    X = as_matrices(X, "X")
    with np.errstate(all="ignore"):
        out = np.asarray(scipy.linalg.expm(X), dtype=np.float64)
    return finite_result(out, "X")


def _negative_mask(lam: np.ndarray) -> np.ndarray:
    return (np.abs(lam.imag) <= _IMAG_TOL * np.abs(lam)) & (lam.real < 0)


def _zero_mask(lam: np.ndarray, g: np.ndarray) -> np.ndarray:
    scale = np.linalg.norm(g, axis=(-1, -2))[..., None]
    return np.abs(lam) <= 1e-14 * np.maximum(scale, np.finfo(float).tiny)


def _clusters(neg_values: np.ndarray) -> list[tuple[float, int]]:
    """Group sorted negative real eigenvalues into (mean, multiplicity) clusters."""
    vals = np.sort(neg_values)
    out: list[list[float]] = []
    for v in vals:
        if out and abs(v - out[-1][-1]) <= _CLUSTER_TOL * max(abs(v), abs(out[-1][-1])):
            out[-1].append(v)
        else:
            out.append([v])
    return [(float(np.mean(c)), len(c)) for c in out]


def _rank(a: np.ndarray, scale: float) -> int:
    s = np.linalg.svd(a, compute_uv=False)
    return int(np.sum(s > _RANK_TOL * scale))


def _jordan_block_counts(g: np.ndarray, mu: float, m: int, scale: float | None = None
                         ) -> dict[int, int]:
    """Number of Jordan blocks of each size for the eigenvalue ``mu`` (algebraic mult. ``m``)."""
    n = g.shape[-1]
    a = g - mu * np.eye(n)
    if scale is None:
        scale = max(1.0, float(np.linalg.norm(g, 2)))
    ranks = [n]
    power = np.eye(n)
    for k in range(1, m + 2):
        power = power @ a
        ranks.append(_rank(power, scale**k))
    counts = {}
    for k in range(1, m + 1):
        c = (ranks[k - 1] - ranks[k]) - (ranks[k] - ranks[k + 1])
        if c:
            counts[k] = c
    return counts


def _near_negative_mask(lam: np.ndarray) -> np.ndarray:
    return (np.abs(lam.imag) <= _NEAR_TOL * np.abs(lam)) & (lam.real < 0)


def _near_groups(lam: np.ndarray) -> list[np.ndarray]:
    """Eigenvalues within ``_NEAR_TOL`` of the negative axis, in groups of neighbours.

    Single linkage (two eigenvalues within a relative ``_NEAR_TOL`` share a group, and so on
    transitively), so every group is closed under complex conjugation: a group's count is odd
    only when it holds a negative real eigenvalue of odd multiplicity.
    """
    near = lam[_near_negative_mask(lam)]
    near = near[np.argsort(near.real, kind="stable")]
    k = len(near)
    label = list(range(k))

    def root(i: int) -> int:
        while label[i] != i:
            label[i] = label[label[i]]
            i = label[i]
        return i

    for i in range(k):
        for j in range(i + 1, k):
            if abs(near[i] - near[j]) <= _NEAR_TOL * max(abs(near[i]), abs(near[j])):
                label[root(j)] = root(i)
    groups: dict[int, list[complex]] = {}
    for i in range(k):
        groups.setdefault(root(i), []).append(near[i])
    return [np.array(grp) for grp in groups.values()]


_MODES = ("gap", "spread", "tight")


def _negative_structure(g: np.ndarray, lam: np.ndarray, mode: str = "gap"
                        ) -> list[tuple[float, int, dict[int, int], float]]:
    """Negative real eigenvalues of one matrix: ``(mu, multiplicity, Jordan block counts, radius)``
    with ``radius`` the distance from ``mu`` within which its computed eigenvalues lie.

    A defective eigenvalue with a block of size k is returned by ``eigvals`` as a ring of radius
    ~ eps^(1/k) around it, possibly off the real axis. So eigenvalues within a relative
    ``_NEAR_TOL`` of the negative axis are first grouped loosely, and a group is accepted as one
    real eigenvalue ``mu`` (its mean) when the ranks of ``(g - mu)^k`` give a valid Jordan
    structure (positive block counts) accounting for all of it.
    Otherwise the group is split with the tight tolerances (``_IMAG_TOL``, ``_CLUSTER_TOL``).

    ``mode`` chooses how the group's eigenvalues are selected in the ordered Schur form (whose
    own eigenvalue estimates of a defective eigenvalue differ from ``eigvals``' at the ~1e-8
    scale): ``"gap"`` within half the distance to the rest of the spectrum (robust to that
    rounding), ``"spread"`` within twice the observed spread, ``"tight"`` skips the loose
    acceptance. :func:`_decide` tries them in turn and verifies every logarithm it returns.
    """
    groups = _near_groups(lam)
    n = g.shape[-1]
    scale = max(1.0, float(np.linalg.norm(g, 2)))
    out = []
    for arr in groups:
        mu, m = float(np.mean(arr.real)), len(arr)
        spread = float(np.max(np.abs(arr - mu)))
        radius = 2 * spread + 1e-12 * abs(mu)
        if mode == "gap":
            others = np.abs(lam - mu)
            others = others[others > radius]
            gap = float(np.min(others)) if others.size else abs(mu)
            radius = max(radius, min(0.5 * gap, 0.5 * abs(mu)))
        counts = None if mode == "tight" else _isolated_block_counts(g, mu, radius, m, scale)
        if counts is not None and spread <= abs(mu) * max(
                _CLUSTER_TOL, (1e3 * n * np.finfo(float).eps) ** (1 / max(counts))):
            out.append((mu, m, counts, radius))
            continue
        tight = arr[_negative_mask(arr)]
        for mu, m in _clusters(tight.real):
            members = tight[np.abs(tight.real - mu) <= _CLUSTER_TOL * abs(mu)]
            radius = 2 * float(np.max(np.abs(members - mu))) + 1e-12 * abs(mu)
            counts = _isolated_block_counts(g, mu, radius, m, scale)
            if counts is None:
                counts = _jordan_block_counts(g, mu, m)
            out.append((mu, m, counts, radius))
    return out


def _isolated_block_counts(g: np.ndarray, mu: float, radius: float, m: int, scale: float
                           ) -> dict[int, int] | None:
    """Jordan block counts of the ``m`` eigenvalues within ``radius`` of ``mu``, or None.

    The eigenvalues are moved to the leading ``m x m`` block of an ordered real Schur form, so
    that other eigenvalues close to ``mu`` (e.g. a complex pair ``mu +- i delta``) cannot pass
    for nilpotent parts in the ranks of ``(T11 - mu)^k``. None when the selection does not hold
    exactly ``m`` eigenvalues or the counts are not a valid Jordan structure of size ``m``.
    """
    try:
        T, _, sdim = scipy.linalg.schur(
            g, output="real", sort=lambda x, y: abs(complex(x, y) - mu) <= radius)
    except (np.linalg.LinAlgError, ValueError):
        return None
    if sdim != m:
        return None
    counts = _jordan_block_counts(T[:m, :m], mu, m, scale)
    if counts and all(c > 0 for c in counts.values()) and sum(
            k * c for k, c in counts.items()) == m:
        return counts
    return None


def _odd_group(lam: np.ndarray) -> bool:
    """Whether some group of eigenvalues near the negative axis has an odd count.

    Non-real eigenvalues of a real matrix come in conjugate pairs, so an odd count means a
    negative real eigenvalue of odd algebraic multiplicity, whose Jordan blocks cannot pair up:
    no real logarithm, for this matrix and for every real matrix close enough to keep the group
    apart from the rest of the spectrum. This verdict does not depend on rounding.
    """
    return any(len(grp) % 2 for grp in _near_groups(lam))


def _culver(structure: list[tuple[float, int, dict[int, int], float]]) -> bool:
    return all(m % 2 == 0 and all(c % 2 == 0 for c in counts.values())
               for _, m, counts, _ in structure)


def _clean(structure: list[tuple[float, int, dict[int, int], float]], lam: np.ndarray) -> bool:
    """Whether a structure is a trustworthy verdict: valid Jordan counts, and every eigenvalue
    near the negative axis that it leaves out is resolved as non-real (``|Im|`` well above the
    ~sqrt(n eps) spread of a defective eigenvalue), not set aside by rounding."""
    if not all(sum(k * c for k, c in counts.items()) == m and all(c > 0 for c in counts.values())
               for _, m, counts, _ in structure):
        return False
    near = lam[_near_negative_mask(lam)]
    resolution = np.sqrt(1e3 * len(lam) * np.finfo(float).eps) * np.abs(near)
    accounted = sum(m for _, m, _, _ in structure)
    return len(near) - accounted <= int(np.count_nonzero(np.abs(near.imag) > resolution))


def _decide(g: np.ndarray, lam: np.ndarray) -> tuple[str, np.ndarray | None]:
    """``("yes", L)``, ``("no", None)`` or ``("unresolved", None)`` for one matrix with
    eigenvalues near the negative axis.

    "no" is claimed only when it is certain (:func:`_odd_group`), or when the Jordan structure
    from the numerical ranks has unpaired blocks *and* no selection mode of
    :func:`_negative_structure` yields a logarithm: every mode whose structure passes Culver's
    test is tried, and a logarithm is accepted only when ``|exp(L) - g| <= 1e-8 |g|``. So the
    classification of eigenvalues within rounding of the negative axis (e.g. a pair
    ``exp(+-i(pi - 1e-9))`` next to ``J2(-1)`` blocks) cannot turn into a false "no".
    """
    if _odd_group(lam):
        return "no", None
    negative_seen = False
    for mode in _MODES:
        try:
            structure = _negative_structure(g, lam, mode)
        except (ValueError, np.linalg.LinAlgError):
            continue
        if not _culver(structure):
            negative_seen = negative_seen or _clean(structure, lam)
            continue
        try:
            with np.errstate(all="ignore"):
                L = _real_log_negative(g, mode)
                resid = np.linalg.norm(scipy.linalg.expm(L) - g) / np.linalg.norm(g)
        except (ValueError, np.linalg.LinAlgError):
            continue
        if np.all(np.isfinite(L)) and resid <= _RESIDUAL_TOL:
            return "yes", L
    return ("no", None) if negative_seen else ("unresolved", None)


def has_real_log(g: np.ndarray) -> np.ndarray:
    """Whether each real matrix has a real logarithm (equivalently, lies in exp(gl(n, R))).

    Culver's criterion: invertible, and every Jordan block of a negative eigenvalue occurs an
    even number of times. Negative eigenvalues of odd multiplicity therefore rule it out.

    Parameters
    ----------
    g : array, shape ``(..., n, n)``

    Returns
    -------
    bool array, shape ``(...)``.

    >>> import numpy as np
    >>> has_real_log(np.diag([-1.0, -2.0, 0.5]))           # distinct negative eigenvalues
    array(False)
    >>> has_real_log(np.diag([-1.0, -1.0, 2.0]))           # a rotation by pi, times diag(1,1,2)
    array(True)
    >>> has_real_log(np.array([[-1.0, 1.0], [0.0, -1.0]]))  # one Jordan block J2(-1)
    array(False)
    """
    g = as_matrices(g, "g")
    lam = np.linalg.eigvals(g)
    zero = _zero_mask(lam, g).any(axis=-1)
    neg = _near_negative_mask(lam).any(axis=-1)
    out = np.array(~zero)
    for idx in np.argwhere(neg & ~zero):
        t = tuple(idx)
        out[t] = _decide(g[t], lam[t])[0] != "no"
    return out


def in_image_of_exp(g: np.ndarray, *, group: object = None) -> np.ndarray:
    """Whether ``g = exp(X)`` with X in the Lie algebra of ``group`` (default gl(n, R)).

    For gl(n, R) this is :func:`has_real_log` (a real logarithm *is* such an X); with a group it
    calls ``group.in_image_of_exp`` (membership is checked there). Bool array ``(...)``.

    >>> import numpy as np
    >>> in_image_of_exp(np.array([[-2.0, 0.0], [0.0, -0.5]]))    # SL(2), trace < -2
    array(False)
    >>> in_image_of_exp(-np.eye(2))
    array(True)
    """
    if group is None:
        return has_real_log(g)
    if not callable(getattr(group, "in_image_of_exp", None)):
        raise TypeError(f"group must be a matrix group (e.g. SL(2)) or None, got "
                        f"{type(group).__name__}")
    return group.in_image_of_exp(g)


def _principal_log_eig(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigendecomposition log of a stack ``(m, n, n)``: (L, ok), ok = well-conditioned."""
    lam, v = np.linalg.eig(g)
    try:
        vinv = np.linalg.inv(v)
    except np.linalg.LinAlgError:
        return np.zeros_like(g), np.zeros(g.shape[0], dtype=bool)
    cond = np.linalg.norm(v, axis=(-1, -2)) * np.linalg.norm(vinv, axis=(-1, -2))
    L = (v * np.log(lam)[..., None, :]) @ vinv
    scale = np.maximum(np.linalg.norm(L.real, axis=(-1, -2)), 1.0)
    ok = (cond <= _COND_MAX) & (np.linalg.norm(L.imag, axis=(-1, -2)) <= 1e-8 * scale)
    return L.real.copy(), ok


def _principal_log_scipy(g: np.ndarray) -> np.ndarray:
    L = scipy.linalg.logm(g)
    return np.real(L)


def _paired_complex_structure(nil: np.ndarray, counts: dict[int, int], scale: float
                              ) -> np.ndarray:
    """A complex structure ``J`` (``J @ J = -I``) commuting with the nilpotent matrix ``nil``.

    ``counts`` maps each Jordan block size of ``nil`` to its number of blocks, all even
    (Culver's criterion). Jordan chains ``v, nil v, ..., nil^(k-1) v`` are built from heads
    ``v`` in ``ker nil^k`` outside ``ker nil^(k-1) + nil ker nil^(k+1)``; chains of equal
    length are paired, ``(a_j, b_j) -> (b_j, -a_j)``, which commutes with ``nil`` and
    squares to ``-I``.
    """
    m = nil.shape[0]
    top = max(counts)
    powers = [np.eye(m)]
    for _ in range(top + 1):
        powers.append(powers[-1] @ nil)

    def kernel(k: int) -> np.ndarray:
        if k == 0:
            return np.zeros((m, 0))
        _, s, vt = np.linalg.svd(powers[k])
        rank = int(np.sum(s > _RANK_TOL * scale**k))
        return vt[rank:].T

    heads: list[list[np.ndarray]] = []
    for k in sorted(counts, reverse=True):
        c = counts[k]
        span = np.concatenate([kernel(k - 1), nil @ kernel(k + 1)], axis=1)
        if span.shape[1]:
            u, s, _ = np.linalg.svd(span, full_matrices=False)
            q = u[:, s > _RANK_TOL * max(1.0, float(s[0]))]
        else:
            q = np.zeros((m, 0))
        ker = kernel(k)
        rest = ker - q @ (q.T @ ker)
        u, _, _ = np.linalg.svd(rest, full_matrices=False)
        chains = [[np.linalg.matrix_power(nil, j) @ u[:, i] for j in range(k)] for i in range(c)]
        heads.append(chains)
    cols, pairs = [], []
    for chains in heads:
        for a, b in zip(chains[::2], chains[1::2], strict=True):
            for x, y in zip(a, b, strict=True):
                pairs.append((len(cols), len(cols) + 1))
                cols.extend([x, y])
    w = np.stack(cols, axis=1)
    Jc = np.zeros((m, m))
    for p, q in pairs:
        Jc[q, p], Jc[p, q] = 1.0, -1.0
    return w @ Jc @ np.linalg.inv(w)


def _real_log_negative(g: np.ndarray, mode: str = "gap") -> np.ndarray:
    """A real logarithm of one matrix with negative eigenvalues (Culver's criterion holds).

    For a negative eigenvalue ``mu`` (multiplicity m), an ordered real Schur form
    ``g = Z [[T11, T12], [0, T22]] Z^T`` puts its eigenvalues in ``T11`` (m x m); the Sylvester
    equation ``T11 X - X T22 = -T12`` block-diagonalises it (Bavely-Stewart), well conditioned
    while ``mu`` is separated from the rest of the spectrum. On the ``T11`` block
    ``log = log(-T11) + pi J`` with ``J`` a complex structure (``J^2 = -1``) commuting with
    ``T11`` (:func:`_paired_complex_structure`); ``T22`` is treated the same way recursively,
    and its principal logarithm is taken once no negative eigenvalue is left.
    """
    n = g.shape[-1]
    clusters = _negative_structure(g, np.linalg.eigvals(g), mode)
    if not clusters:
        return _principal_log_scipy(g)
    mu, m, counts, radius = clusters[0]
    if sum(k * c for k, c in counts.items()) != m or any(c <= 0 for c in counts.values()):
        raise ValueError(
            f"g: the negative eigenvalue {mu:.6g} is numerically ill-resolved (multiplicity "
            f"{m} from the eigenvalues, Jordan blocks {counts} from ranks); cannot compute a "
            "reliable real logarithm")
    T, Z, sdim = scipy.linalg.schur(
        g, output="real", sort=lambda x, y: abs(complex(x, y) - mu) <= radius)
    if sdim != m:
        raise ValueError(f"g: the {m} eigenvalues near {mu:.6g} could not be separated")
    scale = max(1.0, float(np.linalg.norm(g, 2)))
    T11 = T[:m, :m]
    J = _paired_complex_structure(-T11 + mu * np.eye(m), counts, scale)
    L11 = _principal_log_scipy(-T11) + np.pi * J
    if m == n:
        return Z @ L11 @ Z.T
    T12, T22 = T[:m, m:], T[m:, m:]
    X = scipy.linalg.solve_sylvester(T11, -T22, -T12)
    L22 = _real_log_negative(T22, mode)
    LT = np.zeros((n, n))
    LT[:m, :m], LT[m:, m:] = L11, L22
    LT[:m, m:] = X @ L22 - L11 @ X
    return Z @ LT @ Z.T


def log(g: np.ndarray) -> np.ndarray:
    """Real matrix logarithm, batched: the principal one where it exists (see module docstring).

    Parameters
    ----------
    g : array, shape ``(..., n, n)``, real.

    Returns
    -------
    array, shape ``(..., n, n)``, real, with ``exp(log(g)) == g``.

    Raises
    ------
    NoRealLogarithm
        (a ValueError) listing, in ``indices``, every batch index without a logarithm: no real
        logarithm exists (e.g. SL(2) elements with trace < -2, or ``diag(-1, -2, 1/2)``, where
        :func:`scipy.linalg.logm` returns a complex matrix), or (also in ``unresolved``) the
        negative-eigenvalue structure is numerically ill-resolved.

    >>> import numpy as np
    >>> R = np.array([[-1.0, 0, 0], [0, -1.0, 0], [0, 0, 1.0]])   # rotation by pi about z
    >>> L = log(R)
    >>> bool(np.allclose(L, -L.T)), bool(np.allclose(exp(L), R))
    (True, True)
    >>> log(np.array([[2.0, 0.0], [0.0, 3.0]])).round(6)
    array([[0.693147, 0.      ],
           [0.      , 1.098612]])
    >>> J2 = np.array([[-1.0, 1.0], [0.0, -1.0]])                # Jordan block J2(-1), paired
    >>> pair = np.kron(np.eye(2), J2)
    >>> bool(np.allclose(exp(log(pair)), pair, atol=1e-12))
    True
    """
    g = as_matrices(g, "g")
    batch = g.shape[:-2]
    n = g.shape[-1]
    flat = g.reshape(-1, n, n)
    lam = np.linalg.eigvals(flat)
    zero = _zero_mask(lam, flat).any(axis=-1)
    neg = _near_negative_mask(lam).any(axis=-1) & ~zero
    out = np.empty_like(flat)
    easy = ~(zero | neg)
    failed = zero.copy()
    if easy.any():
        L, ok = _principal_log_eig(flat[easy])
        rows = np.flatnonzero(easy)
        for k in np.flatnonzero(~ok):
            L[k] = _principal_log_scipy(flat[rows[k]])
        out[easy] = L
    unresolved = np.zeros_like(failed)
    for k in np.flatnonzero(neg):
        verdict, L = _decide(flat[k], lam[k])
        if verdict == "yes":
            out[k] = L
        elif verdict == "no":
            failed[k] = True
        else:
            unresolved[k] = True
    if failed.any() or unresolved.any():
        def listed(mask: np.ndarray) -> list[tuple[int, ...]]:
            return [tuple(int(i) for i in t) for t in np.argwhere(mask.reshape(batch))]

        parts = []
        if failed.any():
            parts.append(f"g has no real logarithm at batch indices "
                         f"{bad_indices(failed.reshape(batch))} (singular, or a negative "
                         "eigenvalue whose Jordan blocks do not pair up; Culver 1966)")
        if unresolved.any():
            parts.append(
                f"g at batch indices {bad_indices(unresolved.reshape(batch))}: the Jordan "
                "structure of a negative eigenvalue is numerically ill-resolved (mixed block "
                "sizes, or other eigenvalues within ~1e-5 of it), so no reliable real logarithm "
                f"could be computed (exp(log g) would miss g by more than {_RESIDUAL_TOL:g} "
                "relative)")
        raise NoRealLogarithm("; ".join(parts), listed(failed | unresolved),
                              unresolved=listed(unresolved))
    return out.reshape(g.shape)


def _log_rotation(k: np.ndarray) -> np.ndarray:
    """Skew-symmetric logarithm of rotation matrices ``(..., n, n)`` (private helper).

    n = 2, 3: closed forms. n >= 4: S = (k + kᵀ)/2 and A = (k - kᵀ)/2 commute; in an eigenbasis
    of S a rotation plane with angle θ has S = cos θ and A-columns of norm sin θ, so
    log k = A θ / sin θ there (batched). That formula amplifies the rounding of ``A`` (and the
    mixing of eigenvectors of S between planes of close angles) by ``θ / sin θ``, which lost up
    to 5-6 digits for two planes near π; so entries with an obtuse angle (some eigenvalue of S
    below 0, ``θ / sin θ > π/2``) are done one by one from the real Schur form
    (:func:`scipy.linalg.schur`: backward stable for this normal matrix, each angle read from
    its 2 x 2 block with ``arctan2``), which is accurate to a few ulp at every angle.
    """
    n = k.shape[-1]
    if k.size == 0:
        return np.zeros(k.shape)
    if n == 2:
        theta = np.arctan2(k[..., 1, 0] - k[..., 0, 1], k[..., 0, 0] + k[..., 1, 1])
        return theta[..., None, None] * np.array([[0.0, -1.0], [1.0, 0.0]])
    if n == 3:
        return _log_rotation3(k)
    S = 0.5 * (k + transpose(k))
    A = 0.5 * (k - transpose(k))
    c, v = np.linalg.eigh(S)
    At = transpose(v) @ A @ v
    s = np.linalg.norm(At, axis=-2)
    theta = np.arctan2(s, c)
    tiny = s <= 1e-300
    f = np.where(tiny, 1.0, theta / np.where(tiny, 1.0, s))
    hard = c[..., 0] < 0.0
    f = np.where(hard[..., None], 0.0, f)
    Y = v @ (At * np.sqrt(f[..., :, None] * f[..., None, :])) @ transpose(v)
    for idx in np.argwhere(hard):
        t = tuple(idx)
        Y[t] = _log_rotation_schur(k[t])
    return 0.5 * (Y - transpose(Y))


def _log_rotation_schur(k: np.ndarray) -> np.ndarray:
    """Skew log of one rotation from its real Schur form (block diagonal for a normal matrix):
    2 x 2 blocks give their angle in (-π, π]; 1 x 1 blocks equal to -1 are paired into π J."""
    T, Z = scipy.linalg.schur(k, output="real")
    n = k.shape[-1]
    Yt = np.zeros((n, n))
    negative = []
    i = 0
    while i < n:
        if i + 1 < n and T[i + 1, i] != 0.0:
            phi = np.arctan2(T[i + 1, i] - T[i, i + 1], T[i, i] + T[i + 1, i + 1])
            Yt[i + 1, i], Yt[i, i + 1] = phi, -phi
            i += 2
            continue
        if T[i, i] < 0:
            negative.append(i)
        i += 1
    if len(negative) % 2:
        raise ValueError("k is not a rotation: an odd number of eigenvalues -1")
    for p, q in zip(negative[::2], negative[1::2], strict=True):
        Yt[q, p], Yt[p, q] = np.pi, -np.pi
    return Z @ Yt @ Z.T


def _log_rotation3(k: np.ndarray) -> np.ndarray:
    """Inverse Rodrigues formula for SO(3), accurate at every angle.

    With ``c = (tr k - 1)/2``, ``w = vee(k - kᵀ)/2`` (``|w| = sin θ``): for ``c >= 0`` use
    ``θ/sin θ (k - kᵀ)/2``; for ``c < 0`` (θ > π/2) take the axis from the symmetric part,
    ``n nᵀ = ((k + kᵀ)/2 - c I)/(1 - c)``, which stays well conditioned up to θ = π, with the
    sign of ``n`` from ``w`` (either sign when θ = π exactly).
    """
    A = 0.5 * (k - transpose(k))
    w = np.stack([A[..., 2, 1], A[..., 0, 2], A[..., 1, 0]], axis=-1)
    s = np.linalg.norm(w, axis=-1)
    c = 0.5 * (np.trace(k, axis1=-2, axis2=-1) - 1.0)
    theta = np.arctan2(s, c)
    small = s <= 1e-300
    f = np.where(small, 1.0, theta / np.where(small, 1.0, s))
    Y = A * f[..., None, None]
    obtuse = c < 0
    if np.any(obtuse):
        ko, co, wo, tho = k[obtuse], c[obtuse], w[obtuse], theta[obtuse]
        nn = 0.5 * (ko + transpose(ko)) - co[:, None, None] * np.eye(3)
        nn = nn / (1.0 - co)[:, None, None]
        col = np.argmax(np.diagonal(nn, axis1=-2, axis2=-1), axis=-1)
        axis = np.take_along_axis(nn, col[:, None, None], axis=-1)[..., 0]
        axis = axis / np.linalg.norm(axis, axis=-1, keepdims=True)
        sign = np.where(np.sum(axis * wo, axis=-1) < 0, -1.0, 1.0)
        axis = axis * (sign * tho)[:, None]
        x, y, z = axis[:, 0], axis[:, 1], axis[:, 2]
        zero = np.zeros_like(x)
        Y[obtuse] = np.stack([np.stack([zero, -z, y], -1), np.stack([z, zero, -x], -1),
                              np.stack([-y, x, zero], -1)], axis=-2)
    return Y
