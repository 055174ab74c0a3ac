"""``symphys fit``: fit cosmological models to supernova data and compare them.

Default (no options): the VSL model of arXiv:2412.05262 (mu=2/3, zeta=1/2, q=1) and flat
Lambda-CDM fitted to the embedded Pantheon catalogue with its full covariance; M fixed at a
stated value (SH0ES, -19.253) so that H0 is sampled; a best fit, then an emcee run extended
until it is 50 autocorrelation times long; prints best fits, 68% intervals, chi2, AIC/BIC, the
evidence (quadrature, M marginalised) and the comparison table.

Examples::

    symphys fit                                   # vsl + lcdm on embedded Pantheon
    symphys fit --model vsl --free q              # let q float
    symphys fit --model vsl --fix H0=70           # state H0 instead of M: M is fitted
    symphys fit --compare vsl lcdm eds milne --no-mcmc
    symphys fit --model lcdm --marginalize-M --steps 3000 --resume chain.h5 --out results/
    symphys fit --data pantheon desi-dr2 cmb --model vsl lcdm w0wa --compare --no-mcmc

Several data sets (``--data pantheon desi-dr2 cmb``; at most one supernova catalogue) are fitted
jointly (:class:`~symphys.cosmology.JointLikelihood`): the SN magnitude offset M marginalised
analytically, the BAO sound horizon ``rd`` free, the CMB distance priors with Planck 2018's
radiation (T = 2.7255 K, Neff = 3.046, one 0.06 eV neutrino) in every part. The CMB priors
assume standard early-universe physics, so they are left out for the varying-c model (said so
in the output), which is then compared with the others on the remaining data.
"""

from __future__ import annotations

import argparse

from symphys.cli._output import atomic_write, emit, progress_wanted, strict_json

#: SN Ia absolute magnitude from the SH0ES Cepheid calibration (Riess et al. 2022,
#: doi:10.3847/2041-8213/ac5c5b)
M_SH0ES = -19.253
SN_DATASETS = ("pantheon", "pantheon-binned", "pantheon-zhel", "pantheon-plus", "union3")
DATASETS = SN_DATASETS + ("desi-dr1", "desi-dr2", "cmb")

#: units of printed parameters
UNITS = {"H0": " km/s/Mpc", "rd": " Mpc", "H0rd": " km/s", "age": " Gyr"}

#: model name -> label (``symphys.cosmology.MODELS`` and each class's ``label``; a test keeps
#: the two equal, so that building the parser needs no library import)
MODELS = {"vsl": "VSL (Higgs-dilaton)", "lcdm": "flat ΛCDM", "olcdm": "ΛCDM + curvature",
          "wcdm": "flat wCDM", "owcdm": "wCDM + curvature", "w0wa": "flat w0waCDM",
          "ow0wa": "w0waCDM + curvature", "eds": "Einstein-de Sitter", "milne": "Milne"}


