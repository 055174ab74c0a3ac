"""Requests too large to finish are refused at once, with the size they would need (closed
form, computed before any work; the message does not depend on free memory)."""

from __future__ import annotations

import numpy as np
import pytest

from symphys.angular import (
    fourier_to_sh,
    fourier_to_sh_coo,
    gaunt_blocks,
    gaunt_tensor_product,
    sh_to_fourier,
    sh_to_fourier_coo,
    spherical_harmonics,
    spherical_harmonics_xyz,
    wigner_3j_blocks,
)

CASES = [
    (lambda: wigner_3j_blocks(10**6), "lmax=1000000 needs 8 (lmax+1)^6 bytes"),
    (lambda: wigner_3j_blocks(10**6, compact=True), "lmax=1000000 needs 8 (lmax+1)^5 bytes"),
    (lambda: gaunt_blocks(10**6), "lmax=1000000 needs 8 (lmax+1)^6 bytes"),
    (lambda: spherical_harmonics(10**6, 0.1, 0.2), "lmax=1000000 needs 48 n (lmax+1)^2"),
    (lambda: spherical_harmonics_xyz(10**6, np.ones(3)), "lmax=1000000 needs 48 n (lmax+1)^2"),
    (lambda: sh_to_fourier(10**6), "lmax=1000000 needs 16 (2lmax+1)^2 (lmax+1) + 160 (lmax+1)^2 "
     "(2lmax+1) + 16 (lmax+1)^2 (2lmax+1)^2 bytes"),
    (lambda: sh_to_fourier_coo(300), "lmax=300 needs 16 (2lmax+1)^2 (lmax+1) + 160"),
    (lambda: fourier_to_sh(10**6), "lmax=1000000 needs 16 (2lmax+1) (lmax+1) (2umax+1) + 160 "
     "(lmax+1)^2 (2umax+1) + 16 (lmax+1)^2 (2umax+1) (2lmax+1)"),
    # a small lmax with a huge umax: the COO entries and the dense tensor count together (a
    # fuzz finding: 3.8 GiB of output alone passed, the temporaries then ran out of memory)
    (lambda: fourier_to_sh(2, umax=2817162), "lmax=2 needs 16 (2lmax+1)"),
    (lambda: fourier_to_sh_coo(2, umax=2817162), "lmax=2 needs 16 (2lmax+1)"),
    (lambda: sh_to_fourier_coo(10**6), "lmax=1000000 needs 16 (2lmax+1)^2 (lmax+1) + 160 "
     "(lmax+1)^2 (2lmax+1) bytes"),
    (lambda: fourier_to_sh_coo(10**6), "lmax=1000000 needs 16 (2lmax+1) (lmax+1) (2umax+1) + "
     "160 (lmax+1)^2 (2umax+1) bytes"),
    (lambda: gaunt_tensor_product(np.zeros(1001**2), np.zeros(1001**2)),
     "lmax_out=2000 needs 16 (lmax_out+1)^2"),
]


@pytest.mark.timeout(10)
@pytest.mark.parametrize("call,message", CASES)
def test_huge_requests_are_refused_at_once(call, message):
    with pytest.raises(ValueError, match="limit of 4294967296 bytes") as info:
        call()
    assert message in str(info.value)


def test_the_limit_is_stated_and_deterministic():
    msgs = []
    for _ in range(2):
        with pytest.raises(ValueError) as info:
            sh_to_fourier(10**6)
        msgs.append(str(info.value))
    assert msgs[0] == msgs[1]
    assert "16 (lmax+1)^2 (2lmax+1)^2 bytes = 6.4e+25 bytes" in msgs[0]


@pytest.mark.parametrize("basis", ["real", "complex"])
def test_fourier_projection_bound_covers_the_measured_peak(basis):
    """The closed form that fourier_to_sh(_coo) checks bounds the memory they really use
    (tracemalloc sees NumPy's allocations)."""
    import tracemalloc

    from symphys.angular import fourier

    for lmax, umax, dense in ((3, 20_000, False), (3, 20_000, True), (6, 3_000, True),
                              (40, None, False), (40, None, True)):
        tracemalloc.start()
        try:
            if umax is None:
                (sh_to_fourier if dense else sh_to_fourier_coo)(lmax, basis=basis)
                umax = lmax
            elif dense:
                fourier_to_sh(lmax, umax=umax, basis=basis)
            else:
                fourier_to_sh_coo(lmax, umax=umax, basis=basis)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        bound = fourier._projection_bytes(lmax, umax, dense=dense)
        assert peak <= bound, (lmax, umax, dense, peak, bound)
        assert peak > bound / 8  # the bound is not vacuous
