"""Fuzz registry part: symphys.gr.asymptotic (the charges engine), symphys.gr.ads3 and
symphys.gr.bms4 -- issue 17, the engine half (also bms3.problem)."""

from __future__ import annotations

from tests.fuzz.registry import Cls, call

PACKAGES = ("symphys.gr.asymptotic", "symphys.gr.ads3", "symphys.gr.bms4")


def _sp():
    import sympy as sp
    return sp


def _phi():
    from symphys.gr.bms3 import phi
    return phi


def _theta():
    from symphys.gr.bms4 import theta
    return theta


def _flat_problem():
    sp = _sp()
    from symphys.gr.asymptotic import AsymptoticProblem
    u, r, p = sp.symbols("u r phi", real=True)
    Th, N = sp.Function("Theta")(u, p), sp.Function("N")(u, p)
    g = sp.Matrix([[Th, -1, N], [-1, 0, 0], [N, 0, r**2]])
    return AsymptoticProblem(g, (u, r, p), data_names={"N": "Xi"})


def _ctor(P):
    return call(P.metric_ansatz, P.coords, data_names={"N": "Xi"})


def FUNCS():  # noqa: N802 - the registry's name
    sp = _sp()
    p = _phi
    return {
        "symphys.gr.bms3.problem": lambda: call(),
        "symphys.gr.asymptotic.check_periodic": lambda: call(sp.cos(p()), p(), "T"),
        "symphys.gr.asymptotic.integrate_by_parts": lambda: call(
            sp.Function("T")(p()) * sp.Function("F")(p()).diff(p(), 2),
            [sp.Function("F")(p())], p()),
        "symphys.gr.ads3.algebra": lambda: call(),
        "symphys.gr.ads3.bracket": lambda: call(sp.cos(p()), 0, sp.sin(p()), 0),
        "symphys.gr.ads3.btz": lambda: call(1, 2),
        "symphys.gr.ads3.charge": lambda: call(1, 0, -1, 0),
        "symphys.gr.ads3.charge_density": lambda: call(),
        "symphys.gr.ads3.clear_caches": lambda: call(),
        "symphys.gr.ads3.field_equations": lambda: call(),
        "symphys.gr.ads3.flat_limit": lambda: call(),
        "symphys.gr.ads3.global_ads": lambda: call(),
        "symphys.gr.ads3.killing_vector": lambda: call(1, 0),
        "symphys.gr.ads3.metric": lambda: call(-1, 0),
        "symphys.gr.ads3.problem": lambda: call(),
        "symphys.gr.ads3.solution_metric": lambda: call(-1, 0),
        "symphys.gr.ads3.solution_space": lambda: call(),
        "symphys.gr.ads3.variation": lambda: call(1, 0, -1, 0),
        "symphys.gr.ads3.virasoro_modes": lambda: call(m=2),
        "symphys.gr.bondi4.angular_momentum_evolution": lambda: call(axisymmetric=True),
        "symphys.gr.bms4.bondi_mass": lambda: call(sp.Symbol("G", positive=True)),
        "symphys.gr.bms4.charge": lambda: call(1, m_B=sp.Symbol("G", positive=True),
                                              N=(0, 0), C=sp.zeros(2)),
        "symphys.gr.bms4.clear_caches": lambda: call(),
        "symphys.gr.bms4.conditions": lambda: call(),
        "symphys.gr.bms4.fields": lambda: call(),
        "symphys.gr.bms4.flux_split": lambda: call(),
        "symphys.gr.bms4.killing_vector": lambda: call(1),
        "symphys.gr.bms4.mass_aspect": lambda: call(-1 + 2 / sp.Symbol("r", real=True)),
        "symphys.gr.bms4.memory": lambda: call(sp.cos(_theta()) ** 2),
        "symphys.gr.bms4.memory_balance": lambda: call(sp.zeros(2)),
        "symphys.gr.bms4.metric": lambda: call(),
        "symphys.gr.bms4.shear": lambda: call(),
        "symphys.gr.bms4.sphere_metric": lambda: call(),
        "symphys.gr.bms4.supertranslation_law": lambda: call(sp.cos(_theta()) ** 2),
        "symphys.gr.bms4.variation": lambda: call(1),
    }


def CLASSES():  # noqa: N802 - the registry's name
    sp = _sp()
    p = _phi
    return {
        "symphys.gr.asymptotic.AsymptoticProblem": Cls(_flat_problem, _ctor, {
            "field_equations": lambda P: call(),
            "solution_space": lambda P: call(),
            "evolution_operator": lambda P: call(),
            "on_solutions": lambda P: call(P.fields[1]),
            "killing_vectors": lambda P: call(generator={"T": 1, "Y": 0}),
            "variations": lambda P: call(generator={"T": 1, "Y": 0},
                                           data={"Theta": -1, "Xi": 0}),
            "charges": lambda P: call(),
            "charge": lambda P: call({"T": 1, "Y": 0}, {"Theta": -1, "Xi": 0}),
            "bracket": lambda P: call({"T": 0, "Y": 1}, {"T": sp.cos(p()), "Y": 0}),
            "algebra": lambda P: call(),
        }),
    }


_ENGINE = "symphys.gr.asymptotic.AsymptoticProblem"

#: derivations that take seconds on 2 loaded cores (measured here)
SLOW = {
    "symphys.gr.ads3.algebra": "10 s (the whole AdS3 derivation)",
    "symphys.gr.ads3.flat_limit": "the AdS3 derivation",
    "symphys.gr.ads3.charge": "the AdS3 charges", "symphys.gr.ads3.charge_density": "charges",
    "symphys.gr.ads3.bracket": "the modified bracket", "symphys.gr.ads3.variation": "laws",
    "symphys.gr.ads3.killing_vector": "vectors", "symphys.gr.ads3.solution_metric": "2 s",
    "symphys.gr.bms4.conditions": "30 s (the BMS4 vectors)",
    "symphys.gr.bms4.killing_vector": "the BMS4 vectors",
    "symphys.gr.bms4.variation": "the BMS4 laws", "symphys.gr.bms4.memory": "the BMS4 laws",
    "symphys.gr.bms4.supertranslation_law": "the BMS4 laws",
    f"{_ENGINE}.killing_vectors": "2 s", f"{_ENGINE}.variations": "3 s",
    f"{_ENGINE}.charges": "3 s", f"{_ENGINE}.charge": "3 s", f"{_ENGINE}.bracket": "4 s",
    f"{_ENGINE}.algebra": "6 s", "symphys.gr.bms3.problem": "1 s",
    "symphys.gr.bondi4.angular_momentum_evolution": "the Bondi hypersurface equations",
}
TIMEOUTS = {k: 120 for k in SLOW}
