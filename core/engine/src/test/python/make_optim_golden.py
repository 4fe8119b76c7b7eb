#!/usr/bin/python3
"""Golden values for the training building blocks in dev.distillery.training.

Reference implementation: PyTorch (Debian python3-torch 1.13). Run from the repository root:

    /usr/bin/python3 core/engine/src/test/python/make_optim_golden.py

It writes core/engine/src/test/resources/golden/optim.json with
- "linear": a fixed tiny regression problem (Linear 4 -> 3, 8 samples, MSE loss) and the
  parameters after 5 steps of torch.optim.SGD / torch.optim.Adam in several configurations, with a
  learning rate that changes between steps (the Java optimizers take it per step);
- "schedules": the learning rate used in each of 10 epochs by torch.optim.lr_scheduler
  (StepLR, MultiStepLR, CosineAnnealingLR, LinearLR warm-up, SequentialLR warm-up + cosine);
- "cross_entropy": F.cross_entropy of fixed logits/labels and its gradient w.r.t. the logits.
Values are float32 computations written as decimal doubles.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.manual_seed(20261123)
torch.use_deterministic_algorithms(True)

IN, OUT, N = 4, 3, 8
x = torch.randn(N, IN)
target = torch.randn(N, OUT)
weight0 = torch.randn(OUT, IN) * 0.5
bias0 = torch.randn(OUT) * 0.1
LRS = [0.1, 0.1, 0.05, 0.05, 0.02]


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def run(make_optimizer, lrs):
    w = torch.nn.Parameter(weight0.clone())
    b = torch.nn.Parameter(bias0.clone())
    opt = make_optimizer([w, b])
    for lr in lrs:
        for group in opt.param_groups:
            group["lr"] = lr
        opt.zero_grad()
        loss = F.mse_loss(x @ w.t() + b, target)
        loss.backward()
        opt.step()
    return {"weight": flat(w), "bias": flat(b)}


optimizers = {
    "sgd-plain": dict(kind="sgd", momentum=0.0, nesterov=False, weight_decay=0.0),
    "sgd-momentum-wd": dict(kind="sgd", momentum=0.9, nesterov=False, weight_decay=5e-4),
    "sgd-nesterov-wd": dict(kind="sgd", momentum=0.9, nesterov=True, weight_decay=5e-4),
    "adam": dict(kind="adam", beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0),
    "adam-wd": dict(kind="adam", beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2),
}
results = {}
for name, cfg in optimizers.items():
    if cfg["kind"] == "sgd":
        make = lambda p, c=cfg: torch.optim.SGD(
            p, lr=1.0, momentum=c["momentum"], nesterov=c["nesterov"],
            weight_decay=c["weight_decay"])
    else:
        make = lambda p, c=cfg: torch.optim.Adam(
            p, lr=1.0, betas=(c["beta1"], c["beta2"]), eps=c["eps"],
            weight_decay=c["weight_decay"])
    results[name] = dict(cfg, after=run(make, LRS))


def schedule(make_scheduler, epochs=10, base=0.1):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=base)
    sched = make_scheduler(opt)
    lrs = []
    for _ in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return lrs


S = torch.optim.lr_scheduler
schedules = {
    "constant": dict(spec={"type": "constant"},
                     lrs=schedule(lambda o: S.LambdaLR(o, lambda e: 1.0))),
    "step": dict(spec={"type": "step", "step-size": 3, "gamma": 0.1},
                 lrs=schedule(lambda o: S.StepLR(o, step_size=3, gamma=0.1))),
    "step-gamma-half": dict(spec={"type": "step", "step-size": 2, "gamma": 0.5},
                            lrs=schedule(lambda o: S.StepLR(o, step_size=2, gamma=0.5))),
    "multistep": dict(spec={"type": "multistep", "milestones": [3, 7], "gamma": 0.1},
                      lrs=schedule(lambda o: S.MultiStepLR(o, milestones=[3, 7], gamma=0.1))),
    "cosine": dict(spec={"type": "cosine"},
                   lrs=schedule(lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.0))),
    "cosine-eta-min": dict(spec={"type": "cosine", "eta-min": 0.001},
                           lrs=schedule(lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001))),
    # linear warm-up over W epochs: factor (e + 1) / (W + 1), i.e. LinearLR(1 / (W + 1), total_iters=W)
    "constant-warmup": dict(spec={"type": "constant", "warmup-epochs": 3},
                            lrs=schedule(lambda o: S.LinearLR(o, start_factor=1 / 4, end_factor=1.0,
                                                              total_iters=3))),
    # warm-up then the schedule over the remaining epochs, restarted at the warm-up's end
    "cosine-warmup": dict(spec={"type": "cosine", "warmup-epochs": 2},
                          lrs=schedule(lambda o: S.SequentialLR(
                              o, [S.LinearLR(o, start_factor=1 / 3, end_factor=1.0, total_iters=2),
                                  S.CosineAnnealingLR(o, T_max=8, eta_min=0.0)], milestones=[2]))),
    "multistep-warmup": dict(spec={"type": "multistep", "milestones": [3, 5], "gamma": 0.1,
                                   "warmup-epochs": 2},
                             lrs=schedule(lambda o: S.SequentialLR(
                                 o, [S.LinearLR(o, start_factor=1 / 3, end_factor=1.0, total_iters=2),
                                     S.MultiStepLR(o, milestones=[3, 5], gamma=0.1)],
                                 milestones=[2]))),
}

logits = (torch.randn(4, 5) * 2).requires_grad_(True)
labels = torch.tensor([1, 0, 4, 2])
ce = F.cross_entropy(logits, labels)
ce.backward()

# The epoch order (dev.distillery.training.data.EpochOrder): SplitMix64 keyed by (seed, epoch,
# "ORDER"), then a Fisher-Yates shuffle; written out independently of the Java code and pinned.
M64 = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


class SeededStream:
    def __init__(self, *keys):
        s = 0x5851F42D4C957F2D
        for key in keys:
            s = mix(((s + GAMMA) & M64) ^ mix((key + GAMMA) & M64))
        self.state = s

    def next_long(self):
        self.state = (self.state + GAMMA) & M64
        return mix(self.state)

    def next_int(self, bound):
        while True:
            r = self.next_long() >> 1
            value = r % bound
            if r - value + (bound - 1) < (1 << 63):
                return value


def permutation(seed, epoch, n):
    order = list(range(n))
    rnd = SeededStream(seed, epoch, 0x4F52444552)
    for i in range(n - 1, 0, -1):
        j = rnd.next_int(i + 1)
        order[i], order[j] = order[j], order[i]
    return order


golden = {
    "linear": {
        "in": IN, "out": OUT, "n": N,
        "x": flat(x), "target": flat(target),
        "weight0": flat(weight0), "bias0": flat(bias0),
        "lrs": LRS,
        "optimizers": results,
    },
    "schedules": {"base": 0.1, "epochs": 10, "cases": schedules},
    "cross_entropy": {
        "batch": 4, "classes": 5,
        "logits": flat(logits), "labels": labels.tolist(),
        "loss": float(ce), "grad": flat(logits.grad),
        "correct": int((logits.argmax(1) == labels).sum()),
    },
    "epoch_order": {"seed": 42, "epoch": 0, "n": 10, "order": permutation(42, 0, 10),
                    "seed2": -7, "epoch2": 3, "n2": 20, "order2": permutation(-7 & M64, 3, 20)},
    "generator": "core/engine/src/test/python/make_optim_golden.py, torch " + torch.__version__,
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden", "optim.json")
with open(os.path.normpath(out), "w") as f:
    json.dump(golden, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(out))
