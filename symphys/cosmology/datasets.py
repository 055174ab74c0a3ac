"""Supernova catalogues: the embedded Pantheon sample, its binned version, Pantheon+, user data.

* :func:`load_pantheon` -- Pantheon (Scolnic et al. 2018, arXiv:1710.00845; 1048 SNe Ia) with the
  full statistical + systematic covariance ``C = C_sys + diag(dmb^2)``, embedded in the package
  (``symphys/cosmology/data/pantheon.npz``, rebuilt by ``data/build_pantheon.py`` from the MIT
  wheel ``colfi==0.6.2``; checksum in ``pantheon.json``; attribution and licences beside it).
* ``load_pantheon(binned=True)`` -- the 40-bin compressed Pantheon (``lcparam_DS17f.txt``,
  ``sys_DS17f.txt``), and :func:`load_pantheon_plus` (Brout et al. 2022) -- read from a data
  directory laid out like ``pantheon/binned/...``, ``pantheon_plus/...``: ``data_dir=``, else the
  ``SYMPHYS_DATA`` environment variable, else downloaded once (pooch, with checksums) into the
  user cache.
* :func:`read_snana_covariance` -- the SNANA/CosmoMC text format: N, then N*N values row-major.
* :meth:`SNData.from_arrays` -- a user's own catalogue.

Every loader validates: matching lengths, finite values, z > 0, a square symmetric
positive-definite covariance; anything else raises ValueError naming the problem.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

__all__ = [
    "SNData", "load_pantheon", "load_pantheon_plus", "read_snana_covariance", "data_file",
    "DATA_ENV",
]

DATA_ENV = "SYMPHYS_DATA"

# Public sources of the files that are not embedded: (url, sha256 or None when unknown here).
# The sha256 values are those of the copies in the project's reference data (../shared/data),
# taken to be byte-identical to the public files (not re-downloaded here to confirm).
_REMOTE: dict[str, tuple[str, str | None]] = {
    "pantheon/binned/lcparam_DS17f.txt": (
        "https://raw.githubusercontent.com/dscolnic/Pantheon/master/Binned_data/lcparam_DS17f.txt",
        "085daafcc4ae19ece72e69d69ac84fb0a4a1f52626ac4782e46571e6d679b000"),
    "pantheon/binned/sys_DS17f.txt": (
        "https://raw.githubusercontent.com/dscolnic/Pantheon/master/Binned_data/sys_DS17f.txt",
        "642391b0a56ee4f0c3275e85376fbdb880c1c289503520fd32b3920c19f4d7d9"),
    "pantheon/lcparam_full_long.txt": (
        "https://raw.githubusercontent.com/dscolnic/Pantheon/master/lcparam_full_long.txt",
        "9d0e3d2d2b3b460fd2d1a474f2b69a4c22c67d3e15bb2f0efdefed1607ba29a1"),
    "pantheon/lcparam_full_long_zhel.txt": (
        "https://raw.githubusercontent.com/dscolnic/Pantheon/master/lcparam_full_long_zhel.txt",
        "4e865e819eda499530b04da6965ab7aac0407878789b105732cb1f9b99a64323"),
    "pantheon_plus/Pantheon+SH0ES.dat": (
        "https://raw.githubusercontent.com/PantheonPlusSH0ES/DataRelease/main/Pantheon%2B_Data/"
        "4_DISTANCES_AND_COVAR/Pantheon%2BSH0ES.dat",
        "1cb0fc379ef066afdc2ffd1857681cc478024570d8a3eba284fb645775198cf8"),
    "pantheon_plus/Pantheon+SH0ES_STAT+SYS.cov": (
        "https://raw.githubusercontent.com/PantheonPlusSH0ES/DataRelease/main/Pantheon%2B_Data/"
        "4_DISTANCES_AND_COVAR/Pantheon%2BSH0ES_STAT%2BSYS.cov",
        None),
}


def _check_bools(**flags) -> None:
    for name, val in flags.items():
        if not isinstance(val, bool):
            raise TypeError(f"{name} must be a bool, got {type(val).__name__}")


def _real_array(value, name: str) -> np.ndarray:
    """``value`` as a float array; TypeError naming ``name`` for None, text, complex values."""
    if value is None or isinstance(value, (str, bytes)) or np.iscomplexobj(value):
        raise TypeError(f"{name} must be real numbers, got {type(value).__name__}")
    try:
        return np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be real numbers, got {type(value).__name__}") from None


def _check_cov(cov: np.ndarray, n: int, name: str = "cov") -> np.ndarray:
    cov = np.asarray(cov, dtype=float)
    if cov.ndim != 2 or cov.shape[0] != cov.shape[1]:
        raise ValueError(f"{name} must be a square matrix, got shape {cov.shape}")
    if cov.shape[0] != n:
        raise ValueError(f"{name} is {cov.shape[0]}x{cov.shape[1]} but the catalogue has N={n}")
    if not np.all(np.isfinite(cov)):
        raise ValueError(f"{name} contains NaN or infinite values")
    scale = np.max(np.abs(cov)) if cov.size else 0.0
    if not np.allclose(cov, cov.T, rtol=0.0, atol=1e-6 * scale):
        raise ValueError(f"{name} is not symmetric (max |C - C^T| = "
                         f"{np.max(np.abs(cov - cov.T)):.3g})")
    return 0.5 * (cov + cov.T)


@dataclass(frozen=True, eq=False)
class SNData:
    """A supernova catalogue: redshifts, peak magnitudes and their covariance.

    Attributes
    ----------
    z_cmb : numpy.ndarray
        ``(N,)`` CMB-frame redshifts (enter the distance integral).
    z_hel : numpy.ndarray
        ``(N,)`` heliocentric redshifts (enter the (1+z) prefactor of d_L).
    mb : numpy.ndarray
        ``(N,)`` standardised peak B magnitudes m_B (model: m_B = mu(z) + M).
    cov : numpy.ndarray
        ``(N, N)`` covariance of mb, statistical + systematic, symmetric positive definite.
    names : numpy.ndarray
        ``(N,)`` identifiers (strings).
    label : str
        A short description of the source (keyword-only).
    meta : dict
        Free-form provenance (keyword-only).

    >>> d = SNData.from_arrays([0.1, 0.5], [19.0, 23.0], dmb=[0.1, 0.2])
    >>> d.n, d.cov.tolist()
    (2, [[0.010000000000000002, 0.0], [0.0, 0.04000000000000001]])
    """

    z_cmb: np.ndarray
    z_hel: np.ndarray
    mb: np.ndarray
    cov: np.ndarray
    names: np.ndarray
    label: str = field(default="user", kw_only=True)
    meta: dict = field(default_factory=dict, kw_only=True)

    def __post_init__(self) -> None:
        # the cheap checks of from_arrays, for direct construction (no Cholesky here: a
        # non-positive-definite cov is refused by SupernovaLikelihood)
        arrays = {"z_cmb": self.z_cmb, "z_hel": self.z_hel, "mb": self.mb, "cov": self.cov,
                  "names": self.names}
        for name, arr in arrays.items():
            if not isinstance(arr, np.ndarray):
                raise TypeError(f"{name} must be a numpy array (use SNData.from_arrays for "
                                f"lists), got {type(arr).__name__}")
        n = self.z_cmb.size
        if self.z_cmb.ndim != 1 or n == 0:
            raise ValueError(f"z_cmb must be a non-empty 1-d array, got shape {self.z_cmb.shape}")
        for name in ("z_cmb", "z_hel", "mb", "cov"):
            arr = arrays[name]
            if arr.dtype.kind not in "fiu":
                raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
            want = (n, n) if name == "cov" else (n,)
            if arr.shape != want:
                raise ValueError(f"{name} has shape {arr.shape}, expected {want} like z_cmb")
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"{name} contains NaN or infinite values")
        if self.names.shape != (n,):
            raise ValueError(f"names has shape {self.names.shape}, expected ({n},)")
        for name in ("z_cmb", "z_hel"):
            if np.any(arrays[name] <= 0):
                raise ValueError(f"{name} must be > 0 (got min {arrays[name].min():g})")
        if not isinstance(self.label, str):
            raise TypeError(f"label must be a str, got {type(self.label).__name__}")
        if not isinstance(self.meta, dict):
            raise TypeError(f"meta must be a dict, got {type(self.meta).__name__}")

    @classmethod
    def from_arrays(cls, z_cmb, mb, *, cov=None, dmb=None, z_hel=None, names=None,
                    label: str = "user", meta: dict | None = None,
                    check_positive_definite: bool = True) -> SNData:
        """Validate and build a catalogue; ``cov`` (N, N) or ``dmb`` (N,) (then diagonal).

        Raises ValueError for length mismatches, NaN, z <= 0, a non-square, non-symmetric or
        non-positive-definite covariance.

        >>> SNData.from_arrays([0.1, -0.2], [19.0, 20.0], dmb=[0.1, 0.1])
        Traceback (most recent call last):
        ...
        ValueError: z_cmb must be > 0 (got min -0.2)
        """
        if not isinstance(check_positive_definite, bool):
            raise TypeError(f"check_positive_definite must be a bool, "
                            f"got {type(check_positive_definite).__name__}")
        z_cmb = _real_array(z_cmb, "z_cmb")
        if z_cmb.ndim != 1 or z_cmb.size == 0:
            raise ValueError(f"z_cmb must be a non-empty 1-d array, got shape {z_cmb.shape}")
        n = z_cmb.size
        z_hel = z_cmb.copy() if z_hel is None else _real_array(z_hel, "z_hel")
        mb = _real_array(mb, "mb")
        for name, arr in (("z_cmb", z_cmb), ("z_hel", z_hel), ("mb", mb)):
            if arr.shape != (n,):
                raise ValueError(f"{name} has shape {arr.shape}, expected ({n},) like z_cmb")
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"{name} contains NaN or infinite values")
        for name, arr in (("z_cmb", z_cmb), ("z_hel", z_hel)):
            if np.any(arr <= 0):
                raise ValueError(f"{name} must be > 0 (got min {arr.min():g})")
        if (cov is None) == (dmb is None):
            raise ValueError("give exactly one of cov (N, N) or dmb (N,)")
        if dmb is not None:
            dmb = _real_array(dmb, "dmb")
            if dmb.shape != (n,):
                raise ValueError(f"dmb has shape {dmb.shape}, expected ({n},)")
            if not np.all(np.isfinite(dmb)) or np.any(dmb <= 0):
                raise ValueError("dmb must be finite and > 0")
            cov = np.diag(dmb**2)
        cov = _check_cov(_real_array(cov, "cov"), n)
        if check_positive_definite:
            try:
                np.linalg.cholesky(cov)
            except np.linalg.LinAlgError:
                raise ValueError("cov is not positive definite (Cholesky failed)") from None
        names = (np.array([str(i) for i in range(n)]) if names is None
                 else np.asarray(names).astype(str))
        if names.shape != (n,):
            raise ValueError(f"names has shape {names.shape}, expected ({n},)")
        for arr in (z_cmb, z_hel, mb, cov, names):
            arr.setflags(write=False)
        return cls(z_cmb, z_hel, mb, cov, names, label=label, meta=dict(meta or {}))

    @property
    def n(self) -> int:
        """Number of supernovae N."""
        return int(self.z_cmb.size)

    @property
    def sigma(self) -> np.ndarray:
        """(N,) square roots of the covariance diagonal (for plots; fits use the full matrix)."""
        return np.sqrt(np.diag(self.cov))

    def subset(self, mask) -> SNData:
        """The catalogue restricted to a boolean mask or index array (covariance sliced).

        >>> d = SNData.from_arrays([0.1, 0.5, 1.0], [19.0, 23.0, 24.0], dmb=[0.1, 0.2, 0.3])
        >>> d.subset(d.z_cmb > 0.2).n
        2
        """
        try:
            idx = np.arange(self.n)[np.asarray(mask)]
        except IndexError as exc:
            raise ValueError(f"mask must be a boolean mask of length {self.n} or indices in "
                             f"[0, {self.n}): {exc}") from None
        if idx.ndim != 1:
            raise ValueError(f"mask must select a 1-d set of supernovae, got shape {idx.shape}")
        return SNData.from_arrays(self.z_cmb[idx], self.mb[idx], cov=self.cov[np.ix_(idx, idx)],
                                  z_hel=self.z_hel[idx], names=self.names[idx],
                                  label=self.label, meta=self.meta)

    def __repr__(self) -> str:
        return (f"SNData({self.label!r}, N={self.n}, z in [{self.z_cmb.min():.4g}, "
                f"{self.z_cmb.max():.4g}])")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def data_file(relpath: str, *, data_dir: str | os.PathLike | None = None) -> Path:
    """Locate a non-embedded data file, e.g. ``"pantheon/binned/lcparam_DS17f.txt"``.

    Order: ``data_dir`` (if given, the file must be there), then ``$SYMPHYS_DATA``, then a pooch
    download from the public source into the user cache, verified by sha256 where known.

    >>> data_file("no/such/file.txt", data_dir=".")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no/such/file.txt not found in data_dir=...
    """
    if not isinstance(relpath, str):
        raise TypeError(f"relpath must be a str, got {type(relpath).__name__}")
    if data_dir is not None and not isinstance(data_dir, (str, os.PathLike)):
        raise TypeError(f"data_dir must be a path or None, got {type(data_dir).__name__}")
    if data_dir is not None:
        path = Path(data_dir) / relpath
        if not path.is_file():
            raise FileNotFoundError(f"{relpath} not found in data_dir={data_dir}")
        return path
    env = os.environ.get(DATA_ENV)
    if env:
        path = Path(env) / relpath
        if path.is_file():
            return path
    if relpath not in _REMOTE:
        raise FileNotFoundError(f"{relpath}: not found; set {DATA_ENV} or pass data_dir=")
    url, known = _REMOTE[relpath]
    try:
        import pooch

        cache = pooch.os_cache("symphys")
        fname = relpath.replace("/", "__")
        return Path(pooch.retrieve(url, known_hash=known and f"sha256:{known}", fname=fname,
                                   path=cache, progressbar=False))
    except Exception as exc:  # network errors come in many types (requests, urllib, OSError)
        raise FileNotFoundError(
            f"{relpath}: not in data_dir or ${DATA_ENV}, and downloading it failed ({exc}). "
            f"Set {DATA_ENV} to a folder holding {relpath} (same layout as the reference data), "
            "or pass data_dir="
        ) from exc


def _read_lcparam(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Names and the columns zcmb zhel dz mb dmb of a Pantheon ``lcparam`` file."""
    names, rows = [], []
    with open(path) as fh:
        header = fh.readline().lstrip("#").split()
        need = ["zcmb", "zhel", "dz", "mb", "dmb"]
        if header[:1] != ["name"] or any(c not in header for c in need):
            raise ValueError(f"{path}: header must start '#name' and hold columns {need}, "
                             f"got {header[:8]}")
        cols = [header.index(c) for c in need]
        for lineno, line in enumerate(fh, start=2):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split()
            if len(parts) < max(cols) + 1:
                raise ValueError(f"{path}:{lineno}: expected at least {max(cols) + 1} columns, "
                                 f"got {len(parts)}")
            try:
                rows.append([float(parts[c]) for c in cols])
            except ValueError:
                raise ValueError(f"{path}:{lineno}: non-numeric value in {parts}") from None
            names.append(parts[0])
    if not rows:
        raise ValueError(f"{path}: no data rows")
    return np.array(names), np.array(rows)


