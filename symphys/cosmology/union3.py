r"""Union3 (Rubin et al. 2023, arXiv:2311.12098): 2087 SNe Ia compressed to 22 redshift nodes.

The UNITY1.5 compression gives, at 22 redshift nodes, distance moduli up to one common additive
constant and a 22 x 22 covariance that carries every uncertainty (statistical and systematic;
the per-node errors of the file are zero). :func:`load_union3` returns it as an
:class:`~symphys.cosmology.SNData` whose ``mb`` are those moduli; the additive constant plays
the role of the SN absolute magnitude M, so
``SupernovaLikelihood(load_union3(), model)`` -- M marginalised analytically over a flat prior,
the default -- is the Union3 likelihood with the offset marginalised. The file lists
z_hel = z_cmb (one redshift per node).

Reference result reproduced in the tests: flat Lambda-CDM, Union3 alone,
Om = 0.356 +0.028 -0.026 (Rubin et al. 2023, Table 4).

Data: the files ``lcparam_full.txt`` / ``mag_covmat.txt`` of ``CobayaSampler/sn_data``
(``Union3``), embedded as ``symphys/cosmology/data/union3.json`` by ``data/build_probes.py`` and
checked by sha256 at load.
"""

from __future__ import annotations

import json

from symphys.cosmology.bao import embedded_file
from symphys.cosmology.datasets import SNData

__all__ = ["load_union3"]


def load_union3() -> SNData:
    """The binned Union3 compilation (22 nodes, full covariance), embedded (works offline).

    >>> d = load_union3()
    >>> d.n, d.label, float(d.z_cmb[0])
    (22, 'Union3 (binned)', 0.05)
    """
    raw = json.loads(embedded_file("union3.json"))
    return SNData.from_arrays(raw["z_cmb"], raw["mb"], cov=raw["cov"], z_hel=raw["z_hel"],
                              names=raw["names"], label="Union3 (binned)",
                              meta={"source": raw["citation"],
                                    "offset": "mb are distance moduli up to an additive "
                                              "constant (marginalise it as M)"})
