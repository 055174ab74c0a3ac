r"""Standard models to and from ``astropy.cosmology``.

The FLRW models of this package use astropy's conventions (``Om`` = matter without the
neutrinos, the flat models' dark energy :math:`1 - \Omega_m - \Omega_r`, the radiation options
``Tcmb0``, ``Neff``, ``m_nu`` with astropy's meaning; see :mod:`symphys.cosmology.models`), so
the conversion is a renaming of parameters:

==========================  =====================================================
ours                        astropy.cosmology
==========================  =====================================================
``FlatLambdaCDM(H0, Om)``   ``FlatLambdaCDM(H0, Om0)``
``LambdaCDM(H0, Om, Ode)``  ``LambdaCDM(H0, Om0, Ode0)``
``FlatwCDM(H0, Om, w)``     ``FlatwCDM(H0, Om0, w0=w)``
``wCDM(H0, Om, Ode, w)``    ``wCDM(H0, Om0, Ode0, w0=w)``
``Flatw0waCDM``             ``Flatw0waCDM(H0, Om0, w0, wa)`` (CPL)
``w0waCDM``                 ``w0waCDM(H0, Om0, Ode0, w0, wa)``
``EinsteinDeSitter(H0)``    ``FlatLambdaCDM(H0, Om0=1)`` (to astropy only)
``Milne(H0)``               ``LambdaCDM(H0, Om0=0, Ode0=0)`` (to astropy only)
==========================  =====================================================

plus ``Tcmb0`` (K), ``Neff`` and ``m_nu`` (eV per species) on every FLRW model. Not converted:
the varying-c model (no astropy counterpart: its c changes with time), batches of models (one
model at a time), and astropy classes without a counterpart here (``wpwaCDM``, ``w0wzCDM``,
...): ValueError/TypeError naming the class. ``Ob0`` (baryons, part of ``Om0``) does not enter
distances and is not carried over.
"""

from __future__ import annotations

import numpy as np

from symphys.cosmology.models import (
    DistanceModel,
    EinsteinDeSitter,
    FlatLambdaCDM,
    Flatw0waCDM,
    FlatwCDM,
    LambdaCDM,
    Milne,
    w0waCDM,
    wCDM,
)

__all__ = ["to_astropy", "from_astropy"]

#: our class -> (astropy class name, {our parameter: astropy argument})
_TO = {
    FlatLambdaCDM: ("FlatLambdaCDM", {"H0": "H0", "Om": "Om0"}),
    LambdaCDM: ("LambdaCDM", {"H0": "H0", "Om": "Om0", "Ode": "Ode0"}),
    FlatwCDM: ("FlatwCDM", {"H0": "H0", "Om": "Om0", "w": "w0"}),
    wCDM: ("wCDM", {"H0": "H0", "Om": "Om0", "Ode": "Ode0", "w": "w0"}),
    Flatw0waCDM: ("Flatw0waCDM", {"H0": "H0", "Om": "Om0", "w0": "w0", "wa": "wa"}),
    w0waCDM: ("w0waCDM", {"H0": "H0", "Om": "Om0", "Ode": "Ode0", "w0": "w0", "wa": "wa"}),
}


def _scalar_params(model: DistanceModel) -> dict[str, float]:
    out = {}
    for name, val in model.params.items():
        arr = np.asarray(val)
        if arr.size != 1:
            raise ValueError(f"{type(model).__name__} holds a batch of models (parameter {name} "
                             f"has shape {arr.shape}); convert one model at a time")
        out[name] = float(arr.reshape(()))
    return out


