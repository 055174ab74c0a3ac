"""Internal: the plan and arithmetic of the Clebsch-Gordan tensor-product layers.

Contract (internal module of :mod:`symphys.angular`; the names below are public to the rest of
symphys -- :mod:`symphys.nn` and :mod:`symphys.jax` -- but may change without notice):

- :func:`build_plan` -- the paths, weights layout, normalisation constants and the engine of each
  input pair of a tensor product ``irreps1 x irreps2 -> irreps_out``, with its numeric tables
  (:class:`TPPlan`; ``plan.arrays`` are float64 NumPy arrays, ``plan.arrays32`` the same tables
  rounded once to float32);
- :func:`forward` -- the product, written once against the array-API namespace of its inputs
  (NumPy, PyTorch, JAX: :mod:`symphys._array`): reshapes, broadcasts, batched matmuls, ``take``
  and the FFT Gaunt kernel (:func:`symphys.angular._gaunt_kernel.functional`), no in-place
  writes, so autograd, ``torch.compile``, ``torch.func`` and ``jax.jit`` go through it;
- :data:`ENGINES`, :data:`MODES`, :data:`NORMALIZATIONS`, :data:`PATH_NORMALIZATIONS`;
- :func:`sym_scale`, :func:`anti_scale` -- the per-path factors that turn the Gaunt product and
  the vector-harmonic bracket into the Clebsch-Gordan product (from exact 3j symbols);
- :func:`rotation_generators`, :func:`surface_gradient` -- the real-basis matrices of
  ``r x grad`` and of the surface gradient (the vector spherical harmonics of the bracket);
- :func:`round_float32` -- float32 copies of float64 tables, each entry rounded once from the
  exact value (entries whose float64 value lies near a float32 tie are re-evaluated exactly).

Conventions: features in e3nn's real basis and ``mul_ir`` layout (``irreps.change_layout``
converts), blocks ``wigner_3j_block(l1, l2, l3, basis="e3nn")`` (Frobenius norm 1), weights and
normalisations as e3nn's ``o3.TensorProduct`` (``irrep_normalization``, ``path_normalization``;
Geiger and Smidt, arXiv:2207.09453). Engines compute, for each input pair, the contraction
``T[u, v, k] = sum_ij C[i, j, k] x1[u, i] x2[v, j]`` of every path, then weights and
normalisation are shared:

- ``cg``: a dense matmul with the concatenated exact blocks of the pair (every path);
- ``gaunt``: the FFT Gaunt product of the pair's two functions on the sphere (Luo et al.,
  arXiv:2401.10216) gives ``sym_scale * T`` on the paths with ``l1 + l2 + l3`` even; it cannot
  reach the others (Xie et al., arXiv:2506.13523);
- ``gaunt+vsh``: those odd paths from the Poisson bracket ``{f, g} = r . (grad f x grad g)`` on
  the sphere, ``-sum_a Gaunt((grad_S f)_a, ((r x grad) g)_a)``, which is ``anti_scale * T``
  on them (the vector-spherical-harmonic route of Xie et al., arXiv:2602.21466, and Heyraud et
  al., arXiv:2603.08630; the factor is derived here from our exact 3j, see :func:`anti_scale`).

Gaunt products are basis-independent equivariant maps, and e3nn's real harmonics are the
Wikipedia real harmonics at a rotated point, so the Gaunt kernel (real basis) runs directly on
e3nn-basis coefficients.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from symphys._array import namespace
from symphys.angular._gaunt_kernel import GauntKernel, functional
from symphys.angular._gaunt_kernel import plan as gaunt_plan
from symphys.angular.irreps import Irreps

__all__ = [
    "ENGINES",
    "MODES",
    "NORMALIZATIONS",
    "PATH_NORMALIZATIONS",
    "MAX_TABLE_ENTRIES",
    "Path",
    "Pair",
    "TPPlan",
    "anti_scale",
    "build_plan",
    "forward",
    "rotation_generators",
    "round_float32",
    "surface_gradient",
    "sym_scale",
]

ENGINES = ("auto", "cg", "gaunt", "gaunt+vsh")
MODES = ("uvw", "uvu")
NORMALIZATIONS = ("component", "norm", "none")
PATH_NORMALIZATIONS = ("element", "path", "none")
#: largest number of table entries (all engines' arrays together) a plan may hold
MAX_TABLE_ENTRIES = 50_000_000


# ----------------------------------------------------------------------------- exact factors
@lru_cache(maxsize=4096)
def sym_scale(l1: int, l2: int, l3: int) -> float:
    """``G = sym_scale * C``: the real Gaunt block over e3nn's 3j block, ``l1+l2+l3`` even.

    ``sqrt((2l1+1)(2l2+1)(2l3+1)/(4 pi)) |3j(l1 l2 l3; 0 0 0)|`` from the exact 3j symbol
    (the Gaunt coefficient is that times the 3j block in any basis; e3nn's sign convention
    makes the ratio positive -- checked against the blocks in the tests).
    """
    from symphys.angular import wigner_3j

    w = abs(float(wigner_3j(l1, l2, l3, 0, 0, 0, exact=False)))
    return math.sqrt((2 * l1 + 1) * (2 * l2 + 1) * (2 * l3 + 1) / (4 * math.pi)) * w


@lru_cache(maxsize=4096)
def anti_scale(l1: int, l2: int, l3: int) -> float:
    """``B = anti_scale * C``: the bracket block ``int Y_l3 {Y_l1, Y_l2}`` over e3nn's 3j block.

    For ``l1 + l2 + l3`` odd, ``{f, g} = r . (grad_S f x grad_S g)`` couples
    ``(l1, l2) -> l3`` with ``sqrt(l1(l1+1) l2(l2+1)) sqrt((2l1+1)(2l2+1)(2l3+1)/(4 pi))
    |3j(l1 l2 l3; 1 -1 0)|`` times the 3j block: writing ``grad_S`` with the spin-raising and
    lowering operators, ``eth Y_lm = sqrt(l(l+1)) _1Y_lm``, the bracket is
    ``(i/2)(eth f ethbar g - ethbar f eth g)`` and the spin-weighted Gaunt integral
    ``int _1Y _-1Y Y`` carries ``3j(l1 l2 l3; -1 1 0)``, whose two orderings differ by
    ``(-1)^(l1+l2+l3)``; the sign in e3nn's basis is +1 (tests check every block for l <= 8).
    """
    from symphys.angular import wigner_3j

    w = abs(float(wigner_3j(l1, l2, l3, 1, -1, 0, exact=False))) if min(l1, l2) >= 1 else 0.0
    return (math.sqrt(l1 * (l1 + 1) * l2 * (l2 + 1))
            * math.sqrt((2 * l1 + 1) * (2 * l2 + 1) * (2 * l3 + 1) / (4 * math.pi)) * w)


@lru_cache(maxsize=256)
def rotation_generators(l: int) -> np.ndarray:
    """``(3, 2l+1, 2l+1)``: real-basis coefficients of ``((r x grad) f)_a`` from those of f.

    ``r x grad = i L`` with ``L_+- Y_l^m = sqrt(l(l+1) - m(m+-1)) Y_l^(m+-1)`` (Condon-Shortley)
    moved to the real basis with :func:`symphys.angular.complex_to_real`; a = x, y, z. On
    ``l = 1`` (real basis ``(y, z, x)``): ``(r x grad)_z x = -y``.
    """
    from symphys.angular import complex_to_real

    d = 2 * l + 1
    ms = np.arange(-l, l + 1)
    up, down = np.zeros((d, d)), np.zeros((d, d))
    for i, m in enumerate(ms):
        if m < l:
            up[i, i + 1] = math.sqrt(l * (l + 1) - m * (m + 1))
        if m > -l:
            down[i, i - 1] = math.sqrt(l * (l + 1) - m * (m - 1))
    U = complex_to_real(l)
    out = np.empty((3, d, d))
    for a, L in enumerate(((up + down) / 2, (up - down) / 2j, np.diag(ms).astype(complex))):
        M = np.conj(U) @ (1j * L).T @ U.T
        out[a] = M.real
    out.flags.writeable = False
    return out


_EPS = np.zeros((3, 3, 3))
_EPS[0, 1, 2] = _EPS[1, 2, 0] = _EPS[2, 0, 1] = 1.0
_EPS[0, 2, 1] = _EPS[2, 1, 0] = _EPS[1, 0, 2] = -1.0


@lru_cache(maxsize=256)
def surface_gradient(l: int) -> np.ndarray:
    """``(3, (l+2)^2, 2l+1)``: real-basis coefficients (degrees l-1 and l+1) of
    ``(grad_S f)_a`` on the unit sphere from those of a degree-l f.

    ``grad_S f = -rhat x ((r x grad) f)``; multiplying by ``rhat_b = sqrt(4 pi / 3) S_1`` (real
    basis ``(y, z, x)``) uses the exact real Gaunt blocks ``(1, l, l +- 1)``.
    """
    from symphys.angular import gaunt_block

    d = 2 * l + 1
    rot = rotation_generators(l)
    n1 = math.sqrt(4 * math.pi / 3)
    unit = np.zeros((3, 3))
    unit[0, 2] = unit[1, 0] = unit[2, 1] = n1  # x, y, z in the real l = 1 basis (y, z, x)
    out = np.zeros((3, (l + 2) ** 2, d))
    for lp in (l - 1, l + 1):
        if lp < 0:
            continue
        g = np.asarray(gaunt_block(1, l, lp, basis="real", exact=False), dtype=float)
        X = np.einsum("bi,ijk->bkj", unit, g)  # (b, 2lp+1, 2l+1): multiply by rhat_b
        block = -np.einsum("abc,bkj,cjn->akn", _EPS, X, rot)
        out[:, lp * lp: (lp + 1) ** 2] = block
    out.flags.writeable = False
    return out


# ----------------------------------------------------------------------------- float32 tables
def round_float32(values: np.ndarray, exact: Any = None) -> np.ndarray:
    """float32 copy of float64 ``values``, each rounded once from the exact value.

    ``values`` are within a few ulp of exact numbers; where the float64 value lies within 8 ulp
    of a float32 rounding boundary (a tie), ``exact(index)`` (an exact sympy number) is rounded
    directly with 60-digit arithmetic. Without ``exact`` those entries keep the float64-derived
    rounding (for tables that are themselves float64 computations).
    """
    v = np.asarray(values, dtype=np.float64)
    f = v.astype(np.float32)
    up = np.nextafter(f, np.float32(np.inf)).astype(np.float64)
    down = np.nextafter(f, np.float32(-np.inf)).astype(np.float64)
    f64 = f.astype(np.float64)
    dist = np.minimum(np.abs(v - (f64 + up) / 2), np.abs(v - (f64 + down) / 2))
    near = (dist <= 8 * np.spacing(np.abs(v))) & (v != 0)
    if exact is not None and near.any():
        import mpmath

        with mpmath.workdps(60):
            for idx in zip(*np.nonzero(near), strict=True):
                x = mpmath.mpf(str(_sympy_n(exact(idx))))
                with mpmath.workprec(24):
                    r = +x
                f[idx] = np.float32(float(r))
    return f


def _sympy_n(value: Any) -> Any:
    import sympy

    return sympy.N(sympy.sympify(value), 60)


@lru_cache(maxsize=4096)
def _e3nn_block(l1: int, l2: int, l3: int) -> np.ndarray:
    from symphys.angular import wigner_3j_block

    return np.asarray(wigner_3j_block(l1, l2, l3, basis="e3nn", exact=False), dtype=float)


@lru_cache(maxsize=4096)
def _e3nn_block32(l1: int, l2: int, l3: int) -> np.ndarray:
    def exact(idx):
        from symphys.angular import wigner_3j_block

        return wigner_3j_block(l1, l2, l3, basis="e3nn", exact=True)[idx]

    return round_float32(_e3nn_block(l1, l2, l3), exact)


# ----------------------------------------------------------------------------- the plan
@dataclass(frozen=True)
class Path:
    """One path ``(i1, i2) -> i_out`` with degrees, weight slot and normalisation."""

    i1: int
    i2: int
    i_out: int
    l1: int
    l2: int
    l3: int
    weight_start: int
    weight_shape: tuple[int, ...]
    alpha: float  # sqrt of e3nn's path normalisation
    cols: tuple[int, int]  # columns of this path in its pair's contraction


@dataclass
class Pair:
    """All paths of one input pair ``(i1, i2)`` and the engine that contracts them."""

    index: int
    i1: int
    i2: int
    l1: int
    l2: int
    mul1: int
    mul2: int
    engine: str
    paths: list[Path] = field(default_factory=list)
    width: int = 0  # total columns (sum of 2 l3 + 1 over the paths)
    sym_lout: int = -1  # Gaunt kernel output degree for the even paths (-1: none)
    anti_lout: int = -1  # the same for the odd paths (bracket)
    kernels: dict[str, GauntKernel] = field(default_factory=dict)


@dataclass
class TPPlan:
    """A tensor product's paths, per-pair engines and float64/float32 tables."""

    irreps1: Irreps
    irreps2: Irreps
    irreps_out: Irreps
    mode: str
    engine: str
    pairs: list[Pair]
    weight_numel: int
    arrays: dict[str, np.ndarray]
    arrays32: dict[str, np.ndarray]
    int_arrays: dict[str, np.ndarray]
    instructions: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def paths(self) -> list[Path]:
        return [p for pair in self.pairs for p in pair.paths]


