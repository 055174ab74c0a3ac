"""Affine-robustness benchmark: train on untransformed digits, test under random affine maps.

The analogue of the affNIST benchmark of Mironenco & Forre (arXiv:2310.11366) built from a dataset
that ships with scikit-learn: ``load_digits`` (1,797 8x8 digits), upsampled (bilinear) to 20x20 and
padded to 28x28. Models are trained on the untransformed training split and tested on the test
split, untransformed and under random affine maps about the image centre with affNIST's ranges:
rotation +-20 degrees, shear +-0.2, scale 0.8-1.2 per axis, translation +-3 pixels.

Models, at about the same parameter count and the same training budget (epochs, batch, optimiser):

* ``cnn``: a plain CNN;
* ``augmented``: the same CNN trained with random affine augmentation (the test ranges);
* ``se2``: ``LiftingConv2d(group="SO(2)")`` -> ``GroupConv`` -> ``GroupPool`` (rotation
  equivariant);
* ``affine``: the same with ``group="affine"`` (``R^2 ⋊ GL+(2)``).

The group networks use one fixed sample set of H by default (``--fresh``: new samples at each
training step, the layers' default; with few samples its Monte Carlo noise slows training a lot).

Usage::

    python benchmarks/run.py affine_digits --quick          # CPU, a few minutes
    python benchmarks/run.py affine_digits --quick --json   # {"cnn": acc, ...} (transformed)
    python benchmarks/run.py affine_digits --epochs 20 --device cuda

Prints, per model: parameters, seconds per epoch, test accuracy untransformed and transformed
(mean and standard deviation over the seeds).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time

MODELS = ("cnn", "augmented", "se2", "affine")


def _data(n_train: int | None, n_test: int | None):
    import numpy as np
    import torch
    import torch.nn.functional as F
    from sklearn.datasets import load_digits

    d = load_digits()
    x = torch.tensor(d.images / 16.0, dtype=torch.float32)[:, None]          # (N, 1, 8, 8)
    x = F.interpolate(x, size=(20, 20), mode="bilinear", align_corners=False)
    x = F.pad(x, (4, 4, 4, 4))                                                # (N, 1, 28, 28)
    y = torch.tensor(d.target, dtype=torch.long)
    perm = np.random.default_rng(0).permutation(len(y))                       # fixed split
    n_tr = int(0.7 * len(y))
    tr, te = perm[:n_tr], perm[n_tr:]
    if n_train:
        tr = tr[:n_train]
    if n_test:
        te = te[:n_test]
    return x[tr], y[tr], x[te], y[te]


def random_affine(x, gen, *, rotation=20.0, shear=0.2, scale=(0.8, 1.2), translation=3.0):
    """Each image of ``x`` ``(B, C, H, W)`` under its own random affine map about the centre:
    ``A = R(theta) [[1, s], [0, 1]] diag(sx, sy)``, theta in +-rotation degrees, s in +-shear,
    sx, sy in ``scale``, translation in +-translation pixels (uniform draws from ``gen``, a
    torch.Generator); bilinear interpolation, zeros outside."""
    import torch
    import torch.nn.functional as F

    B, _, H, W = x.shape

    def u(lo, hi):
        return lo + (hi - lo) * torch.rand(B, generator=gen)

    th = u(-rotation, rotation) * math.pi / 180
    s, sx, sy = u(-shear, shear), u(*scale), u(*scale)
    tx, ty = u(-translation, translation), u(-translation, translation)
    c, si = torch.cos(th), torch.sin(th)
    R = torch.stack([torch.stack([c, -si], -1), torch.stack([si, c], -1)], -2)
    Sh = torch.stack([torch.stack([torch.ones(B), s], -1),
                      torch.stack([torch.zeros(B), torch.ones(B)], -1)], -2)
    D = torch.diag_embed(torch.stack([sx, sy], -1))
    A = R @ Sh @ D                                   # output(p) = input(A^-1 (p - t))
    Ainv = torch.linalg.inv(A)
    # affine_grid works in normalised coordinates [-1, 1] (square images: same scale)
    t = torch.stack([tx, ty], -1) * 2 / (W - 1)
    theta = torch.cat([Ainv, -(Ainv @ t[..., None])], -1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=True)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=True)


def _cnn(width: int):
    from torch import nn

    return nn.Sequential(
        nn.Conv2d(1, width, 5, padding=2), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(width, width, 5, padding=2), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(width, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(),
        nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(width, 10))


def _group_net(group: str, channels: int, n_samples: int, hidden: int, rng: int,
               fresh: bool = False, sample_scale: float = 0.3):
    import torch
    import torch.nn.functional as F
    from torch import nn

    from symphys.nn import GroupConv, GroupPool, LiftingConv2d

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            kw = dict(group=group, hidden=hidden, sample_scale=sample_scale)
            self.lift = LiftingConv2d(1, channels, kernel_size=5, n_samples=n_samples, rng=rng,
                                      resample=fresh, **kw)
            self.conv1 = GroupConv(channels, channels, kernel_size=5, group_width=0.5,
                                   **{k: v for k, v in kw.items() if k != "sample_scale"})
            self.conv2 = GroupConv(channels, channels, kernel_size=3, group_width=0.5,
                                   **{k: v for k, v in kw.items() if k != "sample_scale"})
            # batch norm per channel over (batch, sample, row, column): commutes with T_g
            self.bn = nn.ModuleList(nn.BatchNorm3d(channels) for _ in range(3))
            self.pool = GroupPool()
            self.head = nn.Linear(channels, 10)

        @staticmethod
        def _down(y):
            B, C, N, H, W = y.shape
            return F.max_pool2d(y.reshape(B, C * N, H, W), 2).reshape(B, C, N, H // 2, W // 2)

        def forward(self, x):
            y, S = self.lift(x)
            y = self._down(torch.relu(self.bn[0](y)))
            y, S = self.conv1(y, S)
            y = self._down(torch.relu(self.bn[1](y)))
            y, S = self.conv2(y, S)
            return self.head(self.pool(torch.relu(self.bn[2](y))))

    return Net()


def _params(model) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def _build(name: str, args, seed: int):
    import torch

    torch.manual_seed(seed)
    if name in ("cnn", "augmented"):
        target = _params(_group_net("affine", args.channels, 1, args.hidden, seed))
        width = min(range(2, 64), key=lambda w: abs(_params(_cnn(w)) - target))
        torch.manual_seed(seed)
        return _cnn(width)
    group = "SO(2)" if name == "se2" else "affine"
    return _group_net(group, args.channels, args.n_samples, args.hidden, seed, args.fresh,
                      args.sample_scale)


def _accuracy(model, x, y, batch: int, device) -> float:
    import torch

    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(y), batch):
            out = model(x[i:i + batch].to(device))
            correct += int((out.argmax(-1).cpu() == y[i:i + batch]).sum())
    return correct / len(y)


def _train_eval(name: str, data, args, seed: int, device) -> dict:
    import torch
    import torch.nn.functional as F

    xtr, ytr, xte, yte = data
    model = _build(name, args, seed).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    gen = torch.Generator().manual_seed(seed)
    epoch_s = []
    for _ in range(args.epochs):
        model.train()
        t0 = time.perf_counter()
        perm = torch.randperm(len(ytr), generator=gen)
        for i in range(0, len(ytr), args.batch):
            idx = perm[i:i + args.batch]
            xb = xtr[idx]
            if name == "augmented":
                xb = random_affine(xb, gen)
            loss = F.cross_entropy(model(xb.to(device)), ytr[idx].to(device))
            opt.zero_grad()
            loss.backward()
            opt.step()
        epoch_s.append(time.perf_counter() - t0)
    test_gen = torch.Generator().manual_seed(1234 + seed)
    xaff = random_affine(xte, test_gen)
    return {"params": _params(model), "epoch_s": sum(epoch_s) / len(epoch_s),
            "plain": _accuracy(model, xte, yte, 256, device),
            "affine": _accuracy(model, xaff, yte, 256, device)}


def _mean_std(v):
    m = sum(v) / len(v)
    s = math.sqrt(sum((a - m) ** 2 for a in v) / (len(v) - 1)) if len(v) > 1 else 0.0
    return m, s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench_affine_digits", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small CPU run (a few minutes)")
    ap.add_argument("--json", action="store_true", help="print the transformed accuracies")
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--seeds", type=int, default=None)
    ap.add_argument("--channels", type=int, default=None)
    ap.add_argument("--n-samples", type=int, default=None, dest="n_samples")
    ap.add_argument("--hidden", type=int, default=16)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-2)
    ap.add_argument("--fresh", action="store_true",
                    help="fresh group samples at each training step (default: one fixed set)")
    ap.add_argument("--sample-scale", type=float, default=0.3, dest="sample_scale",
                    help="width of the proposal of GL+(2)'s non-compact part (chart units)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--models", default=",".join(MODELS))
    args = ap.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    device = torch.device(args.device)
    if args.quick:
        args.epochs = args.epochs or 5
        args.seeds = args.seeds or 2
        args.channels = args.channels or 12
        args.n_samples = args.n_samples or 4
        data = _data(800, 300)
    else:
        args.epochs = args.epochs or 20
        args.seeds = args.seeds or 3
        args.channels = args.channels or 12
        args.n_samples = args.n_samples or 8
        data = _data(None, None)
    models = [m for m in args.models.split(",") if m]
    bad = [m for m in models if m not in MODELS]
    if bad:
        ap.error(f"--models: unknown {bad}, choose from {list(MODELS)}")
    results = {}
    for name in models:
        runs = [_train_eval(name, data, args, seed, device) for seed in range(args.seeds)]
        results[name] = {
            "params": runs[0]["params"],
            "epoch_s": _mean_std([r["epoch_s"] for r in runs]),
            "plain": _mean_std([r["plain"] for r in runs]),
            "affine": _mean_std([r["affine"] for r in runs]),
        }
        if not args.json:
            r = results[name]
            print(f"{name:10s} params {r['params']:6d}  {r['epoch_s'][0]:7.2f} s/epoch  "
                  f"test {r['plain'][0]:.3f} +- {r['plain'][1]:.3f}  "
                  f"affine test {r['affine'][0]:.3f} +- {r['affine'][1]:.3f}", flush=True)
    if args.json:
        print(json.dumps({k: round(v["affine"][0], 4) for k, v in results.items()}))
    else:
        print(f"({len(data[1])} training, {len(data[3])} test digits, {args.epochs} epochs, "
              f"{args.seeds} seeds, n_samples={args.n_samples} "
              f"({'fresh' if args.fresh else 'fixed'} in training), channels={args.channels}, "
              f"hidden={args.hidden}, device {device}; mean +- std over seeds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
