r"""Joint likelihood of independent probes with shared parameters.

:class:`JointLikelihood` sums the chi2 of independent likelihoods (supernovae, BAO, CMB
priors, ...): :math:`\chi^2 = \sum_i \chi^2_i(\theta)`. A parameter name means one thing in
every part: ``Om`` is the same matter density for the supernovae, the BAO and the CMB, ``H0``
the same Hubble constant, ``rd`` the BAO's sound horizon, ``M`` the SN absolute magnitude.
Hence the rules, checked at construction (ValueError otherwise):

* every part uses the same model class and the same radiation content (``Om`` with and
  without radiation are different parameters);
* the joint's free parameters are the union of the parts' (in order of first appearance),
  unless ``free=`` says otherwise; a parameter fixed in one part and free in another is free;
* fixed values that two parts both fix must agree (else pass ``fixed=`` to the joint);
* priors: ``priors=`` of the joint, else the parts' (they must agree where two parts vary the
  same parameter; a SupernovaLikelihood's flat bounds count as a uniform prior, its
  Gaussian terms as Gaussian priors).

Evaluation is batched: each part evaluates the whole batch of walkers at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from symphys.cosmology.likelihood import SupernovaLikelihood
from symphys.cosmology.priors import Gaussian, Prior, Uniform, as_prior
from symphys.cosmology.probe import ProbeLikelihood

__all__ = ["JointLikelihood"]


def _part_priors(part) -> dict[str, Prior]:
    if isinstance(part, SupernovaLikelihood):
        out: dict[str, Prior] = {}
        for name in part.free:
            lo, hi = part.bounds[name]
            if name in part.gaussian_priors:
                m, s = part.gaussian_priors[name]
                out[name] = Gaussian(m, s, lo=max(lo, m - 10 * s), hi=min(hi, m + 10 * s))
            else:
                out[name] = Uniform(lo, hi)
        return out
    return dict(part.priors)


def _same_prior(a: Prior, b: Prior) -> bool:
    if isinstance(a, Gaussian) and isinstance(b, Gaussian):
        return (a.mean, a.sigma) == (b.mean, b.sigma) and a.bounds == b.bounds
    return type(a) is type(b) and a.bounds == b.bounds


class JointLikelihood(ProbeLikelihood):
    """The sum of independent log-likelihoods with shared, consistently named parameters.

    Parameters
    ----------
    parts : sequence of likelihoods
        :class:`~symphys.cosmology.SupernovaLikelihood`,
        :class:`~symphys.cosmology.BAOLikelihood`, :class:`~symphys.cosmology.CMBDistancePrior`
        (or other :class:`~symphys.cosmology.ProbeLikelihood`), all for one model class and
        one radiation content.
    free : sequence of str, optional
        Default: the union of the parts' free parameters.
    fixed : mapping, optional
        Default: the parts' fixed values (which must agree).
    priors : mapping, optional
        ``{name: Prior or (lo, hi)}``; default: the parts' priors (which must agree).

    Notes
    -----
    ``chi2`` is the sum of the parts' chi2 (each part's own convention: a SupernovaLikelihood
    with M marginalised contributes its marginalised chi2). Derived parameters
    (:meth:`derived`): the model's and every part's own (``rd``, ``z_star``, ...).
    :meth:`evidence` delegates to :func:`symphys.cosmology.evidence.evidence`.

    Examples
    --------
    >>> from symphys.cosmology import BAOLikelihood, CMBDistancePrior, load_desi_bao
    >>> from symphys.cosmology import PLANCK18_RADIATION as P
    >>> joint = JointLikelihood([BAOLikelihood(load_desi_bao(), "lcdm", radiation=P,
    ...                                        sound_horizon="computed"),
    ...                          CMBDistancePrior("lcdm")])
    >>> joint.free
    ('Om', 'H0', 'ombh2')
    """

    def __init__(self, parts: Sequence, *, free: Sequence[str] | None = None,
                 fixed: Mapping[str, float] | None = None,
                 priors: Mapping | None = None) -> None:
        if isinstance(parts, (str, bytes)) or not isinstance(parts, Sequence):
            raise TypeError(f"parts must be a sequence of likelihoods, got "
                            f"{type(parts).__name__}")
        parts = list(parts)
        if not parts:
            raise ValueError("JointLikelihood needs at least one part")
        for p in parts:
            if not isinstance(p, (SupernovaLikelihood, ProbeLikelihood)):
                raise TypeError(f"parts must be SupernovaLikelihood or ProbeLikelihood objects, "
                                f"got {type(p).__name__}")
        classes = {p.model_class for p in parts}
        if len(classes) != 1:
            raise ValueError(f"the parts use different models "
                             f"{sorted(c.__name__ for c in classes)}: a parameter name must "
                             "mean one thing in every part")
        rads = {p.radiation for p in parts}
        if len(rads) != 1:
            raise ValueError(f"the parts use different radiation contents {sorted(map(repr, rads))}"
                             ": Om means a different thing with and without radiation; pass "
                             "the same radiation= to every part")
        self.parts = parts
        self.model_class = parts[0].model_class
        self.radiation = parts[0].radiation
        names: list[str] = []
        for p in parts:
            names += [n for n in p.all_names if n not in names]
        self.all_names = tuple(names)
        for opt, val in (("fixed", fixed), ("priors", priors)):
            if val is not None and not isinstance(val, Mapping):
                raise TypeError(f"{opt} must be a mapping, got {type(val).__name__}")
        if free is None:
            union: list[str] = []
            for p in parts:
                union += [n for n in p.free if n not in union]
            free = [n for n in union if n not in (fixed or {})]
        if isinstance(free, (str, bytes)) or not isinstance(free, Sequence):
            raise TypeError(f"free must be a sequence of parameter names, got {free!r}")
        free = tuple(free)
        for n in free:
            if n not in names:
                raise ValueError(f"unknown parameter {n!r} in free; the parts have {names}")
        if len(set(free)) != len(free):
            raise ValueError(f"free has repeated names: {free}")
        merged: dict[str, float] = {}
        for p in parts:
            for k, v in p.fixed.items():
                if k in free or (fixed and k in fixed):
                    continue
                if k in merged and merged[k] != v:
                    raise ValueError(f"the parts fix {k} differently ({merged[k]} and {v}); "
                                     "pass fixed= to the joint likelihood")
                merged[k] = v
        for k, v in (fixed or {}).items():
            if k not in names:
                raise ValueError(f"unknown parameter {k!r} in fixed; the parts have {names}")
            if k in free:
                raise ValueError(f"parameter {k!r} is both free and fixed")
            merged[k] = float(v)
        self.free = free
        self.fixed = merged
        self.priors = {}
        given = dict(priors or {})
        for n in given:
            if n not in free:
                raise ValueError(f"prior on {n!r}, which is not free (free: {free})")
        for n in free:
            if n in given:
                self.priors[n] = as_prior(given[n], f"priors[{n!r}]")
                continue
            found = [pp[n] for pp in map(_part_priors, parts) if n in pp]
            if not found:
                owner = next(p for p in parts if n in p.all_names)
                dom = {**owner.model_class.domain, **getattr(owner, "extra_domain", {})}
                if n == "M":
                    from symphys.cosmology.likelihood import M_DOMAIN
                    dom["M"] = M_DOMAIN
                found = [Uniform(*dom[n])]
            for other in found[1:]:
                if not _same_prior(found[0], other):
                    raise ValueError(f"the parts put different priors on {n} "
                                     f"({found[0].describe()} and {other.describe()}); pass "
                                     "priors= to the joint likelihood")
            self.priors[n] = found[0]
        self.bounds = {k: tuple(float(b) for b in self.priors[k].bounds) for k in free}
        import math

        self._log_box = {k: math.log(self.bounds[k][1] - self.bounds[k][0]) for k in free}
        self.n_data = sum(int(getattr(p, "n_data", 0) or p.data.n) for p in parts)
        self.extra_defaults = {}
        for p in parts:
            self.extra_defaults.update(getattr(p, "extra_defaults", {}))

    def _chi2_columns(self, cols, n) -> np.ndarray:
        total = np.zeros(n)
        for p in self.parts:
            total = total + np.asarray(p._chi2_columns(cols, n), dtype=float)
        return total

    def chi2_parts(self, params) -> dict[str, np.ndarray]:
        """Each part's chi2 ``(...)``, keyed ``"<index>:<class name>"``."""
        flat, batch = self._theta(params)
        cols = self._columns(flat)
        out = {}
        with np.errstate(all="ignore"):
            for i, p in enumerate(self.parts):
                val = np.asarray(p._chi2_columns(cols, flat.shape[0]), dtype=float)
                out[f"{i}:{type(p).__name__}"] = np.where(np.isfinite(val), val,
                                                          np.inf).reshape(batch)
        return out

    def _derived_extra(self, cols, n) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for p in self.parts:
            if isinstance(p, ProbeLikelihood):
                out.update(p._derived_extra(cols, n))
        return out

    def __repr__(self) -> str:
        inner = ", ".join(type(p).__name__ for p in self.parts)
        return f"JointLikelihood([{inner}], {self.model_class.__name__}, free={self.free})"
