"""Fuzz registry part: symphys.cosmology interop (evidence, export, derived parameters, astropy,
pools, Cobaya) — issue 16, the interop half."""

from __future__ import annotations

import tests.fuzz.registry as _registry
from tests.fuzz.registry import Cls, _dataclass_call, _sample_result, _unique, call


def _like(model="lcdm"):
    from symphys.cosmology import SNData, SupernovaLikelihood
    d = SNData.from_arrays([0.1, 0.5, 1.0], [38.3, 42.3, 44.1], dmb=[0.1, 0.1, 0.1])
    return SupernovaLikelihood(d, model)


def _evidence_result():
    from symphys.cosmology import EvidenceResult
    return EvidenceResult(-3.2, 0.1, "grid", "flat priors Om ~ U(0, 1)", n_eval=801, model="lcdm")


def _evidence_comparison():
    from symphys.cosmology import EvidenceComparison, EvidenceResult
    return EvidenceComparison([_evidence_result(),
                               EvidenceResult(-3.3, 0.1, "dynesty", "p", n_eval=900)])


def _flat_lcdm():
    from symphys.cosmology import FlatLambdaCDM
    return FlatLambdaCDM(67.4, 0.315, Tcmb0=2.7255, m_nu=0.02)


def _astropy_planck18():
    from astropy.cosmology import Planck18
    return Planck18


def FUNCS():  # noqa: N802 - the registry's name
    return {
        "symphys.cosmology.evidence": lambda: call(_like(), method="grid", points=101),
        "symphys.cosmology.cross_check_evidence": lambda: call(_like(), methods=("grid",)),
        "symphys.cosmology.to_getdist": lambda: call(_sample_result(2), _unique("chain"),
                                                     ranges={"a": (-10.0, 10.0)}),
        "symphys.cosmology.to_mcsamples": lambda: call(_sample_result(2)),
        "symphys.cosmology.to_arviz": lambda: call(_sample_result(2)),
        "symphys.cosmology.latex_label": lambda: call("Om"),
        "symphys.cosmology.to_astropy": lambda: call(_flat_lcdm()),
        "symphys.cosmology.cobaya_likelihood": lambda: call(_like(), name="FuzzSN"),
        "symphys.cosmology.cobaya_sn_likelihood": lambda: call(_like().data),
        "symphys.cosmology.from_astropy": lambda: call(_astropy_planck18()),
    }


def _pool():
    from symphys.cosmology import PosteriorPool
    return PosteriorPool(_like(), workers=1)


def CLASSES():  # noqa: N802 - the registry's name
    np = __import__("numpy")
    return {
        "symphys.cosmology.PosteriorPool": Cls(_pool, lambda p: call(_like(), workers=1), {
            "log_prob": lambda p: call(np.array([[0.3], [0.31], [0.32]])),
            "map": lambda p: call(abs, [-1, 2]),
            "holds": lambda p: call(p.posterior),
            "close": lambda p: call(),
        }, fresh=True),
        "symphys.cosmology.EvidenceResult": Cls(_evidence_result, _dataclass_call, {
            "summary": lambda r: call(),
        }),
        "symphys.cosmology.EvidenceComparison": Cls(_evidence_comparison, _dataclass_call, {
            "deviations": lambda c: call(),
        }),
    }


#: new methods of classes registered in tests/fuzz/registry.py (merged by _extend below, as
#: tests/fuzz/parts/lie_models.py does for symphys.lie)
SLOW = {"symphys.cosmology.PosteriorPool": "starts a worker process (forkserver): about 1 s",
        "symphys.cosmology.PosteriorPool.log_prob": "starts a worker process first",
        "symphys.cosmology.PosteriorPool.map": "starts a worker process first",
        "symphys.cosmology.PosteriorPool.holds": "starts a worker process first",
        "symphys.cosmology.PosteriorPool.close": "starts a worker process first"}

OSERROR_OK = {"symphys.cosmology.to_getdist": "writes files: a bad path is an OSError"}

METHODS = {
    "symphys.cosmology.SampleResult": {
        "flat_derived": lambda r: call(), "derived_intervals": lambda r: call(),
    },
}


def _extend(original):
    def wrapped():
        out = original()
        for key, methods in METHODS.items():
            if key in out:
                out[key].methods.update(methods)
        return out
    wrapped.__wrapped_by_cosmology_interop__ = True
    return wrapped


if not getattr(_registry._cosmology_classes, "__wrapped_by_cosmology_interop__", False):
    _registry._cosmology_classes = _extend(_registry._cosmology_classes)
