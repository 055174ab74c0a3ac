"""symphys.nn.TensorProduct against independent references.

- the dense Clebsch-Gordan product built here from the EXACT 3j blocks (sympy values) and e3nn's
  normalisation formula written out again (not the plan's constants);
- e3nn's TensorProduct / FullyConnectedTensorProduct / FullTensorProduct with equal weights;
- the cross product for 1o x 1o -> 1e;
- rotations: Wigner D matrices fitted here from the harmonics (least squares at 40 points).
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from symphys.angular import Irreps, spherical_harmonics_xyz, wigner_3j_block  # noqa: E402
from symphys.nn import TensorProduct  # noqa: E402

ENGINES = ["cg", "gaunt", "gaunt+vsh", "auto"]


@cache
def exact_block(l1, l2, l3, exact=None):
    """e3nn-basis 3j block: exact sympy values rounded to float64 (degrees <= 5, or always with
    ``exact=True``: about 1 s a block at l = 8); above, the float64 block, which
    tests/angular/test_e3nn_accuracy.py holds within 1.53 ulp of the exact values."""
    if exact is None:
        exact = max(l1, l2, l3) <= 5
    return np.array(wigner_3j_block(l1, l2, l3, basis="e3nn", exact=exact), dtype=float)


def dense_reference(ir1, ir2, iro, instructions, mode, weight, x1, x2, normalization="component",
                    path_normalization="element", exact=None):
    """out = sum over instructions of alpha W (x1 (x) x2 . C), everything recomputed here."""
    ir1, ir2, iro = Irreps(ir1), Irreps(ir2), Irreps(iro)
    n = x1.shape[0]
    s1, s2, so = ir1.slices(), ir2.slices(), iro.slices()
    out = np.zeros((n, iro.dim))
    start = 0

    def fan(a, b):
        return ir1[a][0] * ir2[b][0] if mode == "uvw" else ir2[b][0]

    for a, b, k in instructions:
        (m1, l1, _), (m2, l2, _), (mo, l3, _) = ir1[a], ir2[b], iro[k]
        shape = (m1, m2, mo) if mode == "uvw" else (m1, m2)
        W = weight[start:start + math.prod(shape)].reshape(shape)
        start += math.prod(shape)
        same = [t for t in instructions if t[2] == k]
        num = {"component": 2 * l3 + 1, "norm": (2 * l1 + 1) * (2 * l2 + 1), "none": 1}[
            normalization]
        den = {"element": sum(fan(t[0], t[1]) for t in same),
               "path": fan(a, b) * len(same), "none": 1}[path_normalization]
        alpha = math.sqrt(num / den)
        C = exact_block(l1, l2, l3, exact)
        u = x1[:, s1[a]].reshape(n, m1, 2 * l1 + 1)
        v = x2[:, s2[b]].reshape(n, m2, 2 * l2 + 1)
        if mode == "uvw":
            r = np.einsum("nui,nvj,ijk,uvw->nwk", u, v, C, W)
        else:
            r = np.einsum("nui,nvj,ijk,uv->nuk", u, v, C, W)
        out[:, so[k]] += alpha * r.reshape(n, -1)
    return out


def _rel(a, b):
    return float(np.abs(np.asarray(a) - np.asarray(b)).max() / np.abs(np.asarray(b)).max())


def _run(ir1, ir2, iro, mode, engine, rng=0, n=3, exact=None):
    tp = TensorProduct(ir1, ir2, iro, mode=mode, engine=engine, rng=rng, dtype=torch.float64)
    g = np.random.default_rng(1)
    x1 = g.normal(size=(n, Irreps(ir1).dim))
    x2 = g.normal(size=(n, Irreps(ir2).dim))
    got = tp(torch.from_numpy(x1), torch.from_numpy(x2)).detach().numpy()
    ref = dense_reference(ir1, ir2, iro, tp.instructions, mode,
                          tp.weight.detach().numpy(), x1, x2, exact=exact)
    return got, ref, tp


def _sh_irreps(lmax, mul=1, parity=-1):
    return Irreps([(mul, l, parity ** l) for l in range(lmax + 1)])


def _all_out(ir1, ir2, mul=1):
    """Every irrep the product can reach, each once (mul ``mul``)."""
    out = set()
    for _, l1, p1 in Irreps(ir1):
        for _, l2, p2 in Irreps(ir2):
            for l3 in range(abs(l1 - l2), l1 + l2 + 1):
                out.add((l3, p1 * p2))
    return Irreps([(mul, l, p) for l, p in sorted(out)])


# ------------------------------------------------------------------ engines vs dense exact
CASES = [  # (irreps1, irreps2) -- the representative default set, lmax up to 8
    ("2x0e+2x1o+1x2e", "1x0e+2x1o+1x1e"),
    ("1x3o+1x2e", "2x1o+1x4e"),
    ("1x8e", "1x8e"),
    ("1x7o+1x1e", "1x5e"),
]


@pytest.mark.parametrize("mode", ["uvw", "uvu"])
@pytest.mark.parametrize("engine", ["cg", "gaunt+vsh", "auto"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}|{c[1]}")
def test_engines_equal_dense_exact_product(case, engine, mode):
    ir1, ir2 = case
    iro = _all_out(ir1, ir2, mul=Irreps(ir1).muls[0] if mode == "uvu" else 2)
    if mode == "uvu":  # uvu needs mul_out = mul1: use a single multiplicity in irreps1
        ir1 = Irreps([(1, l, p) for _, l, p in Irreps(ir1)])
        iro = _all_out(ir1, ir2, mul=1)
    got, ref, _ = _run(ir1, ir2, iro, mode, engine)
    assert _rel(got, ref) < 1e-12


@pytest.mark.parametrize("mode", ["uvw", "uvu"])
@pytest.mark.parametrize("lmax", [2, 8])
def test_gaunt_engine_equals_dense_on_symmetric_paths(lmax, mode):
    """Harmonic-parity irreps (p = (-1)^l): every path has l1 + l2 + l3 even."""
    ir = _sh_irreps(min(lmax, 4)) if lmax == 2 else Irreps("1x6e+1x8e")
    ir2 = _sh_irreps(lmax if lmax == 2 else 2)
    iro = Irreps([(1, l, (-1) ** l) for l in range(lmax + 3)])
    got, ref, tp = _run(ir, ir2, iro, mode, "gaunt")
    assert set(tp.engines.values()) == {"gaunt"}
    assert _rel(got, ref) < 1e-12


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["uvw", "uvu"])
@pytest.mark.parametrize("l1", range(9))
def test_full_sweep_every_engine_l_up_to_8(l1, mode):
    """Every (l1, p1) x (l2, p2) with l1, l2 <= 8, all engines, both modes."""
    for l2 in range(9):
        for p1 in (1, -1):
            for p2 in (1, -1):
                ir1, ir2 = Irreps([(1, l1, p1)]), Irreps([(2, l2, p2)])
                iro = _all_out(ir1, ir2, mul=1)
                for engine in ENGINES:
                    sym_only = all((l1 + l2 + l) % 2 == 0 for _, l, p in iro
                                   if p == p1 * p2)
                    if engine == "gaunt" and not sym_only:
                        with pytest.raises(ValueError, match="l1 \\+ l2 \\+ l3 even"):
                            TensorProduct(ir1, ir2, iro, mode=mode, engine=engine)
                        continue
                    got, ref, _ = _run(ir1, ir2, iro, mode, engine, n=2, exact=True)
                    assert _rel(got, ref) < 1e-12, (l1, p1, l2, p2, engine)


def test_cross_product_needs_vsh():
    x = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]], dtype=torch.float64)
    y = torch.tensor([[0.5, -1.0, 4.0], [2.0, 1.0, 0.0]], dtype=torch.float64)
    for engine in ("gaunt+vsh", "cg"):
        tp = TensorProduct("1x1o", "1x1o", "1x1e", engine=engine, dtype=torch.float64)
        with torch.no_grad():
            tp.weight.fill_(1.0)
        # e3nn's (x, y, z) basis: the 1x1->1 block is the Levi-Civita symbol / sqrt 6, times
        # sqrt(3) (component normalisation): the cross product over sqrt 2
        expect = torch.linalg.cross(x, y) / math.sqrt(2)
        torch.testing.assert_close(tp(x, y), expect, rtol=1e-14, atol=1e-14)
    with pytest.raises(ValueError, match="gaunt\\+vsh"):
        TensorProduct("1x1o", "1x1o", "1x1e", engine="gaunt")


def test_auto_is_exact_and_says_which_engine():
    tp = TensorProduct("1x1o+1x6e", "1x1o+1x7o", "1x1e+1x2e+1x8o", engine="auto")
    assert set(tp.engines.values()) <= {"cg", "gaunt", "gaunt+vsh"}


# ------------------------------------------------------------------ e3nn side by side
def _e3nn():
    return pytest.importorskip("e3nn.o3")


class _float64_default:
    """e3nn computes its 3j constants in the default dtype: build its modules in float64."""

    def __enter__(self):
        self.old = torch.get_default_dtype()
        torch.set_default_dtype(torch.float64)

    def __exit__(self, *exc):
        torch.set_default_dtype(self.old)


@pytest.mark.parametrize("normalization", ["component", "norm"])
@pytest.mark.parametrize("path_normalization", ["element", "path"])
@pytest.mark.parametrize("engine", ["cg", "gaunt+vsh"])
def test_equals_e3nn_fully_connected(normalization, path_normalization, engine):
    o3 = _e3nn()
    i1, i2 = "2x0e+2x1o+1x2e+1x1e", "1x0e+2x1o+1x2e"
    io = "2x0e+1x1o+2x1e+1x2e+1x2o+1x3o"
    with _float64_default():
        theirs = o3.FullyConnectedTensorProduct(i1, i2, io, irrep_normalization=normalization,
                                                path_normalization=path_normalization)
    ours = TensorProduct(i1, i2, io, engine=engine, normalization=normalization,
                         path_normalization=path_normalization, dtype=torch.float64)
    assert ours.instructions == [(i.i_in1, i.i_in2, i.i_out) for i in theirs.instructions]
    with torch.no_grad():
        ours.weight.copy_(theirs.weight)
    g = torch.Generator().manual_seed(0)
    x = torch.randn(5, Irreps(i1).dim, generator=g, dtype=torch.float64)
    y = torch.randn(5, Irreps(i2).dim, generator=g, dtype=torch.float64)
    torch.testing.assert_close(ours(x, y), theirs(x, y), rtol=1e-12, atol=1e-12)


def test_equals_e3nn_tensor_product_uvu():
    o3 = _e3nn()
    i1, i2, io = "2x0e+2x1o+2x2e", "1x0e+3x1o", "2x0e+2x1o+2x1e+2x2e+2x3o"
    ours = TensorProduct(i1, i2, io, mode="uvu", dtype=torch.float64)
    with _float64_default():
        theirs = o3.TensorProduct(i1, i2, io, [(a, b, c, "uvu", True)
                                               for a, b, c in ours.instructions])
    with torch.no_grad():
        ours.weight.copy_(theirs.weight)
    x = torch.randn(4, Irreps(i1).dim, dtype=torch.float64)
    y = torch.randn(4, Irreps(i2).dim, dtype=torch.float64)
    torch.testing.assert_close(ours(x, y), theirs(x, y), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("engine", ["auto", "cg", "gaunt+vsh"])
def test_equals_e3nn_full_tensor_product(engine):
    """FullTensorProduct (no weights, one output irrep per path) = ours, uvu, weights 1."""
    o3 = _e3nn()
    irr = o3.Irreps("1x0e+1x1o+1x2e+1x3o")
    with _float64_default():
        theirs = o3.FullTensorProduct(irr, irr)
    ins = [(i.i_in1, i.i_in2, i.i_out) for i in theirs.instructions]
    ours = TensorProduct(irr, irr, theirs.irreps_out, mode="uvu", instructions=ins,
                         engine=engine, dtype=torch.float64)
    with torch.no_grad():
        ours.weight.fill_(1.0)
    x = torch.randn(4, irr.dim, dtype=torch.float64)
    y = torch.randn(4, irr.dim, dtype=torch.float64)
    torch.testing.assert_close(ours(x, y), theirs(x, y), rtol=1e-12, atol=1e-12)


# ------------------------------------------------------------------ float32 and equivariance
def _fit_D(irreps, R, basis="e3nn"):
    """Block-diagonal D(R) of ``irreps`` in e3nn's basis, fitted from the harmonics."""
    P = np.random.default_rng(5).normal(size=(40, 3))
    lmax = Irreps(irreps).lmax
    Y = spherical_harmonics_xyz(lmax, P, basis=basis, normalization="integral")
    YR = spherical_harmonics_xyz(lmax, P @ R.T, basis=basis, normalization="integral")
    blocks = []
    for mul, l, p in Irreps(irreps):
        s = slice(l * l, (l + 1) ** 2)
        D = np.linalg.lstsq(Y[:, s], YR[:, s], rcond=None)[0].T  # Y(R r) = D Y(r)
        D = D * (p if np.linalg.det(R) < 0 else 1) * (np.linalg.det(R) if l % 2 else 1) \
            if np.linalg.det(R) < 0 else D
        blocks += [D] * mul
    from scipy.linalg import block_diag
    return block_diag(*blocks)


