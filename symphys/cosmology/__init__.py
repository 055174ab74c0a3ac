"""Varying-speed-of-light cosmology and supernova fits (``symphys.cosmology``).

The Higgs-dilaton varying-c model of H. K. Nguyen (arXiv:2408.02583, arXiv:2412.05262) derived
with sympy (:func:`derive_vsl`, :func:`derive_higgs_dilaton_scalings`), standard models beside it
(:class:`FlatLambdaCDM`, :class:`LambdaCDM`, :class:`FlatwCDM`, :class:`EinsteinDeSitter`,
:class:`Milne`; checked against astropy.cosmology), the Pantheon catalogue with its full
covariance embedded (:func:`load_pantheon`; Scolnic et al. 2018, arXiv:1710.00845), the
likelihood with analytic marginalisation over M (:class:`SupernovaLikelihood`), emcee sampling
with resume (:func:`sample_posterior`; Foreman-Mackey et al. 2013, arXiv:1202.3665), model
comparison (:func:`compare`, :func:`log_evidence`) and plots (:func:`hubble_diagram`,
:func:`corner_plot`). Front door: ``symphys fit``.

What the claims of arXiv:2412.05262 become here (Pantheon, full stat+sys covariance, M
profiled): flat Lambda-CDM gives chi2_min = 1026.9 with Om = 0.298 +- 0.022 (reproducing
Scolnic et al. 2018); the VSL model of that paper (mu = 2/3, zeta = 1/2, q = 1) gives
chi2_min = 1114.9, i.e. it does *not* fit better than Lambda-CDM (Delta chi2 = +88,
Delta AIC = +86, Delta ln Z = -41). Its H0 is only defined for a stated M: 46.3 km/s/Mpc for
the SH0ES M = -19.253 (the paper's 47.2 corresponds to M = -19.211); that H0 is adot/a, and the
model's low-z Hubble-law slope (1+zeta) H0 = 69.5 (same M) is what compares with
Lambda-CDM's 73.2. With q free the best fit is q = 1.17 +- 0.02, still Delta chi2 = +8 against
Lambda-CDM; q = 1.25 gives +26 and q = 1.5 gives +313 (see ``notebooks/vsl_cosmology.ipynb``).

Beyond supernovae (issue 16): DESI DR1/DR2 BAO (:func:`load_desi_bao`, :class:`BAOLikelihood`;
flat Lambda-CDM reproduces DESI DR2's Om = 0.2975 +- 0.0086), Union3 (:func:`load_union3`;
Om = 0.356 +- 0.027 as Rubin et al.), the Planck 2018 compressed CMB priors
(:class:`CMBDistancePrior`, Chen, Huang & Wang 2019), joint fits (:class:`JointLikelihood`),
prior objects (:class:`Uniform`, :class:`Gaussian`, :data:`SH0ES_M`), radiation and neutrinos
(:class:`Radiation`), w0wa and curved wCDM. The varying-c model on BAO
(:func:`derive_vsl_bao`): its Alcock-Paczynski ratios D_M/D_H, free of r_d and H0, give
chi2 = 37 for DESI DR2's 6 ratios (Lambda-CDM 5.9), and the full BAO fit chi2 = 187 for 13
points (Lambda-CDM 10.3): the seed model does not survive DESI
(``notebooks/vsl_multiprobe.ipynb``).

Conventions: options are keyword-only; randomness is ``rng`` (a ``numpy.random.Generator``, an
int seed or None); progress bars are off unless ``progress=True``; exact numbers (in the
derivation) are sympy numbers.

>>> from symphys.cosmology import VaryingC, load_pantheon
>>> load_pantheon().n
1048
"""

from symphys.cosmology.astropy_interop import from_astropy, to_astropy
from symphys.cosmology.background import (
    PLANCK18_RADIATION,
    Radiation,
    sound_horizon,
    sound_horizon_drag,
    z_star,
)
from symphys.cosmology.bao import (
    BAOData,
    BAOLikelihood,
    alcock_paczynski,
    bao_distances,
    load_desi_bao,
)
from symphys.cosmology.cmb import CMBDistancePrior
from symphys.cosmology.cobaya_interface import cobaya_likelihood, cobaya_sn_likelihood
from symphys.cosmology.comparison import ComparisonTable, compare, log_evidence
from symphys.cosmology.datasets import (
    SNData,
    data_file,
    load_pantheon,
    load_pantheon_plus,
    read_snana_covariance,
)
from symphys.cosmology.derivation import (
    VSLBAODerivation,
    VSLDerivation,
    derive_higgs_dilaton_scalings,
    derive_vsl,
    derive_vsl_bao,
)
from symphys.cosmology.evidence import (
    EvidenceComparison,
    EvidenceResult,
    cross_check_evidence,
    evidence,
)
from symphys.cosmology.export import latex_label, to_arviz, to_getdist, to_mcsamples
from symphys.cosmology.joint import JointLikelihood
from symphys.cosmology.likelihood import BestFit, SupernovaLikelihood
from symphys.cosmology.models import (
    MODELS,
    DistanceModel,
    EinsteinDeSitter,
    FlatLambdaCDM,
    Flatw0waCDM,
    FlatwCDM,
    LambdaCDM,
    Milne,
    VaryingC,
    get_model,
    w0waCDM,
    wCDM,
)
from symphys.cosmology.parallel import PosteriorPool
from symphys.cosmology.plots import corner_plot, hubble_diagram
from symphys.cosmology.priors import SH0ES_M, Gaussian, Prior, Uniform
from symphys.cosmology.probe import ProbeLikelihood
from symphys.cosmology.sampling import Posterior, SampleResult, sample_posterior
from symphys.cosmology.union3 import load_union3

__all__ = [
    "derive_vsl", "derive_higgs_dilaton_scalings", "VSLDerivation",
    "DistanceModel", "VaryingC", "FlatLambdaCDM", "LambdaCDM", "FlatwCDM", "EinsteinDeSitter",
    "Milne", "MODELS", "get_model",
    "SNData", "load_pantheon", "load_pantheon_plus", "read_snana_covariance", "data_file",
    "SupernovaLikelihood", "BestFit",
    "sample_posterior", "SampleResult", "Posterior",
    "compare", "log_evidence", "ComparisonTable",
    "hubble_diagram", "corner_plot",
    "wCDM", "Flatw0waCDM", "w0waCDM", "Radiation", "PLANCK18_RADIATION", "sound_horizon",
    "sound_horizon_drag", "z_star", "BAOData", "BAOLikelihood", "bao_distances",
    "load_desi_bao", "Prior", "Uniform", "Gaussian", "SH0ES_M", "ProbeLikelihood",
    "load_union3", "CMBDistancePrior", "JointLikelihood", "derive_vsl_bao", "VSLBAODerivation",
    "alcock_paczynski",
    "evidence", "EvidenceResult", "EvidenceComparison", "cross_check_evidence",
    "to_getdist", "to_mcsamples", "to_arviz", "latex_label",
    "to_astropy", "from_astropy",
    "PosteriorPool",
    "cobaya_likelihood", "cobaya_sn_likelihood",
]
