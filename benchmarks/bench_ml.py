"""Equivariant layers (symphys.nn) beside e3nn, cuEquivariance and sphericart.

Usage::

    python benchmarks/run.py ml                       # CPU, the default sizes below
    python benchmarks/run.py ml --device cuda         # GPU: batch 1000 x 32/64/128 channels
    python benchmarks/run.py ml --device cpu --lmax 1 2 4 8 --channels 32 --batch 1000

Three parts, each printing our time, the peer's, and the ratio (peer / ours: > 1 means we are
faster), measured in the same run:

1. ``layers``: a channel-wise (``uvu``) product ``mul x (0e + 1o + ... + L)`` times the
   harmonics ``1 x (0e + ... + L)`` into every reachable irrep (``mul`` channels each), as in
   Xie et al.'s setup (arXiv:2506.13523), forward and forward+backward, float32, for each of
   our engines beside e3nn's ``o3.TensorProduct`` with the same instructions (and
   cuEquivariance's ``ChannelWiseTensorProduct`` where it imports; OpenEquivariance needs CUDA
   and is tried only there). Also the float32 equivariance error of each (rotate the inputs by
   Wigner D matrices fitted from the harmonics, compare with the rotated output; relative to
   the largest output).
2. ``full``: CPU, float64, one thread, batch 32: ``engine="auto"`` against e3nn's
   ``FullTensorProduct`` (every path its own output, no weights; our layer with e3nn's
   instructions and weights 1 computes the same numbers), inference (no gradient).
3. ``harmonics``: lmax 8, 10 000 points, values and gradients (torch), ours beside e3nn and
   sphericart (``pip install "sphericart[torch]"``).

CPU defaults are smaller than the GPU ones (batch 100, 32 channels) so that a run on a laptop
takes about a minute; pass ``--batch 1000 --channels 32 64 128`` for the full setup.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import numpy as np

LMAX = (1, 2, 4, 8)


def _timer(fn, device, repeat=3):
    import torch

    def sync():
        if device == "cuda":
            torch.cuda.synchronize()

    fn()
    sync()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        sync()
        best = min(best, time.perf_counter() - t0)
    return best


def _sh(L):
    from symphys.angular import Irreps

    return Irreps.spherical_harmonics(L)


def _rotation_D(irreps, R):
    from scipy.linalg import block_diag

    from symphys.angular import spherical_harmonics_xyz

    P = np.random.default_rng(5).normal(size=(60, 3))
    Y = spherical_harmonics_xyz(irreps.lmax, P, basis="e3nn")
    YR = spherical_harmonics_xyz(irreps.lmax, P @ R.T, basis="e3nn")
    blocks = []
    for mul, l, _ in irreps:
        s = slice(l * l, (l + 1) ** 2)
        blocks += [np.linalg.lstsq(Y[:, s], YR[:, s], rcond=None)[0].T] * mul
    return block_diag(*blocks)


def _equivariance(f, ir1, ir2, iro, device):
    """float32 relative equivariance error of ``f`` (a rotation; inputs rotated by D)."""
    import torch
    from scipy.spatial.transform import Rotation

    R = Rotation.random(random_state=7).as_matrix()
    D1, D2, Do = (torch.tensor(_rotation_D(i, R), dtype=torch.float32, device=device)
                  for i in (ir1, ir2, iro))
    g = torch.Generator().manual_seed(0)
    x = torch.randn(16, ir1.dim, generator=g).to(device)
    y = torch.randn(16, ir2.dim, generator=g).to(device)
    with torch.no_grad():
        out = f(x, y)
        rot = f(x @ D1.T, y @ D2.T)
    return float((rot - out @ Do.T).abs().max() / out.abs().max())


def _layers(args, rows):
    import torch

    from symphys.angular import Irreps
    from symphys.nn import TensorProduct

    device = args.device
    try:
        from e3nn import o3
    except ImportError:
        o3 = None
    try:
        import cuequivariance as cue
        import cuequivariance_torch as cuet
    except ImportError:
        cue = cuet = None
    for L in args.lmax:
        for mul in args.channels:
            ir1, ir2 = _sh_mul(L, mul), _sh(L)
            iro = Irreps([(mul, l, p) for l in range(L + 1) for p in (1, -1)])
            g = torch.Generator().manual_seed(0)
            x = torch.randn(args.batch, ir1.dim, generator=g).to(device)
            y = torch.randn(args.batch, ir2.dim, generator=g).to(device)
            cases = {}
            for engine in args.engines:
                if engine in ("gaunt", "gaunt+vsh") and L > args.fft_lmax:
                    continue
                try:
                    tp = TensorProduct(ir1, ir2, iro, mode="uvu", engine=engine, rng=0,
                                       dtype=torch.float32).to(device)
                except ValueError:
                    continue
                cases[f"symphys {engine}"] = tp
            if o3 is not None:
                ref = next(iter(cases.values()))
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    cases["e3nn"] = o3.TensorProduct(
                        str(ir1), str(ir2), str(iro),
                        [(a, b, c, "uvu", True) for a, b, c in ref.instructions]).to(device)
            if cuet is not None:
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        cases["cuequivariance"] = cuet.ChannelWiseTensorProduct(
                            cue.Irreps("O3", str(ir1)), cue.Irreps("O3", str(ir2)),
                            filter_irreps_out=[ir for _, ir in cue.Irreps("O3", str(iro))],
                            layout=cue.mul_ir, device=device, dtype=torch.float32)
                except Exception as exc:  # noqa: BLE001 - a peer that cannot run here
                    print(f"  cuequivariance: {type(exc).__name__}: {exc}")
            times = {}
            for name, module in cases.items():
                def fwd(m=module, x=x, y=y):
                    with torch.no_grad():
                        return m(x, y)

                xg, yg = x.clone().requires_grad_(), y.clone().requires_grad_()

                def fwd_bwd(m=module, xg=xg, yg=yg):
                    out = m(xg, yg)
                    out.pow(2).sum().backward()

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    tf = _timer(fwd, device)
                    tb = _timer(fwd_bwd, device)
                    err = (_equivariance(module, ir1, ir2, iro, device)
                           if name != "cuequivariance" else float("nan"))
                times[name] = (tf, tb, err)
            base = times.get("e3nn")
            for name, (tf, tb, err) in times.items():
                row = {"part": "layers", "lmax": L, "channels": mul, "batch": args.batch,
                       "device": device, "name": name, "forward_ms": tf * 1e3,
                       "fwd_bwd_ms": tb * 1e3, "equivariance_f32": err}
                if base is not None:
                    row["forward_ratio_vs_e3nn"] = base[0] / tf
                    row["fwd_bwd_ratio_vs_e3nn"] = base[1] / tb
                rows.append(row)
                ratio = ("" if base is None else
                         f"  e3nn/ours fwd {base[0] / tf:6.2f}x  fwd+bwd {base[1] / tb:6.2f}x")
                print(f"L={L} mul={mul:3d} {name:22s} fwd {tf * 1e3:9.2f} ms  fwd+bwd "
                      f"{tb * 1e3:9.2f} ms  equiv f32 {err:.1e}{ratio}", flush=True)


def _sh_mul(L, mul):
    from symphys.angular import Irreps

    return Irreps([(mul, l, (-1) ** l) for l in range(L + 1)])


def _full(args, rows):
    import torch

    from symphys.nn import TensorProduct

    try:
        from e3nn import o3
    except ImportError:
        print("full: e3nn is not installed; skipped")
        return
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        for L in range(1, 9):
            irr = o3.Irreps("+".join(f"1x{l}{'eo'[l % 2]}" for l in range(L + 1)))
            theirs = o3.FullTensorProduct(irr, irr)
            ins = [(i.i_in1, i.i_in2, i.i_out) for i in theirs.instructions]
            ours = TensorProduct(str(irr), str(irr), str(theirs.irreps_out), mode="uvu",
                                 instructions=ins, engine="auto", dtype=torch.float64)
            with torch.no_grad():
                ours.weight.fill_(1.0)
                x = torch.randn(32, irr.dim)
                y = torch.randn(32, irr.dim)
                diff = float((ours(x, y) - theirs(x, y)).abs().max())
                t_ours = _timer(lambda m=ours, a=x, b=y: m(a, b), "cpu", repeat=7)
                t_e3nn = _timer(lambda m=theirs, a=x, b=y: m(a, b), "cpu", repeat=7)
            rows.append({"part": "full", "lmax": L, "ours_ms": t_ours * 1e3,
                         "e3nn_ms": t_e3nn * 1e3, "ratio": t_e3nn / t_ours, "max_diff": diff})
            print(f"full L={L}: auto {t_ours * 1e3:8.3f} ms  e3nn FullTensorProduct "
                  f"{t_e3nn * 1e3:8.3f} ms  ratio {t_e3nn / t_ours:7.2f}x  "
                  f"(max |diff| {diff:.1e}; target >= 1x, >= 20x at L=8)", flush=True)
    finally:
        torch.set_default_dtype(old)
        torch.set_num_threads(threads)


def _harmonics(args, rows):
    import torch

    from symphys.nn import spherical_harmonics

    device = args.device
    g = torch.Generator().manual_seed(0)
    v = torch.randn(10_000, 3, generator=g).to(device)
    peers = {"symphys": lambda p: spherical_harmonics(8, p, basis="e3nn")}
    try:
        from e3nn import o3

        peers["e3nn"] = lambda p: o3.spherical_harmonics(list(range(9)), p, True)
    except ImportError:
        pass
    try:
        import sphericart.torch as sct

        calc = sct.SphericalHarmonics(8)
        peers["sphericart"] = lambda p: calc(p)
    except ImportError:
        pass
    times = {}
    for name, f in peers.items():
        vg = v.clone().requires_grad_()

        def run(f=f, vg=vg):
            out = f(vg)
            (g,) = torch.autograd.grad(out.pow(2).sum(), vg)
            return g

        times[name] = _timer(run, device, repeat=5)
    for name, t in times.items():
        rows.append({"part": "harmonics", "name": name, "ms": t * 1e3, "device": device,
                     "ratio_to_ours": t / times["symphys"]})
        print(f"harmonics+grad lmax 8, 10k points, {device}: {name:10s} {t * 1e3:8.2f} ms "
              f"(their time / ours {t / times['symphys']:.2f})", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--lmax", type=int, nargs="*", default=None)
    parser.add_argument("--channels", type=int, nargs="*", default=None)
    parser.add_argument("--batch", type=int, default=None)
    parser.add_argument("--engines", nargs="*", default=["auto", "cg", "gaunt", "gaunt+vsh"])
    parser.add_argument("--fft-lmax", type=int, default=None,
                        help="largest lmax timed for the FFT engines (default: 2 on cpu, 8 on "
                             "cuda; on CPU they are 10-50x slower than cg at these degrees)")
    parser.add_argument("--parts", nargs="*", default=["layers", "full", "harmonics"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    gpu = args.device == "cuda"
    args.lmax = args.lmax or list(range(1, 9) if gpu else LMAX)
    args.channels = args.channels or ([32, 64, 128] if gpu else [32])
    args.batch = args.batch or (1000 if gpu else 100)
    if args.fft_lmax is None:
        args.fft_lmax = 8 if gpu else 2
    rows: list[dict] = []
    if "layers" in args.parts:
        _layers(args, rows)
    if "full" in args.parts:
        _full(args, rows)
    if "harmonics" in args.parts:
        _harmonics(args, rows)
    if args.json:
        print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
