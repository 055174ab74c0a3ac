r"""Cobaya components: our likelihoods as Cobaya likelihoods, the varying-c model as a theory.

Cobaya (Torrado & Lewis 2021, arXiv:2005.05290; ``pip install cobaya``) runs samplers (its MCMC,
PolyChord), minimizers and post-processing on *components*: theories that compute observables
and likelihoods that use them. This module gives

* :func:`cobaya_likelihood` -- any :class:`~symphys.cosmology.Posterior` of this package
  (``SupernovaLikelihood``, ``BAOLikelihood``, ``CMBDistancePrior``, ``JointLikelihood``, ...)
  as a self-contained Cobaya ``Likelihood`` class: its free parameters are declared with flat
  priors on ``posterior.bounds`` (LaTeX labels from
  :data:`~symphys.cosmology.export.LATEX_LABELS`), its ``derived`` parameters as Cobaya
  derived parameters, and ``logp`` is the posterior's ``log_prob`` (so the posterior's own
  prior terms, e.g. a Gaussian prior on M, are part of it: Cobaya's flat box times ``exp(logp)``
  is exactly our posterior).
* :class:`VaryingCTheory` -- the varying-c model (:class:`~symphys.cosmology.VaryingC`, input
  parameters ``H0, mu, zeta, q``) as a Cobaya ``Theory`` providing ``luminosity_distance``,
  ``comoving_radial_distance`` (:math:`r = \int c\,dt/a`), ``angular_diameter_distance``
  *defined as* :math:`d_L/(1+z)^2` -- the quantity Cobaya's supernova likelihoods turn back
  into :math:`d_L = (1+z_{hel})(1+z_{cmb}) D_A`, so they see this model's :math:`d_L`; distance
  duality does not hold in this model, and the geometric :math:`a_e r =
  r (1+z)^{-1/(1+\zeta)}` is ``geometric_angular_diameter_distance`` -- and the derived
  parameters ``age`` (Gyr, :math:`\mu/H_0`) and ``hubble_law_slope`` (:math:`(1+\zeta) H_0`).
* :func:`cobaya_sn_likelihood` -- a supernova catalogue (:class:`~symphys.cosmology.SNData`)
  as a Cobaya likelihood that asks *any* theory (``VaryingCTheory``, CAMB, CLASS) for
  ``angular_diameter_distance`` at ``z_cmb``, uses Cobaya's convention
  :math:`d_L = (1+z_{hel})(1+z_{cmb}) D_A(z_{cmb})` and our analytic marginalisation over M
  (:math:`\chi^2 = A - B^2/E + \ln(E/2\pi)`). For the standard models and for the varying-c
  model with q = 1 this is our ``SupernovaLikelihood`` exactly; for q != 1 the prefactor is
  :math:`(1+z_{hel})(1+z_{cmb})^{q-1}` instead of our :math:`(1+z_{hel})^q`.

Cobaya is an optional extra: ImportError naming it when absent.
"""

from __future__ import annotations

import math

import numpy as np

from symphys.cosmology.datasets import SNData
from symphys.cosmology.export import latex_label
from symphys.cosmology.models import VaryingC
from symphys.cosmology.sampling import Posterior

#: VaryingCTheory is built on first access (module __getattr__), so that this module imports
#: without Cobaya
__all__ = ["cobaya_likelihood", "cobaya_sn_likelihood", "VaryingCTheory"]  # noqa: F822


def _cobaya():
    try:
        import cobaya.likelihood
        import cobaya.theory
    except ImportError as exc:
        raise ImportError("the Cobaya interface needs cobaya (pip install 'symphys[cobaya]' "
                          "or cobaya)") from exc
    return cobaya


def _class_name(name, default: str) -> str:
    if name is None:
        return default
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name={name!r} must be a Python identifier (it names the class)")
    return name


def _derived_names(posterior) -> tuple[str, ...]:
    fn = getattr(posterior, "derived", None)
    if not callable(fn):
        return ()
    lo = np.array([posterior.bounds[n][0] for n in posterior.free], dtype=float)
    hi = np.array([posterior.bounds[n][1] for n in posterior.free], dtype=float)
    start = getattr(posterior, "start", None)
    x = np.asarray(start(), dtype=float) if callable(start) else 0.5 * (lo + hi)
    with np.errstate(all="ignore"):
        out = fn(x[None, :])
    return tuple(n for n in out if n not in posterior.free)