def _cost_cg(l1: int, l2: int, l3s: list[int]) -> float:
    return (2 * l1 + 1) * (2 * l2 + 1) * sum(2 * l + 1 for l in l3s)


def _cost_gaunt(l1: int, l2: int, lout: int, copies: int) -> float:
    # the FFT kernel per input pair (synthesis, FFTs, projection), in units of the dense cg
    # contraction's multiply-adds: a fixed overhead and an O(L^3) part, fitted to CPU timings
    # of benchmarks/bench_ml.py (L <= 8, 32 channels: the FFT engines were 10-50x slower per
    # pair); so ``auto`` keeps ``cg`` up to l ~ 50 and the FFT engines serve the degrees above
    big = l1 + l2 + 1
    return copies * (20000.0 + 60.0 * big ** 3 + 40.0 * (lout + 1) ** 3)


def _choose(l1: int, l2: int, sym: list[int], anti: list[int], engine: str,
            desc: str) -> str:
    if engine == "cg":
        return "cg"
    if engine == "gaunt":
        if anti:
            raise ValueError(
                f"engine='gaunt' computes only the paths with l1 + l2 + l3 even (the product "
                f"of two functions on the sphere); {desc} needs l3 in {anti} with "
                f"l1 + l2 + l3 odd (antisymmetric, e.g. the cross product 1o x 1o -> 1e): use "
                "engine='gaunt+vsh', 'cg' or 'auto'")
        return "gaunt"
    if engine == "gaunt+vsh":
        return "gaunt+vsh"
    # auto: the cheaper of the exact engines by the cost model
    cg = _cost_cg(l1, l2, sym + anti)
    fft = 0.0
    if sym:
        fft += _cost_gaunt(l1, l2, max(sym), 1)
    if anti:
        fft += _cost_gaunt(l1 + 1, l2, max(anti), 3)
    if fft < cg:
        return "gaunt+vsh" if anti else "gaunt"
    return "cg"


