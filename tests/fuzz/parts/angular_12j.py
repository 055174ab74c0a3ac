"""Fuzz-registry part of issue 18: the 12j symbol of the first kind."""

from __future__ import annotations

from tests.fuzz.registry import call

FUNCS = {
    "symphys.angular.wigner_12j": lambda: call(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, exact=False),
}
