"""Fuzz registry part: symphys.cosmology distance probes (DESI BAO, Union3, CMB priors, joint
likelihoods, priors, radiation, w0wa/curved wCDM) -- issue 16, the probes half."""

from __future__ import annotations

import tests.fuzz.registry as _registry
from tests.fuzz.registry import Cls, call


def _np():
    import numpy as np
    return np


def _bao(model="lcdm", **kw):
    from symphys.cosmology import BAOLikelihood, load_desi_bao
    return BAOLikelihood(load_desi_bao(), model, **kw)


def _cmb():
    from symphys.cosmology import CMBDistancePrior
    return CMBDistancePrior("lcdm", free=["Om", "H0"])


def _joint():
    from symphys.cosmology import JointLikelihood
    return JointLikelihood([_bao(), _bao2()])


def _bao2():
    from symphys.cosmology import BAOLikelihood, load_desi_bao
    return BAOLikelihood(load_desi_bao(release="dr1"), "lcdm")


def _baodata():
    from symphys.cosmology import BAOData
    return BAOData.from_arrays([0.5, 1.0], [13.0, 20.0], ["DM_over_rs", "DH_over_rs"],
                               cov=[[0.04, 0.0], [0.0, 0.09]])


#: the methods every ProbeLikelihood has (called on each subclass's instance)
_PROBE = {
    "chi2": lambda s: call(s.start()), "log_likelihood": lambda s: call(s.start()),
    "log_prior": lambda s: call(s.start()), "log_prob": lambda s: call(s.start()),
    "prior_transform": lambda s: call(_np().full(s.ndim, 0.5)),
    "derived": lambda s: call(s.start()), "start": lambda s: call(),
    "best_fit": lambda s: call(), "describe_priors": lambda s: call(),
    "sample": lambda s: call(nwalkers=2 * s.ndim + 2, nsteps=20, rng=0,
                             start=s.start()),
    "evidence": lambda s: call(method="grid", points=21),
}

_FLRW_METHODS = {
    "efunc": lambda m: call(_np().array([0.5, 2.0])),
    "hubble_parameter": lambda m: call(1.0), "Ok0": lambda m: call(),
    "deceleration": lambda m: call(), "age": lambda m: call(),
}


def FUNCS():  # noqa: N802 - the registry's name
    from symphys.cosmology import FlatLambdaCDM
    return {
        "symphys.cosmology.load_desi_bao": lambda: call(release="dr2"),
        "symphys.cosmology.load_union3": lambda: call(),
        "symphys.cosmology.bao_distances": lambda: call(FlatLambdaCDM(70, 0.3), [0.5, 1.0]),
        "symphys.cosmology.sound_horizon_drag": lambda: call(0.0224, 0.12),
        "symphys.cosmology.z_star": lambda: call(0.0224, 0.143),
        "symphys.cosmology.derive_vsl_bao": lambda: call(),
        "symphys.cosmology.alcock_paczynski": lambda: call(_baodata()),
        "symphys.cosmology.sound_horizon": lambda: call(
            FlatLambdaCDM(67.4, 0.315, Tcmb0=2.7255), 1090.0, 0.0224),
    }


def CLASSES():  # noqa: N802 - the registry's name
    from symphys import cosmology as C
    return {
        "symphys.cosmology.wCDM": Cls(lambda: C.wCDM(70, 0.3, 0.7, -1.0),
                                      lambda m: call(70.0, 0.3, 0.7, -1.0), _FLRW_METHODS),
        "symphys.cosmology.Flatw0waCDM": Cls(lambda: C.Flatw0waCDM(70, 0.3, -0.9, 0.1),
                                             lambda m: call(70.0, 0.3, -0.9, 0.1),
                                             _FLRW_METHODS),
        "symphys.cosmology.w0waCDM": Cls(lambda: C.w0waCDM(70, 0.3, 0.7, -0.9, 0.1),
                                         lambda m: call(70.0, 0.3, 0.7, -0.9, 0.1),
                                         _FLRW_METHODS),
        "symphys.cosmology.Radiation": Cls(
            lambda: C.Radiation(2.7255, Neff=3.046, m_nu=(0.06, 0, 0)),
            lambda r: call(2.7255, Neff=3.046, m_nu=(0.06, 0.0, 0.0)), {
            "nu_relative_density": lambda r: call(_np().array([0.0, 10.0])),
            "omega_r": lambda r: call(0.7, z=0.0), "omega_nu_massive": lambda r: call(),
            "key": lambda r: call(),
        }),
        "symphys.cosmology.BAOData": Cls(_baodata, lambda d: call(
            d.z, d.value, d.quantity, d.cov), {
            "from_arrays": lambda d: call([0.5], [13.0], ["DM_over_rs"], cov=[[0.04]]),
        }),
        "symphys.cosmology.ProbeLikelihood": Cls(None, None, dict(_PROBE)),
        "symphys.cosmology.BAOLikelihood": Cls(_bao, lambda s: call(s.data, "lcdm"), {
            **_PROBE, "predict": lambda s: call(s.start()),
        }),
        "symphys.cosmology.CMBDistancePrior": Cls(_cmb, lambda s: call("lcdm"), {
            **_PROBE, "predict": lambda s: call(s.start()),
        }),
        "symphys.cosmology.JointLikelihood": Cls(_joint, lambda s: call(s.parts), {
            **_PROBE, "chi2_parts": lambda s: call(s.start()),
        }),
        "symphys.cosmology.VSLBAODerivation": Cls(lambda: C.derive_vsl_bao(), lambda d: call(
            d.mu, d.zeta, d.hubble_of_z, d.D_M, d.D_H, d.D_V, d.F_AP), {
            "f_ap_numeric": lambda d: call(_np().array([0.5, 2.33])),
        }),
        "symphys.cosmology.Prior": Cls(None, None, {
            "logpdf": lambda p: call(0.5), "ppf": lambda p: call(0.5),
            "describe": lambda p: call(),
        }),
        "symphys.cosmology.Uniform": Cls(lambda: C.Uniform(0.0, 1.0), lambda p: call(0.0, 1.0), {
            "logpdf": lambda p: call(_np().array([0.5, 2.0])), "ppf": lambda p: call(0.5),
            "describe": lambda p: call(),
        }),
        "symphys.cosmology.Gaussian": Cls(lambda: C.Gaussian(-19.253, 0.027),
                                          lambda p: call(-19.253, 0.027), {
            "logpdf": lambda p: call(_np().array([-19.2, -19.3])), "ppf": lambda p: call(0.5),
            "describe": lambda p: call(),
        }),
    }


