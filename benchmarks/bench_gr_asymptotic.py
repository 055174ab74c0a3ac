"""symphys.gr asymptotic engine: the AdS3 derivation (ansatz to central charges) and the BMS4
supertranslation law and charges, timed from cold caches.

No Python tool derives asymptotic charges (issue 17), so there is no like-for-like peer; where
EinsteinPy is installed, its Einstein tensor of the same AdS3 ansatz (the first of our steps,
with its default simplification) runs beside ours for scale, capped at ``CAP`` seconds in a
fresh interpreter (its time includes the interpreter start and imports).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time

from run import Case

CAP = 120

_ADS3 = """
import sympy as sp
u, r, p = sp.symbols("u r phi", real=True)
l = sp.Symbol("l", positive=True)
Th, N = sp.Function("Theta")(u, p), sp.Function("N")(u, p)
g = sp.Matrix([[-r**2/l**2 + Th, -1, N], [-1, 0, 0], [N, 0, r**2]])
coords = (u, r, p)
from einsteinpy.symbolic import MetricTensor, EinsteinTensor
EinsteinTensor.from_metric(MetricTensor(g.tolist(), coords)).tensor()
"""


def _capped(code: str) -> float:
    t0 = time.perf_counter()
    try:
        subprocess.run([sys.executable, "-c", code], check=True, timeout=CAP,
                       capture_output=True)
    except subprocess.TimeoutExpired:
        return float(CAP)
    return time.perf_counter() - t0


def _ours_ads3_full():
    from symphys.gr import ads3

    ads3.clear_caches()
    ads3.field_equations()
    ads3.solution_space()
    ads3.variation()
    ads3.charge_density()
    c = ads3.algebra()["central_charges"]
    assert str(c) == "(3*l/(2*G), 3*l/(2*G))"


def _ours_ads3_flat_limit():
    from symphys.gr import ads3

    ads3.clear_caches()
    assert str(ads3.flat_limit()["central_charges"]) == "(0, 3/G)"


def _ours_bms4_law_and_charges():
    import sympy as sp

    from symphys.gr import bms4

    bms4.clear_caches()
    bms4.supertranslation_law(None)
    bms4.memory(sp.cos(bms4.theta) ** 2)
    bms4.charge(1, m_B=bms4.G * sp.Symbol("M", positive=True), N=(0, 0), C=sp.zeros(2))


def cases():
    have_epy = importlib.util.find_spec("einsteinpy") is not None
    yield Case("AdS3 derivation: field equations to central charges c+- = 3l/(2G)",
               _ours_ads3_full,
               "EinsteinPy Einstein tensor only (capped)" if have_epy else None,
               (lambda: _capped(_ADS3)) if have_epy else None, repeat=1, target="< 10 s")
    yield Case("AdS3 flat limit onto BMS3 (whole derivation included)", _ours_ads3_flat_limit,
               repeat=1, target="< 10 s")
    yield Case("BMS4 supertranslation law, memory and charges", _ours_bms4_law_and_charges,
               repeat=1, target="< 60 s")


if __name__ == "__main__":  # pragma: no cover
    for c in cases():
        t0 = time.perf_counter()
        c.ours()
        print(c.name, time.perf_counter() - t0)
