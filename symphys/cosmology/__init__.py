"""Varying-speed-of-light cosmology and supernova fits (``symphys.cosmology``).

The Higgs-dilaton varying-c model of H. K. Nguyen (arXiv:2408.02583, arXiv:2412.05262) derived
with sympy (:func:`derive_vsl`, :func:`derive_higgs_dilaton_scalings`), standard models beside it
(:class:`FlatLambdaCDM`, :class:`LambdaCDM`, :class:`FlatwCDM`, :class:`EinsteinDeSitter`,
:class:`Milne`; checked against astropy.cosmology), the Pantheon catalogue with its full
covariance embedded (:func:`load_pantheon`), the likelihood with analytic marginalisation over M
(:class:`SupernovaLikelihood`), emcee sampling with resume (:func:`sample_posterior`), model
comparison (:func:`compare`, :func:`log_evidence`) and plots (:func:`hubble_diagram`,
:func:`corner_plot`). Front door: ``symphys fit``.

>>> from symphys.cosmology import VaryingC, load_pantheon
>>> load_pantheon().n
1048
"""

from symphys.cosmology.comparison import ComparisonTable, compare, log_evidence
from symphys.cosmology.datasets import (
    SNData,
    data_file,
    load_pantheon,
    load_pantheon_plus,
    read_snana_covariance,
)
from symphys.cosmology.derivation import VSLDerivation, derive_higgs_dilaton_scalings, derive_vsl
from symphys.cosmology.likelihood import BestFit, SupernovaLikelihood
from symphys.cosmology.models import (
    MODELS,
    DistanceModel,
    EinsteinDeSitter,
    FlatLambdaCDM,
    FlatwCDM,
    LambdaCDM,
    Milne,
    VaryingC,
    get_model,
)
from symphys.cosmology.plots import corner_plot, hubble_diagram
from symphys.cosmology.sampling import SampleResult, sample_posterior

__all__ = [
    "derive_vsl", "derive_higgs_dilaton_scalings", "VSLDerivation",
    "DistanceModel", "VaryingC", "FlatLambdaCDM", "LambdaCDM", "FlatwCDM", "EinsteinDeSitter",
    "Milne", "MODELS", "get_model",
    "SNData", "load_pantheon", "load_pantheon_plus", "read_snana_covariance", "data_file",
    "SupernovaLikelihood", "BestFit",
    "sample_posterior", "SampleResult",
    "compare", "log_evidence", "ComparisonTable",
    "hubble_diagram", "corner_plot",
]