def _assignment(text: str) -> tuple[str, float]:
    """argparse type of ``--fix``: ``"zeta=1/2"`` -> ``("zeta", 0.5)``."""
    from fractions import Fraction

    if "=" not in text:
        raise argparse.ArgumentTypeError(f"{text!r}: expected NAME=VALUE, e.g. q=1")
    name, value = text.split("=", 1)
    try:
        return name.strip(), float(Fraction(value.strip()))
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"{text!r}: {value!r} is not a number") from None


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``symphys fit`` arguments to ``parser``."""
    parser.description = (__doc__ or "").split("\n\n")[0] + (
        " Models: " + ", ".join(f"{k} ({v})" for k, v in MODELS.items()) + ".")
    parser.add_argument("--model", nargs="+", metavar="MODEL", choices=sorted(MODELS),
                        help="models to fit (default: vsl lcdm)")
    parser.add_argument("--compare", nargs="*", metavar="MODEL", choices=sorted(MODELS),
                        help="fit these models (none given: those of --model) and print the "
                             "comparison table")
    parser.add_argument("--data", nargs="+", choices=DATASETS, default=["pantheon"],
                        metavar="DATA",
                        help="data sets, fitted jointly (default: pantheon, embedded with full "
                             "covariance); choices: " + ", ".join(DATASETS))
    parser.add_argument("--data-dir", help="folder with pantheon/binned/..., pantheon_plus/... "
                        "(default: $SYMPHYS_DATA, else download)")
    parser.add_argument("--cov", help="Pantheon+ covariance file (SNANA format)")
    parser.add_argument("--fix", nargs="+", default=[], metavar="NAME=VALUE", type=_assignment,
                        help="fix parameters, e.g. --fix q=1 zeta=1/2")
    parser.add_argument("--free", nargs="+", default=[], metavar="NAME",
                        help="also vary these parameters, e.g. --free q")
    mgroup = parser.add_mutually_exclusive_group()
    mgroup.add_argument("--M", type=float, default=None,
                        help=f"stated SN absolute magnitude; H0 is fitted for it "
                             f"(default {M_SH0ES}, SH0ES; with --fix H0=... M is fitted "
                             "instead)")
    mgroup.add_argument("--marginalize-M", action="store_true",
                        help="marginalise M analytically instead (H0 then fixed, irrelevant)")
    parser.add_argument("--steps", type=int, default=1500, help="initial chain length per model")
    parser.add_argument("--max-steps", type=int, default=20000,
                        help="extend the chain up to this length until it is 50 tau long")
    parser.add_argument("--walkers", type=int, default=32)
    parser.add_argument("--resume", metavar="PATH", help="HDF5 chain file (needs h5py); "
                        "resumed if it exists; with several models PATH_<model>.h5")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-mcmc", action="store_true", help="best fits only")
    parser.add_argument("--out", metavar="DIR", help="write chains, summary.json and plots here")
    parser.add_argument("--no-plots", action="store_true", help="with --out: skip the plots")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    parser.set_defaults(func=run)


def _load(args):
    from symphys.cosmology import load_pantheon, load_pantheon_plus, load_union3

    if args.data == "union3":
        return load_union3()
    if args.data == "pantheon":
        return load_pantheon()
    if args.data == "pantheon-binned":
        return load_pantheon(binned=True, data_dir=args.data_dir)
    if args.data == "pantheon-zhel":
        return load_pantheon(zhel=True, data_dir=args.data_dir)
    return load_pantheon_plus(cov_path=args.cov, data_dir=args.data_dir)


def _likelihood(data, name, args, fixed, extra_free, marginalize):
    from symphys.cosmology import SupernovaLikelihood, get_model
    from symphys.cosmology.likelihood import DEFAULT_FREE  # a public name of a public module

    cls = get_model(name)
    own_fixed = {k: v for k, v in fixed.items() if k in cls.param_names or k == "M"}
    shape = [n for n in DEFAULT_FREE[name] if n not in own_fixed]
    shape += [n for n in extra_free if n in cls.param_names and n not in shape and n != "H0"]
    if marginalize:
        own_fixed.pop("M", None)
        return SupernovaLikelihood(data, cls, free=shape, fixed=own_fixed), shape
    if "H0" in own_fixed:  # H0 stated: fit M instead (only M - 5 log10 H0 is measured)
        if args.M is not None:
            own_fixed.setdefault("M", args.M)
        free = shape if "M" in own_fixed else ["M", *shape]
    else:
        own_fixed.setdefault("M", M_SH0ES if args.M is None else args.M)
        free = ["H0", *shape]
    return SupernovaLikelihood(data, cls, free=free, fixed=own_fixed,
                               marginalize_M=False), shape


def _check_paths(args: argparse.Namespace) -> None:
    """Refuse missing input files and unusable output folders before any work."""
    import os
    from pathlib import Path

    if args.cov is not None:
        if args.data != "pantheon-plus":
            raise ValueError(f"--cov {args.cov!r} applies to --data pantheon-plus only "
                             f"(--data {args.data} has its covariance built in)")
        if not Path(args.cov).is_file():
            raise ValueError(f"--cov {args.cov!r}: no such file")
        if not os.access(args.cov, os.R_OK):
            raise ValueError(f"--cov {args.cov!r}: not readable")
    if args.data_dir is not None and not Path(args.data_dir).is_dir():
        raise ValueError(f"--data-dir {args.data_dir!r}: no such directory")
    if args.out is not None:
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            raise ValueError(f"--out {args.out!r} exists and is not a directory")
        folder = out if out.exists() else out.parent
        if not folder.is_dir():
            raise ValueError(f"--out {args.out!r}: the directory {str(folder)!r} does not "
                             "exist (create it first)")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ValueError(f"--out {args.out!r}: the directory {str(folder)!r} is not "
                             "writable")


def _num(value: float, spec: str) -> str:
    """``format(value, spec)``, or ``"n/a"`` for NaN/inf (no raw nan in the text output).

    >>> _num(0.123456, ".2g"), _num(float("nan"), ".2g")
    ('0.12', 'n/a')
    """
    import math

    return format(value, spec) if math.isfinite(value) else "n/a"


def _fmt_interval(lo: float, med: float, hi: float) -> str:
    return f"{med:.4g} +{hi - med:.2g} -{med - lo:.2g}"


def run(args: argparse.Namespace) -> int:
    """Entry point of ``symphys fit`` (BLAS pinned to one thread: see ``sample_posterior``)."""
    from symphys._threads import blas_threads

    with blas_threads(1):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    import json
    import math
    import time
    import warnings
    from pathlib import Path

    import numpy as np

    from symphys.cosmology import SupernovaLikelihood, compare, get_model, log_evidence

    t_start = time.perf_counter()
    models = list(dict.fromkeys((args.model or []) + (args.compare or []))) or ["vsl", "lcdm"]
    fixed = dict(args.fix)
    data_sets = [args.data] if isinstance(args.data, str) else list(dict.fromkeys(args.data))
    sn_sets = [d for d in data_sets if d in SN_DATASETS]
    if len(sn_sets) > 1:
        raise ValueError(f"--data {' '.join(data_sets)}: choose at most one supernova catalogue "
                         f"(they share supernovae), got {sn_sets}")
    if len(data_sets) > 1 or not sn_sets:
        return _run_multi(args, models, fixed, data_sets, sn_sets[0] if sn_sets else None,
                          t_start)
    args.data = sn_sets[0]
    known = {n for m in models for n in get_model(m).param_names} | {"M"}
    for name in list(fixed) + list(args.free):
        if name not in known:
            raise ValueError(f"unknown parameter {name!r}; the models {models} have "
                             f"{sorted(known)}")
    if "M" in fixed and args.marginalize_M:
        raise ValueError("--fix M=... contradicts --marginalize-M")
    if "M" in args.free:
        raise ValueError("--free M: M is stated (--M, default SH0ES) or marginalised "
                         "(--marginalize-M); to fit M instead of H0, fix H0, e.g. --fix H0=70")
    if "H0" in args.free and args.marginalize_M:
        raise ValueError("--free H0 with --marginalize-M: H0 is exactly degenerate with the "
                         "marginalised M; drop --marginalize-M to fit H0 for a stated M")
    if args.walkers < 2 or args.steps < 1:
        raise ValueError("--walkers must be >= 2 and --steps >= 1")
    if args.M is not None and not math.isfinite(args.M):
        raise ValueError(f"--M {args.M} must be a finite number")
    for name, value in fixed.items():
        if not math.isfinite(value):
            raise ValueError(f"--fix {name}={value} must be a finite number")
    _check_paths(args)
    data = _load(args)
    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(exist_ok=True)  # its parent exists (checked): create no other folder
    progress = progress_wanted(args)
    m_stated = fixed.get("M", M_SH0ES if args.M is None else args.M)
    if args.marginalize_M:
        m_note = "M marginalised analytically (flat prior); H0 fixed (degenerate with M)"
    elif "H0" in fixed and args.M is None and "M" not in fixed:
        m_note = f"H0 = {fixed['H0']:g} (stated); M fitted (only M - 5 log10 H0 is measured)"
    else:
        m_note = f"M = {m_stated} (stated; H0 scales as 10^(M/5) at fixed fit)"
    lines = [f"symphys fit: {data.label}, N = {data.n}, full stat+sys covariance; {m_note}"]
    if np.array_equal(data.z_hel, data.z_cmb):
        lines.append("  (this catalogue lists z_hel = z_cmb, so the (1+z_hel) prefactor uses z_cmb"
                     + (";\n   --data pantheon-zhel has the heliocentric redshifts)"
                        if args.data == "pantheon" else ")"))
    report: dict = {"data": {"label": data.label, "n": data.n}, "M_treatment": m_note,
                    "fits": {}}
    best_fits, evidences, samples = {}, {}, {}
    for name in models:
        like, shape = _likelihood(data, name, args, fixed, args.free, args.marginalize_M)
        cls = like.model_class
        best = like.best_fit()
        if not math.isfinite(best.chi2) or not all(
                math.isfinite(best.params[n]) for n in (*like.free, "M")):
            stated = ", ".join(f"{k}={v:g}" for k, v in {"M": m_stated, **fixed}.items())
            raise ValueError(f"{name}: the best fit has no finite chi2 for the stated "
                             f"{stated}; check --M and --fix")
        best_fits[name] = best
        fixed_txt = ", ".join(f"{k}={v:.4g}" for k, v in like.fixed.items()
                              if k in cls.param_names and k != "H0" or
                              (k == "H0" and (args.marginalize_M or "H0" in fixed)))
        lines.append("")
        lines.append(f"[{name}] {cls.label}" + (f"  (fixed: {fixed_txt})" if fixed_txt else ""))
        errs = best.errors
        fit_txt = ", ".join(f"{n} = {best.params[n]:.4g} ± {_num(errs[n], '.2g')}"
                            f"{UNITS.get(n, '')}" for n in like.free)
        lines.append(f"  best fit: {fit_txt or '(no free parameter)'}"
                     + ("" if "M" in like.free else f"; M = {best.M:.4f}"))
        edges = tuple(getattr(best, "at_prior_edge", ()))  # the library warns too: a note
        if edges:
            lines.append(f"  at the edge of the prior: {', '.join(edges)} (the fit is bounded "
                         "there, not at a minimum)")
        lines.append(f"  chi2_min = {best.chi2:.3f}  (N = {best.n}, k = {best.k}, "
                     f"chi2/dof = {best.chi2 / best.dof:.4f})  AIC = {best.aic:.3f}  "
                     f"BIC = {best.bic:.3f}")
        entry = {"best_fit": best.summary()}
        if name == "vsl":
            h0_note = {f"{m:.3f}": best.h0_for_M(m) for m in (M_SH0ES, -19.3, -19.35)}
            slope = (1 + best.params["zeta"]) * best.params["H0"]
            lines.append(f"  H0 here is adot/a = mu/t0; the low-z Hubble-law slope c z/d_L -> "
                         f"(1+zeta) H0 = {slope:.2f} km/s/Mpc")
            lines.append("    is what compares with another model's H0 at the same M")
            lines.append("  H0 for a stated M: " + ", ".join(
                f"M={m}: H0={h:.2f} km/s/Mpc" for m, h in h0_note.items())
                + f"; the H0=47.2 of arXiv:2412.05262 needs M = "
                f"{best.M + 5 * np.log10(47.2 / best.params['H0']):.3f}")
            entry["H0_for_M"] = h0_note
            entry["hubble_law_slope"] = slope
        # evidence with M marginalised over a flat prior, the same for every model
        if len(shape) <= 2:
            marg = SupernovaLikelihood(data, cls, free=shape,
                                       fixed={k: v for k, v in like.fixed.items()
                                              if k in cls.param_names})
            evidences[name] = log_evidence(marg)
            entry["lnZ_M_marginalised"] = evidences[name]
        if not args.no_mcmc and like.ndim > 0:
            backend = None
            if args.resume:
                base = Path(args.resume)
                backend = (base if len(models) == 1
                           else base.with_name(f"{base.stem}_{name}{base.suffix or '.h5'}"))
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", RuntimeWarning)
                res = like.sample(nwalkers=args.walkers, nsteps=args.steps, backend=backend,
                                  progress=progress, rng=args.seed, max_steps=args.max_steps)
            samples[name] = res
            tau = float(np.nanmax(res.tau)) if np.any(np.isfinite(res.tau)) else float("nan")
            lines.append(f"  MCMC: {args.walkers} walkers x {res.nsteps} steps, "
                         f"tau = {_num(tau, '.1f')} "
                         f"steps ({_num(res.nsteps / tau, '.0f')} tau), acceptance "
                         f"{np.mean(res.acceptance_fraction):.2f}"
                         + ("" if res.converged else "  WARNING: shorter than 50 tau"))
            for pname, (lo, med, hi) in res.intervals().items():
                lines.append(f"    {pname} = {_fmt_interval(lo, med, hi)}{UNITS.get(pname, '')}"
                             "  (median, 68%)")
            if name == "vsl" and "H0" in like.free:
                h0 = res.flat()[:, like.free.index("H0")]
                mu = like.fixed.get("mu", best.params.get("mu"))
                age = get_model("vsl")(H0=h0, mu=mu).age()  # t0 = mu/H0 in Gyr
                lo, med, hi = np.percentile(age, [16, 50, 84])
                lines.append(f"    t0 = mu/H0 = {_fmt_interval(lo, med, hi)} Gyr")
                lo95, hi95 = np.percentile(h0, [2.5, 97.5])
                lines.append(f"    H0 95% interval: [{lo95:.2f}, {hi95:.2f}] km/s/Mpc")
            entry["mcmc"] = res.summary()
            entry["warnings"] = [str(w.message) for w in caught]
            if out is not None:
                atomic_write(out / f"chain_{name}.npz", lambda p, r=res: np.savez_compressed(
                    p, chain=r.chain, log_prob=r.log_prob, params=np.array(r.param_names)))
        report["fits"][name] = entry
    table = compare(best_fits, log_evidences=evidences or None)
    lines.append("")
    lines.append("comparison: d* = excess over the best model (0 marks it, larger is worse; "
                 "dlnZ = lnZ_best - lnZ);")
    lines.append("lnZ with M marginalised and flat priors on the free parameters:")
    lines.append(str(table))
    report["comparison"] = table.to_list()
    if out is not None:
        atomic_write(out / "summary.json", lambda p: Path(p).write_text(
            json.dumps(strict_json(report), indent=1, allow_nan=False)))
        if not args.no_plots:
            import matplotlib

            matplotlib.use("Agg")
            from symphys.cosmology import corner_plot, hubble_diagram

            figs = [("hubble.png", hubble_diagram, (data, list(best_fits.values())),
                     {"labels": list(best_fits)})]
            for name, res in samples.items():
                truths = {k: best_fits[name].params[k] for k in res.param_names}
                figs.append((f"corner_{name}.png", corner_plot, (res,), {"truths": truths}))
            for fname, fn, fargs, kw in figs:
                atomic_write(out / fname, lambda p, fn=fn, fargs=fargs, kw=kw:
                              fn(*fargs, **kw).savefig(p, dpi=100, format="png"))
        lines.append(f"wrote {out}/summary.json" + ("" if args.no_plots else
                                                     ", hubble.png, corner_*.png")
                     + (", chain_*.npz" if samples else ""))
    elapsed = time.perf_counter() - t_start
    lines.append(f"done in {elapsed:.1f} s")
    report["elapsed_s"] = elapsed
    emit(args, strict_json(report), "\n".join(lines))
    return 0


def _run_multi(args: argparse.Namespace, models: list[str], fixed: dict, data_sets: list[str],
               sn_name: str | None, t_start: float) -> int:
    """Joint fits of several data sets (``--data pantheon desi-dr2 cmb``)."""
    import math
    import time
    import warnings
    from pathlib import Path

    import numpy as np

    from symphys.cosmology import (
        PLANCK18_RADIATION,
        BAOLikelihood,
        CMBDistancePrior,
        JointLikelihood,
        SupernovaLikelihood,
        compare,
        get_model,
        load_desi_bao,
    )
    if args.M is not None or "M" in fixed:
        raise ValueError("--M/--fix M: in a joint fit the SN magnitude offset M is marginalised "
                         "analytically (H0 comes from the BAO/CMB parts)")
    extras = {"rd", "ombh2"}
    known = {n for m in models for n in get_model(m).param_names} | extras
    for name in list(fixed) + list(args.free):
        if name not in known:
            raise ValueError(f"unknown parameter {name!r}; the models {models} and probes have "
                             f"{sorted(known)}")
    for name, value in fixed.items():
        if not math.isfinite(value):
            raise ValueError(f"--fix {name}={value} must be a finite number")
    args.data = sn_name or "none"
    _check_paths(args)
    sn_data = _load(args) if sn_name else None
    bao_sets = {d: load_desi_bao(release=d.split("-")[1]) for d in data_sets
                if d.startswith("desi")}
    with_cmb = "cmb" in data_sets
    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(exist_ok=True)
    progress = progress_wanted(args)
    lines = [f"symphys fit (joint): {' + '.join(data_sets)}"
             + ("; SN offset M marginalised analytically" if sn_name else "")
             + ("; BAO sound horizon rd free" if bao_sets else "")
             + ("; Planck 2018 radiation (T = 2.7255 K, Neff = 3.046, m_nu = 0.06 eV) in every "
                "part" if with_cmb else "")]
    report: dict = {"data": data_sets, "fits": {}}
    groups: dict[tuple, dict] = {}
    samples = {}
    def build(name: str, use_cmb: bool):
        cls = get_model(name)
        flrw = "Tcmb0" in getattr(cls, "options", ())   # an FLRW model (radiation, CMB)
        rad = PLANCK18_RADIATION if (with_cmb and flrw) else None
        own = {k: v for k, v in fixed.items() if k in cls.param_names or k in extras}
        parts, used, skipped = [], [], []
        if sn_data is not None:
            parts.append(SupernovaLikelihood(sn_data, cls, radiation=rad, fixed={
                k: v for k, v in own.items() if k in cls.param_names}))
            used.append(sn_name)
        for label, bao in bao_sets.items():
            parts.append(BAOLikelihood(bao, cls, radiation=rad, fixed={
                k: v for k, v in own.items() if k in cls.param_names or k == "rd"}))
            used.append(label)
        if with_cmb:
            if flrw and use_cmb:
                parts.append(CMBDistancePrior(cls, fixed={
                    k: v for k, v in own.items() if k in cls.param_names or k == "ombh2"}))
                used.append("cmb")
            elif not flrw:
                skipped.append("cmb")
        if not parts:
            raise ValueError(f"{name}: none of the data sets {data_sets} applies to it")
        own = {k: v for k, v in own.items() if any(k in p.all_names for p in parts)}
        joint = JointLikelihood(parts, fixed=own or None)
        extra_free = [n for n in args.free if n in joint.all_names and n not in joint.free]
        if extra_free:
            joint = JointLikelihood(parts, free=[*joint.free, *extra_free],
                                    fixed={k: v for k, v in joint.fixed.items()
                                           if k not in extra_free})
        return cls, joint, used, skipped

    without_cmb = with_cmb and any("Tcmb0" not in get_model(m).options for m in models) and \
        bool(sn_data is not None or bao_sets)
    for name in models:
        cls, joint, used, skipped = build(name, True)
        best = joint.best_fit()
        chi2_parts = {k.split(":", 1)[1] + f"[{used[i]}]": float(v)
                      for i, (k, v) in enumerate(joint.chi2_parts(best.values).items())}
        errs = best.errors
        lines.append("")
        lines.append(f"[{name}] {cls.label}  (data: {' + '.join(used)})")
        if skipped:
            lines.append("  the CMB distance priors are left out: they assume standard "
                         "early-universe physics (recombination, a baryon-photon sound speed), "
                         "which this model does not specify")
        fit_txt = ", ".join(f"{n} = {best.params[n]:.5g} ± {_num(errs[n], '.2g')}"
                            f"{UNITS.get(n, '')}" for n in joint.free)
        lines.append(f"  best fit: {fit_txt or '(no free parameter)'}")
        lines.append(f"  chi2_min = {best.chi2:.3f} (N = {best.n}, k = {best.k})  AIC = "
                     f"{best.aic:.3f}  BIC = {best.bic:.3f};  per probe: "
                     + ", ".join(f"{k} {v:.2f}" for k, v in chi2_parts.items()))
        der = {k: float(v) for k, v in joint.derived(best.values).items()}
        lines.append("  derived: " + ", ".join(f"{k} = {_num(v, '.4g')}{UNITS.get(k, '')}"
                                                for k, v in der.items()))
        entry = {"best_fit": best.summary(), "chi2_parts": chi2_parts, "derived": der,
                 "data_used": used, "data_skipped": skipped,
                 "priors": joint.describe_priors()}
        if not args.no_mcmc and joint.ndim > 0:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", RuntimeWarning)
                res = joint.sample(nwalkers=max(args.walkers, 2 * joint.ndim + 2),
                                   nsteps=args.steps, progress=progress, rng=args.seed,
                                   max_steps=args.max_steps, start=best.values)
            samples[name] = res
            for pname, (lo, med, hi) in res.intervals().items():
                lines.append(f"    {pname} = {_fmt_interval(lo, med, hi)}{UNITS.get(pname, '')}"
                             "  (median, 68%)")
            entry["mcmc"] = res.summary()
            entry["warnings"] = [str(w.message) for w in caught]
            if out is not None:
                atomic_write(out / f"chain_{name}.npz", lambda p, r=res: np.savez_compressed(
                    p, chain=r.chain, log_prob=r.log_prob, params=np.array(r.param_names)))
        report["fits"][name] = entry
        groups.setdefault(tuple(used), {})[name] = best
        if without_cmb and "cmb" in used:   # also on the data the varying-c model can use
            _, sub, sub_used, _ = build(name, False)
            sub_best = sub.best_fit()
            groups.setdefault(tuple(sub_used), {})[name] = sub_best
            entry["without_cmb"] = {"best_fit": sub_best.summary(), "data_used": sub_used}
            lines.append(f"  without the CMB ({' + '.join(sub_used)}): chi2_min = "
                         f"{sub_best.chi2:.3f}, " + ", ".join(
                             f"{n} = {sub_best.params[n]:.4g}{UNITS.get(n, '')}"
                             for n in sub.free))
    report["comparison"] = {}
    for used, fits in groups.items():
        table = compare(fits)
        lines.append("")
        lines.append(f"comparison on {' + '.join(used)} (d* = excess over the best model):")
        lines.append(str(table))
        report["comparison"][" + ".join(used)] = table.to_list()
    if out is not None:
        import json

        atomic_write(out / "summary.json", lambda p: Path(p).write_text(
            json.dumps(strict_json(report), indent=1, allow_nan=False)))
        lines.append(f"wrote {out}/summary.json" + (", chain_*.npz" if samples else ""))
    elapsed = time.perf_counter() - t_start
    lines.append(f"done in {elapsed:.1f} s")
    report["elapsed_s"] = elapsed
    emit(args, strict_json(report), "\n".join(lines))
    return 0
