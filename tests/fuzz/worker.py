"""Run fuzz calls in a separate process, under a memory limit and a time limit.

:class:`Runner` keeps one worker process (``multiprocessing``, fork) and sends it calls; the
worker builds the call from the registry, replaces arguments by bad values, runs it with its
output sent to a scratch file, and answers with an outcome. A call past its time limit, or a
worker that dies, is recorded and the worker restarted. The worker's address space is limited
(``RLIMIT_AS``: its size at start plus :data:`MEMORY_LIMIT`), so a runaway allocation is a
``MemoryError`` (a finding) and not a machine out of memory.
"""

from __future__ import annotations

import inspect
import io
import itertools
import math
import multiprocessing
import os
import re
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz import registry, values

MEMORY_LIMIT = 4 * 2**30
DEFAULT_TIMEOUT = 10.0
#: items taken from a returned iterator or generator
ITER_LIMIT = 10_000
_OUTPUT_LIMIT = 1 << 20
_NONFINITE_TEXT = re.compile(r"(?<![\w.])-?(nan|inf|infinity|zoo|oo)(?![\w(])", re.IGNORECASE)


@dataclass
class Outcome:
    key: str
    mutation: str  # the bad values, as "slot=value, ..."
    status: str  # ok | refused | finding
    kind: str = ""  # finding kind: exception, hang, crash, nonfinite, nan-passthrough, ...
    exc_type: str = ""
    message: str = ""
    where: str = ""  # the innermost symphys frame of a traceback
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)


# ============================================================================ the worker side
_state: dict = {}


def _worker_setup() -> None:
    import resource

    # Linux: die with the parent (a killed test run leaves no worker behind). The signal comes
    # when the forking *thread* ends: Runner is used from the main thread or from the
    # long-lived threads of tests/fuzz/test_fuzz.py's Pool.
    try:
        import ctypes
        import signal
        ctypes.CDLL(None).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except Exception:  # pragma: no cover - not Linux
        pass

    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ["TQDM_DISABLE"] = "1"
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(1)
    except Exception:  # pragma: no cover
        pass
    scratch = tempfile.mkdtemp(prefix="symphys-fuzz-")
    os.chdir(scratch)
    out_path = os.path.join(scratch, ".output")
    fd = os.open(out_path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    _state["out_fd"] = fd
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), line_buffering=True)
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), line_buffering=True)
    sys.stdin = io.StringIO("")
    warnings.simplefilter("ignore")
    try:
        with open("/proc/self/status") as fh:
            vm = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize"))
    except Exception:  # pragma: no cover - not Linux
        vm = 0
    limit = vm + MEMORY_LIMIT
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    _state["functions"] = registry.functions()
    _state["classes"] = registry.classes()
    _state["class_keys"] = registry.class_keys()
    _state["entries"] = registry.public_entries()
    _state["instances"] = {}


def _resolve(key: str):
    """(target callable, valid Call) for a registry key, built now."""
    if key.startswith("cli:"):
        entry = registry.CLI[key]
        from symphys.cli import main
        return main, registry.call(entry.argv())
    functions, classes = _state["functions"], _state["classes"]
    if key in functions:
        return _state["entries"][key][2], functions[key]()
    if key in classes:
        spec = classes[key]
        inst = _instance(key) if spec.inst is not None else None
        return _state["entries"][key][2], spec.ctor(inst)
    cls_key, method = key.rsplit(".", 1)
    if cls_key not in _state["entries"] or key not in _state["entries"]:
        raise LookupError(f"{key} is not registered in tests/fuzz/registry.py")
    cls = _state["entries"][cls_key][2]
    for base in cls.__mro__:
        bkey = _state["class_keys"].get(base)
        spec = classes.get(bkey) if bkey else None
        if spec is not None and method in spec.methods:
            own = classes.get(cls_key)
            inst = own.alt[method]() if own is not None and method in own.alt \
                else _instance(cls_key)
            return getattr(inst, method), spec.methods[method](inst)
    raise KeyError(f"no registry entry for {key}")


def _instance(cls_key: str):
    spec = _state["classes"][cls_key]
    cache = _state["instances"]
    if spec.fresh or cls_key not in cache:
        cache[cls_key] = spec.inst()
    return cache[cls_key]


