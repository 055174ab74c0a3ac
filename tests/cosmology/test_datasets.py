"""Catalogue loading: the embedded Pantheon against Pantheon's own files, formats, bad input."""

from __future__ import annotations

import gzip
import hashlib
import json
from importlib import resources

import numpy as np
import pytest

from symphys.cosmology import SNData, data_file, load_pantheon, load_pantheon_plus
from symphys.cosmology import datasets as ds
from symphys.cosmology.datasets import read_snana_covariance


@pytest.fixture(scope="module")
def pantheon():
    return load_pantheon()


def _lcparam(path):
    names = np.loadtxt(path, usecols=0, dtype=str, skiprows=1)
    cols = np.loadtxt(path, usecols=(1, 2, 3, 4, 5))
    return names, cols


def test_embedded_catalogue_matches_pantheon_release(pantheon, shared_data):
    names, cols = _lcparam(shared_data / "pantheon" / "lcparam_full_long.txt")
    assert pantheon.n == 1048 == len(names)
    assert list(pantheon.names) == list(names)
    np.testing.assert_array_equal(pantheon.z_cmb, cols[:, 0])
    np.testing.assert_array_equal(pantheon.z_hel, cols[:, 1])
    np.testing.assert_array_equal(pantheon.mb, cols[:, 3])
    np.testing.assert_array_equal(ds._embedded()["dmb"], cols[:, 4])
    # C = C_sys + diag(dmb^2): the diagonal exceeds the statistical part by the systematic one
    sys_diag = np.diag(pantheon.cov) - cols[:, 4] ** 2
    assert np.all(sys_diag >= 0) and np.all(sys_diag < 0.01)


def test_embedded_covariance_properties(pantheon):
    c = pantheon.cov
    assert c.shape == (1048, 1048)
    np.testing.assert_array_equal(c, c.T)
    np.linalg.cholesky(c)  # positive definite
    off = c - np.diag(np.diag(c))
    assert np.count_nonzero(off) > 1048 * 1000  # a dense systematic block, not diagonal


def test_embedded_file_checksum_and_attribution():
    base = resources.files("symphys.cosmology") / "data"
    meta = json.loads((base / "pantheon.json").read_text())
    digest = hashlib.sha256((base / "pantheon.npz").read_bytes()).hexdigest()
    assert digest == meta["PANTHEON_SHA256"]
    assert "Scolnic" in meta["attribution"] and "colfi" in meta["attribution"]
    assert "MIT" in (base / "LICENSE_pantheon.txt").read_text()
    assert "MIT" in (base / "LICENSE_colfi.txt").read_text()


def test_embedded_corruption_is_refused():
    arrays = ds._embedded()
    arrays["cov_sys_triu"] = arrays["cov_sys_triu"].copy()
    arrays["cov_sys_triu"][10] *= 1.001
    with pytest.raises(ValueError, match="checksum"):
        ds._embedded_cov_sys(arrays)


def test_zhel_variant(shared_data, pantheon):
    d = load_pantheon(zhel=True, data_dir=shared_data)
    names, cols = _lcparam(shared_data / "pantheon" / "lcparam_full_long_zhel.txt")
    np.testing.assert_array_equal(d.z_hel, cols[:, 1])
    np.testing.assert_array_equal(d.z_cmb, cols[:, 0])
    np.testing.assert_array_equal(d.cov, pantheon.cov)


def test_binned_pantheon(shared_data):
    d = load_pantheon(binned=True, data_dir=shared_data)
    names, cols = _lcparam(shared_data / "pantheon" / "binned" / "lcparam_DS17f.txt")
    raw = np.loadtxt(shared_data / "pantheon" / "binned" / "sys_DS17f.txt")
    assert raw[0] == 40 and d.n == 40
    np.testing.assert_allclose(d.cov, raw[1:].reshape(40, 40) + np.diag(cols[:, 4] ** 2),
                               rtol=0, atol=1e-15)
    np.testing.assert_array_equal(d.mb, cols[:, 3])
    np.testing.assert_array_equal(d.z_cmb, cols[:, 0])