def _check_choice(value: Any, name: str, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name}={value!r} must be one of {allowed}")
    return value


def _ir(i: int, irreps: Irreps) -> str:
    mul, l, p = irreps[i]
    return f"{l}{'e' if p == 1 else 'o'}"


def build_plan(irreps1: Any, irreps2: Any, irreps_out: Any, *, mode: str = "uvw",
               engine: str = "auto", instructions: Any = None,
               irrep_normalization: str = "component", path_normalization: str = "element",
               ) -> TPPlan:
    """The plan of ``irreps1 x irreps2 -> irreps_out`` (see the module docstring).

    ``instructions``: ``None`` (every allowed path: triangle rule and parity ``p1 p2 = p3``;
    in ``uvu`` mode also ``mul_out = mul1``) or a list of ``(i1, i2, i_out)`` in any order
    (e3nn's ``instructions`` without mode, weight and path-weight fields).
    """
    ir1, ir2, iro = Irreps(irreps1), Irreps(irreps2), Irreps(irreps_out)
    mode = _check_choice(mode, "mode", MODES)
    engine = _check_choice(engine, "engine", ENGINES)
    irrep_normalization = _check_choice(irrep_normalization, "normalization", NORMALIZATIONS)
    path_normalization = _check_choice(path_normalization, "path_normalization",
                                       PATH_NORMALIZATIONS)

    def allowed(i1: int, i2: int, k: int) -> str | None:
        (m1, l1, p1), (_, l2, p2), (mo, l3, p3) = ir1[i1], ir2[i2], iro[k]
        if not abs(l1 - l2) <= l3 <= l1 + l2:
            return f"l3={l3} is outside |l1-l2|..l1+l2 = {abs(l1 - l2)}..{l1 + l2}"
        if p1 * p2 != p3:
            return f"parity {p3:+d} is not p1 p2 = {p1 * p2:+d}"
        if mode == "uvu" and mo != m1:
            return f"mode 'uvu' needs mul_out = mul1, got {mo} and {m1}"
        return None

    if instructions is None:
        ins = [(i1, i2, k) for i1 in range(len(ir1)) for i2 in range(len(ir2))
               for k in range(len(iro)) if allowed(i1, i2, k) is None
               and ir1[i1][0] * ir2[i2][0] * iro[k][0] > 0]
    else:
        if isinstance(instructions, (str, bytes)) or not hasattr(instructions, "__iter__"):
            raise TypeError("instructions must be a list of (i1, i2, i_out) tuples")
        ins = []
        for t in instructions:
            if not isinstance(t, (tuple, list)) or len(t) != 3 or not all(
                    isinstance(v, int) and not isinstance(v, bool) for v in t):
                raise ValueError(f"instructions: {t!r} is not a tuple (i1, i2, i_out) of ints")
            i1, i2, k = t
            if not (0 <= i1 < len(ir1) and 0 <= i2 < len(ir2) and 0 <= k < len(iro)):
                raise ValueError(f"instructions: {t!r} indexes past the irreps "
                                 f"({len(ir1)}, {len(ir2)}, {len(iro)} terms)")
            why = allowed(i1, i2, k)
            if why is not None:
                raise ValueError(f"instructions: path {t!r} ({_ir(i1, ir1)} x {_ir(i2, ir2)} "
                                 f"-> {_ir(k, iro)}) is not allowed: {why}")
            ins.append((i1, i2, k))
    # bound the tables in closed form before building them
    entries = sum((2 * ir1[a][1] + 1) * (2 * ir2[b][1] + 1) * (2 * iro[k][1] + 1)
                  for a, b, k in ins)
    if entries > MAX_TABLE_ENTRIES:
        raise ValueError(f"these irreps need {entries} table entries; the limit is "
                         f"MAX_TABLE_ENTRIES = {MAX_TABLE_ENTRIES}")

    def fan_in(a: int, b: int) -> int:
        return ir1[a][0] * ir2[b][0] if mode == "uvw" else ir2[b][0]

    # e3nn's normalisation (o3.TensorProduct, in_var = out_var = 1, path_weight = 1)
    alphas = []
    for a, b, k in ins:
        l1, l2, l3 = ir1[a][1], ir2[b][1], iro[k][1]
        alpha = {"component": 2 * l3 + 1, "norm": (2 * l1 + 1) * (2 * l2 + 1),
                 "none": 1}[irrep_normalization]
        same = [t for t in ins if t[2] == k]
        if path_normalization == "element":
            x = sum(fan_in(t[0], t[1]) for t in same)
        elif path_normalization == "path":
            x = fan_in(a, b) * len(same)
        else:
            x = 1
        alphas.append(math.sqrt(alpha / x) if x > 0 else math.sqrt(alpha))

    pairs: dict[tuple[int, int], Pair] = {}
    weight_start = 0
    order: list[tuple[int, int, int, int, float]] = []
    for (a, b, k), alpha in zip(ins, alphas, strict=True):
        shape = ((ir1[a][0], ir2[b][0], iro[k][0]) if mode == "uvw"
                 else (ir1[a][0], ir2[b][0]))
        order.append((a, b, k, weight_start, alpha))
        weight_start += math.prod(shape)
    arrays: dict[str, np.ndarray] = {}
    arrays32: dict[str, np.ndarray] = {}
    ints: dict[str, np.ndarray] = {}
    for a, b, k, start, alpha in order:
        key = (a, b)
        if key not in pairs:
            pairs[key] = Pair(len(pairs), a, b, ir1[a][1], ir2[b][1], ir1[a][0], ir2[b][0], "")
        pair = pairs[key]
        l3 = iro[k][1]
        shape = ((pair.mul1, pair.mul2, iro[k][0]) if mode == "uvw" else (pair.mul1, pair.mul2))
        pair.paths.append(Path(a, b, k, pair.l1, pair.l2, l3, start, shape, alpha,
                               (pair.width, pair.width + 2 * l3 + 1)))
        pair.width += 2 * l3 + 1
    for pair in pairs.values():
        l1, l2 = pair.l1, pair.l2
        sym = sorted({p.l3 for p in pair.paths if (l1 + l2 + p.l3) % 2 == 0})
        anti = sorted({p.l3 for p in pair.paths if (l1 + l2 + p.l3) % 2 == 1})
        desc = f"the pair {_ir(pair.i1, ir1)} x {_ir(pair.i2, ir2)}"
        pair.engine = _choose(l1, l2, sym, anti, engine, desc)
        if anti and pair.engine == "gaunt+vsh" and any(anti_scale(l1, l2, l) == 0.0
                                                       for l in anti):
            pair.engine = "cg"  # a bracket coefficient that vanishes: no division by zero
        _tables(pair, sym, anti, arrays, arrays32, ints)
    _assembly(list(pairs.values()), iro, mode, arrays, arrays32, ints)
    return TPPlan(ir1, ir2, iro, mode, engine, list(pairs.values()), weight_start, arrays,
                  arrays32, ints, [tuple(t) for t in ins])


