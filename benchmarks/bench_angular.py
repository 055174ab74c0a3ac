"""symphys.angular against sympy, pywigxjpf, wignernj, sphericart, e3nn and scipy.

Every "ours" callable marked *cold* starts with our caches cleared, so repeated runs measure
the work, not a lookup; *warm* ones run after one filling call (the float tables and block
caches are part of the method, as pywigxjpf's ``wig_table_init`` is part of its). Peers that
cache (e3nn's ``lru_cache``) are cleared too. Peers that are not installed are skipped.

Besides the timings, the names of the float cases carry the number of results of each peer
that are not the correctly rounded value, on the same inputs. The reference is the exact
integer evaluation (Racah's sum in Python integers, one correctly rounded square root),
which ``tests/angular/test_rounding.py`` checks against mpmath at 60 digits.

The harmonics cases alone (seconds instead of minutes)::

    cd benchmarks && python -c "import run, bench_angular as b; \\
        [print(c.name, run.best_time(c.ours, 5) / run.best_time(c.peer, 5)) \\
         for c in b.harmonics_cases()]"
"""

from __future__ import annotations

import itertools
import random
import sys
from fractions import Fraction

import numpy as np
from run import Case


def _cold() -> None:
    from sympy.core.cache import clear_cache

    from symphys.angular import (
        _blocks,
        _exact,
        _sixj_vec,
        _threej_vec,
        _vectorised,
        bases,
        recoupling,
        wigner3j,
    )

    gaunt_mod = sys.modules["symphys.angular.gaunt"]  # the package exports the function
    clear_cache()  # sympy caches the numbers both we and sympy build

    _blocks.BLOCK_CACHE.clear()
    _vectorised._STORE.clear()
    _exact._ROOTS.clear()
    _exact._VALUES.clear()
    wigner3j._TABLE_3J.clear()
    wigner3j._FLOAT_3J.clear()
    wigner3j._FLOAT_CG.clear()
    gaunt_mod._TABLE.clear()
    gaunt_mod._FLOAT_TABLE.clear()
    recoupling._FLOAT_6J.clear()
    recoupling._FLOAT_9J.clear()
    _sixj_vec.clear_caches()
    _threej_vec.clear_caches()
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


def _sixj(jmax: int) -> list[tuple[int, ...]]:
    def tri(a, b, c):
        return abs(a - b) <= c <= a + b

    return [t for t in itertools.product(range(jmax + 1), repeat=6)
            if tri(t[0], t[1], t[2]) and tri(t[0], t[4], t[5]) and tri(t[3], t[1], t[5])
            and tri(t[3], t[4], t[2])]


def _random_nine(seed: int, n: int, lo: int, hi: int) -> list[tuple[int, ...]]:
    """``n`` random 9j symbols (doubled arguments in ``lo..hi``) whose triads all close."""
    from symphys.angular import recoupling

    rnd = random.Random(seed)
    out = []
    while len(out) < n:
        t = [rnd.randrange(lo, hi + 1) for _ in range(9)]
        if all(recoupling._triad_ok(*(t[i] for i in tr)) for tr in recoupling._NINE_TRIADS):
            out.append(tuple(t))
    return out


def _sympy_cold(fn, args):
    from sympy.core.cache import clear_cache

    def run():
        clear_cache()
        return [fn(*a) for a in args]
    return run


def _exact_3j(args) -> float:
    """Correctly rounded 3j from exact integers (the reference for the peer counts)."""
    from symphys.angular import wigner3j

    tj = [2 * a for a in args[:3]]
    tm = [2 * a for a in args[3:]]
    return wigner3j._float_from_parts(wigner3j.racah_3j_parts(*tj, *tm))


def _exact_6j(args) -> float:
    from symphys.angular import recoupling

    return recoupling._float(recoupling._sixj_parts(tuple(2 * a for a in args)))


def _count_off(values, refs) -> int:
    return sum(1 for v, r in zip(values, refs, strict=True) if v != r)


def _peers():
    out = {}
    try:
        import pywigxjpf as wig

        wig.wig_table_init(2 * 15000, 9)
        wig.wig_temp_init(2 * 15000)
        out["pywigxjpf"] = wig
    except ImportError:
        print("pywigxjpf is not installed: its cases are skipped")
    try:
        import wignernj

        out["wignernj"] = wignernj
    except ImportError:
        print("wignernj is not installed: its cases are skipped")
    return out