def test_binned_pantheon_gives_the_published_anchor(shared_data):
    """The 40-bin compression carries the same flat-LCDM information as the full sample:
    Om = 0.298 +- 0.022 (Scolnic et al. 2018), within the binning's small loss."""
    from symphys.cosmology import SupernovaLikelihood

    best = SupernovaLikelihood(load_pantheon(binned=True, data_dir=shared_data),
                               "lcdm").best_fit()
    assert best.params["Om"] == pytest.approx(0.298, abs=0.005)
    assert best.errors["Om"] == pytest.approx(0.022, abs=0.002)


def test_data_dir_from_environment(shared_data, monkeypatch):
    monkeypatch.setenv("SYMPHYS_DATA", str(shared_data))
    assert data_file("pantheon/binned/sys_DS17f.txt") == \
        shared_data / "pantheon" / "binned" / "sys_DS17f.txt"


def test_offline_error_names_the_variable(tmp_path, monkeypatch):
    import pooch

    monkeypatch.setenv("SYMPHYS_DATA", str(tmp_path))

    def offline(*args, **kwargs):
        raise OSError("network unreachable")

    monkeypatch.setattr(pooch, "retrieve", offline)
    with pytest.raises(FileNotFoundError, match="SYMPHYS_DATA"):
        load_pantheon(binned=True)
    with pytest.raises(FileNotFoundError, match="data_dir"):
        load_pantheon(binned=True, data_dir=tmp_path)


def test_pantheon_plus(shared_data, tmp_path):
    with pytest.warns(UserWarning, match="diagonal"):
        d = load_pantheon_plus(data_dir=shared_data, diagonal_only=True)
    raw = np.genfromtxt(shared_data / "pantheon_plus" / "Pantheon+SH0ES.dat", names=True,
                        dtype=None, encoding=None)
    keep = (raw["zHD"] > 0.01) & (raw["IS_CALIBRATOR"] == 0)
    assert d.n == keep.sum()
    np.testing.assert_array_equal(d.mb, raw["m_b_corr"][keep])
    np.testing.assert_array_equal(d.z_hel, raw["zHEL"][keep])
    # a user-supplied covariance in the N-then-N^2 format, sliced to the kept rows
    n = raw.size
    diag = np.linspace(0.01, 0.02, n)
    cov_path = tmp_path / "p.cov.gz"
    flat = np.zeros((n, n))
    flat[np.diag_indices(n)] = diag
    with gzip.open(cov_path, "wt") as fh:
        fh.write(f"{n}\n")
        fh.write("\n".join(np.char.mod("%.6g", flat.ravel())))
    d2 = load_pantheon_plus(cov_path=cov_path, data_dir=shared_data, include_calibrators=True,
                            zmin=0.0)
    assert d2.n == n
    np.testing.assert_allclose(np.diag(d2.cov), diag, rtol=1e-5)


def _write(tmp_path, text, name="c.txt"):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_read_snana_covariance_round_trip(tmp_path, rng):
    a = rng.normal(size=(5, 5))
    c = a @ a.T
    p = _write(tmp_path, "5\n" + "\n".join(repr(float(v)) for v in c.ravel()) + "\n")
    np.testing.assert_array_equal(read_snana_covariance(p), c)


@pytest.mark.parametrize("text,match", [
    ("3\n1\n0\n0\n1\n", "expected N\\*N=9 values"),
    ("2\n1\n0\n0\nabc\n", "non-numeric"),
    ("2\n1\n0\n0\nnan\n", "NaN"),
    ("2\n1\n0.5\n0.2\n1\n", "not symmetric"),
    ("two\n1\n", "not an integer"),
    ("2 2\n1\n0\n0\n1\n", "only N"),
])
def test_read_snana_covariance_rejects_bad_files(tmp_path, text, match):
    with pytest.raises(ValueError, match=match):
        read_snana_covariance(_write(tmp_path, text))


