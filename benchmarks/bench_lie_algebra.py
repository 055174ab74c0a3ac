"""symphys.lie against sympy.liealgebras where sympy can do the job at all.

sympy 1.14 gets these wrong (checked in tests/lie): E6/E7/E8 positive roots (E6: 36 entries
with duplicates), a wrong G2 root, B_n named so(2n), Weyl orders of A-D returned as mpmath
floats, ``CartanType("A1").cartan_matrix()`` raises IndexError; it has no weights,
multiplicities, tensor products or branching, so those cases run without a peer.
Every "ours" case starts from a fresh ``LieAlgebra`` (caches of earlier runs do not help)
except where noted; root-system cases rebuild the roots from the Cartan matrix.
"""

from run import Case
from sympy.liealgebras.cartan_type import CartanType
from sympy.liealgebras.weyl_group import WeylGroup

from symphys.lie import LieAlgebra, maximal
from symphys.lie.cartan_type import cartan_matrix
from symphys.lie.root_system import positive_roots, root_system, weyl_group_order_from_roots

E8_ADJ = (0,) * 7 + (1,)


def _roots(letter, rank):
    return lambda: positive_roots(cartan_matrix(letter, rank))


def _order(letter, rank):
    return lambda: weyl_group_order_from_roots(positive_roots(cartan_matrix(letter, rank)), rank)


def _fundamental_dims():
    g = LieAlgebra("E8")
    return [g.irrep_dimension(tuple(int(i == j) for j in range(8))) for i in range(8)]


def cases():
    for name in ("E8", "E6", "B6", "D6"):
        letter, rank = name[0], int(name[1:])
        note = " (sympy's answer is wrong)" if letter == "E" else ""
        yield Case(f"{name} positive roots{note}", _roots(letter, rank),
                   peer_name="sympy", peer=lambda n=name: CartanType(n).positive_roots(),
                   target="milliseconds" if name == "E8" else "")
        yield Case(f"{name} |W| from scratch", _order(letter, rank),
                   peer_name="sympy", peer=lambda n=name: WeylGroup(n).group_order(),
                   target="milliseconds" if name == "E8" else "")
    yield Case("E8 LieAlgebra(...).positive_roots(), root data cached per process",
               lambda: LieAlgebra("E8").positive_roots(),
               peer_name="sympy", peer=lambda: CartanType("E8").positive_roots())
    yield Case("E8 dims of all 8 fundamental irreps", _fundamental_dims, target="<= 1 s")
    yield Case("E8 248 x 248 (Brauer-Klimyk)",
               lambda: LieAlgebra("E8").tensor_product(E8_ADJ, E8_ADJ), target="<= 1 s")
    yield Case("E8 3875 x 248",
               lambda: LieAlgebra("E8").tensor_product((1,) + (0,) * 7, E8_ADJ))
    yield Case("E8 3875 x 3875",
               lambda: LieAlgebra("E8").tensor_product((1,) + (0,) * 7, (1,) + (0,) * 7))
    yield Case("E8 Freudenthal, 147250 (w2) dominant weights",
               lambda: LieAlgebra("E8").weights((0, 1, 0, 0, 0, 0, 0, 0)))
    yield Case("E6 27 x 27b", lambda: LieAlgebra("E6").tensor_product((1, 0, 0, 0, 0, 0),
                                                                       (0, 0, 0, 0, 0, 1)))
    yield Case("su(3) 8 x 8", lambda: LieAlgebra("A2").tensor_product((1, 1), (1, 1)))
    yield Case("E8 248 > E7+A1 branching",
               lambda: LieAlgebra("E8").branch(E8_ADJ, "E7+A1"))
    yield Case("E8 Chevalley structure constants",
               lambda: LieAlgebra("E8").structure_constants(), repeat=1)
    yield Case("F4 Weyl group, all 1152 elements (words)",
               lambda: sum(1 for _ in LieAlgebra("F4").weyl_group().words()))


# ------------------------------------------------------------------ issue 15 (no peer in pip:
# LiE, LieART and GroupMath are C/Mathematica programs)
E8_3875 = (1,) + (0,) * 7
E6_27 = (1, 0, 0, 0, 0, 0)


def _fresh_maximal_e8():
    maximal._CACHE.clear()
    root_system("E8").dominant_cache.clear()
    return LieAlgebra("E8").maximal_subalgebras()


def _sym3_27():
    root_system("E6").dominant_cache.clear()   # (the E6 irreps' dominant weights)
    return LieAlgebra("E6").symmetric_power(E6_27, 3)


def _branch_3875(sub):
    def run():
        for rs in [root_system("E8")] + [f.root_system for f in sub.factors]:
            rs.dominant_cache.clear()
        return LieAlgebra("E8").branch(E8_3875, sub)
    return run


def issue15_cases():
    yield Case("E8 all maximal subalgebras with projection matrices (fresh caches)",
               _fresh_maximal_e8, repeat=3, target="< 2 s")
    yield Case("E6 Sym^3 27 (fresh caches)", _sym3_27, target="< 0.5 s")
    for k, sub in enumerate(LieAlgebra("E8").maximal_subalgebras()):
        yield Case(f"E8 3875 > {sub.name} [{k}] (fresh caches)", _branch_3875(sub),
                   target="< 0.5 s")


_base_cases = cases


def cases():  # noqa: F811 - the issue-15 cases follow the earlier ones
    yield from _base_cases()
    yield from issue15_cases()