def cobaya_likelihood(posterior: Posterior, *, name: str | None = None):
    """A Cobaya ``Likelihood`` class for one of our posteriors (self-contained: no theory).

    Parameters
    ----------
    posterior : Posterior
        E.g. a ``SupernovaLikelihood``, ``BAOLikelihood``, ``CMBDistancePrior`` or
        ``JointLikelihood``.
    name : str, optional
        The class name (a Python identifier); default ``Symphys<Class>``.

    Returns
    -------
    type
        A subclass of ``cobaya.likelihood.Likelihood``; use it in an info dict as
        ``{"likelihood": {"sn": cls}}``. Its ``params`` declare the free parameters (flat priors
        on ``posterior.bounds``, a reference point, a proposal width and LaTeX labels) and the
        derived ones.

    Examples
    --------
    >>> from symphys.cosmology import SNData, SupernovaLikelihood
    >>> d = SNData.from_arrays([0.1, 0.5, 1.0], [38.3, 42.3, 44.1], dmb=[0.1, 0.1, 0.1])
    >>> cls = cobaya_likelihood(SupernovaLikelihood(d, "lcdm"))  # doctest: +SKIP
    >>> cls.params["Om"]["prior"]  # doctest: +SKIP
    {'min': 0.0, 'max': 1.0}
    """
    cobaya = _cobaya()
    if not isinstance(posterior, Posterior):
        raise TypeError(f"posterior must be a Posterior (e.g. a SupernovaLikelihood), "
                        f"got {type(posterior).__name__}")
    cls_name = _class_name(name, "Symphys" + type(posterior).__name__)
    free = tuple(posterior.free)
    start = getattr(posterior, "start", None)
    ref = (np.asarray(start(), dtype=float) if callable(start) else
           np.array([0.5 * sum(posterior.bounds[n]) for n in free]))
    params: dict = {}
    for i, n in enumerate(free):
        lo, hi = (float(v) for v in posterior.bounds[n])
        params[n] = {"prior": {"min": lo, "max": hi}, "ref": float(ref[i]),
                     "proposal": 0.01 * (hi - lo), "latex": latex_label(n)}
    derived = _derived_names(posterior)
    for n in derived:
        params[n] = {"derived": True, "latex": latex_label(n)}

    def logp(self, **values):
        out = values.pop("_derived", None)
        theta = np.array([[values[n] for n in free]], dtype=float)
        lp = float(posterior.log_prob(theta)[0])
        if out is not None and derived:
            with np.errstate(all="ignore"):
                got = posterior.derived(theta)
            for n in derived:
                out[n] = float(np.asarray(got[n]).reshape(-1)[0])
        return lp if math.isfinite(lp) else -np.inf

    body = {"params": params, "logp": logp, "posterior": posterior,
            "__doc__": f"Cobaya likelihood of {posterior!r} (symphys.cosmology)."}
    return type(cls_name, (cobaya.likelihood.Likelihood,), body)


def _theory_base():
    return _cobaya().theory.Theory


class _VaryingCMixin:
    """The body of :class:`VaryingCTheory` (kept apart so that the module imports without
    Cobaya; the class itself is built on first access)."""

    params = {"H0": None, "mu": None, "zeta": None, "q": None,
              "age": {"derived": True, "latex": latex_label("age")},
              "hubble_law_slope": {"derived": True, "latex": latex_label("hubble_law_slope")}}

    _PROVIDES = ("luminosity_distance", "comoving_radial_distance",
                 "angular_diameter_distance", "geometric_angular_diameter_distance")

    def get_can_provide(self):
        return list(self._PROVIDES)

    def must_provide(self, **requirements):
        # distances are computed on demand at any z from the model in the state: nothing to
        # prepare (Cobaya itself checks which component provides what)
        return super().must_provide(**requirements)

    def calculate(self, state, want_derived=True, **params):
        try:
            model = VaryingC(params["H0"], params["mu"], params["zeta"], params["q"])
        except ValueError:
            return False  # outside the model's domain: Cobaya rejects the point
        state["model"] = model
        if want_derived:
            state["derived"] = {"age": float(model.age()),
                                "hubble_law_slope": float(model.hubble_law_slope())}
        return True

    def _model(self) -> VaryingC:
        return self.current_state["model"]

    def get_luminosity_distance(self, z):
        """d_L(z) in Mpc (prefactor (1+z)^q at the same z)."""
        return np.asarray(self._model().luminosity_distance(np.asarray(z, dtype=float)))

    def get_comoving_radial_distance(self, z):
        """r(z) = int c dt / a in Mpc."""
        return np.asarray(self._model().comoving_transverse_distance(np.asarray(z, dtype=float)))

    def get_angular_diameter_distance(self, z):
        """d_L / (1+z)^2 in Mpc: what Cobaya's supernova likelihoods need (module docstring)."""
        z = np.asarray(z, dtype=float)
        return self.get_luminosity_distance(z) / (1.0 + z) ** 2

    def get_geometric_angular_diameter_distance(self, z):
        """a_e r = r (1+z)^(-1/(1+zeta)) in Mpc: the geometric angular diameter distance."""
        z = np.asarray(z, dtype=float)
        zeta = float(self._model().params["zeta"])
        return self.get_comoving_radial_distance(z) * (1.0 + z) ** (-1.0 / (1.0 + zeta))


