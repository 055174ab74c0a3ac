"""symphys.gr: curvature and asymptotic-symmetry derivations against EinsteinPy / plain sympy.

Slow peers run in a fresh subprocess capped at ``--cap`` seconds (default ``CAP``; their time
includes ~2 s of interpreter start and imports); a capped peer prints as "> N s" and its ratio
as "> R x" (lower bounds). Usage: ``python benchmarks/run.py gr [--cap 240] [--only kerr]``.

Like with like: each case states the simplification on both sides. "exact zero decided" means
the result must show Ricci = 0 as the literal 0: ours by exact canonical forms
(``simplify="auto"``), EinsteinPy by ``sympy.simplify`` of every Riemann component (its only
mode), plain sympy by ``sympy.simplify`` of every Ricci component. "unsimplified" means raw
expression trees on both sides (ours ``simplify=None``, plain sympy without any normaliser).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time

import sympy as sp
from run import Case

CAP = 60

_BONDI_SACHS = """
import sympy as sp
u, r, th, ph = sp.symbols("u r theta phi")
F = lambda n: sp.Function(n)(u, r, th, ph)
V, b, U1, U2, gam, dl = F("V"), F("beta"), F("U1"), F("U2"), F("gamma"), F("delta")
# Bondi-Sachs: ds² = -(V/r)e^{2β}du² - 2e^{2β}du dr + r² h_AB (dx^A - U^A du)(dx^B - U^B du)
h = sp.Matrix([[sp.exp(2*gam)*sp.cosh(2*dl), sp.sinh(2*dl)*sp.sin(th)],
               [sp.sinh(2*dl)*sp.sin(th), sp.exp(-2*gam)*sp.cosh(2*dl)*sp.sin(th)**2]])
U = [U1, U2]
g = sp.zeros(4)
g[0, 0] = -V/r*sp.exp(2*b) + r**2*sum(h[i, j]*U[i]*U[j] for i in range(2) for j in range(2))
g[0, 1] = g[1, 0] = -sp.exp(2*b)
for A in range(2):
    g[0, 2+A] = g[2+A, 0] = -r**2*sum(h[A, B]*U[B] for B in range(2))
    for B in range(2):
        g[2+A, 2+B] = r**2*h[A, B]
coords = (u, r, th, ph)
"""

_KERR = """
import sympy as sp
t, r, x, ph = sp.symbols("t r x phi")
M, a = sp.symbols("M a", positive=True)
S = r**2 + a**2*x**2; D = r**2 - 2*M*r + a**2; s2 = 1 - x**2
g = sp.zeros(4)
g[0, 0] = -(1 - 2*M*r/S); g[0, 3] = g[3, 0] = -2*M*a*r*s2/S
g[1, 1] = S/D; g[2, 2] = S/s2; g[3, 3] = (r**2 + a**2 + 2*M*a**2*r*s2/S)*s2
coords = (t, r, x, ph)
"""


_BONDI3 = """
import sympy as sp
u, r, p = sp.symbols("u r phi")
Th, N = sp.Function("Theta")(u, p), sp.Function("N")(u, p)
g = sp.Matrix([[Th, -1, N], [-1, 0, 0], [N, 0, r**2]])
coords = (u, r, p)
"""


_KERR_THETA = """
import sympy as sp
t, r, th, ph = sp.symbols("t r theta phi")
M, a = sp.symbols("M a", positive=True)
S = r**2 + a**2*sp.cos(th)**2; D = r**2 - 2*M*r + a**2; s2 = sp.sin(th)**2
g = sp.zeros(4)
g[0, 0] = -(1 - 2*M*r/S); g[0, 3] = g[3, 0] = -2*M*a*r*s2/S
g[1, 1] = S/D; g[2, 2] = S; g[3, 3] = (r**2 + a**2 + 2*M*a**2*r*s2/S)*s2
coords = (t, r, th, ph)
"""

_PLAIN_RICCI = """
n = 4
X = coords
ginv = g.inv()
Gam = [[[sum(ginv[a_, d]*(sp.diff(g[d, b], X[c]) + sp.diff(g[d, c], X[b])
                          - sp.diff(g[b, c], X[d])) for d in range(n))/2
         for c in range(n)] for b in range(n)] for a_ in range(n)]
