"""Rebuild ``symphys/cosmology/data/pantheon.npz``, the embedded Pantheon catalogue and covariance.

Source (SPEC 4.2): the PyPI wheel ``colfi==0.6.2`` (MIT licence, Guojian Wang) ships the Pantheon
data of Scolnic et al. 2018 (arXiv:1710.00845; MIT licence, repository ``dscolnic/Pantheon``) as

- ``colfi-0.6.2.data/data/Pantheon_SNe_NoName.txt``: columns ``zcmb zhel dz mb dmb`` of
  ``lcparam_full_long.txt`` (1048 rows, same order);
- ``colfi-0.6.2.data/data/Pantheon_Systematic_Error_Matrix.npy``: ``sys_full_long.txt`` as float32,
  flattened row-major (1048*1048).

The wheel carries no supernova names; they are taken from Pantheon's own
``lcparam_full_long.txt`` (``--lcparam``), whose numeric columns must agree exactly with the
wheel's.

What is stored (``np.savez_compressed``, no pickled objects):

- ``z_cmb, z_hel, dz, mb, dmb`` (float64, shape ``(1048,)``) and ``names`` (unicode);
- ``cov_sys_triu`` (float32): the upper triangle (``np.triu_indices(1048)``, row-major) of the
  systematic covariance exactly as in the wheel;
- ``cov_sys_lower_idx`` (int64) / ``cov_sys_lower_val`` (float32): the few strictly-lower entries
  that differ from their transposes, so the wheel's matrix is rebuilt bit for bit (the loader then
  symmetrises it, ``(C + C.T) / 2``);
- ``sha256_wheel_matrix``: the sha256 of the wheel's float32 matrix bytes, checked by the loader.

Run from the repository root::

    python data/build_pantheon.py                      # downloads the wheel with pip
    python data/build_pantheon.py --wheel colfi-0.6.2-py3-none-any.whl --lcparam PATH

It prints the sha256 of the written file, which must match ``PANTHEON_SHA256`` in
``symphys/cosmology/data/pantheon.json`` (the loader verifies it on every load).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

WHEEL = "colfi-0.6.2-py3-none-any.whl"
WHEEL_SHA256 = "82ac9680d985c8157dd72feeb50c19d75a156d1b2807cdd3fecb2599a5486550"
CATALOGUE = "colfi-0.6.2.data/data/Pantheon_SNe_NoName.txt"
MATRIX = "colfi-0.6.2.data/data/Pantheon_Systematic_Error_Matrix.npy"
LICENSE = "colfi-0.6.2.dist-info/LICENSE"
N_SNE = 1048
ATTRIBUTION = (
    "Pantheon supernova sample: D. M. Scolnic et al., ApJ 859, 101 (2018), arXiv:1710.00845; "
    "data (c) the Pantheon team, MIT licence (LICENSE_pantheon.txt), repository dscolnic/Pantheon. "
    "Catalogue columns and systematic covariance as redistributed in the PyPI wheel colfi==0.6.2 "
    "(c) 2022 Guojian Wang, MIT licence (LICENSE_colfi.txt). Names from Pantheon's "
    "lcparam_full_long.txt. Rebuilt by data/build_pantheon.py."
)
REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "symphys" / "cosmology" / "data"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def get_wheel(path: str | None, workdir: Path) -> Path:
    if path is None:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "colfi==0.6.2", "--no-deps",
             "--only-binary=:all:", "-d", str(workdir)],
            check=True,
        )
        path = str(workdir / WHEEL)
    wheel = Path(path)
    digest = sha256_bytes(wheel.read_bytes())
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 {digest} != expected {WHEEL_SHA256}")
    return wheel


def read_names(lcparam: Path, numeric: np.ndarray) -> np.ndarray:
    rows = [line.split() for line in lcparam.read_text().splitlines()
            if line.strip() and not line.startswith("#")]
    names = np.array([r[0] for r in rows])
    values = np.array([[float(x) for x in r[1:6]] for r in rows])
    if values.shape != numeric.shape or not np.array_equal(values, numeric):
        raise SystemExit(f"{lcparam}: columns zcmb zhel dz mb dmb differ from the wheel's "
                         "catalogue")
    return names


def build(wheel: Path, lcparam: Path, out_dir: Path) -> str:
    with zipfile.ZipFile(wheel) as zf:
        cat = np.loadtxt(io.BytesIO(zf.read(CATALOGUE)))
        raw = zf.read(MATRIX)
        licence = zf.read(LICENSE).decode()
    mat = np.load(io.BytesIO(raw), allow_pickle=False)
    if cat.shape != (N_SNE, 5) or mat.shape != (N_SNE * N_SNE,) or mat.dtype != np.float32:
        raise SystemExit(f"unexpected shapes {cat.shape}, {mat.shape}, {mat.dtype}")
    mat = mat.reshape(N_SNE, N_SNE)
    names = read_names(lcparam, cat)
    iu = np.triu_indices(N_SNE)
    il = np.tril_indices(N_SNE, -1)
    lower = mat[il]
    mirrored = mat.T[il]
    differ = np.flatnonzero(lower != mirrored)
    flat_lower = np.ravel_multi_index((il[0][differ], il[1][differ]), mat.shape)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "pantheon.npz"
    fd, tmp = tempfile.mkstemp(dir=out_dir, suffix=".npz")
    os.close(fd)
    try:
        np.savez_compressed(
            tmp,
            z_cmb=cat[:, 0], z_hel=cat[:, 1], dz=cat[:, 2], mb=cat[:, 3], dmb=cat[:, 4],
            names=names,
            cov_sys_triu=mat[iu],
            cov_sys_lower_idx=flat_lower.astype(np.int64),
            cov_sys_lower_val=lower[differ],
            sha256_wheel_matrix=np.array(sha256_bytes(mat.tobytes())),
        )
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    digest = sha256_bytes(target.read_bytes())
    write_text_atomic(out_dir / "LICENSE_colfi.txt", licence)
    pantheon_licence = lcparam.parent / "mit.license"
    if pantheon_licence.exists():
        write_text_atomic(out_dir / "LICENSE_pantheon.txt", pantheon_licence.read_text())
    meta_path = out_dir / "pantheon.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    meta.update({
        "attribution": ATTRIBUTION,
        "PANTHEON_SHA256": digest,
        "n_sne": N_SNE,
        "source_wheel": WHEEL,
        "source_wheel_sha256": WHEEL_SHA256,
        "matrix_sha256_float32": sha256_bytes(mat.tobytes()),
        "asymmetric_lower_entries": int(differ.size),
    })
    write_text_atomic(meta_path, json.dumps(meta, indent=1) + "\n")
    return digest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", help=f"a local {WHEEL} (default: pip download it)")
    ap.add_argument("--lcparam", help="Pantheon's lcparam_full_long.txt (for the names); default "
                    "$SYMPHYS_DATA/pantheon/lcparam_full_long.txt or ../shared/data/pantheon/..., "
                    "else downloaded from dscolnic/Pantheon with its sha256")
    ap.add_argument("--out", default=str(OUT_DIR))
    args = ap.parse_args(argv)
    if args.lcparam is None:
        base = (os.environ.get("SYMPHYS_DATA") or os.environ.get("SYMPHYS_TEST_DATA")
                or str(REPO.parent / "shared" / "data"))
        local = Path(base) / "pantheon" / "lcparam_full_long.txt"
        if local.is_file():
            args.lcparam = str(local)
        else:  # Pantheon's public release, checksummed (pooch), as symphys.cosmology finds it
            sys.path.insert(0, str(REPO))
            from symphys.cosmology.datasets import data_file

            try:
                args.lcparam = str(data_file("pantheon/lcparam_full_long.txt"))
            except FileNotFoundError as exc:
                raise SystemExit(f"{exc}\n(or pass --lcparam PATH)") from None
    with tempfile.TemporaryDirectory() as work:
        wheel = get_wheel(args.wheel, Path(work))
        digest = build(wheel, Path(args.lcparam), Path(args.out))
    print(f"wrote {Path(args.out) / 'pantheon.npz'}  sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
