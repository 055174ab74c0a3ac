"""Union3 binned: the embedded nodes against the release files, and Rubin et al.'s Om."""

from __future__ import annotations

import numpy as np
import pytest

from symphys.cosmology import SupernovaLikelihood
from symphys.cosmology.union3 import load_union3


def test_embedded_union3_equals_release_files(shared_data):
    base = shared_data / "union3"
    cols = np.loadtxt(base / "lcparam_full.txt", usecols=(1, 2, 4))
    names = [line.split()[0] for line in open(base / "lcparam_full.txt")
             if not line.startswith("#")]
    raw = np.loadtxt(base / "mag_covmat.txt")
    d = load_union3()
    assert d.n == 22 == int(raw[0]) == len(names)
    np.testing.assert_array_equal(d.z_cmb, cols[:, 0])
    np.testing.assert_array_equal(d.z_hel, cols[:, 1])
    np.testing.assert_array_equal(d.mb, cols[:, 2])
    mat = raw[1:].reshape(22, 22)
    np.testing.assert_allclose(mat, mat.T, rtol=1e-12, atol=0)  # symmetric up to rounding
    np.testing.assert_array_equal(d.cov, 0.5 * (mat + mat.T))
    assert list(d.names) == names


def test_offset_marginalised_analytically_is_shift_invariant():
    """Adding a constant to every node changes nothing (the offset is marginalised)."""
    d = load_union3()
    like = SupernovaLikelihood(d, "lcdm")
    shifted = SupernovaLikelihood(type(d).from_arrays(d.z_cmb, d.mb + 3.7, cov=d.cov), "lcdm")
    assert float(like.chi2([0.3])) == pytest.approx(float(shifted.chi2([0.3])), abs=1e-9)


def test_union3_flat_lcdm_reproduces_rubin_2023():
    """Rubin et al. 2023 (arXiv:2311.12098), Union3 alone, flat Lambda-CDM:
    Om = 0.356 +0.028 -0.026."""
    best = SupernovaLikelihood(load_union3(), "lcdm").best_fit()
    assert best.params["Om"] == pytest.approx(0.356, abs=0.004)
    assert 0.025 < best.errors["Om"] < 0.029