Ric = [[sum(sp.diff(Gam[a_][b][e], X[a_]) - sp.diff(Gam[a_][a_][b], X[e])
            + sum(Gam[a_][a_][f]*Gam[f][b][e] - Gam[a_][e][f]*Gam[f][a_][b] for f in range(n))
            for a_ in range(n)) for e in range(n)] for b in range(n)]
"""

_LIMIT = {"cap": CAP}
_TIMED_OUT: list[str] = []


def _capped(code: str, key: str = "") -> float:
    """Run ``code`` in a fresh interpreter; seconds taken, or the cap if it did not finish."""
    cap = _LIMIT["cap"]
    t0 = time.perf_counter()
    try:
        subprocess.run([sys.executable, "-c", code], check=True, timeout=cap,
                       capture_output=True)
    except subprocess.TimeoutExpired:
        _TIMED_OUT.append(key or code)
        return float(cap)
    return time.perf_counter() - t0


def _capped_peer(code: str):
    return lambda: _capped(code)


def _ns(src: str) -> dict:
    ns: dict = {}
    exec(src, ns)  # noqa: S102 - fixed benchmark source above
    return ns


def _ours_bondi_sachs_einstein():
    from symphys.gr import Metric

    ns = _ns(_BONDI_SACHS)
    Metric(ns["g"], ns["coords"], simplify=None).einstein()


def _ours_kerr_ricci():
    from symphys.gr import Metric

    ns = _ns(_KERR)
    Metric(ns["g"], ns["coords"]).ricci()


def _ours_kerr_theta_ricci():
    from symphys.gr import Metric

    ns = _ns(_KERR_THETA)
    ric = Metric(ns["g"], ns["coords"]).ricci()
    assert ric == sp.zeros(4, 4)


def _ours_kerr_theta_raw():
    from symphys.gr import Metric

    ns = _ns(_KERR_THETA)
    Metric(ns["g"], ns["coords"], simplify=None).ricci()


_PLAIN_SIMPLIFIED = _KERR_THETA + _PLAIN_RICCI + """
assert all(sp.simplify(Ric[b][e]) == 0 for b in range(4) for e in range(b, 4))
"""
_PLAIN_RAW = _KERR_THETA + _PLAIN_RICCI


def _clear_bms3():
    from symphys.gr import bms3

    bms3.clear_caches()


def _ours_bms3_solution_space():
    from symphys.gr import bms3

    _clear_bms3()
    bms3.solution_space()


def _ours_bms3_full():
    from symphys.gr import bms3

    _clear_bms3()
    bms3.killing_vector()
    bms3.variation()
    bms3.charge_density()
    bms3.algebra()


def _ours_mass_loss():
    from symphys.gr import bondi4

    bondi4.clear_caches()
    bondi4.mass_loss(axisymmetric=False, progress=False)


def _peer_sympy_series_mass_loss() -> float:
    """Plain sympy: the exact Einstein tensor of the truncated ansatz, then series of G_uu."""
    code = """
import sympy as sp, sys
sys.path.insert(0, '.')
from symphys.gr import bondi4
g = bondi4.metric(axisymmetric=False).g.applyfunc(lambda e: e.removeO())
ginv = g.inv()
from sympy.diffgeom import *  # noqa
u, r, x, phi = bondi4.COORDS
n = 4
X = bondi4.COORDS
Gam = [[[sum(ginv[a, d]*(sp.diff(g[d, b], X[c]) + sp.diff(g[d, c], X[b]) - sp.diff(g[b, c], X[d]))
             for d in range(n))/2 for c in range(n)] for b in range(n)] for a in range(n)]
Ruu = sum(sp.diff(Gam[a][0][0], X[a]) - sp.diff(Gam[a][a][0], X[0])
          + sum(Gam[a][a][e]*Gam[e][0][0] - Gam[a][0][e]*Gam[e][a][0] for e in range(n))
          for a in range(n))
sp.series(Ruu.subs(r, 1/sp.Symbol('eps')), sp.Symbol('eps'), 0, 3)
"""
    return _capped(code)


def _einsteinpy_code(src: str, tensor: str) -> str:
    return src + f"""
