"""Print pip constraints pinning every core dependency at the lower bound pyproject.toml declares.

Usage: ``python .ci/min_constraints.py pyproject.toml > min.txt``; then
``PIP_CONSTRAINT=min.txt pip install ".[test]"`` installs the oldest versions symphys claims to
support. A dependency without a ``>=`` lower bound is an error: every bound must be tested.
"""

from __future__ import annotations

import re
import sys

import tomllib


def main(path: str) -> int:
    with open(path, "rb") as f:
        deps = tomllib.load(f)["project"]["dependencies"]
    for dep in deps:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(\[[^\]]*\])?\s*>=\s*([0-9][0-9A-Za-z.]*)\s*",
                         dep)
        if not m:
            print(f"min_constraints: {dep!r} has no plain '>=' lower bound", file=sys.stderr)
            return 1
        print(f"{m.group(1)}=={m.group(3)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