def harmonics_cases():
    """Real harmonics on 10k random points against sphericart (values, gradients, Hessians);
    ``python -c "import bench_angular ..."`` can run these alone (see the module docstring)."""
    from symphys.angular import spherical_harmonics_xyz

    xyz = np.random.default_rng(1).normal(size=(10_000, 3))
    try:
        import sphericart
    except ImportError:
        print("sphericart is not installed: its cases are skipped")
        return
    for lmax in (1, 2, 3, 4, 5, 6, 8, 16):
        sh = sphericart.SphericalHarmonics(lmax)
        yield Case(f"real harmonics lmax={lmax}, 10k points, values", (
            lambda lmax=lmax: spherical_harmonics_xyz(lmax, xyz, basis="real")),
            "sphericart compute", lambda sh=sh: sh.compute(xyz), repeat=5,
            target="within 2x")
        yield Case(f"real harmonics lmax={lmax}, 10k points, values + gradients", (
            lambda lmax=lmax: spherical_harmonics_xyz(lmax, xyz, basis="real",
                                                      derivatives=1)),
            "sphericart compute_with_gradients",
            lambda sh=sh: sh.compute_with_gradients(xyz), repeat=5,
            target="within 2x" + (" (issue 18 headline)" if lmax == 8 else ""))
    sh = sphericart.SphericalHarmonics(8)
    yield Case("real harmonics lmax=8, 10k points, values + gradients + Hessians",
               lambda: spherical_harmonics_xyz(8, xyz, basis="real", derivatives=2),
               "sphericart compute_with_hessians", lambda: sh.compute_with_hessians(xyz),
               repeat=3)