def _assembly(pairs: list[Pair], iro: Irreps, mode: str, arrays: dict, arrays32: dict,
              ints: dict) -> None:
    """Index arrays of :func:`forward`: per uvu pair, the weight index and alpha of each
    column; for the output, where each entry's contributions sit in the concatenated pieces."""
    so = iro.slices()
    sources: list[list[int]] = [[] for _ in range(iro.dim)]
    offset = 0
    for pair in pairs:
        m1, m2 = pair.mul1, pair.mul2
        if mode == "uvu":
            widx = np.empty((m1, m2, pair.width), dtype=np.int64)
            alpha = np.empty(pair.width)
            for p in pair.paths:
                c0, c1 = p.cols
                widx[:, :, c0:c1] = (p.weight_start
                                     + np.arange(m1 * m2).reshape(m1, m2, 1))
                alpha[c0:c1] = p.alpha
                for u in range(m1):
                    for c in range(c1 - c0):
                        sources[so[p.i_out].start + u * (c1 - c0) + c].append(
                            offset + u * pair.width + c0 + c)
            ints[f"p{pair.index}_widx"] = widx.reshape(-1)
            arrays[f"p{pair.index}_alpha"] = alpha
            arrays32[f"p{pair.index}_alpha"] = round_float32(alpha)
            offset += m1 * pair.width
        else:
            for p in pair.paths:
                size = p.weight_shape[2] * (2 * p.l3 + 1)
                for e in range(size):
                    sources[so[p.i_out].start + e].append(offset + e)
                offset += size
    width = max([1] + [len(v) for v in sources])
    index = np.full((iro.dim, width), offset, dtype=np.int64)  # offset: the zero column
    for o, v in enumerate(sources):
        index[o, : len(v)] = v
    ints["assemble"] = index


