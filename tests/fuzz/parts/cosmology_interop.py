"""Fuzz registry part: symphys.cosmology interop (evidence, export, derived parameters, astropy,
pools, Cobaya) — issue 16, the interop half."""

from __future__ import annotations

from tests.fuzz.registry import Cls, _dataclass_call, call


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


def FUNCS():  # noqa: N802 - the registry's name
    return {
        "symphys.cosmology.evidence": lambda: call(_like(), method="grid", points=101),
        "symphys.cosmology.cross_check_evidence": lambda: call(_like(), methods=("grid",)),
    }


def CLASSES():  # noqa: N802 - the registry's name
    return {
        "symphys.cosmology.EvidenceResult": Cls(_evidence_result, _dataclass_call, {
            "summary": lambda r: call(),
        }),
        "symphys.cosmology.EvidenceComparison": Cls(_evidence_comparison, _dataclass_call, {
            "deviations": lambda c: call(),
        }),
    }
