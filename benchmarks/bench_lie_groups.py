"""symphys.lie.groups against scipy: batched polar, chart, real log and SO(n) Haar sampling.

The targets are those of issue 6 (10^5 random 3x3 GL+ matrices, one core).
"""

import numpy as np
import scipy.linalg
from run import Case
from scipy.stats import special_ortho_group

from symphys.lie.groups import SO, chart, has_real_log, log, polar

N = 100_000
N_LOG_PEER = 2_000


def _glplus(n_mat, seed=0):
    g = np.random.default_rng(seed).standard_normal((n_mat, 3, 3))
    g[np.linalg.det(g) < 0, 0] *= -1
    return g


def _scipy_chart(x):
    k, p = scipy.linalg.polar(x, side="left")
    return scipy.linalg.logm(p), scipy.linalg.logm(k)


def cases():
    g = _glplus(N)
    yield Case(
        f"polar, {N} 3x3 GL+",
        lambda: polar(g),
        peer_name="scipy.linalg.polar loop",
        peer=lambda: [scipy.linalg.polar(x, side="left") for x in g],
        repeat=2, target="<= 0.2 s (scipy loop ~3 s)",
    )
    yield Case(f"chart xi^-1, {N} 3x3 GL+", lambda: chart(g), target="<= 0.4 s")
    few = g[:N_LOG_PEER]
    yield Case(
        f"chart xi^-1, {N_LOG_PEER} 3x3 GL+",
        lambda: chart(few),
        peer_name="scipy polar + 2 logm loop",
        peer=lambda: [_scipy_chart(x) for x in few],
        repeat=2,
    )
    glog = g[has_real_log(g)]
    yield Case(f"real log, {len(glog)} 3x3 with a real log", lambda: log(glog),
               target=">= 100x a scipy logm loop (next line)")
    small = glog[:N_LOG_PEER]
    yield Case(
        f"real log, {N_LOG_PEER} 3x3",
        lambda: log(small),
        peer_name="scipy.linalg.logm loop",
        peer=lambda: [scipy.linalg.logm(x) for x in small],
        repeat=2, target=">= 100x",
    )
    yield Case(
        f"SO(3) Haar sampling, {N}",
        lambda: SO(3).sample(N, rng=0),
        peer_name="scipy special_ortho_group.rvs",
        peer=lambda: special_ortho_group.rvs(3, size=N, random_state=0),
    )