def _tables(pair: Pair, sym: list[int], anti: list[int], arrays: dict, arrays32: dict,
            ints: dict) -> None:
    l1, l2, i = pair.l1, pair.l2, pair.index
    if pair.engine == "cg":
        C = np.concatenate([_e3nn_block(l1, l2, p.l3) for p in pair.paths], axis=-1)
        C32 = np.concatenate([_e3nn_block32(l1, l2, p.l3) for p in pair.paths], axis=-1)
        arrays[f"p{i}_cg"] = C.reshape(-1, pair.width)
        arrays32[f"p{i}_cg"] = C32.reshape(-1, pair.width)
        return
    # FFT engines: the kernel output (lout+1)^2 columns, each path's l3 block over its scale
    cols, scale = [], []
    pair.sym_lout = max(sym) if sym else -1
    pair.anti_lout = max(anti) if anti else -1
    sym_w = (pair.sym_lout + 1) ** 2 if sym else 0
    for p in pair.paths:
        even = (l1 + l2 + p.l3) % 2 == 0
        s = sym_scale(l1, l2, p.l3) if even else -anti_scale(l1, l2, p.l3)
        base = 0 if even else sym_w
        cols.extend(range(base + p.l3 ** 2, base + (p.l3 + 1) ** 2))
        scale.extend([1.0 / s] * (2 * p.l3 + 1))
    ints[f"p{i}_cols"] = np.asarray(cols, dtype=np.int64)
    arrays[f"p{i}_scale"] = np.asarray(scale)
    arrays32[f"p{i}_scale"] = round_float32(np.asarray(scale))
    if sym:
        pair.kernels["sym"] = _kernel_arrays(l1, l2, pair.sym_lout, f"p{i}_sym_", arrays,
                                             arrays32, ints)
    if anti:
        pair.kernels["anti"] = _kernel_arrays(l1 + 1, l2, pair.anti_lout, f"p{i}_anti_", arrays,
                                              arrays32, ints)
        grad = np.ascontiguousarray(np.transpose(surface_gradient(l1), (0, 2, 1)))
        rot = np.ascontiguousarray(np.transpose(rotation_generators(l2), (0, 2, 1)))
        rot_full = np.zeros((3, 2 * l2 + 1, (l2 + 1) ** 2))
        rot_full[:, :, l2 * l2:] = rot
        arrays[f"p{i}_grad"], arrays[f"p{i}_rot"] = grad, rot_full
        arrays32[f"p{i}_grad"] = round_float32(grad)
        arrays32[f"p{i}_rot"] = round_float32(rot_full)