def test_read_snana_covariance_n_mismatch(tmp_path):
    p = _write(tmp_path, "2\n1\n0\n0\n1\n")
    with pytest.raises(ValueError, match="N=2 does not match the catalogue's N=3"):
        read_snana_covariance(p, n=3)


def test_malformed_lcparam(tmp_path, shared_data):
    binned = tmp_path / "pantheon" / "binned"
    binned.mkdir(parents=True)
    src = shared_data / "pantheon" / "binned"
    (binned / "sys_DS17f.txt").write_text((src / "sys_DS17f.txt").read_text())
    lines = (src / "lcparam_DS17f.txt").read_text().splitlines()
    (binned / "lcparam_DS17f.txt").write_text("\n".join(lines[:-1]) + "\n")  # N = 39 now
    with pytest.raises(ValueError, match="does not match the catalogue's N=39"):
        load_pantheon(binned=True, data_dir=tmp_path)
    lines[3] = lines[3].replace("0.0", "x", 1)
    (binned / "lcparam_DS17f.txt").write_text("\n".join(lines) + "\n")
    with pytest.raises(ValueError, match="non-numeric"):
        load_pantheon(binned=True, data_dir=tmp_path)


def test_sndata_validation():
    ok = dict(z_cmb=[0.1, 0.2], mb=[19.0, 20.0])
    with pytest.raises(ValueError, match="mb has shape"):
        SNData.from_arrays([0.1, 0.2], [19.0], dmb=[0.1, 0.1])
    with pytest.raises(ValueError, match="mb contains NaN"):
        SNData.from_arrays([0.1, 0.2], [19.0, np.nan], dmb=[0.1, 0.1])
    with pytest.raises(ValueError, match="z_hel must be > 0"):
        SNData.from_arrays(**ok, dmb=[0.1, 0.1], z_hel=[0.1, 0.0])
    with pytest.raises(ValueError, match="exactly one"):
        SNData.from_arrays(**ok)
    with pytest.raises(ValueError, match="cov is 3x3 but the catalogue has N=2"):
        SNData.from_arrays(**ok, cov=np.eye(3))
    with pytest.raises(ValueError, match="square"):
        SNData.from_arrays(**ok, cov=np.ones((2, 3)))
    with pytest.raises(ValueError, match="not symmetric"):
        SNData.from_arrays(**ok, cov=[[1.0, 0.5], [0.1, 1.0]])
    with pytest.raises(ValueError, match="not positive definite"):
        SNData.from_arrays(**ok, cov=[[1.0, 2.0], [2.0, 1.0]])
    d = SNData.from_arrays(**ok, dmb=[0.1, 0.2], names=["a", "b"])
    assert d.names.tolist() == ["a", "b"] and not d.mb.flags.writeable


