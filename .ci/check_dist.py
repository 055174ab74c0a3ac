"""Check what the sdist and the wheel carry.

The sdist must carry everything the test command needs to pass from the unpacked sdist (the
tests, the root conftest, the notebooks, the docs, the data build script, README.md); neither
archive may carry a ``conftest.py`` inside the package, bytecode or caches; the wheel declares
the SPDX license expression.
Usage: ``python .ci/check_dist.py SDIST WHEEL``.
"""

from __future__ import annotations

import sys
import tarfile
import zipfile

SDIST_MUST = ["conftest.py", "README.md", "LICENSE", "pyproject.toml", "tests/conftest.py",
              "tests/test_infrastructure.py", "data/build_pantheon.py", "docs/conf.py",
              "notebooks/quickstart.ipynb", "symphys/__init__.py", ".ci/run"]


def main(sdist: str, wheel: str) -> int:
    problems = []
    with tarfile.open(sdist) as t:
        names = [n.split("/", 1)[1] for n in t.getnames() if "/" in n]
    for must in SDIST_MUST:
        if must not in names:
            problems.append(f"sdist lacks {must}")
    with zipfile.ZipFile(wheel) as z:
        wnames = z.namelist()
        meta = next(n for n in wnames if n.endswith(".dist-info/METADATA"))
        metadata = z.read(meta).decode()
    for where, listing in (("sdist", names), ("wheel", wnames)):
        for n in listing:
            if n.startswith("symphys/") and n.endswith("/conftest.py"):
                problems.append(f"{where} has a conftest inside the package: {n}")
            if "__pycache__" in n or n.endswith((".pyc", ".pyo")):
                problems.append(f"{where} carries bytecode: {n}")
    if "License-Expression: BSD-3-Clause" not in metadata:
        problems.append("wheel METADATA lacks 'License-Expression: BSD-3-Clause'")
    if not any(n.startswith("symphys/cosmology/data/") for n in wnames):
        problems.append("wheel lacks the embedded Pantheon data")
    for p in problems:
        print(f"check_dist: {p}", file=sys.stderr)
    if not problems:
        print(f"check_dist: sdist ({len(names)} files) and wheel ({len(wnames)} files) OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
