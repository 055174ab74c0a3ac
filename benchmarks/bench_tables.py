"""Generating tables: the Gaunt tensor-product tables at lmax 32 and coupling tables, timed
against sympy's exact Gaunt for a small table (the only peer that computes them from scratch)."""


from run import Case

from symphys.tables import generate


def _sympy_gaunt_table(lmax):
    from sympy.physics.wigner import gaunt

    out = {}
    for a in range(lmax + 1):
        for b in range(lmax + 1):
            for c in range(abs(a - b), min(a + b, lmax) + 1, 2):
                for m1 in range(-a, a + 1):
                    for m2 in range(-b, b + 1):
                        m3 = -m1 - m2
                        if abs(m3) <= c:
                            out[a, b, c, m1, m2] = float(gaunt(a, b, c, m1, m2, m3))
    return out


def cases():
    yield Case(
        "sh_to_fourier + fourier_to_sh lmax 32 (umax 64), real basis, dense float64",
        lambda: (generate("sh_to_fourier", 32, basis="real"),
                 generate("fourier_to_sh", 32, basis="real", umax=64)),
        repeat=1, target="seconds, not minutes",
    )
    yield Case("real_gaunt lmax 32, COO float64",
               lambda: generate("real_gaunt", 32, basis="real", layout="coo"), repeat=1,
               target="seconds, not minutes")
    yield Case("gaunt lmax 32, COO float64",
               lambda: generate("gaunt", 32, layout="coo"), repeat=1)
    yield Case("wigner3j lmax 16, e3nn basis, dense float64",
               lambda: generate("wigner3j", 16, basis="e3nn"), repeat=1)
    yield Case("gaunt lmax 4 (all m), float64", lambda: generate("gaunt", 4),
               peer_name="sympy gaunt", peer=lambda: _sympy_gaunt_table(4), repeat=1)
