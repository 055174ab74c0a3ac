"""The API dialect of CONTRIBUTING.md, checked mechanically on every public name.

Walks ``__all__`` of every public subpackage (functions, classes, and the public methods and
constructors of public classes) and checks what a signature can show:

- options are keyword-only: a parameter with a default comes after ``*`` (the few established
  positional exceptions are listed in ``POSITIONAL_OK`` with the reason);
- ``exact`` defaults to True, ``progress`` to False, ``rng`` to None;
- ``basis`` defaults to ``"complex"`` or is required;
- no ``seed=`` / ``random_state=`` parameters (randomness is ``rng``);
- every public name has a docstring;
- ``symphys.__all__`` lists every public subpackage.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import warnings
from pathlib import Path

import pytest

import symphys

PUBLIC_PACKAGES = [
    "symphys.lie", "symphys.lie.groups", "symphys.angular", "symphys.tables", "symphys.gr",
    "symphys.gr.bms3", "symphys.gr.bondi4", "symphys.gr.noether", "symphys.cosmology",
    "symphys.equivariance",
]
#: public packages checked when they exist and their framework is installed (module -> framework)
OPTIONAL_PUBLIC_PACKAGES = {
    "symphys.nn": "torch", "symphys.jax": "jax", "symphys.gr.asymptotic": None,
    "symphys.gr.ads3": None, "symphys.gr.bms4": None, "symphys.gr.conformal": None,
    "symphys.gr.tetrad": None, "symphys.gr.petrov": None, "symphys.tables.torch_module": "torch",
    "symphys.tables.jax_function": "jax",
}


def _present(module: str, framework: str | None) -> bool:
    try:
        found = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False
    return found and (framework is None or importlib.util.find_spec(framework) is not None)


PUBLIC_PACKAGES += [m for m, fw in OPTIONAL_PUBLIC_PACKAGES.items() if _present(m, fw)]

#: (qualified name, parameter) pairs that stay positional, with the reason.
POSITIONAL_OK: dict[tuple[str, str], str] = {
    ("LieAlgebra", "rank"): 'LieAlgebra("A", 3): the series letter and rank read as one name',
    ("LieAlgebra.check_weight", "name"): "check_weight(x, 'hw'): the argument name for messages",
    ("LieAlgebra.subalgebra", "spec"): 'g.subalgebra("A2+A1+U1"): the subalgebra is the argument',
    ("check_format", "format"): "check_format(path, fmt): the format to check, as open(path, mode)",
    **{("spherical_harmonics", p): "spherical_harmonics(lmax, theta, phi): the points; None "
       "only so that xyz= can replace them" for p in ("theta", "phi")},
    # the BMS3 fields: None means "the general symbolic function", and the order
    # xi_{T,Y}, Q_{T,Y}[Theta, Xi] is the literature's (arXiv:gr-qc/0610130)
    **{(f, p): "BMS3 field, in the standard order"
       for f in ("metric", "solution_metric", "killing_vector", "variation",
                 "finite_superrotation", "charge_density", "antipodal_map", "charge")
       for p in ("T", "Y", "Theta", "Xi", "N", "F")},
}

#: (qualified name, parameter) whose ``basis`` default is not "complex", with the reason.
BASIS_OK: dict[tuple[str, str], str] = {
    ("generate", "basis"): "None: the kind's own basis (complex where it has one; real_gaunt "
                           "has none and needs basis=; complex_to_real is the change of basis)",
    ("load", "basis"): "None: no expectation; a given basis is checked against the file",
}

#: names whose ``basis`` is not the harmonic basis vocabulary (none: the word means one thing).
_RANDOM_WORDS = ("seed", "random_state", "random_seed")


def _public_objects():
    seen = set()
    for pkg_name in PUBLIC_PACKAGES:
        try:
            pkg = importlib.import_module(pkg_name)
        except ImportError as exc:  # pragma: no cover - a core subpackage must import
            pytest.fail(f"{pkg_name} does not import: {exc}")
        for name in getattr(pkg, "__all__", []):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                obj = getattr(pkg, name)
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            yield f"{pkg_name}.{name}", name, obj


def _callables():
    for full, name, obj in _public_objects():
        if inspect.isclass(obj):
            if obj.__doc__ is None:
                yield full, name, obj, None
            for attr, member in vars(obj).items():
                if attr.startswith("_") and attr != "__init__":
                    continue
                if isinstance(member, (staticmethod, classmethod)):
                    member = member.__func__
                if inspect.isfunction(member):
                    yield f"{full}.{attr}", f"{name}.{attr}" if attr != "__init__" else name, \
                        member, obj
        elif callable(obj):
            yield full, name, obj, None


def _signature(func):
    try:
        return inspect.signature(func)
    except (TypeError, ValueError):
        return None


def _violations():
    found = []
    for full, qual, func, owner in _callables():
        if inspect.isclass(func):
            continue
        if func.__doc__ is None and owner is None:
            found.append(f"{full}: no docstring")
        sig = _signature(func)
        if sig is None:
            continue
        params = list(sig.parameters.values())
        if owner is not None and params and params[0].name in ("self", "cls"):
            params = params[1:]
        for p in params:
            if p.name in _RANDOM_WORDS:
                found.append(f"{full}: parameter {p.name!r}; randomness is rng=")
            if p.kind is p.POSITIONAL_OR_KEYWORD and p.default is not p.empty:
                key = (qual.split(".")[0] if qual.endswith("__init__") else qual, p.name)
                if (qual, p.name) not in POSITIONAL_OK and key not in POSITIONAL_OK:
                    found.append(f"{full}: option {p.name!r} is not keyword-only")
            if p.name == "exact" and p.default is not p.empty and p.default is not True:
                found.append(f"{full}: exact defaults to {p.default!r}, not True")
            if p.name == "progress" and p.default is not False:
                found.append(f"{full}: progress defaults to {p.default!r}, not False")
            if p.name == "rng" and p.default is not None:
                found.append(f"{full}: rng defaults to {p.default!r}, not None")
            if (p.name == "basis" and p.default not in (p.empty, "complex")
                    and (qual, p.name) not in BASIS_OK):
                found.append(f"{full}: basis defaults to {p.default!r}, not 'complex'")
    return found


def test_walker_sees_the_public_api():
    names = {full for full, *_ in _callables()}
    assert "symphys.angular.wigner_3j" in names
    assert "symphys.lie.LieAlgebra.irrep_dimension" in names
    assert "symphys.gr.bms3.charge" in names
    assert len(names) > 150


def test_walker_flags_a_bad_signature(monkeypatch):
    import symphys.angular as angular

    def bad(x, y=1, *, basis="real", exact=False, progress=True, seed=None):
        """A function breaking every rule."""

    monkeypatch.setattr(angular, "bad_example", bad, raising=False)
    monkeypatch.setattr(angular, "__all__", [*angular.__all__, "bad_example"])
    found = [v for v in _violations() if "bad_example" in v]
    assert len(found) == 5, found


def test_public_api_follows_the_conventions():
    assert _violations() == []


def test_symphys_all_lists_every_subpackage():
    root = Path(symphys.__file__).parent
    subpackages = {m.name for m in pkgutil.iter_modules([str(root)])
                   if m.ispkg and not m.name.startswith("_") and m.name not in ("cli", "nn", "jax")}
    assert subpackages <= set(symphys.__all__)
    for name in subpackages:
        assert getattr(symphys, name).__name__ == f"symphys.{name}"