def _slots(key: str, target, call) -> list[tuple[tuple, str]]:
    """Where a bad value can go: (slot, kind of the valid value)."""
    if key.startswith("cli:"):
        entry = registry.CLI[key]
        return ([(("argv", i), "str") for i in entry.values]
                + [(("option", o), "absent") for o in entry.options])
    out = [(("arg", i), _kind(v)) for i, v in enumerate(call.args)]
    out += [(("kw", k), _kind(v)) for k, v in call.kwargs.items()]
    try:
        sig = inspect.signature(target)
    except (TypeError, ValueError):
        return out
    for name, p in sig.parameters.items():
        if p.kind is p.KEYWORD_ONLY and name not in call.kwargs:
            out.append((("kw", name), "absent"))
    return out


def _kind(v) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "str"
    if isinstance(v, (list, tuple)):
        return "seq"
    if isinstance(v, dict):
        return "dict"
    mod = type(v).__module__ or ""
    if mod.startswith("numpy") or mod.startswith("torch") or mod.startswith("jax"):
        return "array"
    return "object"


def _apply(key: str, call, mutations):
    args, kwargs = list(call.args), dict(call.kwargs)
    if key.startswith("cli:"):
        argv = list(args[0])
        extra = []
        for (where, pos), spec in mutations:
            bad = values.make(spec, None)
            if where == "argv":
                argv[pos] = bad
            else:
                extra += [pos, bad]
        return [argv + extra], {}
    for (where, pos), spec in mutations:
        if where == "arg":
            args[pos] = values.make(spec, args[pos])
        else:
            kwargs[pos] = values.make(spec, kwargs.get(pos))
    return args, kwargs


def _consume(out):
    if inspect.isgenerator(out) or type(out).__name__.endswith("iterator") or (
            hasattr(out, "__next__") and hasattr(out, "__iter__")):
        return list(itertools.islice(out, ITER_LIMIT))
    return out


def _has_nonfinite(v, depth: int = 0, budget: list | None = None) -> bool:
    budget = budget if budget is not None else [2000]
    budget[0] -= 1
    if budget[0] < 0 or depth > 5 or v is None or isinstance(v, (bool, str, bytes)):
        return False
    if isinstance(v, (int,)):
        return False
    if isinstance(v, (float, complex)):
        return not (math.isfinite(v.real) and math.isfinite(v.imag)) if isinstance(
            v, complex) else not math.isfinite(v)
    mod = type(v).__module__ or ""
    if mod.startswith("numpy"):
        import numpy as np
        a = np.asarray(v)
        if a.dtype.kind in "fc":
            return bool(a.size) and not bool(np.all(np.isfinite(a)))
        if a.dtype == object:
            return any(_has_nonfinite(x, depth + 1, budget) for x in a.flat[:200])
        return False
    if mod.startswith("torch"):
        import torch
        if isinstance(v, torch.Tensor):
            return (v.is_floating_point() or v.is_complex()) and not bool(
                torch.isfinite(v).all())
        return False
    if mod.startswith("jax") or mod.startswith("jaxlib"):
        import numpy as np
        try:
            a = np.asarray(v)
        except Exception:
            return False
        return a.dtype.kind in "fc" and not bool(np.all(np.isfinite(a)))
    if mod.startswith("sympy"):
        import sympy as sp
        try:
            if isinstance(v, sp.Basic):
                return bool(v.has(sp.nan, sp.zoo, sp.oo, -sp.oo))
            if hasattr(v, "atoms"):  # matrices, arrays
                return bool(v.atoms(sp.nan.func, sp.zoo.func, sp.oo.func,
                                     sp.NegativeInfinity))
        except Exception:
            return False
        return False
    if isinstance(v, dict):
        return any(_has_nonfinite(x, depth + 1, budget) for x in list(v.values())[:200])
    if isinstance(v, (list, tuple, set, frozenset)):
        return any(_has_nonfinite(x, depth + 1, budget) for x in list(v)[:200])
    if mod.startswith("symphys"):
        import dataclasses
        if dataclasses.is_dataclass(v):
            return any(_has_nonfinite(getattr(v, f.name, None), depth + 1, budget)
                       for f in dataclasses.fields(v))
    return False


def _innermost_symphys_frame(tb) -> str:
    where = ""
    for frame in traceback.extract_tb(tb):
        if "/symphys/" in frame.filename.replace(os.sep, "/"):
            path = frame.filename.replace(os.sep, "/")
            where = f"{path[path.rfind('/symphys/') + 1:]}:{frame.lineno} ({frame.name})"
    return where