@lru_cache(maxsize=1024)
def _gaunt_tables(l1: int, l2: int, lout: int):
    k = GauntKernel.from_plan(gaunt_plan(l1, l2, lout), poles=False)
    floats = {name: a for name, a in k.arrays().items() if a.dtype.kind == "f"}
    return (k, floats, {name: round_float32(a) for name, a in floats.items()},
            {name: a for name, a in k.arrays().items() if a.dtype.kind != "f"})


def _kernel_arrays(l1: int, l2: int, lout: int, prefix: str, arrays: dict, arrays32: dict,
                   ints: dict) -> GauntKernel:
    k, floats, floats32, index = _gaunt_tables(l1, l2, lout)
    for name in floats:
        arrays[prefix + name] = floats[name]
        arrays32[prefix + name] = floats32[name]
    for name, a in index.items():
        ints[prefix + name] = a
    return k


# ----------------------------------------------------------------------------- the arithmetic
def _sub(arrays: dict, prefix: str) -> dict:
    n = len(prefix)
    return {key[n:]: v for key, v in arrays.items() if key.startswith(prefix)}


def _contract(pair: Pair, A: Any, B: Any, arrays: dict, xp: Any) -> Any:
    """(M, d1), (M, d2) -> (M, width): the pair's CG contractions ``T`` (e3nn blocks)."""
    i, l1, l2 = pair.index, pair.l1, pair.l2
    m = A.shape[0]
    if pair.engine == "cg":
        outer = xp.reshape(A[:, :, None] * B[:, None, :], (m, A.shape[1] * B.shape[1]))
        return outer @ arrays[f"p{i}_cg"]
    parts = []
    if "sym" in pair.kernels:
        Ap = _pad_front(A, l1 * l1, xp)
        Bp = _pad_front(B, l2 * l2, xp)
        parts.append(functional(Ap, Bp, pair.kernels["sym"], _sub(arrays, f"p{i}_sym_")))
    if "anti" in pair.kernels:
        grad, rot = arrays[f"p{i}_grad"], arrays[f"p{i}_rot"]
        Ag = xp.reshape(A[None] @ grad, (3 * m, grad.shape[-1]))  # (3M, (l1+2)^2)
        Bg = xp.reshape(B[None] @ rot, (3 * m, rot.shape[-1]))  # (3M, (l2+1)^2)
        h = functional(Ag, Bg, pair.kernels["anti"], _sub(arrays, f"p{i}_anti_"))
        h = xp.reshape(h, (3, m, h.shape[-1]))
        parts.append(h[0] + h[1] + h[2])
    full = parts[0] if len(parts) == 1 else xp.concat(parts, axis=-1)
    return xp.take(full, arrays[f"p{i}_cols"], axis=1) * arrays[f"p{i}_scale"]