from einsteinpy.symbolic import MetricTensor, {tensor}
m = MetricTensor(g.tolist(), coords)
{tensor}.from_metric(m).tensor()
"""


def cases():
    have_epy = importlib.util.find_spec("einsteinpy") is not None
    peer = "EinsteinPy (capped)" if have_epy else None
    yield Case(
        "4D Bondi-Sachs Einstein tensor (unsimplified)", _ours_bondi_sachs_einstein,
        peer, _capped_peer(_einsteinpy_code(_BONDI_SACHS, "EinsteinTensor")) if have_epy
        else None, repeat=1, target="< 10 s",
    )
    yield Case(
        "Kerr Ricci, BL theta chart, exact zero decided", _ours_kerr_theta_ricci,
        "EinsteinPy, simplify per Riemann component (capped)" if have_epy else None,
        _capped_peer(_einsteinpy_code(_KERR_THETA, "RicciTensor")) if have_epy else None,
        repeat=1, target="< 10 s; EinsteinPy > 240 s",
    )
    yield Case(
        "Kerr Ricci, BL theta chart, exact zero decided", _ours_kerr_theta_ricci,
        "plain sympy, simplify per Ricci component (capped)",
        _capped_peer(_PLAIN_SIMPLIFIED), repeat=1,
    )
    yield Case(
        "Kerr Ricci, BL theta chart, unsimplified", _ours_kerr_theta_raw,
        "plain sympy, no normaliser", lambda: _ns(_PLAIN_RAW), repeat=1,
    )
    yield Case(
        "Kerr Ricci, x = cos theta chart (exact)", _ours_kerr_ricci,
        peer, _capped_peer(_einsteinpy_code(_KERR, "RicciTensor")) if have_epy else None,
        repeat=1,
    )
    yield Case("3D Bondi field equations + solution space", _ours_bms3_solution_space,
               "EinsteinPy Einstein tensor only" if have_epy else None,
               (lambda: _ns(_einsteinpy_code(_BONDI3, "EinsteinTensor"))) if have_epy else None,
               target="< 0.5 s")
    yield Case("bms3 derivation: vectors, laws, charges, algebra", _ours_bms3_full,
               repeat=1, target="< 10 s")
    yield Case("4D Bondi-Sachs 1/r expansion + mass loss", _ours_mass_loss,
               "sympy series of R_uu (capped)", _peer_sympy_series_mass_loss, repeat=1,
               target="< 10 s (plain sympy series: ~7 min)")


def main(argv: list[str] | None = None) -> int:
    """Time every case (our side, then the capped peer) and print "> N s" for a capped peer."""
    import argparse
    import json

    from run import best_time

    ap = argparse.ArgumentParser(prog="bench_gr")
    ap.add_argument("--cap", type=float, default=CAP,
                    help=f"seconds a peer may run (default {CAP})")
    ap.add_argument("--only", default="", help="substring of the case names to run")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv or [])
    _LIMIT["cap"] = args.cap
    rows = []
    for case in cases():
        if args.only.lower() not in case.name.lower():
            continue
        ours = best_time(case.ours, case.repeat)
        peer = None
        capped = False
        if case.peer is not None:
            before = len(_TIMED_OUT)
            peer = best_time(case.peer, 1)
            capped = len(_TIMED_OUT) > before
        rows.append({"file": "bench_gr.py", "case": case.name, "ours_s": ours,
                     "peer": case.peer_name, "peer_s": peer, "peer_capped": capped,
                     "speedup": (peer / ours) if peer else None, "target": case.target})
        if not args.json:
            if peer is None:
                peer_txt = "(no peer)"
            elif capped:
                peer_txt = (f"{case.peer_name}: > {args.cap:.0f} s  ratio (peer/ours) "
                            f"> {peer / ours:.1f}x")
            else:
                peer_txt = (f"{case.peer_name}: {peer:.4g} s  ratio (peer/ours) "
                            f"{peer / ours:8.1f}x")
            print(f"bench_gr {case.name:48s} ours: {ours:.4g} s  {peer_txt}"
                  + (f"  [target: {case.target}]" if case.target else ""), flush=True)
    if args.json:
        print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