def _rotation(seed):
    from scipy.spatial.transform import Rotation
    return Rotation.random(random_state=seed).as_matrix()


@pytest.mark.parametrize("engine", ["cg", "gaunt+vsh", "auto"])
def test_float32_equivariance_lmax_8(engine):
    if engine == "gaunt+vsh":  # fewer pairs: the FFT engine is the slow one on CPU
        ir, ir2 = _sh_irreps(8), Irreps("1x1o+1x8e")
    else:
        ir = _sh_irreps(8, mul=2, parity=1) + _sh_irreps(8, mul=1, parity=-1)
        ir2 = _sh_irreps(8)
    iro = Irreps([(2, l, p) for l in range(9) for p in (1, -1)])
    tp = TensorProduct(ir, ir2, iro, engine=engine, rng=0, dtype=torch.float32)
    R = _rotation(3)
    D1, D2, Do = _fit_D(ir, R), _fit_D(ir2, R), _fit_D(iro, R)
    g = np.random.default_rng(0)
    x1, x2 = g.normal(size=(4, ir.dim)), g.normal(size=(4, ir2.dim))
    f = lambda a, b: tp(torch.tensor(a, dtype=torch.float32),  # noqa: E731
                        torch.tensor(b, dtype=torch.float32)).detach().double().numpy()
    out = f(x1, x2)
    rotated = f(x1 @ D1.T, x2 @ D2.T)
    err = np.abs(rotated - out @ Do.T).max() / np.abs(out).max()
    assert err <= 1e-6, err