def _read_output() -> str:
    fd = _state["out_fd"]
    size = os.lseek(fd, 0, os.SEEK_END)
    os.lseek(fd, 0, os.SEEK_SET)
    data = os.read(fd, min(size, _OUTPUT_LIMIT))
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    return data.decode("utf-8", "replace")


def _allowed(key: str, exc: BaseException) -> bool:
    t = type(exc)
    if t in (ValueError, TypeError):
        return True
    if t.__module__.startswith("symphys") and issubclass(t, (ValueError, TypeError)):
        return True
    if isinstance(exc, OSError) and key in registry.OSERROR_OK:
        return True
    return False


def _run(key: str, mutations) -> Outcome:
    mutation = ", ".join(f"{_slot_name(s)}={values.describe(spec)}" for s, spec in mutations)
    t0 = time.perf_counter()
    try:
        target, call = _resolve(key)
    except BaseException as exc:  # the registry's own example does not build
        return Outcome(key, mutation, "finding", "registry", type(exc).__name__,
                       _short(str(exc)), _innermost_symphys_frame(exc.__traceback__))
    args, kwargs = _apply(key, call, mutations)
    finite_in = not any(values.is_nonfinite_input(v) for v in [*args, *kwargs.values()])
    _read_output()
    rc = None
    try:
        try:
            out = _consume(target(*args, **kwargs))
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
    except SystemExit as exc:
        out, rc = None, exc.code
        if not key.startswith("cli:") or rc not in (0, 1, 2, None):
            return Outcome(key, mutation, "finding", "exception", "SystemExit", repr(rc),
                           seconds=time.perf_counter() - t0)
    except BaseException as exc:  # noqa: BLE001 - every exception is the point here
        seconds = time.perf_counter() - t0
        text = _read_output()
        if _allowed(key, exc):
            return Outcome(key, mutation, "refused", exc_type=type(exc).__name__,
                           message=_short(str(exc)), seconds=seconds)
        kind = "memory" if isinstance(exc, MemoryError) else "exception"
        o = Outcome(key, mutation, "finding", kind, _qualname(type(exc)), _short(str(exc)),
                    _innermost_symphys_frame(exc.__traceback__), seconds)
        if values.PWNED in text:
            o.kind, o.message = "code-execution", f"{o.exc_type}: {o.message}"
        return o
    seconds = time.perf_counter() - t0
    text = _read_output()
    if values.PWNED in text:
        return Outcome(key, mutation, "finding", "code-execution", message=_short(text),
                       seconds=seconds)
    if key.startswith("cli:"):
        if isinstance(out, int) and not isinstance(out, bool):
            rc = out
        if "Traceback (most recent call last)" in text:
            return Outcome(key, mutation, "finding", "traceback", message=_short(text[-600:]),
                           seconds=seconds)
        if rc in (0, None) and finite_in and _NONFINITE_TEXT.search(text):
            m = _NONFINITE_TEXT.search(text)
            return Outcome(key, mutation, "finding", "nonfinite",
                           message=_short(text[max(0, m.start() - 150):m.end() + 100]),
                           seconds=seconds)
        if rc not in (0, 1, 2, None):
            return Outcome(key, mutation, "finding", "exit-code", exc_type=f"exit {rc}",
                           message=_short(text), seconds=seconds)
        status = "ok" if rc in (0, None) else "refused"
        return Outcome(key, mutation, status, exc_type=f"exit {rc}", message=_short(text),
                       seconds=seconds)
    try:
        shown = _short(repr(out), 200)
    except BaseException as exc:  # noqa: BLE001 - a result whose repr fails is a bug too
        return Outcome(key, mutation, "finding", "exception", _qualname(type(exc)),
                       _short(f"in repr() of the result: {exc}"),
                       _innermost_symphys_frame(exc.__traceback__), seconds)
    if _has_nonfinite(out):
        if finite_in and key not in registry.NONFINITE_OK:
            return Outcome(key, mutation, "finding", "nonfinite",
                           message=f"returned {shown} from finite input", seconds=seconds)
        if not finite_in and key not in registry.NONFINITE_OK \
                and not registry.nan_propagates(key, target):
            return Outcome(key, mutation, "finding", "nan-passthrough",
                           message=f"returned {shown} without an error (a NaN/inf input)",
                           seconds=seconds)
    return Outcome(key, mutation, "ok", seconds=seconds)