def cases():
    from sympy.physics import wigner as W

    from symphys.angular import (
        gaunt,
        gaunt_blocks,
        spherical_harmonics,
        spherical_harmonics_xyz,
        wigner_3j,
        wigner_3j_block,
        wigner_3j_blocks,
        wigner_6j,
    )

    peers = _peers()

    # --- scalar float 3j, all l <= 8 ----------------------------------------------------------
    sym8 = _symbols(8)
    ref8 = [_exact_3j(a) for a in sym8]
    ours8 = [wigner_3j(*a, exact=False) for a in sym8]
    assert _count_off(ours8, ref8) == 0, "symphys float 3j not correctly rounded"

    def ours_3j_loop():
        f = wigner_3j
        return [f(a, b, c, d, e, g, exact=False) for a, b, c, d, e, g in sym8]

    def ours_3j_loop_cold():
        _cold()
        return ours_3j_loop()

    doubled8 = [tuple(2 * x for x in a) for a in sym8]
    if "pywigxjpf" in peers:
        w3 = peers["pywigxjpf"].wig3jj
        off = _count_off([w3(*a) for a in doubled8], ref8)
        yield Case(f"float 3j scalar loop, all l<=8 ({len(sym8)} symbols), warm tables "
                   f"[pywigxjpf not correctly rounded: {off}]", ours_3j_loop,
                   "pywigxjpf wig3jj loop", lambda: [w3(*a) for a in doubled8], repeat=5,
                   target="faster than pywigxjpf")
        yield Case("float 3j scalar loop, all l<=8, cold (tables filled inside)",
                   ours_3j_loop_cold, "pywigxjpf wig3jj loop",
                   lambda: [w3(*a) for a in doubled8], repeat=3)
    if "wignernj" in peers:
        wn3 = peers["wignernj"].wigner3j
        off = _count_off([wn3(*a) for a in sym8], ref8)
        yield Case(f"float 3j scalar loop, all l<=8, warm [wignernj not correctly rounded: "
                   f"{off}]", ours_3j_loop, "wignernj wigner3j loop",
                   lambda: [wn3(*a) for a in sym8], repeat=5)

    # --- vectorised 3j over 1e6 random symbols, l <= 32 --------------------------------------
    # headline: cold (store and tables emptied, every block entry evaluated inside the timed
    # call, once); warm (every entry read from the store) is secondary
    from symphys.angular import _threej_vec

    rng = np.random.default_rng(0)
    n = 10**6
    l1 = rng.integers(0, 33, 2 * n)
    l2 = rng.integers(0, 33, 2 * n)
    l3 = rng.integers(np.abs(l1 - l2), np.minimum(l1 + l2, 32) + 1)
    m1 = rng.integers(-l1, l1 + 1)
    lo, hi = np.maximum(-l2, -l3 - m1), np.minimum(l2, l3 - m1)
    keep = np.flatnonzero(lo <= hi)[:n]
    l1, l2, l3, m1, lo, hi = (x[keep] for x in (l1, l2, l3, m1, lo, hi))
    m2 = rng.integers(lo, hi + 1)
    m3 = -m1 - m2
    cols = (l1, l2, l3, m1, m2, m3)

    def ours_vec():
        return wigner_3j(*cols, exact=False)

    def ours_vec_cold():
        _cold()
        _threej_vec.clear_caches()
        return wigner_3j(*cols, exact=False)

    got = ours_vec_cold()  # the store is warm from here on
    rows = np.stack(cols, axis=1)[:20000].tolist()  # the counts: on the first 20000
    refs = [_exact_3j(a) for a in rows]
    assert _count_off(got[:20000].tolist(), refs) == 0, "vectorised 3j not correctly rounded"
    rows2 = np.stack([2 * c for c in cols], axis=1).tolist()
    for peer, fn, args in (("pywigxjpf", "wig3jj", rows2),
                           ("wignernj", "wigner3j", np.stack(cols, axis=1).tolist())):
        if peer not in peers:
            continue
        f = getattr(peers[peer], fn)
        off = _count_off([f(*a) for a in args[:20000]], refs)
        yield Case(f"vectorised float 3j, {n} random symbols l<=32, cold (every entry "
                   f"evaluated once) [{peer} not correctly rounded: {off} of the first 20000]",
                   ours_vec_cold, f"{peer} {fn} loop",
                   lambda f=f, args=args: [f(*a) for a in args], repeat=3,
                   target="faster than any peer's loop")
        yield Case(f"vectorised float 3j, {n} random symbols l<=32, warm (store filled)",
                   ours_vec, f"{peer} {fn} loop", lambda f=f, args=args: [f(*a) for a in args],
                   repeat=3)

    # --- float 6j -------------------------------------------------------------------------------
    # headline: each symbol computed once (caches and memo cleared, then one pass); warm (a
    # second pass over the filled memo) is secondary; the array call is one vectorised call
    from symphys.angular import _sixj_vec

    six = _sixj(6)
    ref6 = [_exact_6j(a) for a in six]
    six_cols = [np.array(c) for c in zip(*six, strict=True)]

    def ours_6j():
        f = wigner_6j
        return [f(a, b, c, d, e, g, exact=False) for a, b, c, d, e, g in six]

    def ours_6j_cold():
        _cold()
        return ours_6j()

    def ours_6j_array():
        _cold()
        return wigner_6j(*six_cols, exact=False)

    assert ours_6j_cold() == ref6, "symphys float 6j not correctly rounded"
    fb0 = _sixj_vec.FALLBACKS[0]
    assert ours_6j_array().tolist() == ref6, "symphys array 6j not correctly rounded"
    fb = _sixj_vec.FALLBACKS[0] - fb0
    if "wignernj" in peers:
        wn6 = peers["wignernj"].wigner6j
        off = _count_off([wn6(*a) for a in six], ref6)
        yield Case(f"float 6j scalar loop, all j<=6 ({len(six)} symbols), each computed once "
                   f"(cold) [wignernj not correctly rounded: {off}]", ours_6j_cold,
                   "wignernj wigner6j loop", lambda: [wn6(*a) for a in six], repeat=5,
                   target="faster than wignernj")
        yield Case("float 6j scalar loop, all j<=6, warm (memo filled)", ours_6j,
                   "wignernj wigner6j loop", lambda: [wn6(*a) for a in six], repeat=5)
        yield Case(f"float 6j array call, all j<=6 as arrays, cold [exact fallbacks: {fb} of "
                   f"{len(six)}]", ours_6j_array, "wignernj wigner6j loop",
                   lambda: [wn6(*a) for a in six], repeat=5)
    if "pywigxjpf" in peers:
        w6 = peers["pywigxjpf"].wig6jj
        six2 = [tuple(2 * x for x in a) for a in six]
        off = _count_off([w6(*a) for a in six2], ref6)
        yield Case(f"float 6j scalar loop, all j<=6, cold [pywigxjpf not correctly rounded: "
                   f"{off}]", ours_6j_cold, "pywigxjpf wig6jj loop",
                   lambda: [w6(*a) for a in six2], repeat=5)

    # --- 3j at j = 5000 -------------------------------------------------------------------------
    big = (5000, 5000, 5000, 10, -30, 20)
    if "pywigxjpf" in peers:
        w3 = peers["pywigxjpf"].wig3jj
        yield Case("float 3j at j=5000 (5000 5000 5000; 10 -30 20)",
                   lambda: wigner_3j(*big, exact=False), "pywigxjpf wig3jj",
                   lambda: w3(*(2 * x for x in big)), repeat=3,
                   target="faster than pywigxjpf")
        yield Case("float 3j at j=5000, m = 0 (closed form)",
                   lambda: wigner_3j(5000, 5000, 5000, 0, 0, 0, exact=False),
                   "pywigxjpf wig3jj", lambda: w3(10000, 10000, 10000, 0, 0, 0), repeat=3)
    yield Case("float 3j(10**6 10**6 0; 5 -5 0) (closed form; was 237 s)",
               lambda: wigner_3j(10**6, 10**6, 0, 5, -5, 0, exact=False), repeat=3,
               target="instant")

    # --- float 6j at large j (fixed-point Racah sum; memo cleared before each call) -----------
    from symphys.angular import recoupling

    def ours_6j_big(js):
        def run():
            recoupling._FLOAT_6J.clear()
            return wigner_6j(*js, exact=False)
        return run

    for j in (1000, 5000, 10**4):
        js = (j,) * 6
        ours = ours_6j_big(js)
        # the reference: the exact value where the exact path is affordable, else ours (equal
        # to the exact path's float by construction; tests/angular/test_sixj_large.py checks it
        # against mpmath at j = 10**4). pywigxjpf takes some 10 s per call at j = 10**4.
        ref = _exact_6j(js) if j <= 1000 else ours()
        label = "the exact value" if j <= 1000 else "ours (proven, tests vs mpmath)"
        if "pywigxjpf" in peers:
            w6 = peers["pywigxjpf"].wig6jj
            off = int(w6(*(2 * x for x in js)) != ref)
            yield Case(f"float 6j at j = {j} (six equal j) [pywigxjpf off {label}: {off}/1]",
                       ours, "pywigxjpf wig6jj", lambda w6=w6, js=js: w6(*(2 * x for x in js)),
                       repeat=3 if j < 10**4 else 1,
                       target="well under a second" if j == 10**4 else "")
        if "wignernj" in peers and j <= 5000:  # wignernj 0.8 aborts the process (C abort())
            # when a factorial argument exceeds 20020 (4j + 1 here): j = 10**4 cannot be timed
            wn6 = peers["wignernj"].wigner6j
            off = int(wn6(*js) != ref)
            yield Case(f"float 6j at j = {j} (six equal j) [wignernj off {label}: {off}/1]",
                       ours, "wignernj wigner6j", lambda wn6=wn6, js=js: wn6(*js), repeat=3)

    # --- float 9j at large j (fixed-point 6j products; memo cleared before each call) ---------
    from symphys.angular import wigner_9j

    def ours_9j_big(js):
        def run():
            recoupling._FLOAT_9J.clear()
            return wigner_9j(*js, exact=False)
        return run

    for j in (100, 200, 500, 1000):
        js = (j,) * 9
        ours = ours_9j_big(js)
        # the reference: the exact value where the exact path is affordable (j <= 150), else
        # ours (proven; tests/angular/test_ninej_large.py checks it against mpmath at j = 1000)
        if j <= 150:
            ref = recoupling._float(recoupling._ninej_parts(tuple(2 * a for a in js)))
        else:
            ref = ours()
        label = "the exact value" if j <= 150 else "ours (proven, tests vs mpmath)"
        if "pywigxjpf" in peers:  # pywigxjpf takes about 30 s per call at j = 1000
            w9 = peers["pywigxjpf"].wig9jj
            off = int(w9(*(2 * x for x in js)) != ref)
            yield Case(f"float 9j at j = {j} (nine equal j) [pywigxjpf off {label}: {off}/1]",
                       ours, "pywigxjpf wig9jj", lambda w9=w9, js=js: w9(*(2 * x for x in js)),
                       repeat=3 if j < 1000 else 1, target="well under a second")
    if "pywigxjpf" in peers:  # scattered symbols: 20 random 9j with j in 75..150, both methods
        w9 = peers["pywigxjpf"].wig9jj
        nine = _random_nine(9, 20, 150, 300)
        ref9 = [recoupling._float(recoupling._ninej_parts(t)) for t in nine]

        def ours_9j_random():
            recoupling._FLOAT_9J.clear()
            return [wigner_9j(*(Fraction(v, 2) for v in t), exact=False) for t in nine]

        off = _count_off([w9(*t) for t in nine], ref9)
        yield Case(f"float 9j, 20 random symbols j in 75..150 [pywigxjpf not correctly rounded: "
                   f"{off}/20]", ours_9j_random, "pywigxjpf wig9jj",
                   lambda: [w9(*t) for t in nine], repeat=3)

    # --- float 9j and 12j far beyond the peers (6j eigenvectors; memo cleared per call) -------
    for j in (2000, 5000, 10**4):
        yield Case(f"float 9j at j = {j} (nine equal j; pywigxjpf takes minutes)",
                   ours_9j_big((j,) * 9), repeat=3 if j < 10**4 else 1,
                   target="well under a second")
    from symphys.angular import twelve_j, wigner_12j

    for j in (1000, 10**4):
        def ours_12j(j=j):
            twelve_j._FLOAT_12J.clear()
            return wigner_12j(*[j] * 12, exact=False)
        yield Case(f"float 12j at j = {j} (twelve equal j; no peer)", ours_12j, repeat=1,
                   target="well under a second")
    from symphys.angular import fano_x

    if "wignernj" in peers and hasattr(peers["wignernj"], "fano_x"):
        for j in (150, 1000):
            def ours_fano(j=j):
                return fano_x(*[j] * 9, exact=False)
            wfx = peers["wignernj"].fano_x
            ref = ours_fano()  # equal to the exact path's float (tests/angular/test_fano_float.py)
            off = int(wfx(*[j] * 9) != ref)
            yield Case(f"float Fano X at j = {j} (nine equal j) [wignernj off ours: {off}/1]",
                       ours_fano, "wignernj fano_x", lambda wfx=wfx, j=j: wfx(*[j] * 9),
                       repeat=3 if j < 1000 else 1)
    big = _random_nine(10, 5, 10000, 20000)

    def ours_9j_scattered():
        recoupling._FLOAT_9J.clear()
        return [wigner_9j(*(Fraction(v, 2) for v in t), exact=False) for t in big]
    yield Case("float 9j, 5 random symbols j in 5000..10**4 (zeros and underflows included)",
               ours_9j_scattered, repeat=1)

    # --- harmonics ------------------------------------------------------------------------------
    yield from harmonics_cases()
    xyz = np.random.default_rng(1).normal(size=(10_000, 3))
    try:
        import torch
        from e3nn import o3
    except ImportError:
        print("e3nn is not installed: its cases are skipped")
    else:
        txyz = torch.tensor(xyz)
        yield Case("e3nn-basis harmonics lmax=8, 10k points, values (float64)",
                   lambda: spherical_harmonics_xyz(8, xyz, basis="e3nn",
                                                   normalization="component"),
                   "e3nn o3.spherical_harmonics float64",
                   lambda: o3.spherical_harmonics(list(range(9)), txyz, normalize=True,
                                                  normalization="component"), repeat=5)

    from scipy.special import sph_harm_y

    th, ph = rng.uniform(0, np.pi, 1000), rng.uniform(0, 2 * np.pi, 1000)
    lm = [(l, m) for l in range(61) for m in range(-l, l + 1)]
    yield Case("spherical harmonics l<=60, 1000 points", lambda: spherical_harmonics(60, th, ph),
               "scipy sph_harm_y (one call per l, m)",
               lambda: [sph_harm_y(l, m, th, ph) for l, m in lm], repeat=3)

    # --- exact symbols (kept from the first round) ----------------------------------------------
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

    yield Case("float64 3j blocks, all l<=32 (compact m3=-m1-m2), cold", ours_float(32, True),
               repeat=2, target="<= 1 s")

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
               "sympy gaunt", _sympy_cold(W.gaunt, g8), repeat=2,
               target=">= 100x faster than sympy")

    def ours_gaunt_float():
        f = gaunt
        return [f(a, b, c, d, e, g, exact=False) for a, b, c, d, e, g in g8]

    gm = sys.modules["symphys.angular.gaunt"]

    def exact_gaunt(a):
        parts = gm._gaunt_parts(*a)
        return 0.0 if parts is None else gm._float_over_sqrt_pi(*parts)

    refg = [exact_gaunt(a) for a in g8]
    assert _count_off(ours_gaunt_float(), refg) == 0, "symphys float Gaunt not correctly rounded"
    if "wignernj" in peers:
        wg = peers["wignernj"].gaunt
        off = _count_off([wg(a, d, b, e, c, g) for a, b, c, d, e, g in g8], refg)
        yield Case(f"float Gaunt scalar loop, all l<=8 ({len(g8)} symbols), warm "
                   f"[wignernj not correctly rounded: {off}]", ours_gaunt_float,
                   "wignernj gaunt loop",
                   lambda: [wg(a, d, b, e, c, g) for a, b, c, d, e, g in g8], repeat=3)