def test_float32_tables_rounded_once_from_exact():
    """The float32 blocks equal the exact values rounded to 24 bits (mpmath), every entry."""
    import mpmath

    from symphys.angular._tp_kernel import _e3nn_block32
    for ls in [(1, 1, 2), (3, 4, 5), (8, 8, 8), (7, 8, 3)]:
        exact = wigner_3j_block(*ls, basis="e3nn", exact=True)
        got = _e3nn_block32(*ls)
        expect = np.empty(exact.shape, dtype=np.float32)
        with mpmath.workdps(50):
            for idx in np.ndindex(exact.shape):
                import sympy
                v = mpmath.mpf(str(sympy.N(exact[idx], 50)))
                with mpmath.workprec(24):
                    expect[idx] = np.float32(float(+v))
        np.testing.assert_array_equal(got, expect)


def test_half_precision_computed_in_float32():
    tp = TensorProduct("2x0e+1x1o", "1x1o", "1x1o+1x0e", rng=0, dtype=torch.float32)
    x = torch.randn(3, 5).half()
    y = torch.randn(3, 3).half()
    out = tp(x, y)
    assert out.dtype == torch.float16
    torch.testing.assert_close(out, tp(x.float(), y.float()).half())
    outb = tp(x.bfloat16(), y.bfloat16())
    assert outb.dtype == torch.bfloat16