def read_snana_covariance(path: str | os.PathLike, *, n: int | None = None) -> np.ndarray:
    """Read an SNANA/CosmoMC covariance text file: the first value N, then N*N values.

    Values are read row-major (whitespace or newlines); ``.gz`` files are decompressed. Raises
    ValueError when the count is not N*N, N does not match ``n``, a value is not a number or NaN,
    or the matrix is not symmetric. Returns an (N, N) float64 array (symmetrised).

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = os.path.join(tmp, "c.txt")
    ...     _ = open(p, "w").write("2\\n1.0\\n0.5\\n0.5\\n2.0\\n")
    ...     read_snana_covariance(p).tolist()
    [[1.0, 0.5], [0.5, 2.0]]
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt") as fh:
        first = fh.readline().split()
        if len(first) != 1:
            raise ValueError(f"{path}: first line must hold only N, got {first[:3]}")
        try:
            size = int(first[0])
        except ValueError:
            raise ValueError(f"{path}: first line {first[0]!r} is not an integer N") from None
        try:
            values = np.array(fh.read().split(), dtype=float)
        except ValueError:
            raise ValueError(f"{path}: non-numeric value in the matrix") from None
    if size <= 0:
        raise ValueError(f"{path}: N={size} must be > 0")
    if n is not None and size != n:
        raise ValueError(f"{path}: N={size} does not match the catalogue's N={n}")
    if values.size != size * size:
        raise ValueError(f"{path}: expected N*N={size * size} values after N={size}, "
                         f"got {values.size}")
    return _check_cov(values.reshape(size, size), size, name=str(path))


def _embedded() -> dict[str, np.ndarray]:
    base = resources.files("symphys.cosmology") / "data"
    meta = json.loads((base / "pantheon.json").read_text())
    with resources.as_file(base / "pantheon.npz") as path:
        digest = _sha256(path)
        if digest != meta["PANTHEON_SHA256"]:
            raise ValueError(f"embedded {path} is corrupt: sha256 {digest} != "
                             f"{meta['PANTHEON_SHA256']} (rebuild with data/build_pantheon.py)")
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    arrays["meta"] = meta
    return arrays


def _embedded_cov_sys(arr: dict) -> np.ndarray:
    n = arr["z_cmb"].size
    mat = np.zeros((n, n), dtype=np.float32)
    iu = np.triu_indices(n)
    mat[iu] = arr["cov_sys_triu"]
    il = np.tril_indices(n, -1)
    mat[il] = mat.T[il]
    mat.ravel()[arr["cov_sys_lower_idx"]] = arr["cov_sys_lower_val"]
    digest = hashlib.sha256(mat.tobytes()).hexdigest()
    if digest != str(arr["sha256_wheel_matrix"]):
        raise ValueError("embedded Pantheon covariance does not match its recorded checksum")
    full = mat.astype(np.float64)
    return 0.5 * (full + full.T)


def load_pantheon(*, binned: bool = False, zhel: bool = False,
                  data_dir: str | os.PathLike | None = None) -> SNData:
    """The Pantheon supernova sample with its full covariance C = C_sys + diag(dmb^2).

    ``binned=False`` (default): the 1048 SNe of ``lcparam_full_long.txt`` with the 1048x1048
    systematic covariance, embedded in the package (works offline). Note that in this file
    ``zhel`` equals ``zcmb``; ``zhel=True`` takes the redshifts (zcmb and zhel) of Pantheon's
    ``lcparam_full_long_zhel.txt`` instead (a data-directory file, same SNe and m_B).

    ``binned=True``: the 40 redshift bins (``pantheon/binned/lcparam_DS17f.txt`` and
    ``sys_DS17f.txt``) from ``data_dir`` / ``$SYMPHYS_DATA`` / a checksummed download.

    >>> d = load_pantheon()
    >>> d.n, d.cov.shape, str(d.names[0])
    (1048, (1048, 1048), '03D1au')
    """
    _check_bools(binned=binned, zhel=zhel)
    if binned:
        names, cols = _read_lcparam(data_file("pantheon/binned/lcparam_DS17f.txt",
                                              data_dir=data_dir))
        sys_cov = read_snana_covariance(data_file("pantheon/binned/sys_DS17f.txt",
                                                  data_dir=data_dir), n=len(names))
        return SNData.from_arrays(cols[:, 0], cols[:, 3], cov=sys_cov + np.diag(cols[:, 4] ** 2),
                                  z_hel=cols[:, 1], names=names, label="Pantheon (binned)",
                                  meta={"source": "Pantheon Binned_data/lcparam_DS17f.txt"})
    arr = _embedded()
    cov = _embedded_cov_sys(arr) + np.diag(arr["dmb"] ** 2)
    z_cmb, z_hel, label = arr["z_cmb"], arr["z_hel"], "Pantheon"
    if zhel:
        names, cols = _read_lcparam(data_file("pantheon/lcparam_full_long_zhel.txt",
                                              data_dir=data_dir))
        if not np.array_equal(names, arr["names"]) or not np.array_equal(cols[:, 3], arr["mb"]):
            raise ValueError("lcparam_full_long_zhel.txt: names or mb differ from the embedded "
                             "Pantheon catalogue")
        z_cmb, z_hel, label = cols[:, 0], cols[:, 1], "Pantheon (zhel)"
    return SNData.from_arrays(z_cmb, arr["mb"], cov=cov, z_hel=z_hel, names=arr["names"],
                              label=label, meta=arr["meta"], check_positive_definite=False)


def load_pantheon_plus(*, cov_path: str | os.PathLike | None = None,
                       data_dir: str | os.PathLike | None = None, zmin: float = 0.01,
                       include_calibrators: bool = False,
                       diagonal_only: bool = False) -> SNData:
    """Pantheon+ (Brout et al. 2022, arXiv:2202.04077): ``Pantheon+SH0ES.dat`` and its covariance.

    Columns used: ``zHD`` (Hubble-diagram redshift, CMB frame with peculiar-velocity
    corrections) as ``z_cmb``, ``zHEL`` as ``z_hel``, ``m_b_corr`` as ``mb``, ``CID`` as names.
    The covariance ``Pantheon+SH0ES_STAT+SYS.cov`` (SNANA format, N = 1701) comes from
    ``cov_path``, else the data directory / ``$SYMPHYS_DATA`` / a download. Rows with
    ``zHD <= zmin`` are dropped (Brout et al. use z > 0.01 for cosmology) and so are the
    Cepheid-host calibrators unless ``include_calibrators``; the covariance is sliced to match.
    ``diagonal_only=True`` uses ``m_b_corr_err_DIAG`` and no covariance: for plots only, the
    release warns never to fit cosmology with it.

    >>> import os
    >>> d = load_pantheon_plus(diagonal_only=True,
    ...     data_dir=os.environ.get("SYMPHYS_TEST_DATA"))  # doctest: +SKIP
    """
    _check_bools(include_calibrators=include_calibrators, diagonal_only=diagonal_only)
    if isinstance(zmin, bool) or not isinstance(zmin, (int, float, np.integer, np.floating)) \
            or not np.isfinite(zmin):
        raise ValueError(f"zmin={zmin!r} must be a finite number")
    dat = data_file("pantheon_plus/Pantheon+SH0ES.dat", data_dir=data_dir)
    with open(dat) as fh:
        header = fh.readline().split()
        rows = [line.split() for line in fh if line.strip()]
    need = ["CID", "zHD", "zHEL", "m_b_corr", "m_b_corr_err_DIAG", "IS_CALIBRATOR"]
    missing = [c for c in need if c not in header]
    if missing:
        raise ValueError(f"{dat}: missing columns {missing}")
    bad = [i for i, r in enumerate(rows) if len(r) != len(header)]
    if bad:
        raise ValueError(f"{dat}: row {bad[0] + 2} has {len(rows[bad[0]])} columns, "
                         f"header has {len(header)}")
    col = {c: header.index(c) for c in need}
    names = np.array([r[col["CID"]] for r in rows])
    num = {c: np.array([float(r[col[c]]) for r in rows]) for c in need[1:]}
    keep = num["zHD"] > zmin
    if not include_calibrators:
        keep &= num["IS_CALIBRATOR"] == 0
    idx = np.flatnonzero(keep)
    if diagonal_only:
        import warnings

        warnings.warn("Pantheon+ with diagonal errors only: not for cosmological fits",
                      stacklevel=2)
        cov = np.diag(num["m_b_corr_err_DIAG"][idx] ** 2)
    else:
        cpath = (Path(cov_path) if cov_path is not None
                 else data_file("pantheon_plus/Pantheon+SH0ES_STAT+SYS.cov", data_dir=data_dir))
        cov = read_snana_covariance(cpath, n=len(rows))[np.ix_(idx, idx)]
    return SNData.from_arrays(num["zHD"][idx], num["m_b_corr"][idx], cov=cov,
                              z_hel=num["zHEL"][idx],
                              names=names[idx], label="Pantheon+",
                              meta={"source": str(dat), "zmin": zmin,
                                    "include_calibrators": include_calibrators,
                                    "diagonal_only": diagonal_only})