def to_astropy(model: DistanceModel):
    """The ``astropy.cosmology`` model with the same parameters and radiation.

    Parameters
    ----------
    model : DistanceModel
        One (unbatched) standard model: ``FlatLambdaCDM``, ``LambdaCDM``, ``FlatwCDM``,
        ``wCDM``, ``Flatw0waCDM``, ``w0waCDM``, ``EinsteinDeSitter`` or ``Milne``.

    Returns
    -------
    astropy.cosmology.FLRW

    Raises
    ------
    ValueError
        ``VaryingC`` (no astropy counterpart) or a batch of models.
    TypeError
        Not a model of this package.

    Examples
    --------
    >>> cosmo = to_astropy(FlatLambdaCDM(67.4, 0.315, Tcmb0=2.7255, m_nu=0.02))
    >>> type(cosmo).__name__, float(cosmo.Om0), float(cosmo.m_nu[0].value)
    ('FlatLambdaCDM', 0.315, 0.02)
    """
    import astropy.cosmology as ac
    import astropy.units as u

    if not isinstance(model, DistanceModel):
        raise TypeError(f"model must be a symphys.cosmology model, got {type(model).__name__}")
    params = _scalar_params(model)
    if isinstance(model, EinsteinDeSitter):
        return ac.FlatLambdaCDM(H0=params["H0"], Om0=1.0)
    if isinstance(model, Milne):
        return ac.LambdaCDM(H0=params["H0"], Om0=0.0, Ode0=0.0)
    spec = _TO.get(type(model))
    if spec is None:
        raise ValueError(f"{type(model).__name__} has no astropy.cosmology counterpart "
                         f"(convertible: {', '.join(c.__name__ for c in _TO)}, "
                         "EinsteinDeSitter, Milne)")
    cls_name, names = spec
    kwargs = {names[k]: v for k, v in params.items()}
    rad = model.radiation
    kwargs["Tcmb0"] = rad.Tcmb0
    kwargs["Neff"] = rad.Neff
    if rad.on:
        kwargs["m_nu"] = list(rad.m_nu) * u.eV if rad.m_nu else 0.0 * u.eV
    return getattr(ac, cls_name)(**kwargs)


def from_astropy(cosmo) -> DistanceModel:
    """Our model with the parameters and radiation of an ``astropy.cosmology`` model.

    Parameters
    ----------
    cosmo : astropy.cosmology.FLRW
        An instance of ``FlatLambdaCDM``, ``LambdaCDM``, ``FlatwCDM``, ``wCDM``,
        ``Flatw0waCDM`` or ``w0waCDM`` (e.g. ``astropy.cosmology.Planck18``).

    Returns
    -------
    DistanceModel
        The same class here, with ``Tcmb0``, ``Neff`` and ``m_nu`` carried over.

    Raises
    ------
    TypeError
        Not an astropy FLRW model, or an astropy class without a counterpart here.

    Examples
    --------
    >>> from astropy.cosmology import Planck18
    >>> m = from_astropy(Planck18)
    >>> type(m).__name__, round(float(m.params["Om"]), 5)
    ('FlatLambdaCDM', 0.30966)
    """
    import astropy.cosmology as ac

    if not isinstance(cosmo, ac.FLRW):
        raise TypeError(f"cosmo must be an astropy.cosmology FLRW model, "
                        f"got {type(cosmo).__name__}")
    ours = None
    for cls, (name, _) in _TO.items():  # the exact class (astropy's flat classes subclass
        if type(cosmo) is getattr(ac, name):  # the curved ones: match them exactly first)
            ours = cls
            break
    if ours is None:
        for cls, (name, _) in _TO.items():
            if isinstance(cosmo, getattr(ac, name)) and not issubclass(
                    getattr(ac, name), ac.FlatFLRWMixin):
                ours = cls
                break
    if ours is None:
        raise TypeError(f"astropy {type(cosmo).__name__} has no counterpart here "
                        f"(convertible: {', '.join(n for n, _ in _TO.values())})")
    _, names = _TO[ours]
    args = {}
    for k, a in names.items():
        val = getattr(cosmo, a)
        args[k] = float(getattr(val, "value", val))
    tcmb = float(cosmo.Tcmb0.value)
    opts = {"Tcmb0": tcmb, "Neff": float(cosmo.Neff)}
    if tcmb > 0 and cosmo.m_nu is not None:
        opts["m_nu"] = tuple(float(m) for m in np.atleast_1d(cosmo.m_nu.value))
    return ours(**args, **opts)