def _qualname(t) -> str:
    mod = t.__module__
    return t.__name__ if mod == "builtins" else f"{mod}.{t.__name__}"


def _short(s: str, n: int = 400) -> str:
    s = s.replace("\n", " ⏎ ")
    return s if len(s) <= n else s[: n - 40] + f" ...<{len(s)} chars>"


def _slot_name(slot) -> str:
    where, pos = slot
    return {"arg": f"arg{pos}", "kw": str(pos), "argv": f"argv[{pos}]",
            "option": str(pos)}[where]


def _describe(key: str):
    target, call = _resolve(key)
    return _slots(key, target, call)


def _serve(conn) -> None:
    _worker_setup()
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        op, key, payload = msg
        try:
            if op == "describe":
                conn.send(("ok", _describe(key)))
            else:
                conn.send(("ok", _run(key, payload)))
        except BaseException as exc:  # noqa: BLE001
            conn.send(("error", f"{type(exc).__name__}: {_short(str(exc))}"))


# ============================================================================ the parent side
def _start_method() -> str:
    """``fork`` (fast: the worker inherits the imported package), unless JAX or torch already
    run threads in this process: a forked child of a multithreaded JAX can deadlock (JAX warns
    so), so the worker then comes from a fresh ``forkserver`` process, which must be able to
    import this module (the checkout is appended to ``sys.path``: the installed symphys, earlier
    on the path, still wins)."""
    if not any(name in sys.modules for name in ("jax", "torch")):
        return "fork"
    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.append(root)
    return "forkserver"


class Runner:
    """Sends calls to a worker process; restarts it after a hang or a crash."""

    def __init__(self, *, retry_hangs: bool = True) -> None:
        self.retry_hangs = retry_hangs
        self._ctx = multiprocessing.get_context(_start_method())
        self._proc = None
        self._conn = None
        self.restarts = 0

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # jax warns about fork; the worker uses no jax yet
            self._proc = self._ctx.Process(target=_serve, args=(child,), daemon=True)
            self._proc.start()
        child.close()
        self._conn = parent

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(5)
            self._conn.close()
        self._proc = self._conn = None

    def close(self) -> None:
        if self._proc is not None:
            try:
                self._conn.send(None)
            except OSError:
                pass
            self._proc.join(2)
            self._kill()

    def _ask(self, msg, timeout: float):
        if self._proc is not None and not self._proc.is_alive():
            self._kill()
        if self._proc is None:
            self._start()
        try:
            self._conn.send(msg)
        except OSError:  # the worker went away between calls: a fresh one
            self._kill()
            self._start()
            self._conn.send(msg)
        if not self._conn.poll(timeout):
            self._kill()
            self.restarts += 1
            return "hang", None
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            code = self._proc.exitcode if self._proc is not None else None
            self._kill()
            self.restarts += 1
            return "crash", code

    def describe(self, key: str, timeout: float = 60.0):
        status, payload = self._ask(("describe", key, None), timeout)
        if status != "ok":
            return None, f"{status}: {payload}"
        return payload, None

    def run(self, key: str, mutations, timeout: float | None = None) -> Outcome:
        timeout = timeout or registry.TIMEOUTS.get(key, DEFAULT_TIMEOUT)
        mutation = ", ".join(f"{_slot_name(s)}={values.describe(spec)}"
                             for s, spec in mutations)
        t0 = time.perf_counter()
        status, payload = self._ask(("run", key, mutations), timeout)
        if status == "hang" and self.retry_hangs:
            # once more, in a fresh worker with twice the time: a loaded machine must not turn
            # a slow valid call into a finding
            timeout *= 2
            status, payload = self._ask(("run", key, mutations), timeout)
        if status == "ok":
            return payload
        if status == "hang":
            return Outcome(key, mutation, "finding", "hang",
                           message=f"no answer within {timeout:g} s"
                           + (", twice (killed)" if self.retry_hangs else " (killed)"),
                           seconds=time.perf_counter() - t0)
        if status == "crash":
            return Outcome(key, mutation, "finding", "crash",
                           message=f"the worker process died (exit code {payload})",
                           seconds=time.perf_counter() - t0)
        return Outcome(key, mutation, "finding", "harness", message=str(payload))
