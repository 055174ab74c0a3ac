"""Fuzz registry part: symphys.gr.bms4.algebra (the bms4 bracket and the charge algebra with its
field-dependent 2-cocycle) -- issue 17, the BMS4 charge algebra."""

from __future__ import annotations

from tests.fuzz.registry import call


def _theta():
    from symphys.gr.bms4 import theta
    return theta


def FUNCS():  # noqa: N802 - the registry's name
    import sympy as sp
    th = _theta
    return {
        "symphys.gr.bms4.bracket": lambda: call((sp.cos(th()), None), (0, (0, 1))),
        "symphys.gr.bms4.charge_algebra": lambda: call((sp.cos(th()) ** 2, None), (1, None)),
        "symphys.gr.bms4.cocycle": lambda: call((1, None), (0, (-sp.sin(th()), 0))),
        "symphys.gr.bms4.superrotation": lambda: call(2),
    }


#: the charge algebra needs the BMS4 laws (a ~30 s derivation, measured here)
SLOW = {"symphys.gr.bms4.charge_algebra": "the BMS4 laws (30 s derivation)"}
TIMEOUTS = {k: 300 for k in SLOW}
