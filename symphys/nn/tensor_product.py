"""The Clebsch-Gordan tensor product of irreps as a ``torch.nn.Module`` (imports torch).

:class:`TensorProduct` runs the plan and arithmetic of :mod:`symphys.angular._tp_kernel`
(written once against the array-API namespace, shared with :mod:`symphys.jax`) on torch tensors:
exact tables from :mod:`symphys.angular`, learnable weights, any device, autograd of every order,
``torch.func`` and ``torch.compile``.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import torch

from symphys.angular._tp_kernel import build_plan, forward
from symphys.angular.irreps import Irreps

__all__ = ["TensorProduct"]

_HALF = (torch.float16, torch.bfloat16)
#: the inference fast path forms x1 (x) x2 per sample: at most this many entries per sample
#: (above, with many channels, the per-pair dense contraction is faster: benchmarks/bench_ml.py)
_SPARSE_MAX_PAIRS = 1 << 15
#: and at most this many entries per chunk of samples
_SPARSE_CHUNK = 1 << 22


def _sparse_pattern(plan: Any) -> dict[str, np.ndarray]:
    """CSR pattern of the whole layer as a matrix (dim_out, dim1 * dim2): per entry the exact
    coefficient ``alpha C[i, j, k]`` (float64 and float32 bit patterns) and the weight index."""
    s1, s2, so = plan.irreps1.slices(), plan.irreps2.slices(), plan.irreps_out.slices()
    dim2 = plan.irreps2.dim
    rows, cols, c64, c32, widx = [], [], [], [], []
    for pair in plan.pairs:
        m1, m2 = pair.mul1, pair.mul2
        d1, d2 = 2 * pair.l1 + 1, 2 * pair.l2 + 1
        C64 = plan.arrays[f"p{pair.index}_cg"].reshape(d1, d2, -1)
        C32 = plan.arrays32[f"p{pair.index}_cg"].reshape(d1, d2, -1)
        for p in pair.paths:
            d3 = 2 * p.l3 + 1
            block = C64[:, :, p.cols[0]:p.cols[1]]
            i, j, k = np.nonzero(block)
            vals64, vals32 = block[i, j, k], C32[:, :, p.cols[0]:p.cols[1]][i, j, k]
            mo = p.weight_shape[2] if plan.mode == "uvw" else m1
            u, v, o = np.meshgrid(np.arange(m1), np.arange(m2), np.arange(mo), indexing="ij")
            if plan.mode == "uvu":
                keep = u == o
                u, v, o = u[keep], v[keep], o[keep]
                wi = p.weight_start + u * m2 + v
            else:
                u, v, o = u.ravel(), v.ravel(), o.ravel()
                wi = p.weight_start + (u * m2 + v) * mo + o
            a = s1[p.i1].start + u[:, None] * d1 + i[None]
            bb = s2[p.i2].start + v[:, None] * d2 + j[None]
            rows.append((so[p.i_out].start + o[:, None] * d3 + k[None]).ravel())
            cols.append((a * dim2 + bb).ravel())
            c64.append(np.broadcast_to(p.alpha * vals64, a.shape).ravel())
            c32.append(np.broadcast_to(np.float32(p.alpha) * vals32, a.shape).ravel())
            widx.append(np.broadcast_to(wi[:, None], a.shape).ravel())
    row = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    col = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    order = np.lexsort((col, row))
    crow = np.zeros(plan.irreps_out.dim + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=plan.irreps_out.dim), out=crow[1:])
    cat = (lambda x, t: np.concatenate(x).astype(t) if x else np.zeros(0, t))
    return {"crow": crow, "col": col[order].astype(np.int64),
            "coef64": cat(c64, np.float64)[order].view(np.int64),
            "coef32": cat(c32, np.float32)[order].view(np.int32),
            "widx": cat(widx, np.int64)[order]}


def _rng(rng: Any) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(f"rng={rng!r} must be a numpy.random.Generator, an int seed or None")


def _check_bool(value: Any, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name}={value!r} must be a bool")
    return bool(value)


class TensorProduct(torch.nn.Module):
    """Equivariant tensor product ``irreps_in1 x irreps_in2 -> irreps_out`` with weights.

    For every path ``(i1, i2) -> i_out`` (degrees ``l1 x l2 -> l3`` within the triangle rule,
    parities ``p1 p2 = p_out``)::

        out[i_out][w, k] += alpha sum_{u,v} W[u,v,w] sum_{i,j} C[i,j,k] x1[i1][u,i] x2[i2][v,j]

    (``mode="uvw"``; ``mode="uvu"``: ``W[u, v]`` and ``out[u]``, with ``mul_out = mul1``), where
    ``C = wigner_3j_block(l1, l2, l3, basis="e3nn")`` is the exact 3j block in e3nn's real basis
    (Frobenius norm 1; ``l = 1`` components ``(x, y, z)``), features are in the ``mul_ir``
    layout (:meth:`symphys.angular.Irreps.change_layout` converts from ``ir_mul``), and
    ``alpha`` is e3nn's normalisation: ``alpha^2 = (2 l3 + 1)`` (``normalization="component"``)
    or ``(2l1+1)(2l2+1)`` (``"norm"``) or 1 (``"none"``), divided by the fan-in of the output
    (``path_normalization="element"``: the sum over its paths of ``mul1 mul2`` (uvw) or
    ``mul2`` (uvu); ``"path"``: the path's fan-in times the number of paths; ``"none"``).
    With these, the module equals ``e3nn.o3.TensorProduct`` built with the same instructions,
    ``irrep_normalization`` and ``path_normalization`` and the same weight vector (e3nn's
    order: per instruction, ``(mul1, mul2, mul_out)`` or ``(mul1, mul2)``).

    Engines (all exact to float64 rounding, checked against the dense product of exact blocks):
    ``"cg"`` dense contraction with the exact blocks of each input pair; ``"gaunt"`` the FFT
    product of the pair's functions on the sphere (Luo et al., arXiv:2401.10216), which reaches
    only the paths with ``l1 + l2 + l3`` even and refuses (ValueError) a request that needs
    others; ``"gaunt+vsh"`` adds the odd paths through the vector-spherical-harmonic bracket
    ``r . (grad f x grad g)`` (Xie et al., arXiv:2602.21466; Heyraud et al., arXiv:2603.08630;
    the coefficients are derived from our exact 3j, see ``symphys.angular._tp_kernel``);
    ``"auto"`` picks, per input pair, the cheaper exact engine by a cost model measured on CPU
    (the dense ``cg`` contraction up to the degrees where the FFT's fixed cost pays off).

    Precision: float64 and float32 tables are each rounded once from the exact values (the
    float32 blocks are not float64 blocks rounded again); the computation runs in the dtype of
    the inputs; float16 and bfloat16 inputs are computed in float32 and the result is cast back
    to the input dtype.

    Parameters
    ----------
    irreps_in1, irreps_in2, irreps_out : Irreps or str
        e3nn text form such as ``"8x0e + 4x1o"``.
    mode : {"uvw", "uvu"}
    engine : {"auto", "cg", "gaunt", "gaunt+vsh"}
    normalization : {"component", "norm", "none"}
        e3nn's ``irrep_normalization``.
    path_normalization : {"element", "path", "none"}
    instructions : list of (i1, i2, i_out), optional
        The paths to keep (default: every allowed one, e3nn's ``FullyConnectedTensorProduct``).
    internal_weights : bool
        ``True`` (default): a learnable ``weight`` parameter, drawn from ``N(0, 1)`` with ``rng``;
        ``False``: ``forward`` needs ``weight=``.
    rng : numpy.random.Generator, int or None
        Seed or generator of the initial weights.
    dtype : torch.dtype, optional
        dtype of the weight (default ``torch.get_default_dtype()``).

    Raises
    ------
    ValueError
        Unknown mode/engine/normalisation, a path that breaks the rules, ``engine="gaunt"``
        on a request with odd paths, tables beyond ``MAX_TABLE_ENTRIES``.

    Examples
    --------
    >>> import torch
    >>> tp = TensorProduct("1x1o", "1x1o", "1x1e", engine="gaunt+vsh", rng=0,
    ...                    dtype=torch.float64)
    >>> x = torch.tensor([[1.0, 0.0, 0.0]], dtype=torch.float64)
    >>> y = torch.tensor([[0.0, 1.0, 0.0]], dtype=torch.float64)
    >>> z = (tp(x, y) / tp.weight).detach()  # x cross y = e_z, over sqrt 2 and the weight
    >>> [round(float(v), 6) for v in z[0]]
    [0.0, 0.0, 0.707107]
    """

    def __init__(
        self,
        irreps_in1: Irreps | str,
        irreps_in2: Irreps | str,
        irreps_out: Irreps | str,
        *,
        mode: str = "uvw",
        engine: str = "auto",
        normalization: str = "component",
        path_normalization: str = "element",
        instructions: list[tuple[int, int, int]] | None = None,
        internal_weights: bool = True,
        rng: np.random.Generator | int | None = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        internal_weights = _check_bool(internal_weights, "internal_weights")
        gen = _rng(rng)
        if dtype is None:
            dtype = torch.get_default_dtype()
        if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point or dtype.is_complex:
            raise TypeError(f"dtype={dtype!r} must be a real floating torch.dtype")
        plan = build_plan(irreps_in1, irreps_in2, irreps_out, mode=mode, engine=engine,
                          instructions=instructions, irrep_normalization=normalization,
                          path_normalization=path_normalization)
        self.plan = plan
        self._names = tuple(plan.arrays)
        self._int_names = tuple(plan.int_arrays)
        for name in self._names:
            a64 = np.ascontiguousarray(plan.arrays[name], dtype=np.float64)
            a32 = np.ascontiguousarray(plan.arrays32[name], dtype=np.float32)
            # bit patterns: Module.to(dtype) leaves integer buffers alone, so a float32 table is
            # never a float64 table rounded a second time
            self.register_buffer(f"_t64_{name}", torch.from_numpy(a64.view(np.int64)).clone(),
                                 persistent=False)
            self.register_buffer(f"_t32_{name}", torch.from_numpy(a32.view(np.int32)).clone(),
                                 persistent=False)
        for name in self._int_names:
            self.register_buffer(f"_i_{name}", torch.from_numpy(plan.int_arrays[name]).clone(),
                                 persistent=False)
        self._sparse = None
        if all(pair.engine == "cg" for pair in plan.pairs) \
                and plan.irreps1.dim * plan.irreps2.dim <= _SPARSE_MAX_PAIRS:
            self._sparse = _sparse_pattern(plan)
            for name, a in self._sparse.items():
                self.register_buffer(f"_s_{name}", torch.from_numpy(a), persistent=False)
        if internal_weights:
            w = gen.standard_normal(plan.weight_numel)
            self.weight = torch.nn.Parameter(torch.as_tensor(w, dtype=dtype))
        else:
            self.register_parameter("weight", None)

    # ------------------------------------------------------------------ description
    @property
    def irreps_in1(self) -> Irreps:
        return self.plan.irreps1

    @property
    def irreps_in2(self) -> Irreps:
        return self.plan.irreps2

    @property
    def irreps_out(self) -> Irreps:
        return self.plan.irreps_out

    @property
    def weight_numel(self) -> int:
        """Number of weights (e3nn's ``weight_numel``)."""
        return self.plan.weight_numel

    @property
    def instructions(self) -> list[tuple[int, int, int]]:
        """The paths ``(i1, i2, i_out)`` in weight order."""
        return list(self.plan.instructions)

    @property
    def engines(self) -> dict[tuple[int, int], str]:
        """The engine that contracts each input pair ``(i1, i2)``."""
        return {(p.i1, p.i2): p.engine for p in self.plan.pairs}

    def extra_repr(self) -> str:
        return (f"{self.irreps_in1} x {self.irreps_in2} -> {self.irreps_out}, "
                f"mode={self.plan.mode}, engine={self.plan.engine}, "
                f"weight_numel={self.weight_numel}")

    # ------------------------------------------------------------------ forward
    def _tables(self, dtype: torch.dtype) -> dict[str, torch.Tensor]:
        out: dict[str, torch.Tensor] = {}
        if dtype == torch.float64:
            for name in self._names:
                out[name] = getattr(self, f"_t64_{name}").view(torch.float64)
        else:
            for name in self._names:
                out[name] = getattr(self, f"_t32_{name}").view(torch.float32).to(dtype)
        for name in self._int_names:
            out[name] = getattr(self, f"_i_{name}")
        return out

    def forward(self, x1: torch.Tensor, x2: torch.Tensor, *,
                weight: torch.Tensor | None = None) -> torch.Tensor:
        """``x1 (..., dim1)``, ``x2 (..., dim2)`` (leading axes broadcast) -> ``(..., dim_out)``.

        ``weight``: ``(weight_numel,)`` or ``(..., weight_numel)`` (per sample, broadcast with
        the inputs); default the module's own ``weight``.
        """
        for name, t, dim in (("x1", x1, self.irreps_in1.dim), ("x2", x2, self.irreps_in2.dim)):
            if not isinstance(t, torch.Tensor):
                raise TypeError(f"{name} must be a torch.Tensor, not {type(t).__name__}")
            if not t.dtype.is_floating_point:
                raise TypeError(f"{name} has dtype {t.dtype}; a real floating tensor is needed")
            if t.ndim == 0 or t.shape[-1] != dim:
                raise ValueError(f"{name} must have last axis {dim} (its irreps' dim); got "
                                 f"shape {tuple(t.shape)}")
        if weight is None:
            weight = self.weight
            if weight is None:
                raise ValueError("this module has internal_weights=False: pass weight=")
        if not isinstance(weight, torch.Tensor):
            raise TypeError(f"weight must be a torch.Tensor, not {type(weight).__name__}")
        if weight.ndim == 0 or weight.shape[-1] != self.weight_numel:
            raise ValueError(f"weight must have last axis weight_numel = {self.weight_numel}; "
                             f"got shape {tuple(weight.shape)}")
        dtype = torch.promote_types(x1.dtype, x2.dtype)
        out_dtype = dtype
        if dtype in _HALF:
            dtype = torch.float32
        lead = torch.broadcast_shapes(x1.shape[:-1], x2.shape[:-1])
        if weight.ndim > 1:
            lead = torch.broadcast_shapes(lead, weight.shape[:-1])
        n = 1
        for s in lead:
            n *= s
        a = x1.to(dtype).expand(*lead, x1.shape[-1]).reshape(n, x1.shape[-1])
        b = x2.to(dtype).expand(*lead, x2.shape[-1]).reshape(n, x2.shape[-1])
        w = weight.to(dtype)
        if w.ndim > 1:
            w = w.expand(*lead, w.shape[-1]).reshape(n, w.shape[-1])
        if self._use_sparse(a, b, w):
            out = self._sparse_forward(a, b, w)
        else:
            out = forward(a, b, w, self.plan, self._tables(dtype))
        return out.reshape(*lead, out.shape[-1]).to(out_dtype)

    def _use_sparse(self, a: torch.Tensor, b: torch.Tensor, w: torch.Tensor) -> bool:
        """Inference (no gradient wanted, not compiling, shared weights, float64/float32):
        the whole layer is one sparse matrix of exact coefficients times weights."""
        if self._sparse is None or w.ndim != 1 or torch.compiler.is_compiling():
            return False
        active = getattr(torch._C, "_are_functorch_transforms_active", None)
        if active is None or active():  # under torch.func (vmap, jacrev): the dense path
            return False
        if torch.is_grad_enabled() and (a.requires_grad or b.requires_grad or w.requires_grad):
            return False
        return a.dtype in (torch.float32, torch.float64)

    def _sparse_forward(self, a: torch.Tensor, b: torch.Tensor,
                        w: torch.Tensor) -> torch.Tensor:
        coef = self._s_coef64.view(torch.float64) if a.dtype == torch.float64 else \
            self._s_coef32.view(torch.float32)
        values = (coef * w[self._s_widx]).detach()
        d1, d2, n = a.shape[1], b.shape[1], a.shape[0]
        with warnings.catch_warnings():  # "sparse CSR support is in beta"
            warnings.simplefilter("ignore", UserWarning)
            M = torch.sparse_csr_tensor(self._s_crow, self._s_col, values,
                                        (self.irreps_out.dim, d1 * d2), check_invariants=False)
        step = max(1, _SPARSE_CHUNK // max(1, d1 * d2))
        outs = []
        for i in range(0, n, step):
            pt = (a[i:i + step, :, None] * b[i:i + step, None, :]).reshape(-1, d1 * d2)
            outs.append(torch.sparse.mm(M, pt.T).T)
        return outs[0] if len(outs) == 1 else torch.cat(outs)
