"""Real spherical harmonics of torch vectors, with autograd of every order (imports torch)."""

from __future__ import annotations

import torch

from symphys.angular._sh_kernel import BASES, MAX_LMAX, NORMALIZATIONS, harmonics

__all__ = ["spherical_harmonics"]


def spherical_harmonics(lmax: int, vectors: torch.Tensor, *, basis: str,
                        normalization: str = "integral", normalize: bool = True) -> torch.Tensor:
    """Real spherical harmonics ``Y_l^m`` for ``l <= lmax`` of ``vectors (..., 3)``.

    Polynomial recurrences in ``x, y, z`` (fully normalised associated Legendre functions in
    ``z`` times ``Re/Im (x + i y)^m``): no angles, so gradients of every order are finite
    everywhere (at the zero vector only with ``normalize=False``), and the function runs on any
    device, under ``torch.func`` and ``torch.compile``.

    Parameters
    ----------
    lmax : int
        Largest degree, ``0 <= lmax <= 64``.
    vectors : torch.Tensor
        ``(..., 3)``, real floating (float16/bfloat16 are computed in float32 and cast back).
    basis : {"e3nn", "real"}
        Required (the function has no complex form). ``"e3nn"``: equal to
        ``e3nn.o3.spherical_harmonics(range(lmax+1), vectors, normalize, normalization)``
        (``l = 1`` is ``(x, y, z)``); ``"real"``: Wikipedia's real harmonics with the
        Condon-Shortley phase (``l = 1`` is ``(y, z, x)``), as
        :func:`symphys.angular.spherical_harmonics_xyz`.
    normalization : {"integral", "component", "norm"}
        ``int Y^2 dOmega = 1``; ``sum_m Y^2 = 2l+1``; ``sum_m Y^2 = 1`` (on the unit sphere).
    normalize : bool
        ``True``: evaluate at ``vectors / |vectors|`` (the zero vector at ``+z``, with zero
        gradient); ``False``: the solid harmonics ``|r|^l Y(r/|r|)`` (polynomials; they
        overflow to inf where ``|r|^l`` exceeds the dtype's range). A vector with a NaN or
        infinite component gives NaN: NaN in, NaN out.

    Returns
    -------
    torch.Tensor
        ``(..., (lmax+1)^2)``, index ``l(l+1)+m``.

    Examples
    --------
    >>> import torch
    >>> v = torch.tensor([[0.0, 0.6, 0.8]], dtype=torch.float64)
    >>> y = spherical_harmonics(1, v, basis="e3nn", normalization="component")
    >>> [round(float(t), 6) for t in y[0] / 3 ** 0.5]
    [0.57735, 0.0, 0.6, 0.8]
    """
    if isinstance(lmax, bool) or not isinstance(lmax, int):
        raise TypeError(f"lmax={lmax!r} must be an int")
    if not 0 <= lmax <= MAX_LMAX:
        raise ValueError(f"lmax={lmax} must be in [0, {MAX_LMAX}]")
    if basis not in BASES:
        raise ValueError(f"basis={basis!r} must be one of {BASES} (real harmonics only)")
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"normalization={normalization!r} must be one of {NORMALIZATIONS}")
    if not isinstance(normalize, bool):
        raise TypeError(f"normalize={normalize!r} must be a bool")
    if not isinstance(vectors, torch.Tensor):
        raise TypeError(f"vectors must be a torch.Tensor, not {type(vectors).__name__}")
    if not vectors.dtype.is_floating_point:
        raise TypeError(f"vectors has dtype {vectors.dtype}; a real floating tensor is needed")
    if vectors.ndim == 0 or vectors.shape[-1] != 3:
        raise ValueError(f"vectors must have shape (..., 3); got {tuple(vectors.shape)}")
    dtype = vectors.dtype
    v = vectors.float() if dtype in (torch.float16, torch.bfloat16) else vectors
    out = harmonics(lmax, v, basis=basis, normalization=normalization, normalize=normalize)
    return out.to(dtype)