def _pad_front(v: Any, n: int, xp: Any) -> Any:
    if n == 0:
        return v
    zeros = xp.zeros((v.shape[0], n), dtype=v.dtype, device=_device(v))
    return xp.concat([zeros, v], axis=1)


def _device(v: Any) -> Any:
    from symphys._array import device

    return device(v)


def forward(x1: Any, x2: Any, weight: Any, plan: TPPlan, arrays: dict[str, Any]) -> Any:
    """The tensor product of ``x1 (N, dim1)``, ``x2 (N, dim2)`` -> ``(N, dim_out)``.

    ``weight`` is ``(weight_numel,)`` (shared) or ``(N, weight_numel)`` (one set per sample);
    ``arrays`` holds the plan's tables (float arrays in the compute dtype of ``x1``, index
    arrays as integers) in the namespace and on the device of the inputs. Per input pair: one
    contraction, then (uvu) one weighted sum over v for all the pair's paths, or (uvw) one matmul
    per path; the outputs are gathered into place in one ``take`` (and summed where several
    paths meet).
    """
    xp = namespace(x1, x2)
    n = x1.shape[0]
    if n == 0:  # an empty batch: FFTs of length-zero batches are not defined everywhere
        return xp.zeros((0, plan.irreps_out.dim), dtype=x1.dtype, device=_device(x1))
    per_sample = weight.ndim == 2
    sl1, sl2 = plan.irreps1.slices(), plan.irreps2.slices()
    pieces = []
    for pair in plan.pairs:
        m1, m2 = pair.mul1, pair.mul2
        d1, d2 = 2 * pair.l1 + 1, 2 * pair.l2 + 1
        if pair.engine == "cg":  # the outer product by broadcasting, then the exact blocks
            a = xp.reshape(x1[:, sl1[pair.i1]], (n, m1, 1, d1, 1))
            b = xp.reshape(x2[:, sl2[pair.i2]], (n, 1, m2, 1, d2))
            outer = xp.reshape(a * b, (n * m1 * m2, d1 * d2))
            T = xp.reshape(outer @ arrays[f"p{pair.index}_cg"], (n, m1, m2, pair.width))
        else:
            a = xp.reshape(x1[:, sl1[pair.i1]], (n, m1, 1, d1))
            b = xp.reshape(x2[:, sl2[pair.i2]], (n, 1, m2, d2))
            A = xp.reshape(xp.broadcast_to(a, (n, m1, m2, d1)), (n * m1 * m2, d1))
            B = xp.reshape(xp.broadcast_to(b, (n, m1, m2, d2)), (n * m1 * m2, d2))
            T = xp.reshape(_contract(pair, A, B, arrays, xp), (n, m1, m2, pair.width))
        if plan.mode == "uvu":  # all paths of the pair at once: W and alpha per column
            w = xp.take(weight, arrays[f"p{pair.index}_widx"], axis=-1)
            w = xp.reshape(w, ((n,) if per_sample else ()) + (m1, m2, pair.width))
            r = xp.sum(T * w, axis=2) * arrays[f"p{pair.index}_alpha"]  # (n, m1, width)
            pieces.append(xp.reshape(r, (n, m1 * pair.width)))
            continue
        for p in pair.paths:
            t = T[..., p.cols[0]: p.cols[1]]
            d3 = 2 * p.l3 + 1
            mo = p.weight_shape[2]
            w = weight[..., p.weight_start: p.weight_start + m1 * m2 * mo]
            w = xp.reshape(w, ((n,) if per_sample else ()) + (m1 * m2, mo))
            t = xp.permute_dims(xp.reshape(t, (n, m1 * m2, d3)), (0, 2, 1))
            r = xp.permute_dims(t @ w, (0, 2, 1)) * p.alpha  # (n, mo, d3)
            pieces.append(xp.reshape(r, (n, mo * d3)))
    pieces.append(xp.zeros((n, 1), dtype=x1.dtype, device=_device(x1)))  # the empty slot
    flat = xp.concat(pieces, axis=-1)
    index = arrays["assemble"]  # (dim_out, c): where each output entry's contributions sit
    out = xp.take(flat, xp.reshape(index, (-1,)), axis=1)
    if index.shape[1] == 1:
        return out
    return xp.sum(xp.reshape(out, (n, index.shape[0], index.shape[1])), axis=-1)
