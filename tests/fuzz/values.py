"""Bad values for the fuzzer: fixed hostile values and values derived from a valid argument.

A bad value is described by a picklable *spec* that the worker turns into the value, so that a
value derived from the valid argument (its shape with NaN in it, its integer plus one half, ...)
is built next to the valid argument, in the worker:

- ``("const", name)``: one of :data:`CONSTANTS`;
- ``("derive", name)``: :data:`DERIVED` ``[name](valid_value)``, or the constant "x" where the
  derivation does not apply;
- ``("value", v)``: a value drawn by hypothesis (floats, integers, text).
"""

from __future__ import annotations

import math

import numpy as np

# Hostile strings whose *effect* prints a marker that their *text* does not contain (an error
# message may quote the string; only running it prints the marker).
HOSTILE_SHELL = "__import__('os').system('echo PWN\"\"ED')"
HOSTILE_PYTHON = "__import__('sys').stdout.write('PWN' + 'ED')"
#: the marker that code execution printed (looked for in every call's output)
PWNED = "PWNED"


def _constants() -> dict[str, object]:
    return {
        "nan": math.nan, "inf": math.inf, "-inf": -math.inf,
        "-1": -1, "0": 0, "0.0": 0.0, "-0.5": -0.5, "2.5": 2.5,
        "10**4": 10**4, "10**5": 10**5, "10**6": 10**6, "10**9": 10**9,
        "10**30": 10**30, "2**70": 2**70, "-10**30": -(10**30),
        "1e308": 1e308, "-1e308": -1e308, "5e-324": 5e-324,
        "True": True, "False": False, "None": None,
        "1j": 1j, "nan+1j": complex(math.nan, 1.0),
        "np.nan": np.float64("nan"), "np.int64(2**62)": np.int64(2**62),
        "'x'": "x", "''": "", "'1/0'": "1/0", "'nan'": "nan", "'-1'": "-1",
        "hostile_shell": HOSTILE_SHELL, "hostile_python": HOSTILE_PYTHON,
        "hostile_dunder": "().__class__.__base__.__subclasses__()",
        "hostile_lambda": "(lambda: 1)()",
        "'x'*10**5": "x" * 10**5,
        "'1'*5000": "1" * 5000,
        "'((((...'": "(" * 2000 + "1" + ")" * 2000,
        "'9'**9**9": "9**9**9",
        "[]": [], "[[]]": [[]], "()": (), "{}": {}, "[None]": [None],
        "[nan]": [math.nan], "[1e308, 1e308]": [1e308, 1e308],
        "np.array([])": np.array([]),
        "np.zeros((0, 3))": np.zeros((0, 3)),
        "np.zeros((3, 0))": np.zeros((3, 0)),
        "np.ones(7)": np.ones(7),
        "np.ones((2, 5))": np.ones((2, 5)),
        "np.ones((1, 1, 1, 1))": np.ones((1, 1, 1, 1)),
        "np.full((3, 3), nan)": np.full((3, 3), math.nan),
        "np.ones((3, 3)) * 1j": np.ones((3, 3)) * 1j,
        "np.array([None, 1], dtype=object)": np.array([None, 1], dtype=object),
        "np.array(['a', 'b'])": np.array(["a", "b"]),
        "np.float64(1e308)": np.float64(1e308),
        "object()": object(),
        "b'x'": b"x",
    }


CONSTANTS: dict[str, object] = _constants()
#: the constants for command-line arguments (strings)
CLI_CONSTANTS: tuple[str, ...] = (
    "nan", "inf", "-inf", "-1", "0", "-0.5", "2.5", "1e308", "-1e308", "1e-320",
    "10000", "100000", "1000000", "1000000000", str(10**30), str(2**70),
    "True", "None", "", "x", "1/0", "0/0", "oo", "zoo", HOSTILE_SHELL, HOSTILE_PYTHON,
    "().__class__.__base__.__subclasses__()", "x" * 10**5, "(" * 2000 + "1" + ")" * 2000,
    "9**9**9", "1,2,3", ",", "1,,2", "A10000", "E9", "Z3", "A0", "-", "/nonexistent/x",
    "/", "/proc/self/mem", ".", "--", "-h", "1e5", "1.5", "½", "１", "\x00", "a\nb",
)


def _as_array(v):
    a = np.asarray(v)
    if a.dtype == object or a.dtype.kind not in "biufc":
        raise TypeError
    return a


def _same_shape(fill):
    def f(v):
        a = _as_array(v)
        return np.full(a.shape if a.shape else (), fill, dtype=complex if
                       isinstance(fill, complex) else float)
    return f


def _with_one(fill):
    def f(v):
        a = _as_array(v).astype(float).copy()
        if a.size == 0:
            raise TypeError
        a.flat[0] = fill
        return a
    return f