#: new methods of classes registered in tests/fuzz/registry.py
METHODS = {
    "symphys.cosmology.DistanceModel": {"radial_distance": lambda m: call(_np().array([0.5]))},
    "symphys.cosmology.FlatLambdaCDM": _FLRW_METHODS,
    "symphys.cosmology.LambdaCDM": _FLRW_METHODS,
    "symphys.cosmology.FlatwCDM": _FLRW_METHODS,
    "symphys.cosmology.SupernovaLikelihood": {
        "log_likelihood": lambda s: call([0.3]), "derived": lambda s: call([0.3]),
        "prior_transform": lambda s: call([0.5]),
        "evidence": lambda s: call(method="grid", points=21),
    },
}


def _extend(original):
    def wrapped():
        out = original()
        for key, methods in METHODS.items():
            if key in out:
                out[key].methods.update(methods)
        return out
    wrapped.__wrapped_by_cosmology_probes__ = True
    return wrapped


if not getattr(_registry._cosmology_classes, "__wrapped_by_cosmology_probes__", False):
    _registry._cosmology_classes = _extend(_registry._cosmology_classes)


SKIP = {
    "symphys.cosmology.ProbeLikelihood": "base class of the probe likelihoods; its methods run "
                                         "on each subclass",
    "symphys.cosmology.Prior": "abstract base of Uniform and Gaussian; its methods run on them",
}

TIMEOUTS = {
    "symphys.cosmology.derive_vsl_bao": 60, "symphys.cosmology.VSLBAODerivation": 60,
    "symphys.cosmology.VSLBAODerivation.f_ap_numeric": 60,
    # a run is bounded in closed form by MAX_POSTERIOR_CALLS (10**6 evaluations), not by 10 s
    "symphys.cosmology.BAOLikelihood.sample": 300, "symphys.cosmology.CMBDistancePrior.sample":
    300, "symphys.cosmology.JointLikelihood.sample": 300,
    "symphys.cosmology.BAOLikelihood.best_fit": 60, "symphys.cosmology.CMBDistancePrior.best_fit":
    60, "symphys.cosmology.JointLikelihood.best_fit": 60,
    "symphys.cosmology.BAOLikelihood.evidence": 60, "symphys.cosmology.CMBDistancePrior.evidence":
    60, "symphys.cosmology.JointLikelihood.evidence": 60,
}

SLOW = {
    "symphys.cosmology.derive_vsl_bao": "6 s (sympy)",
    "symphys.cosmology.VSLBAODerivation": "6 s (sympy, to build the instance)",
    "symphys.cosmology.VSLBAODerivation.f_ap_numeric": "6 s (sympy, to build the instance)",
    "symphys.cosmology.BAOLikelihood.sample": "MCMC",
    "symphys.cosmology.CMBDistancePrior.sample": "MCMC",
    "symphys.cosmology.JointLikelihood.sample": "MCMC",
    "symphys.cosmology.BAOLikelihood.best_fit": "2 s (optimiser)",
    "symphys.cosmology.CMBDistancePrior.best_fit": "1 s (optimiser)",
    "symphys.cosmology.JointLikelihood.best_fit": "3 s (optimiser)",
    "symphys.cosmology.BAOLikelihood.evidence": "grid of 441 points",
    "symphys.cosmology.CMBDistancePrior.evidence": "grid of 441 points",
    "symphys.cosmology.JointLikelihood.evidence": "grid of 441 points",
}

NONFINITE_OK = {
    **{f"symphys.cosmology.{c}.{m}": "-inf outside the prior or where the model is undefined "
                                     "(ProbeLikelihood docstring)"
       for c in ("BAOLikelihood", "CMBDistancePrior", "JointLikelihood")
       for m in ("log_prior", "log_prob", "log_likelihood", "chi2")},
    **{f"symphys.cosmology.{c}.{m}": "NaN where the model is undefined (documented)"
       for c in ("BAOLikelihood", "CMBDistancePrior", "JointLikelihood")
       for m in ("derived", "predict")},
    "symphys.cosmology.SupernovaLikelihood.log_likelihood": "-inf where the model is undefined",
    "symphys.cosmology.Uniform.logpdf": "-inf outside the support",
    "symphys.cosmology.Gaussian.logpdf": "-inf outside the truncation",
    "symphys.cosmology.Gaussian.ppf": "-inf/inf at u = 0/1 on an untruncated side (docstring)",
    **{f"symphys.cosmology.{c}.distance_modulus": "-inf at z = 0 (d_L = 0, astropy's "
                                                  "behaviour; models module docstring)"
       for c in ("FlatLambdaCDM", "LambdaCDM", "FlatwCDM", "wCDM", "Flatw0waCDM", "w0waCDM",
                 "EinsteinDeSitter", "Milne", "VaryingC")},
}
