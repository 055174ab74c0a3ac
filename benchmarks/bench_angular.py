"""symphys.angular against sympy, e3nn and scipy: coupling coefficients, harmonics.

Every "ours" callable starts cold (our caches cleared) so repeated runs measure the work, not a
lookup. Peers that cache (e3nn's ``lru_cache``) are cleared too. Targets are the issue's.
"""

from __future__ import annotations

import itertools
import random
import sys

import numpy as np
from run import Case


def _cold() -> None:
    from sympy.core.cache import clear_cache

    from symphys.angular import _blocks, _exact, bases, wigner3j

    gaunt_mod = sys.modules["symphys.angular.gaunt"]  # the package exports the function
    clear_cache()  # sympy caches the numbers both we and sympy build

    _blocks.BLOCK_CACHE.clear()
    _exact._ROOTS.clear()
    _exact._VALUES.clear()
    wigner3j._TABLE_3J.clear()
    gaunt_mod._TABLE.clear()
    for fn in (_blocks.binom_row, _blocks._binom_float, _blocks._binom_mod,
               _blocks.inv_sqrt_binom_dd, _blocks._binom_sqfree, _exact.fact_exponents,
               _exact.factorial, wigner3j._units, wigner3j._pair_terms, bases._c2r,
               bases.e3nn_q):
        fn.cache_clear()


def _symbols(lmax: int) -> list[tuple[int, ...]]:
    out = []
    for l1, l2, l3 in itertools.product(range(lmax + 1), repeat=3):
        if not abs(l1 - l2) <= l3 <= l1 + l2:
            continue
        for m1 in range(-l1, l1 + 1):
            for m2 in range(max(-l2, -l3 - m1), min(l2, l3 - m1) + 1):
                out.append((l1, l2, l3, m1, m2, -m1 - m2))
    return out


def _sympy_cold(fn, args):
    from sympy.core.cache import clear_cache

    def run():
        clear_cache()
        return [fn(*a) for a in args]
    return run


def cases():
    from sympy.physics import wigner as W

    from symphys.angular import (
        gaunt,
        gaunt_blocks,
        spherical_harmonics,
        wigner_3j,
        wigner_3j_block,
        wigner_3j_blocks,
    )

    def ours_exact(lmax):
        def run():
            _cold()
            return wigner_3j_blocks(lmax, exact=True, compact=True, progress=False)
        return run

    sym6 = _symbols(6)
    yield Case(f"exact 3j, all l<=6 ({len(sym6)} symbols)", ours_exact(6),
               "sympy wigner_3j", _sympy_cold(W.wigner_3j, sym6), repeat=3)

    sym16 = _symbols(16)
    sample = random.Random(0).sample(sym16, len(sym16) // 500)
    yield Case(f"exact 3j, all l<=16 ({len(sym16)} symbols)", ours_exact(16),
               f"sympy on a 1/500 sample ({len(sample)}), x500 to extrapolate",
               _sympy_cold(W.wigner_3j, sample), repeat=2,
               target="<= 2 s (sympy ~581 s)")

    def ours_float(lmax, compact):
        def run():
            _cold()
            return wigner_3j_blocks(lmax, compact=compact, exact=False)
        return run

    yield Case("float64 3j blocks, all l<=32 (compact m3=-m1-m2)", ours_float(32, True),
               repeat=3, target="<= 1 s")
    yield Case("float64 3j blocks, all l<=16 (dense)", ours_float(16, False), repeat=2)

    try:
        import torch
        from e3nn import o3
        from e3nn.o3 import _wigner
    except ImportError:  # e3nn is optional
        pass
    else:
        trip16 = [(a, b, c) for a in range(17) for b in range(17)
                  for c in range(abs(a - b), min(16, a + b) + 1)]

        def ours_e3nn():
            _cold()
            return [wigner_3j_block(*t, basis="e3nn", exact=False) for t in trip16]

        def peer_e3nn():
            _wigner._so3_clebsch_gordan.cache_clear()
            _wigner._su2_clebsch_gordan.cache_clear()
            return [o3.wigner_3j(*t, dtype=torch.float64) for t in trip16]

        yield Case(f"e3nn-basis 3j blocks, all l<=16 ({len(trip16)} blocks)", ours_e3nn,
                   "e3nn o3.wigner_3j float64 (cold cache)", peer_e3nn, repeat=1,
                   target=">= 100x faster than e3nn")

    g8 = _symbols(8)

    def ours_gaunt_blocks():
        _cold()
        return gaunt_blocks(8, exact=True, compact=True, progress=False)

    yield Case(f"exact Gaunt, all l<=8 ({len(g8)} symbols), gaunt_blocks", ours_gaunt_blocks,
               "sympy gaunt", _sympy_cold(W.gaunt, g8), repeat=3,
               target=">= 100x faster than sympy")

    def ours_gaunt_scalar():
        _cold()
        return [gaunt(*a) for a in g8]

    yield Case(f"exact Gaunt, all l<=8 ({len(g8)} symbols), scalar gaunt()", ours_gaunt_scalar,
               "sympy gaunt", _sympy_cold(W.gaunt, g8), repeat=3,
               target=">= 100x faster than sympy")

    def ours_3j_scalar():
        _cold()
        return [wigner_3j(*a) for a in sym6]

    yield Case(f"exact 3j, all l<=6 ({len(sym6)} symbols), scalar wigner_3j()", ours_3j_scalar,
               "sympy wigner_3j", _sympy_cold(W.wigner_3j, sym6), repeat=3)

    from scipy.special import sph_harm_y

    rng = np.random.default_rng(0)
    th, ph = rng.uniform(0, np.pi, 1000), rng.uniform(0, 2 * np.pi, 1000)
    lm = [(l, m) for l in range(61) for m in range(-l, l + 1)]
    yield Case("spherical harmonics l<=60, 1000 points", lambda: spherical_harmonics(60, th, ph),
               "scipy sph_harm_y (one call per l, m)",
               lambda: [sph_harm_y(l, m, th, ph) for l, m in lm], repeat=3)