def _int_like(op):
    def f(v):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise TypeError
        return op(int(v))
    return f


def _seq_item(fill):
    def f(v):
        if not isinstance(v, (list, tuple)) or not v:
            raise TypeError
        out = list(v)
        out[0] = fill
        return type(v)(out)
    return f


DERIVED = {
    "all nan": _same_shape(math.nan),
    "all inf": _same_shape(math.inf),
    "all 1e308": _same_shape(1e308),
    "all 0": _same_shape(0.0),
    "all -1": _same_shape(-1.0),
    "complex": _same_shape(1.0 + 1.0j),
    "one nan": _with_one(math.nan),
    "one inf": _with_one(math.inf),
    "one -1e308": _with_one(-1e308),
    "object dtype": lambda v: _as_array(v).astype(object),
    "float32": lambda v: _as_array(v).astype(np.float32),
    "int dtype": lambda v: _as_array(v).astype(np.int64),
    "bool dtype": lambda v: _as_array(v).astype(bool),
    "extra axis": lambda v: _as_array(v)[None, None],
    "last axis +1": lambda v: np.concatenate([_as_array(v), _as_array(v)[..., :1]], axis=-1),
    "transposed 2x": lambda v: np.ones(tuple(2 * s + 1 for s in _as_array(v).shape)),
    "empty, same ndim": lambda v: np.zeros((0,) * max(_as_array(v).ndim, 1)),
    "batch of 10**5": lambda v: np.broadcast_to(_as_array(v), (10**5, *_as_array(v).shape)),
    "n+0.5": _int_like(lambda n: n + 0.5),
    "-n-1": _int_like(lambda n: -n - 1),
    "n*1000": _int_like(lambda n: n * 1000 + 1000),
    "float(n)": _int_like(float),
    "str(n)": _int_like(str),
    "np.int8(n)": _int_like(lambda n: np.int8(n % 100)),
    "seq[0]=nan": _seq_item(math.nan),
    "seq[0]=None": _seq_item(None),
    "seq[0]=10**30": _seq_item(10**30),
    "seq[0]=-1": _seq_item(-1),
    "seq[0]='x'": _seq_item("x"),
    "seq+extra": lambda v: type(v)([*v, v[0]]) if isinstance(v, (list, tuple)) and v
    else (_ for _ in ()).throw(TypeError),
    "seq-last": lambda v: type(v)(v[:-1]) if isinstance(v, (list, tuple)) and v
    else (_ for _ in ()).throw(TypeError),
    "dict value nan": lambda v: {k: math.nan for k in v} if isinstance(v, dict) and v
    else (_ for _ in ()).throw(TypeError),
    "dict bad key": lambda v: {**v, "no such key": 1.0} if isinstance(v, dict)
    else (_ for _ in ()).throw(TypeError),
}


def make(spec, valid):
    """The value a spec stands for (``valid``: the argument it replaces, or None)."""
    kind, name = spec
    if kind == "const":
        return CONSTANTS[name]
    if kind == "value":
        return name
    try:
        return DERIVED[name](valid)
    except Exception:  # the derivation does not apply to this argument
        return "x"


def describe(spec) -> str:
    kind, name = spec
    if kind == "value":
        r = repr(name)
        return r if len(r) < 80 else r[:60] + f"...<{len(r)} chars>"
    return name if kind == "const" else f"<{name}>"


def is_nonfinite_input(v, depth: int = 0) -> bool:
    """Whether an input holds NaN/inf (a string naming them counts: 'nan', 'inf', 'oo')."""
    if depth > 4:
        return False
    if isinstance(v, bool) or v is None:
        return False
    if isinstance(v, (float, complex, np.floating, np.complexfloating)):
        return not np.isfinite(v)
    if isinstance(v, str):
        low = v.lower()
        return any(t in low for t in ("nan", "inf", "oo"))
    if isinstance(v, np.ndarray):
        if v.dtype.kind in "fc":
            return bool(v.size) and not bool(np.all(np.isfinite(v)))
        if v.dtype == object:
            return any(is_nonfinite_input(x, depth + 1) for x in v.flat[:1000])
        return False
    if isinstance(v, dict):
        return any(is_nonfinite_input(x, depth + 1) for x in list(v.values())[:1000])
    if isinstance(v, (list, tuple)):
        return any(is_nonfinite_input(x, depth + 1) for x in v[:1000])
    mod = type(v).__module__ or ""
    if mod.startswith("sympy"):
        try:
            import sympy as sp
            return bool(v.has(sp.nan, sp.oo, -sp.oo, sp.zoo))
        except Exception:
            return False
    return False
