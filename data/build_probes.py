"""Rebuild the embedded DESI BAO and Union3 files in ``symphys/cosmology/data/``.

Sources (copied unchanged, in the Cobaya/CosmoMC layouts, from the public repositories
``CobayaSampler/bao_data`` and ``CobayaSampler/sn_data``; the project keeps copies in
``../shared/data``):

- DESI DR1 (2024) BAO, all tracers combined: ``desi_bao/dr1/desi_2024_gaussian_bao_ALL_GCcomb_
  {mean,cov}.txt`` (DESI 2024 III/VI, arXiv:2404.03000, arXiv:2404.03002);
- DESI DR2 (2025) BAO, all tracers combined: ``desi_bao/dr2/desi_gaussian_bao_ALL_GCcomb_
  {mean,cov}.txt`` (DESI DR2 I/II, arXiv:2503.14738, arXiv:2503.14739);
- Union3 binned (UNITY1.5, 22 nodes): ``union3/lcparam_full.txt`` and ``union3/mag_covmat.txt``
  (Rubin et al. 2023, arXiv:2311.12098).

What is written (plain JSON, every number as parsed by Python's ``float``, which JSON
round-trips exactly): ``desi_bao_dr1.json``, ``desi_bao_dr2.json`` (``z``, ``value``,
``quantity``, ``cov``), ``union3.json`` (``names``, ``z_cmb``, ``z_hel``, ``mb``, ``cov``), each
with the sha256 of its source files; and ``probes.sha256.json``, the sha256 of each written file,
which the loaders verify on every load.

Run from the repository root::

    python data/build_probes.py                    # sources from $SYMPHYS_DATA or ../shared/data
    python data/build_probes.py --source DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "symphys" / "cosmology" / "data"

DESI = {
    "dr1": ("desi_bao/dr1/desi_2024_gaussian_bao_ALL_GCcomb_mean.txt",
            "desi_bao/dr1/desi_2024_gaussian_bao_ALL_GCcomb_cov.txt",
            "DESI 2024 (DR1) BAO, all tracers: arXiv:2404.03000, arXiv:2404.03002; "
            "file from CobayaSampler/bao_data"),
    "dr2": ("desi_bao/dr2/desi_gaussian_bao_ALL_GCcomb_mean.txt",
            "desi_bao/dr2/desi_gaussian_bao_ALL_GCcomb_cov.txt",
            "DESI DR2 (2025) BAO, all tracers: arXiv:2503.14738, arXiv:2503.14739; "
            "file from CobayaSampler/bao_data"),
}
UNION3 = ("union3/lcparam_full.txt", "union3/mag_covmat.txt",
          "Union3 binned (UNITY1.5, 22 nodes): Rubin et al. 2023, arXiv:2311.12098; files from "
          "CobayaSampler/sn_data")
QUANTITIES = ("DV_over_rs", "DM_over_rs", "DH_over_rs")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def read_matrix(path: Path, n: int, *, leading_n: bool = False) -> list[list[float]]:
    values = path.read_text().split()
    if leading_n:
        if int(values[0]) != n:
            raise SystemExit(f"{path}: N = {values[0]}, expected {n}")
        values = values[1:]
    if len(values) != n * n:
        raise SystemExit(f"{path}: {len(values)} values, expected {n * n}")
    flat = [float(v) for v in values]
    return [flat[i * n:(i + 1) * n] for i in range(n)]


def build_desi(source: Path, release: str) -> dict:
    mean_rel, cov_rel, citation = DESI[release]
    rows = [line.split() for line in (source / mean_rel).read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
    for r in rows:
        if len(r) != 3 or r[2] not in QUANTITIES:
            raise SystemExit(f"{mean_rel}: bad row {r}")
    cov = read_matrix(source / cov_rel, len(rows))
    return {
        "release": release, "citation": citation,
        "z": [float(r[0]) for r in rows], "value": [float(r[1]) for r in rows],
        "quantity": [r[2] for r in rows], "cov": cov,
        "source_sha256": {mean_rel: sha256(source / mean_rel),
                          cov_rel: sha256(source / cov_rel)},
    }


def build_union3(source: Path) -> dict:
    lc_rel, cov_rel, citation = UNION3
    lines = (source / lc_rel).read_text().splitlines()
    header = lines[0].lstrip("#").split()
    col = {c: header.index(c) for c in ("name", "zcmb", "zhel", "mb")}
    rows = [line.split() for line in lines[1:] if line.strip() and not line.startswith("#")]
    cov = read_matrix(source / cov_rel, len(rows), leading_n=True)
    return {
        "citation": citation,
        "names": [r[col["name"]] for r in rows],
        "z_cmb": [float(r[col["zcmb"]]) for r in rows],
        "z_hel": [float(r[col["zhel"]]) for r in rows],
        "mb": [float(r[col["mb"]]) for r in rows], "cov": cov,
        "source_sha256": {lc_rel: sha256(source / lc_rel), cov_rel: sha256(source / cov_rel)},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default=os.environ.get("SYMPHYS_DATA")
                    or str(REPO.parent / "shared" / "data"),
                    help="folder holding desi_bao/ and union3/ (default $SYMPHYS_DATA, else "
                         "../shared/data)")
    ap.add_argument("--out", default=str(OUT_DIR))
    args = ap.parse_args(argv)
    source, out = Path(args.source), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    files = {f"desi_bao_{rel}.json": build_desi(source, rel) for rel in DESI}
    files["union3.json"] = build_union3(source)
    digests = {}
    for name, content in files.items():
        write_atomic(out / name, json.dumps(content, indent=0) + "\n")
        digests[name] = sha256(out / name)
        print(f"wrote {out / name}  sha256 {digests[name]}")
    write_atomic(out / "probes.sha256.json", json.dumps(digests, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