def test_broadcast_and_per_sample_weights():
    tp = TensorProduct("1x0e+1x1o", "1x1o", "1x1o+1x1e", rng=1, dtype=torch.float64)
    x = torch.randn(2, 3, 4, dtype=torch.float64)
    y = torch.randn(3, 3, dtype=torch.float64)
    out = tp(x, y)
    assert out.shape == (2, 3, 6)
    w = tp.weight.detach().expand(2, 3, tp.weight_numel)
    torch.testing.assert_close(tp(x, y, weight=w), out)


def test_bad_input():
    with pytest.raises(ValueError, match="mode"):
        TensorProduct("1x0e", "1x0e", "1x0e", mode="uvv")
    with pytest.raises(ValueError, match="engine"):
        TensorProduct("1x0e", "1x0e", "1x0e", engine="fast")
    with pytest.raises(ValueError, match="not allowed"):
        TensorProduct("1x1o", "1x1o", "1x1o", instructions=[(0, 0, 0)])
    with pytest.raises(TypeError, match="rng"):
        TensorProduct("1x0e", "1x0e", "1x0e", rng="seed")
    tp = TensorProduct("1x0e", "1x1o", "1x1o")
    with pytest.raises(ValueError, match="last axis"):
        tp(torch.zeros(2, 2), torch.zeros(2, 3))
    with pytest.raises(TypeError, match="floating"):
        tp(torch.zeros(2, 1, dtype=torch.int64), torch.zeros(2, 3))


@pytest.mark.parametrize("mode", ["uvw", "uvu"])
@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_inference_sparse_path_equals_autograd_path(mode, dtype):
    """Under no_grad the cg layer runs as one sparse matrix; it equals the autograd path."""
    ir1 = "2x0e+2x1o+2x2e" if mode == "uvw" else "1x0e+1x1o+1x2e"
    tp = TensorProduct(ir1, "1x0e+2x1o+1x2e", "2x0e+2x1o+2x1e+2x2e" if mode == "uvw"
                       else "1x0e+1x1o+1x1e+1x2e", mode=mode, engine="cg", rng=0, dtype=dtype)
    assert tp._sparse is not None
    x = torch.randn(7, Irreps(ir1).dim, dtype=dtype)
    y = torch.randn(7, 12, dtype=dtype)
    with_grad = tp(x, y)
    assert with_grad.requires_grad
    with torch.no_grad():
        fast = tp(x, y)
    tol = 1e-13 if dtype == torch.float64 else 1e-5
    torch.testing.assert_close(fast, with_grad.detach(), rtol=tol, atol=tol)
