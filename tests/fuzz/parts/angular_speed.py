"""Fuzz-registry part of issue 18: recoupling (Racah W, Fano X, 12j), spin-weighted harmonics,
rotations from quaternions."""

from __future__ import annotations

from tests.fuzz.registry import call

FUNCS = {
    "symphys.angular.racah_w": lambda: call(1, 1, 1, 1, 1, 1, exact=False),
    "symphys.angular.fano_x": lambda: call(1, 1, 1, 1, 1, 1, 1, 1, 2, prec=20),
}
FUNCS.update({
    "symphys.angular.spin_weighted_harmonics": lambda: call(1, 3, 0.4, 0.2),
    "symphys.angular.wigner_D_from_quaternion": lambda: call(1, [0.9, 0.1, 0.2, 0.3]),
})
