"""Generated tables: exact-value accuracy, layouts, dtypes, sizes, and the coupling-coefficient
kinds against sympy and e3nn."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from symphys.tables import TableError, generate, table_nbytes
from symphys.tables.generate import BASES

mp = mpmath.mp


def exact_delta(l, mp_, m):
    """Delta^l_{m'm} = d^l_{m'm}(pi/2) from the binomial sum of SPEC 2.3, as an mpf."""
    s = sum((-1) ** (k - m + mp_) * math.comb(l + m, k) * math.comb(l - m, l - mp_ - k)
            for k in range(0, l + m + 1) if 0 <= l - mp_ - k <= l - m)
    sq = Fraction(math.factorial(l + mp_) * math.factorial(l - mp_),
                  math.factorial(l + m) * math.factorial(l - m) * 4**l)
    return s * mpmath.sqrt(mpmath.mpf(sq.numerator) / sq.denominator)


def exact_y(l, m, u):
    return (mpmath.sqrt(mpmath.mpf(2 * l + 1) / (4 * mpmath.pi)) * mpmath.mpc(0, -1) ** (m % 4)
            * exact_delta(l, u, m) * exact_delta(l, u, 0))


def exact_i(k):
    if k % 2 == 0:
        return mpmath.mpf(2) / (1 - k * k)
    return mpmath.mpc(0, k * mpmath.pi / 2) if abs(k) == 1 else mpmath.mpf(0)


def exact_z(l, m, u):
    total = sum(exact_delta(l, up, m) * exact_delta(l, up, 0) * exact_i(u - up)
                for up in range(-l, l + 1))
    return (2 * mpmath.pi * mpmath.sqrt(mpmath.mpf(2 * l + 1) / (4 * mpmath.pi))
            * mpmath.mpc(0, 1) ** (m % 4) * total)


def coo_entry(table, index):
    """The entry at ``index`` of a COO table (zero if absent), by binary search."""
    a = table.arrays
    shape = table.metadata["shape"]
    keys = np.ravel_multi_index(a["indices"].T.astype(np.int64), shape)
    key = np.ravel_multi_index(index, shape)
    pos = np.searchsorted(keys, key)
    if pos < len(keys) and keys[pos] == key:
        return complex(a["values"][pos, 0], a["values"][pos, 1])
    return 0.0


@pytest.mark.parametrize("kind", ["sh_to_fourier", "fourier_to_sh"])
def test_float64_fourier_tables_within_1e14_of_exact_at_lmax64(kind, rng):
    lmax = 64
    table = generate(kind, lmax, basis="complex", layout="coo", progress=False)
    exact = exact_y if kind == "sh_to_fourier" else exact_z
    umax = lmax
    with mpmath.workdps(40):
        for _ in range(6):
            l = int(rng.integers(lmax - 10, lmax + 1))
            m = int(rng.integers(-l, l + 1))
            u = int(rng.integers(-l, l + 1))
            if kind == "sh_to_fourier":
                u += (l - u) % 2  # the non-zero parity
                u = min(u, l)
            ref = complex(exact(l, m, u))
            got = coo_entry(table, (l * (l + 1) + m, u + umax, m + lmax))
            assert abs(got - ref) <= 1e-14, (l, m, u, got, ref)


def test_float32_table_is_the_float64_table_rounded():
    t64 = generate("fourier_to_sh", 6, progress=False)
    t32 = generate("fourier_to_sh", 6, dtype="float32", progress=False)
    assert t32.arrays["values"].dtype == np.float32
    assert np.array_equal(t32.arrays["values"], t64.arrays["values"].astype(np.float32))


@pytest.mark.parametrize("kind", ["sh_to_fourier", "fourier_to_sh"])
def test_dense_and_coo_layouts_hold_the_same_tensor(kind):
    dense = generate(kind, 5, progress=False)
    coo = generate(kind, 5, layout="coo", progress=False)
    assert np.array_equal(dense.array(), coo.array())
    assert dense.to_layout("coo") == coo and coo.to_layout("dense") == dense


def loop_paths(kind, lmax):
    """The paths of a per-path kind by explicit enumeration (the second method)."""
    if kind == "complex_to_real":
        return [(l,) for l in range(lmax + 1)]
    step = 2 if kind in ("gaunt", "real_gaunt") else 1
    return [(a, b, c) for a in range(lmax + 1) for b in range(lmax + 1)
            for c in range(abs(a - b), min(a + b, lmax) + 1)
            if (a + b + c) % step == 0]


def loop_nbytes(kind, lmax, itemsize):
    """Dense payload bytes counted path by path: values, int32 paths, int64 offsets."""
    paths = loop_paths(kind, lmax)
    degrees = [p * 2 if kind == "complex_to_real" else p for p in paths]
    values = sum(math.prod(2 * l + 1 for l in d) for d in degrees)
    cplx = 2 if kind == "complex_to_real" else 1
    return values * cplx * itemsize + 4 * len(paths) * len(paths[0]) + 8 * (len(paths) + 1)


@pytest.mark.parametrize("kind", ["wigner3j", "clebsch_gordan", "gaunt", "real_gaunt",
                                  "complex_to_real"])
def test_closed_form_nbytes_equals_the_path_by_path_count(kind):
    for lmax in range(0, 41):
        for dtype, item in (("float64", 8), ("float32", 4)):
            assert table_nbytes(kind, lmax, dtype=dtype) == loop_nbytes(kind, lmax, item)


@pytest.mark.parametrize("kind", ["wigner3j", "clebsch_gordan", "gaunt", "real_gaunt",
                                  "complex_to_real", "sh_to_fourier", "fourier_to_sh"])
@pytest.mark.parametrize("lmax", [0, 1, 2, 3])
def test_table_nbytes_is_the_payload_of_the_generated_table(kind, lmax):
    basis = "real" if kind == "real_gaunt" else None
    assert generate(kind, lmax, basis=basis).nbytes == table_nbytes(kind, lmax)
    if kind == "fourier_to_sh":
        assert (generate(kind, lmax, umax=lmax + 3, dtype="float32").nbytes
                == table_nbytes(kind, lmax, umax=lmax + 3, dtype="float32"))


def test_table_nbytes_and_refusal_up_front():
    # sh_to_fourier: (lmax+1)^2 (2lmax+1)^2 complex values, (re, im) stored as 2 floats
    assert table_nbytes("sh_to_fourier", 4, dtype="float32") == 8 * 25 * 81
    with pytest.raises(TableError, match=r"lmax=32\) needs 8\.0[0-9]* GiB .*max_bytes=1 GiB"):
        generate("wigner3j", 32, max_bytes=2**30)
    with pytest.raises(TableError, match=r"needs 9[0-9.]+ GiB .*max_bytes=16 GiB"):
        generate("sh_to_fourier", 200)  # about 97 GiB: above the default limit
    # the figures the docstring quotes (10^6-byte MB, 10^9-byte GB)
    assert round(table_nbytes("wigner3j", 16) / 1e6) == 161
    assert round(table_nbytes("wigner3j", 32) / 1e9, 1) == 8.6
    with pytest.raises(ValueError, match="lmax=-1 violates"):
        table_nbytes("wigner3j", -1)
    with pytest.raises(TypeError, match="lmax=2.5"):
        table_nbytes("wigner3j", 2.5)
    with pytest.raises(ValueError, match="dtype='float16'"):
        table_nbytes("wigner3j", 2, dtype="float16")
    with pytest.raises(TypeError, match="max_bytes="):
        generate("wigner3j", 2, max_bytes="1GB")


@pytest.mark.timeout(10)
@pytest.mark.parametrize("kind", ["wigner3j", "clebsch_gordan", "gaunt", "sh_to_fourier",
                                  "fourier_to_sh"])
@pytest.mark.parametrize("lmax", [3000, 10**6, 10**9])
@pytest.mark.parametrize("layout", ["dense", "coo"])
def test_huge_requests_are_refused_at_once(kind, lmax, layout):
    with pytest.raises(TableError, match=rf"lmax={lmax}\) needs .* GiB .*max_bytes=16 GiB"):
        generate(kind, lmax, layout=layout)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("kind", ["wigner3j", "clebsch_gordan", "gaunt"])
@pytest.mark.parametrize("layout", ["dense", "coo"])
def test_lmax_300_coupling_table_is_refused_at_once(kind, layout):
    # the 3j table at lmax 300 would hold about 4.6e6 GiB
    with pytest.raises(TableError, match=r"lmax=300\) needs .* GiB .*max_bytes=16 GiB"):
        generate(kind, 300, layout=layout)


@pytest.mark.timeout(10)
def test_table_nbytes_of_huge_lmax_is_instant():
    # the 3j count (L+1)^2 (10L^4 + 40L^3 + 61L^2 + 42L + 12) / 12, leading term 10 L^6 / 12
    n = table_nbytes("clebsch_gordan", 10**9)
    assert 8 * 10 * 10**54 // 12 < n < 8 * 10 * 10**54 // 12 * (1 + 10**-8)
    assert table_nbytes("wigner3j", 10**100) > 10**600
    with pytest.raises(TableError, match=r"needs about 10\^6\d\d bytes"):
        generate("wigner3j", 10**100)


def test_bad_requests():
    with pytest.raises(ValueError, match="kind='3j'"):
        generate("3j", 2)
    with pytest.raises(ValueError, match="basis='e3nn' is not offered for kind='gaunt'"):
        generate("gaunt", 2, basis="e3nn")
    with pytest.raises(ValueError, match="dtype='float16'"):
        generate("sh_to_fourier", 2, dtype="float16")
    with pytest.raises(ValueError, match="umax applies"):
        generate("sh_to_fourier", 2, umax=4)
    with pytest.raises(ValueError, match="lmax=-1"):
        generate("sh_to_fourier", -1)
    # umax is checked as fourier_to_sh checks it, not coerced or silently truncated
    with pytest.raises(ValueError, match="umax=2 violates umax >= lmax=4"):
        generate("fourier_to_sh", 4, umax=2)
    with pytest.raises(ValueError, match="umax=-1"):
        generate("fourier_to_sh", 4, umax=-1)
    for bad in (3.5, "6", True):
        with pytest.raises(TypeError, match="umax="):
            generate("fourier_to_sh", 2, umax=bad)


# -- coupling-coefficient kinds (symphys.angular's blocks) -------------------------------------



@pytest.mark.parametrize("layout", ["dense", "coo"])
def test_wigner3j_table_matches_sympy(layout):
    from sympy.physics.wigner import wigner_3j

    t = generate("wigner3j", 3, basis="complex", layout=layout, progress=False)
    for path in [(1, 1, 2), (2, 3, 1), (3, 3, 3), (0, 2, 2)]:
        blk = t.block(*path)
        for m1 in range(-path[0], path[0] + 1):
            for m2 in range(-path[1], path[1] + 1):
                for m3 in range(-path[2], path[2] + 1):
                    ref = float(wigner_3j(*path, m1, m2, m3))
                    got = blk[m1 + path[0], m2 + path[1], m3 + path[2]]
                    assert abs(got - ref) <= 2e-16 * max(1, abs(ref))


def test_gaunt_table_matches_sympy():
    from sympy.physics.wigner import gaunt

    t = generate("gaunt", 4, progress=False)
    assert all((a + b + c) % 2 == 0 for a, b, c in t.paths)
    for a, b, c in [(1, 1, 2), (2, 2, 2), (4, 3, 1)]:
        blk = t.block(a, b, c)
        for m1, m2 in [(0, 0), (1, -1), (-1, 0)]:
            m3 = -m1 - m2
            if abs(m3) <= c:
                assert abs(blk[m1 + a, m2 + b, m3 + c] - float(gaunt(a, b, c, m1, m2, m3))) < 1e-15


def _wikipedia_u(l):
    """complex -> real matrix of the Wikipedia real harmonics, written out from its definition."""
    u, s = np.zeros((2 * l + 1, 2 * l + 1), dtype=complex), 1 / np.sqrt(2)
    for m in range(1, l + 1):
        u[l + m, l - m], u[l + m, l + m] = s, (-1) ** m * s
        u[l - m, l - m], u[l - m, l + m] = 1j * s, -1j * (-1) ** m * s
    u[l, l] = 1
    return u


@pytest.mark.parametrize("kind", ["wigner3j", "clebsch_gordan"])
def test_real_basis_coupling_tables_follow_their_stated_convention(kind):
    """Real basis: sum U1 U2 U3 (3j) or U1 U2 conj(U3) (CG) of sympy's values, times i for odd
    l1+l2+l3; the metadata must say so."""
    from sympy.physics.wigner import clebsch_gordan, wigner_3j

    t = generate(kind, 3, basis="real", progress=False)
    assert "times i when l1+l2+l3 is odd" in t.metadata["normalization"]
    assert ("conj(U3)" in t.metadata["normalization"]) == (kind == "clebsch_gordan")
    fn = wigner_3j if kind == "wigner3j" else clebsch_gordan
    for a, b, c in [(1, 1, 1), (1, 1, 2), (2, 3, 3), (3, 2, 2)]:
        ref = np.array([[[float(fn(a, b, c, m1, m2, m3)) for m3 in range(-c, c + 1)]
                         for m2 in range(-b, b + 1)] for m1 in range(-a, a + 1)])
        u3 = _wikipedia_u(c) if kind == "wigner3j" else _wikipedia_u(c).conj()
        want = np.einsum("ia,jb,kc,abc->ijk", _wikipedia_u(a), _wikipedia_u(b), u3, ref)
        want *= 1j if (a + b + c) % 2 else 1
        assert np.abs(want.imag).max() < 1e-15
        assert np.abs(t.block(a, b, c) - want.real).max() < 1e-15


def test_e3nn_basis_3j_table_matches_e3nn():
    o3 = pytest.importorskip("e3nn.o3")
    import torch

    t = generate("wigner3j", 4, basis="e3nn", progress=False)
    for path in t.paths[::7]:
        ref = o3.wigner_3j(*path, dtype=torch.float64).numpy()
        assert np.abs(t.block(*path) - ref).max() < 1e-15


def test_complex_to_real_table_is_unitary():
    t = generate("complex_to_real", 5, progress=False)
    for (l,) in t.paths:
        c = t.block(l)
        assert np.abs(c @ c.conj().T - np.eye(2 * l + 1)).max() < 1e-15


def test_every_kind_generates_with_its_default_basis():
    """Default basis "complex" where a kind offers it; the only basis of complex_to_real;
    real_gaunt (no complex form) requires basis."""
    for kind, bases in BASES.items():
        if kind == "real_gaunt":
            with pytest.raises(ValueError, match="kind='real_gaunt' has no complex form"):
                generate(kind, 2)
            continue
        t = generate(kind, 2)
        assert t.basis == ("complex" if "complex" in bases else "real") and t.kind == kind
        assert {"phase", "normalization", "ordering", "symphys_version"} <= set(t.metadata)


def test_options_are_keyword_only_and_progress_defaults_off():
    import inspect

    sig = inspect.signature(generate)
    for name, p in sig.parameters.items():
        if p.default is not inspect.Parameter.empty:
            assert p.kind is inspect.Parameter.KEYWORD_ONLY, name
    assert sig.parameters["progress"].default is False
    with pytest.raises(TypeError):
        generate("wigner3j", 2, "complex")
    with pytest.raises(TypeError, match="progress="):
        generate("wigner3j", 2, progress=1)
