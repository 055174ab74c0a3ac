"""symphys.angular (filled in by its module issue)."""

__all__: list[str] = []

from symphys.angular.fourier import fourier_to_sh, sh_to_fourier  # noqa: E402
from symphys.angular.tensor_product import gaunt_tensor_product  # noqa: E402

__all__ += ["sh_to_fourier", "fourier_to_sh", "gaunt_tensor_product"]
