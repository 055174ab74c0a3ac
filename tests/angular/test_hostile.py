"""Issue 19: hostile input to symphys.angular is refused at once, in words."""

import math

import numpy as np
import pytest

from symphys.angular import (
    clebsch_gordan,
    fourier_to_sh,
    fourier_to_sh_coo,
    gaunt,
    sh_to_fourier,
    sh_to_fourier_coo,
    spherical_harmonics,
    spherical_harmonics_xyz,
    wigner_3j,
    wigner_6j,
    wigner_9j,
)
from symphys.angular._exact import MAX_RACAH_COST, binomial, falling, sqrt_factorial_ratio


@pytest.mark.timeout(10)
@pytest.mark.parametrize("exact", [True, False])
def test_3j_at_ten_thousand_is_fast_and_beyond_the_cost_limit_refused(exact):
    # `symphys tables 3j 10000 10000 10000 0 0 0` took > 60 s: now a fraction of a second
    assert wigner_3j(10000, 10000, 10000, 0, 0, 0, exact=exact) != 0
    with pytest.raises(ValueError, match=r"j1\+j2\+j3=39000 is too large.*MAX_RACAH_COST"):
        wigner_3j(13000, 13000, 13000, 1, -1, 0, exact=exact)
    with pytest.raises(ValueError, match=r"j1\+j2\+j3=39000 is too large"):
        clebsch_gordan(13000, 13000, 13000, 1, -1, 0, exact=exact)
    with pytest.raises(ValueError, match=r"j1\+j2\+j3=39000 is too large"):
        gaunt(13000, 13000, 13000, 0, 0, 0, exact=exact)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("exact", [True, False])
def test_cheap_symbols_at_the_largest_j_are_fast(exact):
    J = 10**6
    assert wigner_3j(J, J, 0, J, -J, 0, exact=exact) != 0
    assert wigner_6j(J, J, J, J, J, 0, exact=exact) != 0


@pytest.mark.timeout(10)
def test_6j_and_9j_cost_limits():
    with pytest.raises(ValueError, match="6j perimeters.*MAX_RACAH_COST"):
        wigner_6j(*[10000] * 6)
    with pytest.raises(ValueError, match="MAX_9J_TERMS"):
        wigner_9j(*[10**6] * 9)
    J = 10**6
    with pytest.raises(ValueError, match="9j sum over x.*MAX_RACAH_COST"):
        wigner_9j(J, J, 0, J, J, 0, J, J, 0)
    with pytest.raises(ValueError, match="MAX_RACAH_COST"):
        wigner_9j(*[300] * 9)


def test_accepted_symbols_below_the_limit_agree_with_sympy():
    from sympy.physics import wigner as W

    assert wigner_3j(40, 50, 60, 3, -7, 4) == W.wigner_3j(40, 50, 60, 3, -7, 4)
    assert wigner_6j(20, 25, 30, 22, 27, 28) == W.wigner_6j(20, 25, 30, 22, 27, 28)
    assert wigner_9j(3, 4, 5, 4, 3, 2, 5, 3, 4) == W.wigner_9j(3, 4, 5, 4, 3, 2, 5, 3, 4)
    v = float(W.wigner_6j(20, 25, 30, 22, 27, 28))
    assert wigner_6j(20, 25, 30, 22, 27, 28, exact=False) == v
    assert MAX_RACAH_COST == 5 * 10**8


def test_exact_integer_helpers():
    for n in (0, 1, 600, 1500):
        for k in (-1, 0, 1, n // 3, n, n + 1):
            assert binomial(n, k) == (math.comb(n, k) if 0 <= k <= n else 0)
    assert falling(1000, 700) == math.perm(1000, 700)
    c, r = sqrt_factorial_ratio([700, 3], [500, 2])
    assert c * c * r == math.factorial(700) * 6 // (math.factorial(500) * 2)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("fn", [sh_to_fourier, fourier_to_sh, sh_to_fourier_coo,
                                fourier_to_sh_coo])
def test_fourier_tables_refuse_huge_lmax_naming_the_size(fn):
    with pytest.raises(ValueError, match=r"lmax=100000 needs .* bytes = .* more than the limit"):
        fn(100000)


@pytest.mark.parametrize("bad", [None, "x", 1j, True, object()])
def test_harmonics_angles_must_be_real_numbers(bad):
    with pytest.raises(TypeError, match="phi="):
        spherical_harmonics(1, 0.3, bad)
    with pytest.raises(TypeError, match="theta="):
        spherical_harmonics(1, bad, 0.3)
    with pytest.raises(TypeError, match="xyz="):
        spherical_harmonics_xyz(1, bad)


def test_harmonics_shapes_and_nan_convention():
    with pytest.raises(ValueError, match="must broadcast together"):
        spherical_harmonics(1, [0.1, 0.2], [1.0, 2.0, 3.0])
    assert spherical_harmonics(1, np.zeros(0), 0.2).shape == (0, 4)
    Y = spherical_harmonics(1, [0.3, np.nan], 0.2)   # NaN in -> NaN out at that point only
    assert np.all(np.isfinite(Y[0])) and np.all(np.isnan(Y[1, 1:]))  # Y_00 is constant


@pytest.mark.timeout(10)
def test_fuzz_findings_huge_floats_and_rotation_sizes():
    from symphys.angular import complex_to_real, wigner_D, wigner_d, wigner_d_half_pi

    with pytest.raises(ValueError, match=r"j1=\d{300,} violates j1 <= 1000000"):
        wigner_3j(1e308, 1, 1, 0, 0, 0)
    with pytest.raises(ValueError, match=r"lmax=\d{300,} violates"):
        spherical_harmonics(1e308, 0.1, 0.2)
    for call in (lambda: wigner_d(10**5, 0.1), lambda: wigner_d_half_pi(1000),
                 lambda: wigner_D(1000, 0.1, 0.2, 0.3)):
        with pytest.raises(ValueError, match="violates j <= 250 .MAX_ROTATION_J"):
            call()
    with pytest.raises(ValueError, match=r"l=100000 needs 16 \(2l\+1\)\^2 bytes"):
        complex_to_real(10**5)
