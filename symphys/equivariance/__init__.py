"""symphys.equivariance: symmetry tools for learning on point clouds.

- :func:`frames`, :func:`frame_average` -- PCA frames and frame averaging (Puny et al., ICLR 2022,
  arXiv:2110.03336):
  make any backbone exactly E(d)/SE(d)/O(d)/SO(d) invariant or equivariant.
- :func:`equivariance_error` -- Monte Carlo estimate, with standard error, of
  ``E_g ||f(g.x) - g.f(x)||^2`` for a :class:`Symmetry` (group, sampler, actions).
- :func:`soft_equivariance_penalty`, :class:`EquivarianceWeightTuner` -- the regulariser for mixed
  approximate symmetries and its automatic weights (Kim et al., ICML 2023,
  arXiv:2306.00356).
- :func:`invariant_coordinates` -- TinvNN's E(d)-invariant, distance-preserving coordinates
  (modified multidimensional scaling; Zhang et al., arXiv:2112.12345).
- :func:`irrep_matrix`, :func:`irrep_action` -- O(3) on degree-``l`` (spherical-tensor) outputs
  through :func:`symphys.angular.wigner_D`, for equivariance errors of such models.

Every function takes NumPy arrays, PyTorch tensors or JAX arrays and returns the same kind,
dtype and device (torch stays differentiable); the numeric paths run through
:mod:`symphys._array` and copy nothing to the host.

>>> import numpy as np
>>> from symphys.equivariance import frame_average
>>> X = np.random.default_rng(0).normal(size=(7, 3))
>>> f = lambda P: P[..., 0, 0] ** 3          # any function of the canonicalised cloud
>>> a, b = frame_average(f, X, "E(3)"), frame_average(f, -X + 1.0, "E(3)")
>>> bool(abs(a - b) < 1e-12)
True
"""

import symphys.equivariance.error as _error
from symphys.equivariance.error import (
    EquivarianceReport,
    EquivarianceWeightTuner,
    SoftEquivariancePenalty,
    equivariance_error,
    soft_equivariance_penalty,
)
from symphys.equivariance.frames import Frame, frame_average, frames, principal_axes
from symphys.equivariance.invariant_coordinates import invariant_coordinates
from symphys.equivariance.irreps import irrep_action, irrep_matrix
from symphys.equivariance.symmetry import (
    ACTIONS,
    GroupElements,
    Symmetry,
    apply_action,
    haar_orthogonal,
)

__all__ = [
    "frames",
    "frame_average",
    "Frame",
    "principal_axes",
    "equivariance_error",
    "EquivarianceReport",
    "soft_equivariance_penalty",
    "SoftEquivariancePenalty",
    "EquivarianceWeightTuner",
    "invariant_coordinates",
    "irrep_matrix",
    "irrep_action",
    "Symmetry",
    "GroupElements",
    "apply_action",
    "haar_orthogonal",
    "ACTIONS",
]


def __getattr__(name: str):
    if name == "EquivarianceError":  # deprecated alias, warns (see error.py)
        return _error.EquivarianceError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