@pytest.mark.slow
def test_build_script_reproduces_the_embedded_file(tmp_path, shared_data):
    """data/build_pantheon.py, run on the colfi==0.6.2 wheel (pip download; skipped offline),
    writes a file with exactly the checksum the package records and verifies."""
    import importlib.util
    import subprocess
    import sys
    from pathlib import Path

    proc = subprocess.run([sys.executable, "-m", "pip", "download", "colfi==0.6.2", "--no-deps",
                           "--only-binary=:all:", "-d", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        pytest.skip(f"cannot download colfi==0.6.2: {proc.stderr[-200:]}")
    script = Path(__file__).resolve().parents[2] / "data" / "build_pantheon.py"
    spec = importlib.util.spec_from_file_location("build_pantheon", script)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    wheel = build.get_wheel(str(tmp_path / build.WHEEL), tmp_path)
    digest = build.build(wheel, shared_data / "pantheon" / "lcparam_full_long.txt",
                         tmp_path / "out")
    meta = json.loads((resources.files("symphys.cosmology") / "data" / "pantheon.json")
                      .read_text())
    assert digest == meta["PANTHEON_SHA256"]


# -- issue 19: bad catalogues -------------------------------------------------------------------
@pytest.mark.parametrize("kw,exc,match", [
    ({"z_cmb": [0.1, 0.2], "mb": [19.0], "dmb": [0.1, 0.1]}, ValueError,
     r"mb has shape \(1,\), expected \(2,\)"),
    ({"z_cmb": [0.1, 0.2], "mb": [19.0, 20.0], "cov": np.eye(3)}, ValueError,
     "cov is 3x3 but the catalogue has N=2"),
    ({"z_cmb": [0.1, np.nan], "mb": [19.0, 20.0], "dmb": [0.1, 0.1]}, ValueError,
     "z_cmb contains NaN"),
    ({"z_cmb": [0.1, 0.2], "mb": [19.0, 20.0], "cov": [[1.0, 2.0], [2.0, 1.0]]}, ValueError,
     "cov is not positive definite"),
    ({"z_cmb": [0.1, 0.2], "mb": [19.0, 20.0], "cov": [[1.0, np.nan], [np.nan, 1.0]]},
     ValueError, "cov contains NaN"),
    ({"z_cmb": [], "mb": [], "dmb": []}, ValueError, "z_cmb must be a non-empty 1-d array"),
    ({"z_cmb": None, "mb": [19.0], "dmb": [0.1]}, TypeError, "z_cmb must be real numbers"),
    ({"z_cmb": ["a"], "mb": [19.0], "dmb": [0.1]}, TypeError, "z_cmb must be real numbers"),
    ({"z_cmb": [0.1], "mb": [19.0 + 1j], "dmb": [0.1]}, TypeError, "mb must be real numbers"),
    ({"z_cmb": [0.1], "mb": [19.0], "dmb": [0.1], "check_positive_definite": 1}, TypeError,
     "check_positive_definite must be a bool"),
])
def test_bad_catalogues_name_the_argument(kw, exc, match):
    with pytest.raises(exc, match=match):
        SNData.from_arrays(**kw)


def test_direct_construction_is_validated_too():
    z = np.array([0.1, 0.2])
    with pytest.raises(ValueError, match=r"cov has shape \(1, 1\), expected \(2, 2\)"):
        SNData(z, z, z, np.eye(1), np.array(["a", "b"]))
    with pytest.raises(TypeError, match="mb must be a numpy array"):
        SNData(z, z, [1.0, 2.0], np.eye(2), np.array(["a", "b"]))


def test_non_positive_definite_cov_is_refused_by_the_likelihood():
    from symphys.cosmology import SupernovaLikelihood

    z = np.array([0.1, 0.2])
    d = SNData.from_arrays(z, [19.0, 20.0], cov=[[1.0, 2.0], [2.0, 1.0]],
                           check_positive_definite=False)
    with pytest.raises(ValueError, match="data.cov is not positive definite"):
        SupernovaLikelihood(d, "lcdm")


def test_subset_with_bad_mask():
    d = SNData.from_arrays([0.1, 0.5, 1.0], [19.0, 23.0, 24.0], dmb=[0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="mask must be a boolean mask of length 3"):
        d.subset([5])


def test_loader_flags_and_paths_are_checked():
    with pytest.raises(TypeError, match="binned must be a bool"):
        load_pantheon(binned="x")
    with pytest.raises(TypeError, match="diagonal_only must be a bool"):
        load_pantheon_plus(diagonal_only=float("nan"))
    with pytest.raises(ValueError, match="zmin=nan must be a finite number"):
        load_pantheon_plus(zmin=float("nan"))
    with pytest.raises(TypeError, match="relpath must be a str"):
        data_file(np.array([]))


def test_direct_construction_with_non_finite_or_scalar_values():
    with pytest.raises(TypeError, match="z_cmb must be a numpy array"):
        SNData(float("nan"), np.ones(2), np.ones(2), np.eye(2), np.array(["a", "b"]))
    z = np.full(2, np.nan)
    with pytest.raises(ValueError, match="z_cmb contains NaN"):
        SNData(z, z, np.ones(2), np.eye(2), np.array(["a", "b"]))
