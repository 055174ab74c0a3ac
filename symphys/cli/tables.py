"""``symphys tables``: generate and inspect coefficient tables; print single coefficients.

    symphys tables generate KIND --lmax L [--basis B] [--dtype D] [--layout L] -o PATH
    symphys tables info PATH
    symphys tables 3j 1 1 2 0 0 0        # exact sqrt(30)/15 and its float
    symphys tables cg|6j|9j|gaunt|real_gaunt ARGS...

Coefficient arguments follow sympy.physics.wigner's order; half-integers as ``1/2`` or ``0.5``.
The float printed beside the exact value is the library's ``exact=False`` value, the correctly
rounded double of the exact one. ``generate`` shows a progress bar on stderr when it is a
terminal, unless ``--no-progress``, ``--quiet``, ``--json`` or ``TQDM_DISABLE``; it refuses an
existing output file unless ``--force``, and a folder that does not exist (it creates none).
"""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING, Any

from symphys.cli._output import check_output_file, common_parent, emit, progress_wanted

if TYPE_CHECKING:
    from fractions import Fraction

#: command -> (symphys.angular function, argument names)
COEFFICIENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "3j": ("wigner_3j", ("j1", "j2", "j3", "m1", "m2", "m3")),
    "cg": ("clebsch_gordan", ("j1", "j2", "j3", "m1", "m2", "m3")),
    "6j": ("wigner_6j", ("j1", "j2", "j3", "j4", "j5", "j6")),
    "9j": ("wigner_9j", ("j1", "j2", "j3", "j4", "j5", "j6", "j7", "j8", "j9")),
    "gaunt": ("gaunt", ("l1", "l2", "l3", "m1", "m2", "m3")),
    "real_gaunt": ("real_gaunt", ("l1", "l2", "l3", "m1", "m2", "m3")),
}

#: table kinds (``symphys.tables.KINDS``; a test keeps the two equal, so that building the
#: parser needs no library import)
KINDS = ("wigner3j", "clebsch_gordan", "gaunt", "real_gaunt", "complex_to_real",
         "sh_to_fourier", "fourier_to_sh")

FORMATS = ("npz", "safetensors", "pt")

#: the coefficient commands print an exact value only while its integers have at most this many
#: digits (below Python's 4300-digit limit on int -> str; sympy's printer slows down well before)
MAX_EXACT_DIGITS = 4000


def _number(text: str) -> int | Fraction:
    """argparse type: ``"1/2"``, ``"0.5"`` or ``"-3"`` as an exact number."""
    from fractions import Fraction

    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer or half-integer") from None
    return int(value) if value.denominator == 1 else value


def _cmd_coefficient(args: argparse.Namespace) -> None:
    from symphys import angular

    fname, names = COEFFICIENTS[args.tables_command]
    fn = getattr(angular, fname)
    values = [getattr(args, n) for n in names]
    call = f"{fname}({', '.join(str(v) for v in values)})"
    exact = fn(*values, exact=True)
    value = float(fn(*values, exact=False))  # correctly rounded (not float(exact))
    digits = _largest_integer_digits(exact)
    if digits > MAX_EXACT_DIGITS:
        raise ValueError(f"the exact value of {call} holds a {digits}-digit integer, beyond "
                         f"the limit of {MAX_EXACT_DIGITS} digits printed "
                         "(symphys.cli.tables.MAX_EXACT_DIGITS); its "
                         f"correctly rounded float is {value!r} "
                         f"(symphys.angular.{fname}(..., exact=False))")
    data = {"symbol": fname, "arguments": {n: str(v) for n, v in zip(names, values, strict=True)},
            "exact": str(exact), "float": value}
    emit(args, data, f"{call} = {exact} = {value!r}")


def _largest_integer_digits(expr: Any) -> int:
    """Decimal digits (within one) of the largest integer in the sympy number ``expr``,
    from bit lengths (no conversion to text).

    >>> import sympy
    >>> _largest_integer_digits(sympy.Rational(10**40, 3) * sympy.sqrt(2))
    41
    """
    import math

    import sympy as sp

    bits = [max(abs(int(a.p)), abs(int(a.q))).bit_length() for a in
            sp.sympify(expr).atoms(sp.Rational)]
    return math.ceil(max(bits, default=1) * math.log10(2))


def _summary(meta: dict[str, Any]) -> str:
    return "\n".join(f"{k:16s} {v}" for k, v in meta.items())


def _cmd_generate(args: argparse.Namespace) -> None:
    from symphys.tables import check_format, generate

    check_format(args.output, args.format)  # refuse a bad path before the work
    check_output_file(args.output, force=args.force, option="-o")
    options = {name: getattr(args, name) for name in ("basis", "umax")
               if getattr(args, name) is not None}  # else the library's defaults
    table = generate(args.kind, args.lmax, dtype=args.dtype, layout=args.layout,
                     progress=progress_wanted(args), **options)
    path = table.save(args.output, format=args.format)
    meta = {"path": path, **table.metadata, "nbytes": table.nbytes}
    emit(args, meta, f"wrote {path}\n{_summary(meta)}")


def _cmd_info(args: argparse.Namespace) -> None:
    from symphys.tables import load

    table = load(args.path, format=args.format)
    meta = {"path": args.path, **table.metadata, "nbytes": table.nbytes,
            "checksum": "verified"}
    emit(args, meta, _summary(meta))


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``tables`` sub-subcommands to ``parser`` (see the module docstring)."""
    common = common_parent()
    sub = parser.add_subparsers(dest="tables_command", metavar="TABLES_COMMAND")

    gen = sub.add_parser("generate", parents=[common], help="generate a table and save it",
                         description="Generate a coefficient table and write it atomically.")
    gen.add_argument("kind", choices=KINDS)
    gen.add_argument("--lmax", type=int, required=True, help="largest degree")
    gen.add_argument("--basis", default=None, choices=("complex", "real", "e3nn"),
                     help="which ones a kind offers: symphys.tables.BASES "
                          "(default: the library's)")
    gen.add_argument("--dtype", default="float64", choices=("float64", "float32"))
    gen.add_argument("--layout", default="dense", choices=("dense", "coo"))
    gen.add_argument("--umax", type=int, default=None, help="fourier_to_sh: largest |u|")
    gen.add_argument("--format", default=None, choices=FORMATS,
                     help="file format (default: from the suffix of -o)")
    gen.add_argument("-o", "--output", required=True, help="file (.npz, .safetensors, .pt)")
    gen.add_argument("--force", action="store_true", help="overwrite an existing -o file")
    gen.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    gen.set_defaults(func=_cmd_generate)

    info = sub.add_parser("info", parents=[common], help="print a table's metadata, verified",
                          description="Print a table file's metadata after verifying its sha256.")
    info.add_argument("path")
    info.add_argument("--format", default=None, choices=FORMATS)
    info.set_defaults(func=_cmd_info)

    for name, (fname, names) in COEFFICIENTS.items():
        p = sub.add_parser(name, parents=[common], help=f"exact {fname}({', '.join(names)})",
                           description=f"Print {fname}({', '.join(names)}) exactly and as the "
                                       "correctly rounded float (sympy.physics.wigner's "
                                       "argument order).")
        # let "-1/2" be a value, as argparse already lets "-1" and "-0.5" be
        p._negative_number_matcher = re.compile(r"^-\d+(/\d+)?$|^-\d*\.\d+$")
        for arg in names:
            p.add_argument(arg, type=_number)
        p.set_defaults(func=_cmd_coefficient)
