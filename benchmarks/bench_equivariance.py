"""Frame averaging: its overhead over the backbone alone, and its cost against Monte Carlo group
averaging at equal invariance error; TinvNN coordinates against textbook classical MDS.

Backbone: a PointNet-style map (per-point 3 -> 16 tanh layer, sum pooling, linear read-out),
evaluated on clouds of 100 points in R^3, in chunks of 100 clouds (both sides chunked alike).
"""

import numpy as np
from run import Case

from symphys.equivariance import frame_average, haar_orthogonal, invariant_coordinates

RNG = np.random.default_rng(0)
W1 = RNG.normal(size=(3, 16))
B1 = RNG.normal(size=16)
W2 = RNG.normal(size=16)
CHUNK = 100


def backbone(P):
    return np.tanh(P @ W1 + B1).sum(-2) @ W2 / P.shape[-2]


def chunked(fn, X):
    return np.concatenate([fn(X[i:i + CHUNK]) for i in range(0, len(X), CHUNK)])


def fa(X):
    return frame_average(backbone, X, "E(3)")


def mc_average(X, k, rng):
    """Monte Carlo group average over E(3): centre (exact for T(3)), then K Haar O(3) samples."""
    Xc = X - X.mean(-2, keepdims=True)
    R = haar_orthogonal(3, k, rng=rng, special=False)
    return np.mean([backbone(Xc @ r) for r in R], axis=0)


def invariance_error(avg, X, rng):
    """RMS over clouds of |avg(g.X) - avg(X)| for one random E(3) motion per cloud."""
    R = haar_orthogonal(3, len(X), rng=rng, special=False)
    moved = np.einsum("bnj,bij->bni", X, R) + rng.normal(size=(len(X), 1, 3))
    return float(np.sqrt(np.mean((avg(moved) - avg(X)) ** 2)))


def cases():
    clouds = RNG.normal(size=(10_000, 100, 3)) * [3.0, 2.0, 1.0]
    yield Case("FA E(3) invariant, 1e4 clouds x 100 pts", lambda: chunked(fa, clouds),
               peer_name="backbone alone", peer=lambda: chunked(backbone, clouds),
               target="overhead ~ |frame| = 8 backbone calls")
    copies = np.repeat(clouds[:2000], 8, axis=0)  # the same number of backbone evaluations
    yield Case("FA E(3) invariant, 2e3 clouds x 100 pts", lambda: chunked(fa, clouds[:2000]),
               peer_name="backbone on 8 copies of each cloud",
               peer=lambda: chunked(backbone, copies.reshape(-1, 8 * 100, 3)),
               target="frames + canonicalisation add little to 8 backbone calls")

    # equal invariance error: MC error falls as 1/sqrt(K); pick K for a relative error 1e-2
    small = clouds[:100]
    scale = float(np.sqrt(np.mean(fa(small) ** 2)))
    pilot = invariance_error(lambda Y: mc_average(Y, 16, np.random.default_rng(1)), small,
                             np.random.default_rng(2))
    target = 1e-2 * scale
    k = int(np.ceil(16 * (pilot / target) ** 2))
    fa_err = invariance_error(fa, small, np.random.default_rng(2))
    mc_err = invariance_error(lambda Y: mc_average(Y, k, np.random.default_rng(3)), small,
                              np.random.default_rng(2))
    yield Case(f"FA (inv. err {fa_err / scale:.0e} rel), 100 clouds", lambda: fa(small),
               peer_name=f"MC Haar averaging K={k} (inv. err {mc_err / scale:.0e} rel)",
               peer=lambda: mc_average(small, k, np.random.default_rng(3)), repeat=1,
               target="FA exact, MC needs K ~ 1/err^2 samples")

    tiny = clouds[:1000]

    def mds(X):
        n = X.shape[-2]
        D2 = ((X[:, :, None] - X[:, None]) ** 2).sum(-1)
        J = np.eye(n) - 1.0 / n
        lam, U = np.linalg.eigh(-0.5 * J @ D2 @ J)
        return U[..., ::-1][..., :3] * np.sqrt(np.maximum(lam[..., ::-1][..., :3], 0))[:, None]

    yield Case("invariant_coordinates, 1e3 clouds x 100 pts", lambda: invariant_coordinates(tiny),
               peer_name="classical MDS (n x n eigh)", peer=lambda: mds(tiny),
               target="d x d eigenproblem instead of n x n")