_BUILT: dict[str, type] = {}


def _build(name: str) -> type:
    if name not in _BUILT:
        if name == "VaryingCTheory":
            # Cobaya reads a component's defaults from the class's own attributes
            _BUILT[name] = type("VaryingCTheory", (_VaryingCMixin, _theory_base()), {
                "__doc__": _VARYING_C_DOC, "__module__": __name__,
                "params": dict(_VaryingCMixin.params)})
    return _BUILT[name]


_VARYING_C_DOC = """The varying-c model as a Cobaya ``Theory`` (input ``H0, mu, zeta, q``).

Provides ``luminosity_distance``, ``comoving_radial_distance``, ``angular_diameter_distance``
(:math:`d_L/(1+z)^2`, for Cobaya's supernova likelihoods) and
``geometric_angular_diameter_distance``; derived ``age`` [Gyr] and ``hubble_law_slope``.
Use it as ``{"theory": {"vsl": VaryingCTheory}}`` with the four parameters in ``params``
(fixed or sampled). Points outside the model's domain are rejected (``calculate`` fails).
"""


def __getattr__(name: str):
    if name == "VaryingCTheory":
        return _build(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def cobaya_sn_likelihood(data: SNData, *, name: str | None = None):
    r"""A Cobaya ``Likelihood`` class for a supernova catalogue that takes its distances from any
    Cobaya theory (``VaryingCTheory``, CAMB, CLASS).

    It requires ``angular_diameter_distance`` at ``data.z_cmb``, forms
    :math:`d_L = (1+z_{hel})(1+z_{cmb}) D_A` (Cobaya's convention),
    :math:`\mu = 5\log_{10}(d_L/{\rm Mpc}) + 25`, and marginalises M analytically over a flat
    prior with the full covariance: :math:`\chi^2 = A - B^2/E + \ln(E/2\pi)` (as
    :class:`~symphys.cosmology.SupernovaLikelihood` with ``marginalize_M=True``); ``logp`` is
    :math:`-\chi^2/2`.

    Parameters
    ----------
    data : SNData
        The catalogue (e.g. :func:`~symphys.cosmology.load_pantheon`).
    name : str, optional
        The class name; default ``SymphysSN``.

    Returns
    -------
    type
        A subclass of ``cobaya.likelihood.Likelihood``.
    """
    cobaya = _cobaya()
    if not isinstance(data, SNData):
        raise TypeError(f"data must be an SNData, got {type(data).__name__}")
    cls_name = _class_name(name, "SymphysSN")
    import scipy.linalg

    chol = scipy.linalg.cholesky(data.cov, lower=True, check_finite=False)
    u = scipy.linalg.solve_triangular(chol, np.ones(data.n), lower=True, check_finite=False)
    e_sum = float(u @ u)
    z_cmb, z_hel, mb = (np.array(a, dtype=float) for a in (data.z_cmb, data.z_hel, data.mb))

    def get_requirements(self):
        return {"angular_diameter_distance": {"z": z_cmb}}

    def logp(self, **values):
        values.pop("_derived", None)
        da = np.asarray(self.provider.get_angular_diameter_distance(z_cmb), dtype=float)
        with np.errstate(all="ignore"):
            dl = (1.0 + z_hel) * (1.0 + z_cmb) * da
            delta = mb - (5.0 * np.log10(dl) + 25.0)
        if not np.all(np.isfinite(delta)):
            return -np.inf
        y = scipy.linalg.solve_triangular(chol, delta, lower=True, check_finite=False)
        a, b = float(y @ y), float(u @ y)
        return -0.5 * (a - b * b / e_sum + math.log(e_sum / (2 * math.pi)))

    body = {"get_requirements": get_requirements, "logp": logp,
            "__doc__": f"Cobaya supernova likelihood of {data!r} (symphys.cosmology)."}
    return type(cls_name, (cobaya.likelihood.Likelihood,), body)
