"""Golden values for the tests of the `methods` plugins (Distillery).

For every method: fixed, seeded inputs (logits, features), the loss of the method's reference
implementation on them and the gradient of that loss with respect to the student's inputs,
written to plugins/methods/src/test/resources/golden/<method>.json. The Java golden tests
compute the same with DJL and compare.

Run with Debian's python3-torch (1.13), from the repository root:

    /usr/bin/python3 plugins/methods/src/test/python/make_golden.py          # every method
    /usr/bin/python3 plugins/methods/src/test/python/make_golden.py kd       # only kd

References (transcribed below, one function per method; the transcription keeps the reference
code's operations and only drops what the loss does not need):
  kd: HobbitLong/RepDistiller, distiller_zoo/KD.py, class DistillKL,
      commit b84f547c5db6a35318d4671d7d5c4de74c822403 (2023-10-16; the file is unchanged since
      5237c1fdeeb06b092cd103cc0daa8a2935cba98f, 2019-10-21). Default temperature 4 is
      train_student.py's --kd_T default at the same commit.
  at, sp, nst, pkt: HobbitLong/RepDistiller, distiller_zoo/AT.py (class Attention), SP.py
      (class Similarity), NST.py (class NSTLoss), PKT.py (class PKT) at the same commit
      b84f547c5db6a35318d4671d7d5c4de74c822403 (AT.py and SP.py unchanged since 5237c1f,
      NST.py and PKT.py since 1e2f816, both 2019-10-21). Feature pairs as helper/loops.py
      passes them (at, nst: feat[1:-1] summed over pairs; sp: feat[-2]; pkt: feat[-1]);
      default weights (-b) from scripts/run_cifar_distill.sh: at 1000, sp 3000, nst 50,
      pkt 30000.
  rkd: HobbitLong/RepDistiller, distiller_zoo/RKD.py, class RKDLoss (w_d=25, w_a=50), commit
      b84f547c5db6a35318d4671d7d5c4de74c822403 (file unchanged since 5237c1f, 2019-10-21).
  dkd: megvii-research/mdistiller, mdistiller/distillers/DKD.py (dkd_loss and the warm-up of
      DKD.forward_train), commit a08d46f10d6102bd6e3f258ca5ac880b020ea259 (file unchanged since
      e8c5bb3, 2022-03-20); defaults from mdistiller/engine/cfg.py CFG.DKD; the trainer passes a
      1-based epoch (engine/trainer.py), stored per case as input mdistiller_epoch.
  cc: HobbitLong/RepDistiller, distiller_zoo/CC.py class Correlation on models/util.py
      LinearEmbed (or Embed with l2-normalize) of both features, as train_student.py and
      helper/loops.py build it for --distill correlation, commit
      b84f547c5db6a35318d4671d7d5c4de74c822403. The embedding weights are inputs of each case.
  fitnet: HobbitLong/RepDistiller, distiller_zoo/FitNet.py class HintLoss on models/util.py
      ConvReg (training mode: BatchNorm with batch statistics), commit
      b84f547c5db6a35318d4671d7d5c4de74c822403; the regressor's conv and BN weights are inputs
      (regressor_*) of each case; only ConvReg's Conv2d cases (its ConvTranspose2d case is
      replaced in Distillery). Default weight 100: scripts/run_cifar_distill.sh -b.
  fsp: HobbitLong/RepDistiller, distiller_zoo/FSP.py class FSP, summed over pairs as
      helper/pretrain.py does on feat[:-1] (stem, layer1, layer2, layer3), same commit.
  vid: HobbitLong/RepDistiller, distiller_zoo/VID.py class VIDLoss (init_pred_var 5, eps 1e-5),
      one per pair of feat[1:-1] summed, as train_student.py and helper/loops.py build it for
      --distill vid, commit b84f547c5db6a35318d4671d7d5c4de74c822403 (VID.py unchanged since
      f16477c, 2019). Regressor weights and log-scales are inputs (student_regressor<i>_*).
  ab: HobbitLong/RepDistiller, distiller_zoo/AB.py class ABLoss (margin 1) on models/util.py
      Connector (identity or ConvReg(use_relu=False) in training mode) of the pre-activation
      feat[1:-1], summed, as train_student.py and helper/pretrain.py build and train it for
      --distill abound, commit b84f547c5db6a35318d4671d7d5c4de74c822403. Connector weights are
      inputs (student_connector<i>_*).
  ofd: clovaai/overhaul-distillation, CIFAR-100/distiller.py (distillation_loss,
      build_feature_connector, get_margin_from_BN, Distiller.forward) and
      CIFAR-100/train_with_distillation.py (loss_distill.sum() / batch_size / 1000), commit
      76344a84a7ce23c894f41a2e05b866c9b73fd85a (2020-06-23). The margin needs scipy
      (Debian python3-scipy), imported only by golden_ofd. Connector weights and the teacher's
      batch-norm gamma/beta are inputs (student_connector<i>_*, teacher_bn_<point>_*).
  ft: Jangho-Kim/Factor-Transfer-pytorch (the authors' code), Models/FeatureProjection.py
      (Paraphraser, Translator), utils.py (FT) and the loss of train_student.py
      (BETA * nn.L1Loss()(FT(factor_s), FT(factor_t.detach())), BETA = --beta 500), commit
      19cce265ebe51c751481041e223a13be2e684322 (code unchanged since e8d6ac6, 2020-07-22); and
      RepDistiller's variant: distiller_zoo/FT.py class FactorTransfer (p1=2, p2=1 or 2) on
      models/util.py Translator (use_bn=True, training mode) and Paraphraser (use_bn=False,
      is_factor=True), commit b84f547c5db6a35318d4671d7d5c4de74c822403. Translator and
      paraphraser-encoder weights are inputs (translator_*, paraphraser_*); ft.json also holds
      the authors' paraphraser forward (paraphraser-cases) and output shapes (paraphraser-shapes).
  crd: HobbitLong/RepDistiller, crd/criterion.py (CRDLoss, ContrastLoss, Embed) and
      crd/memory.py (ContrastMemory) on feat[-1] of both nets, as train_student.py and
      helper/loops.py build it for --distill crd, commit b84f547c5db6a35318d4671d7d5c4de74c822403
      (crd/ unchanged since 1fb2343, 2019-10-22); contrast indices as dataset/cifar100.py
      CIFAR100InstanceSample draws them. Embedding weights, both memories and every step's
      indices are inputs; each case also stores "outputs" (per-step losses, memories after the
      last step, normalisation constants Z). Default weight 0.8: scripts/run_cifar_distill.sh -b.

Precision: inputs are drawn as float32 and stored exactly; the reference runs in float64 on
those float32 values (so the golden values carry no float32 rounding of their own); losses and
gradients are stored rounded to float32. The float32 result of the same reference code is
printed next to it, as a measure of what float32 arithmetic alone gives.

File format (the same for every method):
  {"method", "reference": {"repository", "file", "symbol", "commit", ...}, "generator",
   "torch", "cases": [{"name", "options" (as a pipeline's `with:` gives them to the plugin),
   "inputs": {name: {"shape", "data"}}, "loss", "gradients": {input name: {"shape", "data"}}}]}
  "data" is the tensor in row-major order. Inputs named student_* get gradients.
"""

import argparse
import json
import os
import re
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

GOLDEN_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), os.pardir, "resources", "golden"
)
GENERATOR = "plugins/methods/src/test/python/make_golden.py"
# plugins/methods/src/test/python -> plugins/factor-transfer/src/test/resources/golden
FT_GOLDEN_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    *[os.pardir] * 4,
    "factor-transfer", "src", "test", "resources", "golden",
)

REPDISTILLER = "HobbitLong/RepDistiller"
REPDISTILLER_COMMIT = "b84f547c5db6a35318d4671d7d5c4de74c822403"


# --------------------------------------------------------------------------------------------
# Shared machinery: seeded inputs, reference evaluation with autograd, the JSON writer.
# --------------------------------------------------------------------------------------------


def seeded_generator(seed):
    generator = torch.Generator()
    generator.manual_seed(seed)
    return generator


def normal(generator, shape, scale=1.0):
    return (torch.randn(*shape, generator=generator) * scale).float()


def uniform(generator, shape, low, high):
    return (torch.rand(*shape, generator=generator) * (high - low) + low).float()


def tensor_json(tensor):
    tensor = tensor.detach().to(torch.float32).contiguous()
    return {"shape": list(tensor.shape), "data": [float(v) for v in tensor.reshape(-1).tolist()]}


def evaluate(loss_fn, inputs, dtype):
    """Runs loss_fn(**inputs) in dtype; returns the loss and the gradients of student_* inputs."""
    leaves = {}
    for name, value in inputs.items():
        leaf = value.detach().to(dtype)
        if name.startswith("student"):
            leaf.requires_grad_(True)
        leaves[name] = leaf
    loss = loss_fn(**leaves)
    loss.backward()
    gradients = {name: leaf.grad for name, leaf in leaves.items() if leaf.requires_grad}
    return loss.detach(), gradients


def golden_case(name, options, inputs, loss_fn):
    """One case: inputs (float32 tensors), the float64 reference loss and gradients."""
    loss, gradients = evaluate(loss_fn, inputs, torch.float64)
    loss32, gradients32 = evaluate(loss_fn, inputs, torch.float32)
    worst = max(
        float(((gradients32[k].double() - gradients[k]).abs()).max()) for k in gradients
    )
    print(
        f"  {name}: loss {float(loss):.9g} (float32 reference {float(loss32):.9g}, "
        f"rel diff {abs(float(loss32) - float(loss)) / max(abs(float(loss)), 1e-30):.2e}), "
        f"max |grad float32 - float64| {worst:.2e}"
    )
    return {
        "name": name,
        "options": options,
        "inputs": {k: tensor_json(v) for k, v in inputs.items()},
        "loss": float(loss.to(torch.float32)),
        "gradients": {k: tensor_json(v) for k, v in gradients.items()},
    }


def readable_json(document):
    """Indented JSON with every number list on one line (one line per tensor)."""
    lists = []

    def fold(node):
        if isinstance(node, dict):
            return {k: fold(v) for k, v in node.items()}
        if isinstance(node, list) and all(isinstance(v, (int, float)) for v in node):
            lists.append(json.dumps(node))
            return f"@@list{len(lists) - 1}@@"
        if isinstance(node, list):
            return [fold(v) for v in node]
        return node

    text = json.dumps(fold(document), indent=1)
    return re.sub(r'"@@list(\d+)@@"', lambda m: lists[int(m.group(1))], text)


def write_golden(method, reference, cases):
    document = {
        "method": method,
        "reference": reference,
        "generator": GENERATOR,
        "torch": torch.__version__,
        "precision": "inputs float32; reference computed in float64; loss and gradients "
        "rounded to float32",
        "cases": cases,
    }
    path = os.path.normpath(os.path.join(GOLDEN_DIR, method + ".json"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        out.write(readable_json(document) + "\n")
    print(f"wrote {path} ({len(cases)} cases)")


# --------------------------------------------------------------------------------------------
# kd: Hinton et al. 2015, as RepDistiller's DistillKL.
# --------------------------------------------------------------------------------------------


class DistillKL(nn.Module):
    """Distilling the Knowledge in a Neural Network

    Transcribed from HobbitLong/RepDistiller distiller_zoo/KD.py at
    b84f547c5db6a35318d4671d7d5c4de74c822403. F.kl_div(..., size_average=False) is the
    deprecated spelling of reduction="sum"; kept as written (its warning is silenced).
    """

    def __init__(self, T):
        super(DistillKL, self).__init__()
        self.T = T

    def forward(self, y_s, y_t):
        p_s = F.log_softmax(y_s / self.T, dim=1)
        p_t = F.softmax(y_t / self.T, dim=1)
        loss = F.kl_div(p_s, p_t, size_average=False) * (self.T**2) / y_s.shape[0]
        return loss


KD_DEFAULT_TEMPERATURE = 4.0  # train_student.py --kd_T default


def golden_kd():
    cases = []

    def case(name, options, student, teacher):
        temperature = options.get("temperature", KD_DEFAULT_TEMPERATURE)
        criterion = DistillKL(temperature)
        cases.append(
            golden_case(
                name,
                options,
                {"student_logits": student, "teacher_logits": teacher},
                lambda student_logits, teacher_logits: criterion(student_logits, teacher_logits),
            )
        )

    g = seeded_generator(20150309)  # Hinton et al., arXiv 1503.02531
    case("b4-c10-default-t4", {}, normal(g, (4, 10), 2.0), normal(g, (4, 10), 2.0))
    case("b8-c100-t1", {"temperature": 1.0}, normal(g, (8, 100), 3.0), normal(g, (8, 100), 3.0))
    case("b16-c10-t2", {"temperature": 2.0}, normal(g, (16, 10), 2.0), normal(g, (16, 10), 5.0))
    case(
        "b4-c10-t4-large-logits-30",
        {"temperature": 4.0},
        uniform(g, (4, 10), -30.0, 30.0),
        uniform(g, (4, 10), -30.0, 30.0),
    )
    case(
        "b4-c10-t1-large-logits-30",
        {"temperature": 1.0},
        uniform(g, (4, 10), -30.0, 30.0),
        uniform(g, (4, 10), -30.0, 30.0),
    )
    # Logits/T of +-100: softmax(t/T) underflows to exactly 0 in float32 for most classes, so a
    # naive p_t * log(p_t) gives 0 * -inf = NaN; the reference's kl_div treats 0 log 0 as 0.
    case(
        "b4-c10-t2-saturated-logits-200",
        {"temperature": 2.0},
        uniform(g, (4, 10), -200.0, 200.0),
        uniform(g, (4, 10), -200.0, 200.0),
    )
    reference = {
        "repository": REPDISTILLER,
        "file": "distiller_zoo/KD.py",
        "symbol": "DistillKL",
        "commit": REPDISTILLER_COMMIT,
        "formula": "sum_{b,c} p_t*(log p_t - log_softmax(s/T)) * T^2 / B, p_t = softmax(t/T)",
    }
    write_golden("kd", reference, cases)


# --------------------------------------------------------------------------------------------
# Feature methods (at, sp, nst, pkt): shared helpers. Inputs are named student_<feature point>
# and teacher_<feature point>; the Java golden tests build stand-in networks with those points.
# --------------------------------------------------------------------------------------------


def feature_case(name, options, students, teachers, loss_fn):
    """students/teachers: {feature point: tensor}; loss_fn(s: dict, t: dict) -> scalar."""
    inputs = {"student_" + k: v for k, v in students.items()}
    inputs.update({"teacher_" + k: v for k, v in teachers.items()})

    def call(**leaves):
        s = {k[len("student_"):]: v for k, v in leaves.items() if k.startswith("student_")}
        t = {k[len("teacher_"):]: v for k, v in leaves.items() if k.startswith("teacher_")}
        return loss_fn(s, t).reshape(())

    return golden_case(name, options, inputs, call)


def post_relu(generator, shape):
    """A post-ReLU feature map: half its entries 0, like a ResNet block's output."""
    return F.relu(normal(generator, shape)).float()


def pairs_loss(criterion, student_points, teacher_points):
    """helper/loops.py for at and nst: loss_kd = sum(criterion_kd(g_s, g_t))."""

    def loss(s, t):
        g_s = [s[k] for k in student_points]
        g_t = [t[k] for k in teacher_points]
        return sum(criterion(g_s, g_t))

    return loss


def feature_reference(symbol, file, formula, feature_points):
    return {
        "repository": REPDISTILLER,
        "file": file,
        "symbol": symbol,
        "commit": REPDISTILLER_COMMIT,
        "formula": formula,
        "feature-points": feature_points,
        "default-weight": "scripts/run_cifar_distill.sh -b",
    }


LAYERS = ["layer1", "layer2", "layer3"]


# --------------------------------------------------------------------------------------------
# at: Zagoruyko & Komodakis ICLR 2017, as RepDistiller's Attention.
# --------------------------------------------------------------------------------------------


class Attention(nn.Module):
    """Attention transfer.

    Transcribed from HobbitLong/RepDistiller distiller_zoo/AT.py at
    b84f547c5db6a35318d4671d7d5c4de74c822403: adaptive average pooling of the larger map to the
    smaller one's height (square), then the mean squared difference of the L2-normalised
    attention maps mean_c f^p.
    """

    def __init__(self, p=2):
        super(Attention, self).__init__()
        self.p = p

    def forward(self, g_s, g_t):
        return [self.at_loss(f_s, f_t) for f_s, f_t in zip(g_s, g_t)]

    def at_loss(self, f_s, f_t):
        s_H, t_H = f_s.shape[2], f_t.shape[2]
        if s_H > t_H:
            f_s = F.adaptive_avg_pool2d(f_s, (t_H, t_H))
        elif s_H < t_H:
            f_t = F.adaptive_avg_pool2d(f_t, (s_H, s_H))
        else:
            pass
        return (self.at(f_s) - self.at(f_t)).pow(2).mean()

    def at(self, f):
        return F.normalize(f.pow(self.p).mean(1).view(f.size(0), -1))


def golden_at():
    cases = []

    def case(name, options, students, teachers):
        criterion = Attention(p=options.get("p", 2))
        sp = options.get("student-features", LAYERS)
        tp = options.get("teacher-features", LAYERS)
        cases.append(feature_case(name, options, students, teachers, pairs_loss(criterion, sp, tp)))

    g = seeded_generator(161203928)  # Zagoruyko & Komodakis, arXiv 1612.03928
    # resnet-like groups, teacher twice as wide (channels may differ: AT averages them away)
    case(
        "b4-default-3-pairs-relu",
        {},
        {"layer1": post_relu(g, (4, 8, 8, 8)), "layer2": post_relu(g, (4, 16, 4, 4)),
         "layer3": post_relu(g, (4, 32, 2, 2))},
        {"layer1": post_relu(g, (4, 16, 8, 8)), "layer2": post_relu(g, (4, 32, 4, 4)),
         "layer3": post_relu(g, (4, 64, 2, 2))},
    )
    case(
        "b4-one-pair-16x8x8-vs-32x8x8",
        {"student-features": ["layer2"], "teacher-features": ["layer2"]},
        {"layer2": post_relu(g, (4, 16, 8, 8))},
        {"layer2": post_relu(g, (4, 32, 8, 8))},
    )
    case(
        "b4-pre-activation-signed-p4",
        {"student-features": ["layer1.pre", "layer2.pre"],
         "teacher-features": ["layer1.pre", "layer2.pre"], "p": 4},
        {"layer1.pre": normal(g, (4, 8, 8, 8)), "layer2.pre": normal(g, (4, 16, 4, 4))},
        {"layer1.pre": normal(g, (4, 16, 8, 8)), "layer2.pre": normal(g, (4, 32, 4, 4))},
    )
    case(
        "b4-p3-relu",
        {"student-features": ["layer2"], "teacher-features": ["layer2"], "p": 3},
        {"layer2": post_relu(g, (4, 16, 4, 4))},
        {"layer2": post_relu(g, (4, 32, 4, 4))},
    )
    # differing spatial sizes: the larger map is average-pooled to the smaller (both ways)
    case(
        "b4-pooled-student-8x8-to-4x4-and-teacher-4x4-to-2x2",
        {"student-features": ["layer1", "layer3"], "teacher-features": ["layer2", "layer2"]},
        {"layer1": post_relu(g, (4, 8, 8, 8)), "layer3": post_relu(g, (4, 32, 2, 2))},
        {"layer2": post_relu(g, (4, 32, 4, 4))},
    )
    reference = feature_reference(
        "Attention",
        "distiller_zoo/AT.py",
        "sum over pairs of mean_{b,hw} (a_s - a_t)^2, a = normalize_L2(mean_c f^p) per image",
        "helper/loops.py: feat[1:-1] = layer1, layer2, layer3; -b 1000",
    )
    write_golden("at", reference, cases)


# --------------------------------------------------------------------------------------------
# sp: Tung & Mori ICCV 2019, as RepDistiller's Similarity.
# --------------------------------------------------------------------------------------------


class Similarity(nn.Module):
    """Similarity-preserving KD.

    Transcribed from HobbitLong/RepDistiller distiller_zoo/SP.py at
    b84f547c5db6a35318d4671d7d5c4de74c822403 (comments dropped).
    """

    def __init__(self):
        super(Similarity, self).__init__()

    def forward(self, g_s, g_t):
        return [self.similarity_loss(f_s, f_t) for f_s, f_t in zip(g_s, g_t)]

    def similarity_loss(self, f_s, f_t):
        bsz = f_s.shape[0]
        f_s = f_s.view(bsz, -1)
        f_t = f_t.view(bsz, -1)

        G_s = torch.mm(f_s, torch.t(f_s))
        G_s = torch.nn.functional.normalize(G_s)
        G_t = torch.mm(f_t, torch.t(f_t))
        G_t = torch.nn.functional.normalize(G_t)

        G_diff = G_t - G_s
        loss = (G_diff * G_diff).view(-1, 1).sum(0) / (bsz * bsz)
        return loss


def golden_sp():
    cases = []

    def case(name, options, students, teachers):
        sp = [options.get("student-feature", "layer3")]
        tp = [options.get("teacher-feature", "layer3")]
        cases.append(
            feature_case(name, options, students, teachers, pairs_loss(Similarity(), sp, tp))
        )

    g = seeded_generator(190709171)  # Tung & Mori, ICCV 2019
    case(
        "b4-default-layer3-16x8x8-vs-32x8x8",
        {},
        {"layer3": post_relu(g, (4, 16, 8, 8))},
        {"layer3": post_relu(g, (4, 32, 8, 8))},
    )
    case(
        "b8-default-layer3-32x4x4-vs-64x4x4",
        {},
        {"layer3": post_relu(g, (8, 32, 4, 4))},
        {"layer3": post_relu(g, (8, 64, 4, 4))},
    )
    # any shapes compare: only the B x B similarity matrices meet
    case(
        "b6-layer2-16x8x8-vs-pool-128",
        {"student-feature": "layer2", "teacher-feature": "pool"},
        {"layer2": post_relu(g, (6, 16, 8, 8))},
        {"pool": post_relu(g, (6, 128))},
    )
    case(
        "b4-pre-activation-signed",
        {"student-feature": "layer3.pre", "teacher-feature": "layer3.pre"},
        {"layer3.pre": normal(g, (4, 16, 4, 4))},
        {"layer3.pre": normal(g, (4, 32, 4, 4), 3.0)},
    )
    reference = feature_reference(
        "Similarity",
        "distiller_zoo/SP.py",
        "||normalize_rows(F_t F_t^T) - normalize_rows(F_s F_s^T)||_F^2 / B^2, F = f.view(B, -1)",
        "helper/loops.py: feat[-2] = layer3; -b 3000",
    )
    write_golden("sp", reference, cases)


# --------------------------------------------------------------------------------------------
# nst: Huang & Wang 2017, as RepDistiller's NSTLoss.
# --------------------------------------------------------------------------------------------


class NSTLoss(nn.Module):
    """Neuron selectivity transfer (polynomial kernel, d = 2, c = 0).

    Transcribed from HobbitLong/RepDistiller distiller_zoo/NST.py at
    b84f547c5db6a35318d4671d7d5c4de74c822403 (full_loss = True, as there).
    """

    def __init__(self):
        super(NSTLoss, self).__init__()

    def forward(self, g_s, g_t):
        return [self.nst_loss(f_s, f_t) for f_s, f_t in zip(g_s, g_t)]

    def nst_loss(self, f_s, f_t):
        s_H, t_H = f_s.shape[2], f_t.shape[2]
        if s_H > t_H:
            f_s = F.adaptive_avg_pool2d(f_s, (t_H, t_H))
        elif s_H < t_H:
            f_t = F.adaptive_avg_pool2d(f_t, (s_H, s_H))
        else:
            pass

        f_s = f_s.view(f_s.shape[0], f_s.shape[1], -1)
        f_s = F.normalize(f_s, dim=2)
        f_t = f_t.view(f_t.shape[0], f_t.shape[1], -1)
        f_t = F.normalize(f_t, dim=2)

        full_loss = True
        if full_loss:
            return (self.poly_kernel(f_t, f_t).mean().detach() + self.poly_kernel(f_s, f_s).mean()
                    - 2 * self.poly_kernel(f_s, f_t).mean())
        else:
            return self.poly_kernel(f_s, f_s).mean() - 2 * self.poly_kernel(f_s, f_t).mean()

    def poly_kernel(self, a, b):
        a = a.unsqueeze(1)
        b = b.unsqueeze(2)
        res = (a * b).sum(-1).pow(2)
        return res


def golden_nst():
    cases = []

    def case(name, options, students, teachers):
        sp = options.get("student-features", LAYERS)
        tp = options.get("teacher-features", LAYERS)
        cases.append(
            feature_case(name, options, students, teachers, pairs_loss(NSTLoss(), sp, tp))
        )

    g = seeded_generator(170701219)  # Huang & Wang, arXiv 1707.01219
    case(
        "b4-default-3-pairs-relu",
        {},
        {"layer1": post_relu(g, (4, 8, 8, 8)), "layer2": post_relu(g, (4, 16, 4, 4)),
         "layer3": post_relu(g, (4, 32, 2, 2))},
        {"layer1": post_relu(g, (4, 16, 8, 8)), "layer2": post_relu(g, (4, 32, 4, 4)),
         "layer3": post_relu(g, (4, 64, 2, 2))},
    )
    case(
        "b4-one-pair-16x8x8-vs-32x8x8",
        {"student-features": ["layer2"], "teacher-features": ["layer2"]},
        {"layer2": post_relu(g, (4, 16, 8, 8))},
        {"layer2": post_relu(g, (4, 32, 8, 8))},
    )
    case(
        "b4-pre-activation-signed",
        {"student-features": ["layer2.pre"], "teacher-features": ["layer2.pre"]},
        {"layer2.pre": normal(g, (4, 16, 4, 4))},
        {"layer2.pre": normal(g, (4, 32, 4, 4))},
    )
    case(
        "b4-pooled-student-8x8-to-4x4-and-teacher-4x4-to-2x2",
        {"student-features": ["layer1", "layer3"], "teacher-features": ["layer2", "layer2"]},
        {"layer1": post_relu(g, (4, 8, 8, 8)), "layer3": post_relu(g, (4, 32, 2, 2))},
        {"layer2": post_relu(g, (4, 32, 4, 4))},
    )
    reference = feature_reference(
        "NSTLoss",
        "distiller_zoo/NST.py",
        "sum over pairs of mean k(t,t) + mean k(s,s) - 2 mean k(s,t), k(x,y) = (x.y)^2 over "
        "channel maps L2-normalised over HW, means over (B, C, C')",
        "helper/loops.py: feat[1:-1] = layer1, layer2, layer3; -b 50",
    )
    write_golden("nst", reference, cases)


# --------------------------------------------------------------------------------------------
# pkt: Passalis & Tefas ECCV 2018, as RepDistiller's PKT.
# --------------------------------------------------------------------------------------------


class PKT(nn.Module):
    """Probabilistic knowledge transfer (cosine kernel).

    Transcribed from HobbitLong/RepDistiller distiller_zoo/PKT.py at
    b84f547c5db6a35318d4671d7d5c4de74c822403 (comments dropped).
    """

    def __init__(self):
        super(PKT, self).__init__()

    def forward(self, f_s, f_t):
        return self.cosine_similarity_loss(f_s, f_t)

    @staticmethod
    def cosine_similarity_loss(output_net, target_net, eps=0.0000001):
        output_net_norm = torch.sqrt(torch.sum(output_net ** 2, dim=1, keepdim=True))
        output_net = output_net / (output_net_norm + eps)
        output_net[output_net != output_net] = 0

        target_net_norm = torch.sqrt(torch.sum(target_net ** 2, dim=1, keepdim=True))
        target_net = target_net / (target_net_norm + eps)
        target_net[target_net != target_net] = 0

        model_similarity = torch.mm(output_net, output_net.transpose(0, 1))
        target_similarity = torch.mm(target_net, target_net.transpose(0, 1))

        model_similarity = (model_similarity + 1.0) / 2.0
        target_similarity = (target_similarity + 1.0) / 2.0

        model_similarity = model_similarity / torch.sum(model_similarity, dim=1, keepdim=True)
        target_similarity = target_similarity / torch.sum(target_similarity, dim=1, keepdim=True)

        loss = torch.mean(
            target_similarity * torch.log((target_similarity + eps) / (model_similarity + eps))
        )

        return loss


def golden_pkt():
    cases = []

    def case(name, options, students, teachers):
        sp = options.get("student-feature", "pool")
        tp = options.get("teacher-feature", "pool")
        cases.append(
            feature_case(name, options, students, teachers, lambda s, t: PKT()(s[sp], t[tp]))
        )

    g = seeded_generator(180312345)  # Passalis & Tefas, ECCV 2018
    case(
        "b4-default-pool-16-vs-32",
        {},
        {"pool": post_relu(g, (4, 16))},
        {"pool": post_relu(g, (4, 32))},
    )
    case(
        "b16-default-pool-64-vs-256",
        {},
        {"pool": post_relu(g, (16, 64))},
        {"pool": post_relu(g, (16, 256))},
    )
    case(
        "b8-signed-fc1-vs-fc1",
        {"student-feature": "fc1.pre", "teacher-feature": "fc1.pre"},
        {"fc1.pre": normal(g, (8, 40))},
        {"fc1.pre": normal(g, (8, 120), 4.0)},
    )
    reference = feature_reference(
        "PKT",
        "distiller_zoo/PKT.py",
        "mean_{i,j} q_ij log((q_ij + eps) / (p_ij + eps)), p = rows of (cos + 1)/2 normalised to "
        "sum 1 (student), q likewise (teacher), cos with norms + eps, eps = 1e-7",
        "helper/loops.py: feat[-1] = pool; -b 30000",
    )
    write_golden("pkt", reference, cases)
# rkd: Park et al. CVPR 2019, as RepDistiller's RKDLoss.
# --------------------------------------------------------------------------------------------


class RKDLoss(nn.Module):
    """Relational Knowledge Disitllation, CVPR2019

    Transcribed from HobbitLong/RepDistiller distiller_zoo/RKD.py at
    b84f547c5db6a35318d4671d7d5c4de74c822403 (unchanged since 5237c1f, 2019-10-21).
    """

    def __init__(self, w_d=25, w_a=50):
        super(RKDLoss, self).__init__()
        self.w_d = w_d
        self.w_a = w_a

    def forward(self, f_s, f_t):
        student = f_s.view(f_s.shape[0], -1)
        teacher = f_t.view(f_t.shape[0], -1)

        # RKD distance loss
        with torch.no_grad():
            t_d = self.pdist(teacher, squared=False)
            mean_td = t_d[t_d > 0].mean()
            t_d = t_d / mean_td

        d = self.pdist(student, squared=False)
        mean_d = d[d > 0].mean()
        d = d / mean_d

        loss_d = F.smooth_l1_loss(d, t_d)

        # RKD Angle loss
        with torch.no_grad():
            td = teacher.unsqueeze(0) - teacher.unsqueeze(1)
            norm_td = F.normalize(td, p=2, dim=2)
            t_angle = torch.bmm(norm_td, norm_td.transpose(1, 2)).view(-1)

        sd = student.unsqueeze(0) - student.unsqueeze(1)
        norm_sd = F.normalize(sd, p=2, dim=2)
        s_angle = torch.bmm(norm_sd, norm_sd.transpose(1, 2)).view(-1)

        loss_a = F.smooth_l1_loss(s_angle, t_angle)

        loss = self.w_d * loss_d + self.w_a * loss_a

        return loss

    @staticmethod
    def pdist(e, squared=False, eps=1e-12):
        e_square = e.pow(2).sum(dim=1)
        prod = e @ e.t()
        res = (e_square.unsqueeze(1) + e_square.unsqueeze(0) - 2 * prod).clamp(min=eps)

        if not squared:
            res = res.sqrt()

        res = res.clone()
        res[range(len(e)), range(len(e))] = 0
        return res


def golden_rkd():
    cases = []

    def case(name, options, student, teacher):
        criterion = RKDLoss(
            w_d=options.get("distance-weight", 25.0), w_a=options.get("angle-weight", 50.0)
        )
        cases.append(
            golden_case(
                name,
                options,
                {"student_feature": student, "teacher_feature": teacher},
                lambda student_feature, teacher_feature: criterion(
                    student_feature, teacher_feature
                ),
            )
        )

    g = seeded_generator(19041502)  # Park et al., arXiv 1904.05068
    case("b8-d16-d32-default", {}, normal(g, (8, 16)), normal(g, (8, 32), 2.0))
    # Large relations: distances and angles beyond smooth L1's quadratic zone (|x| >= 1).
    case("b6-d5-d5-spread", {}, normal(g, (6, 5), 0.5), uniform(g, (6, 5), 0.0, 1.0) ** 4)
    case(
        "b16-d64-d8-weights-1-2",
        {"distance-weight": 1.0, "angle-weight": 2.0},
        normal(g, (16, 64)),
        normal(g, (16, 8)),
    )
    # Spatial features: flattened per image (student (4,2,3,3) -> 18, teacher (4,3,2,2) -> 12).
    case("b4-spatial-c2x3x3-c3x2x2", {}, normal(g, (4, 2, 3, 3)), normal(g, (4, 3, 2, 2)))
    case("b3-d3-d4", {}, normal(g, (3, 3)), normal(g, (3, 4)))
    case(
        "b5-d6-d6-distance-only",
        {"angle-weight": 0.0},
        normal(g, (5, 6), 3.0),
        normal(g, (5, 6), 0.1),
    )
    reference = {
        "repository": REPDISTILLER,
        "file": "distiller_zoo/RKD.py",
        "symbol": "RKDLoss",
        "commit": REPDISTILLER_COMMIT,
        "formula": "25 * smooth_l1(d_s/mean d_s, d_t/mean d_t) + 50 * smooth_l1(angles_s, "
        "angles_t); d = pairwise Euclidean distances (squared distances clamped at 1e-12, "
        "diagonal 0), means over the positive entries; angles_ijk = <e_ij, e_ik>, "
        "e_ij = normalize(x_j - x_i); teacher side without gradient",
    }
    write_golden("rkd", reference, cases)


# --------------------------------------------------------------------------------------------
# dkd: Zhao et al. CVPR 2022, as mdistiller's DKD.
# --------------------------------------------------------------------------------------------

MDISTILLER = "megvii-research/mdistiller"
MDISTILLER_COMMIT = "a08d46f10d6102bd6e3f258ca5ac880b020ea259"


def dkd_loss(logits_student, logits_teacher, target, alpha, beta, temperature):
    """Transcribed from megvii-research/mdistiller mdistiller/distillers/DKD.py at
    a08d46f10d6102bd6e3f258ca5ac880b020ea259 (file unchanged since e8c5bb3, 2022-03-20)."""
    gt_mask = _get_gt_mask(logits_student, target)
    other_mask = _get_other_mask(logits_student, target)
    pred_student = F.softmax(logits_student / temperature, dim=1)
    pred_teacher = F.softmax(logits_teacher / temperature, dim=1)
    pred_student = cat_mask(pred_student, gt_mask, other_mask)
    pred_teacher = cat_mask(pred_teacher, gt_mask, other_mask)
    log_pred_student = torch.log(pred_student)
    tckd_loss = (
        F.kl_div(log_pred_student, pred_teacher, size_average=False)
        * (temperature**2)
        / target.shape[0]
    )
    pred_teacher_part2 = F.softmax(logits_teacher / temperature - 1000.0 * gt_mask, dim=1)
    log_pred_student_part2 = F.log_softmax(
        logits_student / temperature - 1000.0 * gt_mask, dim=1
    )
    nckd_loss = (
        F.kl_div(log_pred_student_part2, pred_teacher_part2, size_average=False)
        * (temperature**2)
        / target.shape[0]
    )
    return alpha * tckd_loss + beta * nckd_loss


def _get_gt_mask(logits, target):
    target = target.reshape(-1)
    mask = torch.zeros_like(logits).scatter_(1, target.unsqueeze(1), 1).bool()
    return mask


def _get_other_mask(logits, target):
    target = target.reshape(-1)
    mask = torch.ones_like(logits).scatter_(1, target.unsqueeze(1), 0).bool()
    return mask


def cat_mask(t, mask1, mask2):
    t1 = (t * mask1).sum(dim=1, keepdims=True)
    t2 = (t * mask2).sum(1, keepdims=True)
    rt = torch.cat([t1, t2], dim=1)
    return rt


def dkd_forward_train_term(logits_student, logits_teacher, target, epoch, cfg):
    """The loss_kd of DKD.forward_train: min(kwargs["epoch"] / WARMUP, 1) * dkd_loss(...).
    mdistiller's trainer passes epoch = 1, 2, ... (1-based; engine/trainer.py starts at 1)."""
    return min(epoch / cfg["WARMUP"], 1.0) * dkd_loss(
        logits_student, logits_teacher, target, cfg["ALPHA"], cfg["BETA"], cfg["T"]
    )


# mdistiller engine/cfg.py: CFG.DKD.CE_WEIGHT 1.0, ALPHA 1.0, BETA 8.0, T 4.0, WARMUP 20.
DKD_DEFAULTS = {"ALPHA": 1.0, "BETA": 8.0, "T": 4.0, "WARMUP": 20}


def golden_dkd():
    cases = []

    def case(name, options, student, teacher, labels, epoch):
        cfg = dict(DKD_DEFAULTS)
        cfg["ALPHA"] = options.get("alpha", cfg["ALPHA"])
        cfg["BETA"] = options.get("beta", cfg["BETA"])
        cfg["T"] = options.get("temperature", cfg["T"])
        cfg["WARMUP"] = options.get("warmup-epochs", cfg["WARMUP"])
        cases.append(
            golden_case(
                name,
                options,
                {
                    "student_logits": student,
                    "teacher_logits": teacher,
                    "labels": labels.float(),
                    # mdistiller's 1-based epoch; Distillery's 0-based epoch is this minus 1.
                    "mdistiller_epoch": torch.tensor(float(epoch)),
                },
                lambda student_logits, teacher_logits, labels, mdistiller_epoch: (
                    dkd_forward_train_term(
                        student_logits,
                        teacher_logits,
                        labels.long(),
                        int(mdistiller_epoch),
                        cfg,
                    )
                ),
            )
        )

    def labels(g, batch, classes):
        return torch.randint(0, classes, (batch,), generator=g)

    g = seeded_generator(22030808)  # Zhao et al., arXiv 2203.08679
    case("b8-c10-default-epoch1", {}, normal(g, (8, 10), 2.0), normal(g, (8, 10), 3.0),
         labels(g, 8, 10), 1)
    case("b8-c10-default-epoch20", {}, normal(g, (8, 10), 2.0), normal(g, (8, 10), 3.0),
         labels(g, 8, 10), 20)
    case("b8-c100-default-epoch240", {}, normal(g, (8, 100), 2.0), normal(g, (8, 100), 3.0),
         labels(g, 8, 100), 240)
    case(
        "b16-c10-a2-b0.5-t1-w1-epoch3",
        {"alpha": 2.0, "beta": 0.5, "temperature": 1.0, "warmup-epochs": 1},
        normal(g, (16, 10), 2.0),
        normal(g, (16, 10), 2.0),
        labels(g, 16, 10),
        3,
    )
    case(
        "b4-c5-t2-w5-epoch2",
        {"temperature": 2.0, "warmup-epochs": 5},
        uniform(g, (4, 5), -10.0, 10.0),
        uniform(g, (4, 5), -10.0, 10.0),
        labels(g, 4, 5),
        2,
    )
    reference = {
        "repository": MDISTILLER,
        "file": "mdistiller/distillers/DKD.py",
        "symbol": "dkd_loss, DKD.forward_train (loss_kd)",
        "commit": MDISTILLER_COMMIT,
        "formula": "min(epoch/warmup, 1) * (alpha * TCKD + beta * NCKD), epoch 1-based; "
        "TCKD = KL([p_gt, 1-p_gt]_t || [p_gt, 1-p_gt]_s) * T^2 / B, "
        "NCKD = KL(softmax(t/T - 1000 gt) || log_softmax(s/T - 1000 gt)) * T^2 / B",
        "epoch": "input mdistiller_epoch is mdistiller's 1-based epoch = Distillery's "
        "0-based TrainingStep.epoch + 1",
    }
    write_golden("dkd", reference, cases)


# --------------------------------------------------------------------------------------------
# cc: Peng et al. ICCV 2019, as RepDistiller's Correlation with its embeddings.
# --------------------------------------------------------------------------------------------


class Correlation(nn.Module):
    """Correlation Congruence for Knowledge Distillation, ICCV 2019.

    Transcribed from HobbitLong/RepDistiller distiller_zoo/CC.py at
    b84f547c5db6a35318d4671d7d5c4de74c822403 (unchanged since 34557d2, 2020-01-12).
    """

    def __init__(self):
        super(Correlation, self).__init__()

    def forward(self, f_s, f_t):
        delta = torch.abs(f_s - f_t)
        loss = torch.mean((delta[:-1] * delta[1:]).sum(1))
        return loss


class Normalize(nn.Module):
    """models/util.py Normalize (same commit)."""

    def __init__(self, power=2):
        super(Normalize, self).__init__()
        self.power = power

    def forward(self, x):
        norm = x.pow(self.power).sum(1, keepdim=True).pow(1.0 / self.power)
        out = x.div(norm)
        return out


def embed(x, weight, bias, l2_normalize):
    """models/util.py LinearEmbed (train_student.py's choice for 'correlation'):
    x.view(B, -1) then nn.Linear; with l2_normalize, models/util.py Embed (Linear + Normalize)."""
    x = x.view(x.shape[0], -1)
    x = F.linear(x, weight, bias)
    return Normalize(2)(x) if l2_normalize else x


def golden_cc():
    cases = []

    def case(name, options, student, teacher, embed_dim):
        l2 = options.get("l2-normalize", False)
        s_dim = student[0].numel()
        t_dim = teacher[0].numel()
        # nn.Linear's default initialisation: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
        inputs = {
            "student_feature": student,
            "teacher_feature": teacher,
            "student_embed_weight": uniform(g, (embed_dim, s_dim), -s_dim**-0.5, s_dim**-0.5),
            "student_embed_bias": uniform(g, (embed_dim,), -s_dim**-0.5, s_dim**-0.5),
            "teacher_embed_weight": uniform(g, (embed_dim, t_dim), -t_dim**-0.5, t_dim**-0.5),
            "teacher_embed_bias": uniform(g, (embed_dim,), -t_dim**-0.5, t_dim**-0.5),
        }
        criterion = Correlation()

        def loss_fn(student_feature, teacher_feature, student_embed_weight,
                    student_embed_bias, teacher_embed_weight, teacher_embed_bias):
            # helper/loops.py: f_s = module_list[1](feat_s[-1]); f_t = module_list[2](feat_t[-1])
            f_s = embed(student_feature, student_embed_weight, student_embed_bias, l2)
            f_t = embed(teacher_feature, teacher_embed_weight, teacher_embed_bias, l2)
            return criterion(f_s, f_t)

        cases.append(golden_case(name, options, inputs, loss_fn))

    g = seeded_generator(19040100)  # Peng et al., arXiv 1904.01802
    case("b8-d16-d32-e128-default", {}, normal(g, (8, 16)), normal(g, (8, 32), 2.0), 128)
    case("b4-d64-d8-e16", {"embed-dim": 16}, normal(g, (4, 64)), normal(g, (4, 8)), 16)
    case(
        "b6-spatial-c2x2x2-c3x2x2-e8",
        {"embed-dim": 8},
        normal(g, (6, 2, 2, 2)),
        normal(g, (6, 3, 2, 2)),
        8,
    )
    case(
        "b8-d16-d32-e128-l2",
        {"l2-normalize": True},
        normal(g, (8, 16)),
        normal(g, (8, 32), 2.0),
        128,
    )
    case(
        "b5-d10-d10-e32-l2",
        {"embed-dim": 32, "l2-normalize": True},
        normal(g, (5, 10), 3.0),
        normal(g, (5, 10)),
        32,
    )
    reference = {
        "repository": REPDISTILLER,
        "file": "distiller_zoo/CC.py (Correlation); models/util.py (LinearEmbed, Embed, "
        "Normalize); train_student.py and helper/loops.py (how 'correlation' is built)",
        "symbol": "Correlation",
        "commit": REPDISTILLER_COMMIT,
        "formula": "mean_{b<B-1} sum_k |f_s - f_t|_{b,k} * |f_s - f_t|_{b+1,k}, "
        "f = Linear(flatten(feature)) [then l2-normalised with l2-normalize]; "
        "both embeddings trainable, the teacher feature itself detached",
    }
    write_golden("cc", reference, cases)


# --------------------------------------------------------------------------------------------
# fitnet: Romero et al. ICLR 2015, as RepDistiller's HintLoss on ConvReg.
# --------------------------------------------------------------------------------------------


class HintLoss(nn.Module):
    """Fitnets: hints for thin deep nets, ICLR 2015

    Transcribed from HobbitLong/RepDistiller distiller_zoo/FitNet.py at
    b84f547c5db6a35318d4671d7d5c4de74c822403: nn.MSELoss() (mean over all elements).
    """

    def __init__(self):
        super(HintLoss, self).__init__()
        self.crit = nn.MSELoss()

    def forward(self, f_s, f_t):
        return self.crit(f_s, f_t)


def conv_reg(x, s_shape, t_shape, conv_weight, conv_bias, bn_weight, bn_bias):
    """models/util.py ConvReg.forward (same commit, use_relu=True) in training mode, its
    parameters passed in: conv (stride 2 / padding 1 for s_H == 2 t_H, kernel
    (1+s_H-t_H, 1+s_W-t_W) for s_H >= t_H), BatchNorm2d with batch statistics, ReLU. The
    ConvTranspose2d case (s_H * 2 == t_H) is not transcribed: Distillery replaces it."""
    s_N, s_C, s_H, s_W = s_shape
    t_N, t_C, t_H, t_W = t_shape
    if s_H == 2 * t_H:
        x = F.conv2d(x, conv_weight, conv_bias, stride=2, padding=1)
    elif s_H * 2 == t_H:
        raise NotImplementedError("ConvTranspose2d case")
    elif s_H >= t_H:
        x = F.conv2d(x, conv_weight, conv_bias)
    else:
        raise NotImplementedError("student size {}, teacher size {}".format(s_H, t_H))
    x = F.batch_norm(x, None, None, bn_weight, bn_bias, training=True, momentum=0.1, eps=1e-5)
    return F.relu(x)


def golden_fitnet():
    cases = []

    def case(name, options, student, teacher):
        s_C, s_H, s_W = student.shape[1:]
        t_C, t_H, t_W = teacher.shape[1:]
        if s_H == 2 * t_H:
            kernel = (3, 3)
        else:
            kernel = (1 + s_H - t_H, 1 + s_W - t_W)
        fan_in = s_C * kernel[0] * kernel[1]
        bound = fan_in**-0.5  # nn.Conv2d's default initialisation range
        inputs = {
            "student_feature": student,
            "teacher_feature": teacher,
            "regressor_conv_weight": uniform(g, (t_C, s_C) + kernel, -bound, bound),
            "regressor_conv_bias": uniform(g, (t_C,), -bound, bound),
            "regressor_bn_weight": uniform(g, (t_C,), 0.5, 1.5),
            "regressor_bn_bias": uniform(g, (t_C,), -0.5, 0.5),
        }
        criterion = HintLoss()

        def loss_fn(student_feature, teacher_feature, regressor_conv_weight,
                    regressor_conv_bias, regressor_bn_weight, regressor_bn_bias):
            # helper/loops.py: f_s = module_list[1](feat_s[opt.hint_layer]); f_t = feat_t[...]
            f_s = conv_reg(student_feature, student.shape, teacher.shape, regressor_conv_weight,
                           regressor_conv_bias, regressor_bn_weight, regressor_bn_bias)
            return criterion(f_s, teacher_feature)

        cases.append(golden_case(name, options, inputs, loss_fn))

    g = seeded_generator(14126550)  # Romero et al., arXiv 1412.6550
    case("b4-s8x8x8-t16x4x4-stride2-default", {}, post_relu(g, (4, 8, 8, 8)),
         post_relu(g, (4, 16, 4, 4)))
    case("b4-s4x4x4-t8x4x4-kernel1", {"student-feature": "layer3", "teacher-feature": "layer3"},
         post_relu(g, (4, 4, 4, 4)), post_relu(g, (4, 8, 4, 4)))
    case("b3-s6x6x6-t5x4x4-kernel3", {}, post_relu(g, (3, 6, 6, 6)), post_relu(g, (3, 5, 4, 4)))
    case("b4-s3x6x5-t4x4x3-kernel3x3-nonsquare", {}, normal(g, (4, 3, 6, 5)),
         post_relu(g, (4, 4, 4, 3)))
    case("b8-s4x8x8-t4x4x4-stride2", {"student-feature": "layer1", "teacher-feature": "layer2"},
         normal(g, (8, 4, 8, 8), 2.0), post_relu(g, (8, 4, 4, 4)))
    reference = {
        "repository": REPDISTILLER,
        "file": "distiller_zoo/FitNet.py (HintLoss); models/util.py (ConvReg); "
        "train_student.py and helper/loops.py (how 'hint' is built)",
        "symbol": "HintLoss",
        "commit": REPDISTILLER_COMMIT,
        "formula": "mean((ReLU(BN(conv(f_s))) - f_t)^2), BN with batch statistics; "
        "conv 3x3 stride 2 pad 1 when s_H == 2 t_H, else kernel (1+s_H-t_H, 1+s_W-t_W)",
        "default-weight": "scripts/run_cifar_distill.sh --distill hint -b 100",
    }
    write_golden("fitnet", reference, cases)


# --------------------------------------------------------------------------------------------
# fsp: Yim et al. CVPR 2017, as RepDistiller's FSP.
# --------------------------------------------------------------------------------------------


class FSP(nn.Module):
    """A Gift from Knowledge Distillation: Fast Optimization, Network Minimization and
    Transfer Learning

    Transcribed from HobbitLong/RepDistiller distiller_zoo/FSP.py at
    b84f547c5db6a35318d4671d7d5c4de74c822403 (the channel check of __init__ is done by the
    Java method at creation).
    """

    def forward(self, g_s, g_t):
        s_fsp = self.compute_fsp(g_s)
        t_fsp = self.compute_fsp(g_t)
        return [self.compute_loss(s, t) for s, t in zip(s_fsp, t_fsp)]

    @staticmethod
    def compute_loss(s, t):
        return (s - t).pow(2).mean()

    @staticmethod
    def compute_fsp(g):
        fsp_list = []
        for i in range(len(g) - 1):
            bot, top = g[i], g[i + 1]
            b_H, t_H = bot.shape[2], top.shape[2]
            if b_H > t_H:
                bot = F.adaptive_avg_pool2d(bot, (t_H, t_H))
            elif b_H < t_H:
                top = F.adaptive_avg_pool2d(top, (b_H, b_H))
            bot = bot.unsqueeze(1)
            top = top.unsqueeze(2)
            bot = bot.view(bot.shape[0], bot.shape[1], bot.shape[2], -1)
            top = top.view(top.shape[0], top.shape[1], top.shape[2], -1)
            fsp = (bot * top).mean(-1)
            fsp_list.append(fsp)
        return fsp_list


FSP_POINTS = ["stem", "layer1", "layer2", "layer3"]


def golden_fsp():
    cases = []

    def case(name, options, students, teachers):
        sp = options.get("student-features", FSP_POINTS)
        tp = options.get("teacher-features", FSP_POINTS)
        # helper/pretrain.py: loss = sum(criterion(feat_s[:-1], feat_t[:-1]))
        cases.append(feature_case(name, options, students, teachers,
                                  pairs_loss(FSP(), sp, tp)))

    g = seeded_generator(17000000)  # Yim et al., CVPR 2017
    # resnet-like: stem 16x8x8, layer1 16x8x8, layer2 32x4x4, layer3 64x2x2 (scaled down).
    def resnet_like(batch, size, scale=1.0):
        return {
            "stem": post_relu(g, (batch, 4, size, size)) * scale,
            "layer1": post_relu(g, (batch, 4, size, size)) * scale,
            "layer2": post_relu(g, (batch, 8, size // 2, size // 2)) * scale,
            "layer3": post_relu(g, (batch, 16, size // 4, size // 4)) * scale,
        }

    case("b4-resnet-like-8x8-default", {}, resnet_like(4, 8), resnet_like(4, 8))
    case("b3-student-8x8-teacher-16x16", {}, resnet_like(3, 8), resnet_like(3, 16, 2.0))
    case(
        "b4-two-points-layer2-layer3",
        {"student-features": ["layer2", "layer3"], "teacher-features": ["layer2", "layer3"]},
        {"layer2": normal(g, (4, 3, 4, 4)), "layer3": normal(g, (4, 5, 2, 2))},
        {"layer2": post_relu(g, (4, 3, 4, 4)), "layer3": post_relu(g, (4, 5, 2, 2))},
    )
    case(
        "b2-renamed-points-3-pairs",
        {"student-features": ["a", "b", "c"], "teacher-features": ["x", "y", "z"]},
        {"a": normal(g, (2, 2, 4, 4)), "b": normal(g, (2, 3, 4, 4)),
         "c": normal(g, (2, 4, 2, 2))},
        {"x": normal(g, (2, 2, 8, 8)), "y": normal(g, (2, 3, 2, 2)),
         "z": normal(g, (2, 4, 4, 4))},
    )
    case("b6-resnet-like-4x4", {}, resnet_like(6, 4, 3.0), resnet_like(6, 4))
    reference = feature_reference(
        "FSP",
        "distiller_zoo/FSP.py (FSP); helper/pretrain.py (init phase) and train_student.py",
        "sum over consecutive pairs (i, i+1) of mean((G_s - G_t)^2), "
        "G[b,c2,c1] = mean_hw f_{i+1}[b,c2,hw] * f_i[b,c1,hw] after pooling the larger map "
        "to the smaller (square) size",
        "feat[:-1] = stem, layer1, layer2, layer3",
    )
    reference["default-weight"] = (
        "1 (RepDistiller uses FSP only in its init phase, loss = sum of pairs; "
        "run_cifar_distill.sh -b 50 has no effect: helper/loops.py sets loss_kd = 0 for fsp)"
    )
    write_golden("fsp", reference, cases)
# vid: Ahn et al. CVPR 2019, as RepDistiller's VIDLoss.
# --------------------------------------------------------------------------------------------


def vid_loss(input, target, w1, w2, w3, log_scale, eps=1e-5):
    """Variational Information Distillation (CVPR 2019).

    Transcribed from HobbitLong/RepDistiller distiller_zoo/VID.py VIDLoss.forward at
    b84f547c5db6a35318d4671d7d5c4de74c822403; the regressor's three bias-free 1x1 convolutions
    and the log_scale parameter are arguments (so they can be stored as inputs).
    """
    s_H, t_H = input.shape[2], target.shape[2]
    if s_H > t_H:
        input = F.adaptive_avg_pool2d(input, (t_H, t_H))
    elif s_H < t_H:
        target = F.adaptive_avg_pool2d(target, (s_H, s_H))
    else:
        pass
    pred_mean = F.conv2d(F.relu(F.conv2d(F.relu(F.conv2d(input, w1)), w2)), w3)
    pred_var = torch.log(1.0 + torch.exp(log_scale)) + eps
    pred_var = pred_var.view(1, -1, 1, 1)
    neg_log_prob = 0.5 * ((pred_mean - target) ** 2 / pred_var + torch.log(pred_var))
    loss = torch.mean(neg_log_prob)
    return loss


def golden_vid():
    """Inputs: student_feat_<point>, teacher_feat_<point>, and per pair i the regressor weights
    student_regressor<i>_conv1..3 and student_regressor<i>_log_scale (so every weight gets a
    reference gradient)."""
    cases = []
    init_pred_var, eps = 5.0, 1e-5

    def case(name, options, students, teachers, student_points, teacher_points):
        inputs = {"student_feat_" + k: v for k, v in students.items()}
        inputs.update({"teacher_feat_" + k: v for k, v in teachers.items()})
        for i, (sp, tp) in enumerate(zip(student_points, teacher_points)):
            c_s, c_t = students[sp].shape[1], teachers[tp].shape[1]
            # nn.Conv2d's default initialisation: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
            inputs[f"student_regressor{i}_conv1"] = uniform(g, (c_t, c_s, 1, 1), -c_s**-0.5, c_s**-0.5)
            inputs[f"student_regressor{i}_conv2"] = uniform(g, (c_t, c_t, 1, 1), -c_t**-0.5, c_t**-0.5)
            inputs[f"student_regressor{i}_conv3"] = uniform(g, (c_t, c_t, 1, 1), -c_t**-0.5, c_t**-0.5)
            # VIDLoss.__init__: log(exp(init_pred_var - eps) - 1), here spread per channel so
            # that each channel's variance matters.
            alpha = float(np.log(np.exp(init_pred_var - eps) - 1.0))
            inputs[f"student_regressor{i}_log_scale"] = (
                alpha + uniform(g, (c_t,), -2.0, 2.0)).float()

        def loss_fn(**leaves):
            # helper/loops.py: loss_kd = sum(c(f_s, f_t) for each pair of feat[1:-1])
            total = 0
            for i, (sp, tp) in enumerate(zip(student_points, teacher_points)):
                total = total + vid_loss(
                    leaves["student_feat_" + sp], leaves["teacher_feat_" + tp],
                    leaves[f"student_regressor{i}_conv1"], leaves[f"student_regressor{i}_conv2"],
                    leaves[f"student_regressor{i}_conv3"], leaves[f"student_regressor{i}_log_scale"],
                    eps)
            return total.reshape(())

        cases.append(golden_case(name, options, inputs, loss_fn))

    g = seeded_generator(19050100)  # Ahn et al., arXiv 1904.05835
    case(
        "b4-resnet-like-default-pairs",
        {},
        {"layer1": normal(g, (4, 4, 8, 8)), "layer2": normal(g, (4, 8, 4, 4)),
         "layer3": normal(g, (4, 16, 2, 2))},
        {"layer1": post_relu(g, (4, 8, 8, 8)), "layer2": post_relu(g, (4, 16, 4, 4)),
         "layer3": post_relu(g, (4, 32, 2, 2))},
        LAYERS, LAYERS,
    )
    case(
        "b3-student-8x8-pooled-to-teacher-4x4",
        {"student-features": ["layer1"], "teacher-features": ["layer2"]},
        {"layer1": normal(g, (3, 6, 8, 8), 2.0)},
        {"layer2": post_relu(g, (3, 5, 4, 4))},
        ["layer1"], ["layer2"],
    )
    case(
        "b3-teacher-8x8-pooled-to-student-2x2",
        {"student-features": ["layer3"], "teacher-features": ["layer1"]},
        {"layer3": normal(g, (3, 8, 2, 2))},
        {"layer1": post_relu(g, (3, 4, 8, 8)) * 3.0},
        ["layer3"], ["layer1"],
    )
    case(
        "b2-two-pairs-crossed-init-pred-var-1",
        {"student-features": ["layer1", "layer2"], "teacher-features": ["layer2", "layer1"],
         "init-pred-var": 1.0},
        {"layer1": normal(g, (2, 3, 4, 4)), "layer2": normal(g, (2, 5, 2, 2))},
        {"layer1": post_relu(g, (2, 6, 4, 4)), "layer2": post_relu(g, (2, 7, 2, 2))},
        ["layer1", "layer2"], ["layer2", "layer1"],
    )
    case(
        "b5-equal-channels-large-values",
        {"student-features": ["layer2"], "teacher-features": ["layer2"]},
        {"layer2": normal(g, (5, 4, 3, 3), 4.0)},
        {"layer2": post_relu(g, (5, 4, 3, 3)) * 4.0},
        ["layer2"], ["layer2"],
    )
    reference = {
        "repository": REPDISTILLER,
        "file": "distiller_zoo/VID.py (VIDLoss); train_student.py and helper/loops.py (one "
        "VIDLoss(C_s, C_t, C_t) per pair of feat[1:-1], summed)",
        "symbol": "VIDLoss",
        "commit": REPDISTILLER_COMMIT,
        "formula": "sum_pairs mean_{b,c,h,w} 0.5*((R(s)-t)^2/v_c + log v_c), "
        "v = softplus(log_scale) + 1e-5, R = conv1x1-relu-conv1x1-relu-conv1x1, the larger map "
        "adaptive-average-pooled to the smaller size",
        "default-weight": "scripts/run_cifar_distill.sh -b 1",
    }
    write_golden("vid", reference, cases)


# --------------------------------------------------------------------------------------------
# ab: Heo et al. AAAI 2019, as RepDistiller's ABLoss on its Connector.
# --------------------------------------------------------------------------------------------


class ABLoss(nn.Module):
    """Knowledge Transfer via Distillation of Activation Boundaries Formed by Hidden Neurons

    Transcribed from HobbitLong/RepDistiller distiller_zoo/AB.py at
    b84f547c5db6a35318d4671d7d5c4de74c822403.
    """

    def __init__(self, feat_num, margin=1.0):
        super(ABLoss, self).__init__()
        self.w = [2**(i-feat_num+1) for i in range(feat_num)]
        self.margin = margin

    def forward(self, g_s, g_t):
        bsz = g_s[0].shape[0]
        losses = [self.criterion_alternative_l2(s, t) for s, t in zip(g_s, g_t)]
        losses = [w * l for w, l in zip(self.w, losses)]
        losses = [l / bsz for l in losses]
        losses = [l / 1000 * 3 for l in losses]
        return losses

    def criterion_alternative_l2(self, source, target):
        loss = ((source + self.margin) ** 2 * ((source > -self.margin) & (target <= 0)).float() +
                (source - self.margin) ** 2 * ((source <= self.margin) & (target > 0)).float())
        return torch.abs(loss).sum()


def ab_connector(x, s_shape, t_shape, weight, bias, gamma, beta):
    """models/util.py Connector: nn.Sequential() (identity) when channels and height agree,
    else ConvReg(s, t, use_relu=False): conv (3x3/2 pad 1 when s_H == 2 t_H, else kernel
    (1+s_H-t_H, 1+s_W-t_W)) then BatchNorm2d in training mode (the init phase's
    init_modules.train()). Weights are arguments."""
    if s_shape[1] == t_shape[1] and s_shape[2] == t_shape[2]:
        return x
    if s_shape[2] == 2 * t_shape[2]:
        x = F.conv2d(x, weight, bias, stride=2, padding=1)
    else:
        x = F.conv2d(x, weight, bias)
    return F.batch_norm(x, None, None, gamma, beta, training=True, eps=1e-5)


def golden_ab():
    """Inputs: student_feat_<point>, teacher_feat_<point> (pre-activation maps) and per pair i
    with differing shapes the connector's student_connector<i>_weight, _bias, _gamma, _beta."""
    cases = []

    def case(name, options, students, teachers, student_points, teacher_points, margin=1.0):
        inputs = {"student_feat_" + k: v for k, v in students.items()}
        inputs.update({"teacher_feat_" + k: v for k, v in teachers.items()})
        shapes = []
        for i, (sp, tp) in enumerate(zip(student_points, teacher_points)):
            # shapes as train_student.py passes them: (N, C, H, W)
            s, t = students[sp].shape, teachers[tp].shape
            shapes.append((s, t))
            if s[1] == t[1] and s[2] == t[2]:
                continue
            k = (3, 3) if s[2] == 2 * t[2] else (1 + s[2] - t[2], 1 + s[3] - t[3])
            bound = (s[1] * k[0] * k[1]) ** -0.5
            inputs[f"student_connector{i}_weight"] = uniform(g, (t[1], s[1]) + k, -bound, bound)
            inputs[f"student_connector{i}_bias"] = uniform(g, (t[1],), -bound, bound)
            # BatchNorm2d starts at gamma 1, beta 0; spread here so that both matter.
            inputs[f"student_connector{i}_gamma"] = uniform(g, (t[1],), 0.5, 1.5)
            inputs[f"student_connector{i}_beta"] = uniform(g, (t[1],), -0.5, 0.5)
        criterion = ABLoss(len(student_points), margin)

        def loss_fn(**leaves):
            # helper/pretrain.py: g_s = init_modules[0](feat_s[1:-1]); loss = sum(criterion(g_s, g_t))
            g_s, g_t = [], []
            for i, (sp, tp) in enumerate(zip(student_points, teacher_points)):
                s_shape, t_shape = shapes[i]
                g_s.append(ab_connector(
                    leaves["student_feat_" + sp], s_shape, t_shape,
                    leaves.get(f"student_connector{i}_weight"),
                    leaves.get(f"student_connector{i}_bias"),
                    leaves.get(f"student_connector{i}_gamma"),
                    leaves.get(f"student_connector{i}_beta")))
                g_t.append(leaves["teacher_feat_" + tp])
            return sum(criterion(g_s, g_t)).reshape(())

        cases.append(golden_case(name, options, inputs, loss_fn))

    g = seeded_generator(18110300)  # Heo et al., arXiv 1811.03233
    pre = ["layer1.pre", "layer2.pre", "layer3.pre"]
    case(
        "b4-resnet-like-default-pairs-1x1-connectors",
        {},
        {"layer1.pre": normal(g, (4, 4, 8, 8)), "layer2.pre": normal(g, (4, 8, 4, 4)),
         "layer3.pre": normal(g, (4, 16, 2, 2))},
        {"layer1.pre": normal(g, (4, 8, 8, 8)), "layer2.pre": normal(g, (4, 16, 4, 4)),
         "layer3.pre": normal(g, (4, 32, 2, 2))},
        pre, pre,
    )
    case(
        "b3-equal-shapes-identity",
        {"student-features": ["layer2.pre"], "teacher-features": ["layer2.pre"]},
        {"layer2.pre": normal(g, (3, 5, 4, 4), 1.5)},
        {"layer2.pre": normal(g, (3, 5, 4, 4))},
        ["layer2.pre"], ["layer2.pre"],
    )
    case(
        "b3-stride-2-connector-8x8-to-4x4",
        {"student-features": ["layer1.pre"], "teacher-features": ["layer2.pre"]},
        {"layer1.pre": normal(g, (3, 4, 8, 8))},
        {"layer2.pre": normal(g, (3, 6, 4, 4))},
        ["layer1.pre"], ["layer2.pre"],
    )
    case(
        "b2-kernel-3x3-connector-5x5-to-3x3",
        {"student-features": ["layer2.pre"], "teacher-features": ["layer2.pre"]},
        {"layer2.pre": normal(g, (2, 3, 5, 5))},
        {"layer2.pre": normal(g, (2, 4, 3, 3))},
        ["layer2.pre"], ["layer2.pre"],
    )
    case(
        "b4-two-pairs-identity-and-1x1-margin-0.5",
        {"student-features": ["layer1.pre", "layer2.pre"],
         "teacher-features": ["layer1.pre", "layer2.pre"], "margin": 0.5},
        {"layer1.pre": normal(g, (4, 4, 4, 4)), "layer2.pre": normal(g, (4, 6, 2, 2), 2.0)},
        {"layer1.pre": normal(g, (4, 4, 4, 4)), "layer2.pre": normal(g, (4, 10, 2, 2))},
        ["layer1.pre", "layer2.pre"], ["layer1.pre", "layer2.pre"],
        margin=0.5,
    )
    reference = {
        "repository": REPDISTILLER,
        "file": "distiller_zoo/AB.py (ABLoss); models/util.py (Connector, ConvReg with "
        "use_relu=False); train_student.py and helper/pretrain.py (how 'abound' is built and "
        "trained: pre-activation feat[1:-1], loss = sum(ABLoss(...)), connector in train mode)",
        "symbol": "ABLoss",
        "commit": REPDISTILLER_COMMIT,
        "formula": "sum_i 2^(i-n+1) * sum((s+m)^2 [s>-m & t<=0] + (s-m)^2 [s<=m & t>0]) / B "
        "/ 1000 * 3, s = Connector_i(student pre-activation) (identity for equal shapes, else "
        "conv + BatchNorm in training mode), t = teacher pre-activation",
        "default-weight": "scripts/run_cifar_distill.sh -b 1 (init phase: unweighted sum)",
    }
    write_golden("ab", reference, cases)


# --------------------------------------------------------------------------------------------
# ofd: Heo et al. ICCV 2019, as clovaai/overhaul-distillation's CIFAR-100 Distiller.
# --------------------------------------------------------------------------------------------

OVERHAUL = "clovaai/overhaul-distillation"
OVERHAUL_COMMIT = "76344a84a7ce23c894f41a2e05b866c9b73fd85a"


def ofd_distillation_loss(source, target, margin):
    """Transcribed from clovaai/overhaul-distillation CIFAR-100/distiller.py
    (distillation_loss) at 76344a84a7ce23c894f41a2e05b866c9b73fd85a."""
    target = torch.max(target, margin)
    loss = torch.nn.functional.mse_loss(source, target, reduction="none")
    loss = loss * ((source > target) | (target > 0)).float()
    return loss.sum()


def ofd_get_margin_from_BN(bn):
    """Transcribed from the same file (get_margin_from_BN); only the scipy import moved here."""
    import math
    from scipy.stats import norm

    margin = []
    std = bn.weight.data
    mean = bn.bias.data
    for (s, m) in zip(std, mean):
        s = abs(s.item())
        m = m.item()
        if norm.cdf(-m / s) > 0.001:
            margin.append(- s * math.exp(- (m / s) ** 2 / 2) / math.sqrt(2 * math.pi) / norm.cdf(-m / s) + m)
        else:
            margin.append(-3 * s)

    return torch.FloatTensor(margin).to(std.device)


def ofd_connector(x, weight, gamma, beta):
    """build_feature_connector: Conv2d(s, t, 1x1, bias=False) then BatchNorm2d(t), in training
    mode (train_with_distillation.py calls d_net.train()). Weights are arguments."""
    x = F.conv2d(x, weight)
    return F.batch_norm(x, None, None, gamma, beta, training=True, eps=1e-5)


def golden_ofd():
    """Inputs: student_feat_<point>, teacher_feat_<point> (pre-ReLU maps), the teacher's batch
    norm of each teacher point (teacher_bn_<point>_weight, _bias: gamma, beta) and per pair i the
    connector's student_connector<i>_weight, _gamma, _beta."""
    import types

    cases = []

    def teacher_bn(channels, beta_low=-2.0, beta_high=2.0):
        gamma = uniform(g, (channels,), 0.3, 2.0) * torch.where(
            uniform(g, (channels,), 0, 1) < 0.25, -1.0, 1.0)
        beta = uniform(g, (channels,), beta_low, beta_high)
        gamma[0], beta[0] = 1.0, 4.0  # norm.cdf(-4) < 0.001: the -3 s branch
        gamma[-1] = -abs(float(gamma[-1]))  # a negative gamma: the margin uses |gamma|
        return gamma.float(), beta.float()

    def teacher_map(shape, gamma, beta):
        # a batch norm's output: gamma * z + beta per channel; channel 0 (the -3 s branch) is
        # spread around -2 instead, as a residual sum after that batch norm can be, so that its
        # values fall on both sides of the margin -3
        t = normal(g, shape) * gamma.reshape(1, -1, 1, 1) + beta.reshape(1, -1, 1, 1)
        t[:, 0] = normal(g, (shape[0],) + tuple(shape[2:]), 2.0) - 2.0
        return t.float()

    def case(name, options, students, teacher_shapes, student_points, teacher_points,
             student_scale=1.0, beta_range=(-2.0, 2.0)):
        inputs = {"student_feat_" + k: (v * student_scale).float() for k, v in students.items()}
        for point, shape in teacher_shapes.items():
            gamma, beta = teacher_bn(shape[1], *beta_range)
            inputs["teacher_feat_" + point] = teacher_map(shape, gamma, beta)
            inputs[f"teacher_bn_{point}_weight"] = gamma
            inputs[f"teacher_bn_{point}_bias"] = beta
        for i, (sp, tp) in enumerate(zip(student_points, teacher_points)):
            s_channel, t_channel = students[sp].shape[1], teacher_shapes[tp][1]
            # build_feature_connector: normal_(0, sqrt(2 / n)), n = 1 * 1 * t_channel
            inputs[f"student_connector{i}_weight"] = normal(
                g, (t_channel, s_channel, 1, 1), (2.0 / t_channel) ** 0.5)
            # BatchNorm2d starts at gamma 1, beta 0; spread here so that both matter.
            inputs[f"student_connector{i}_gamma"] = uniform(g, (t_channel,), 0.5, 1.5)
            inputs[f"student_connector{i}_beta"] = uniform(g, (t_channel,), -0.5, 0.5)

        def loss_fn(**leaves):
            feat_num = len(student_points)
            batch_size = leaves["student_feat_" + student_points[0]].shape[0]
            # Distiller.forward
            loss_distill = 0
            for i, (sp, tp) in enumerate(zip(student_points, teacher_points)):
                bn = types.SimpleNamespace(
                    weight=leaves[f"teacher_bn_{tp}_weight"], bias=leaves[f"teacher_bn_{tp}_bias"])
                margin = ofd_get_margin_from_BN(bn).unsqueeze(1).unsqueeze(2).unsqueeze(0).detach()
                s_feat = ofd_connector(
                    leaves["student_feat_" + sp], leaves[f"student_connector{i}_weight"],
                    leaves[f"student_connector{i}_gamma"], leaves[f"student_connector{i}_beta"])
                loss_distill += ofd_distillation_loss(
                    s_feat, leaves["teacher_feat_" + tp].detach(), margin.to(s_feat.dtype)) \
                    / 2 ** (feat_num - i - 1)
            # train_with_distillation.py: loss = loss_CE + loss_distill.sum() / batch_size / 1000
            return (loss_distill.sum() / batch_size / 1000).reshape(())

        cases.append(golden_case(name, options, inputs, loss_fn))

    g = seeded_generator(19040150)  # Heo et al., arXiv 1904.01866
    pre = ["layer1.pre", "layer2.pre", "layer3.pre"]
    case(
        "b4-resnet-like-default-pairs",
        {},
        {"layer1.pre": normal(g, (4, 4, 8, 8)), "layer2.pre": normal(g, (4, 8, 4, 4)),
         "layer3.pre": normal(g, (4, 16, 2, 2))},
        {"layer1.pre": (4, 8, 8, 8), "layer2.pre": (4, 16, 4, 4), "layer3.pre": (4, 32, 2, 2)},
        pre, pre,
    )
    case(
        "b3-single-pair-equal-channels",
        {"student-features": ["layer2.pre"], "teacher-features": ["layer2.pre"]},
        {"layer2.pre": normal(g, (3, 6, 4, 4))},
        {"layer2.pre": (3, 6, 4, 4)},
        ["layer2.pre"], ["layer2.pre"],
    )
    case(
        "b2-two-pairs-across-points",
        {"student-features": ["layer1.pre", "layer2.pre"],
         "teacher-features": ["layer2.pre", "layer3.pre"]},
        {"layer1.pre": normal(g, (2, 4, 4, 4)), "layer2.pre": normal(g, (2, 8, 2, 2))},
        {"layer2.pre": (2, 8, 4, 4), "layer3.pre": (2, 16, 2, 2)},
        ["layer1.pre", "layer2.pre"], ["layer2.pre", "layer3.pre"],
    )
    case(
        "b5-student-scale-3-mostly-negative-teacher",
        {"student-features": ["layer3.pre"], "teacher-features": ["layer3.pre"]},
        {"layer3.pre": normal(g, (5, 6, 3, 3))},
        {"layer3.pre": (5, 10, 3, 3)},
        ["layer3.pre"], ["layer3.pre"],
        student_scale=3.0, beta_range=(-4.0, 0.5),
    )
    reference = {
        "repository": OVERHAUL,
        "file": "CIFAR-100/distiller.py (distillation_loss, build_feature_connector, "
        "get_margin_from_BN, Distiller.forward); CIFAR-100/train_with_distillation.py (scaling)",
        "symbol": "Distiller",
        "commit": OVERHAUL_COMMIT,
        "formula": "sum_i 2^(i-n+1) * sum((s - max(t, m))^2 [s > max(t, m) | max(t, m) > 0]) "
        "/ B / 1000, s = BN(conv1x1(student pre-ReLU)) in training mode, t = teacher pre-ReLU, "
        "m = get_margin_from_BN(teacher batch norm) per channel",
        "default-weight": "train_with_distillation.py adds loss_distill.sum() / batch_size / 1000 "
        "to the cross-entropy unweighted: weight 1",
    }
    write_golden("ofd", reference, cases)


# --------------------------------------------------------------------------------------------
# mgd: Yue et al. ECCV 2020, Matching Guided Distillation, as KaiyuYue/mgd.
#   Reference: KaiyuYue/mgd mgd/builder.py (MGDistiller for amp/rd, SMDistiller for sm:
#   track_running_stats, update_flow, rd, amp, sm, forward, distillation_loss,
#   get_margin_from_BN) and cls/main_mgd.py (loss += d_loss.sum() / batch_size / loss_factor,
#   --loss-factor 1e4), commit 910a636fa0c9adb47711c961822e5f25d95c9241 (2021-06-10).
#   Transcribed with these substitutions (the loss is otherwise the reference's operations):
#   - the assignment: OR-tools pywrapgraph.LinearSumAssignment on int(1e5 * cost) is replaced by
#     scipy.optimize.linear_sum_assignment on the same integer matrix (cross-checked by brute
#     force on the small cases); the matching is stored per case (expected_matching_<point>:
#     each student channel's teacher channels, ascending) for the Java test to compare;
#   - the cost statistics come from the case's batch itself (Distillery solves its first
#     matching from the first training batch);
#   - margins: get_margin_from_BN on the teacher's batch norm before the point, whose weight and
#     bias are inputs (teacher_bn_<point>_weight/_bias), as the reference; for a case without
#     them (a teacher without batch norm, e.g. LeNet-5, where the reference has nothing to
#     offer) on a stand-in whose bias/weight are the teacher channel's mean and (population)
#     standard deviation over batch and map, as Distillery does; stored as
#     expected_margins_<point>;
#   - rd: the torch.randint masks are inputs (rd_teacher_picks_<point>, rd_margin_picks_<point>),
#     and a student channel's matched teacher channels are taken in ascending order;
#   - the student BatchNorm (BNs[i], training mode) has its weight/bias as inputs
#     (connector_<point>_gamma/_beta).
# --------------------------------------------------------------------------------------------


MGD_REPOSITORY = "KaiyuYue/mgd"
MGD_COMMIT = "910a636fa0c9adb47711c961822e5f25d95c9241"
MGD_LOSS_FACTOR = 1e4  # cls/main_mgd.py --loss-factor default


def mgd_track_running_stats(s_feat, t_feat):
    """MGDistiller.track_running_stats for one feature pair and one batch: the summed cost."""
    b, tc = t_feat.shape[0:2]
    _, sc = s_feat.shape[0:2]
    t_feat = F.normalize(t_feat.reshape(b, tc, -1), p=2, dim=2)
    s_feat = F.normalize(s_feat.reshape(b, sc, -1), p=2, dim=2)
    cost = 2 - 2 * torch.bmm(s_feat, t_feat.transpose(1, 2))
    return cost.sum(dim=0).cpu().data.numpy()


def mgd_solve(int_cost):
    """Row -> column of a minimum-cost assignment (OR-tools' RightMate per row)."""
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(int_cost)
    assert list(rows) == list(range(int_cost.shape[0]))
    if int_cost.shape[0] <= 8:  # brute force: the same optimal cost
        import itertools

        best = min(
            sum(int_cost[r][p[r]] for r in range(int_cost.shape[0]))
            for p in itertools.permutations(range(int_cost.shape[1]), int_cost.shape[0])
        )
        assert best == sum(int_cost[r][cols[r]] for r in range(int_cost.shape[0])), "brute force"
    return [int(c) for c in cols]


def mgd_update_flow(adj_matrix, num_tracked_imgs, reducer, shave):
    """update_flow of MGDistiller (amp, rd) or SMDistiller (sm) for one feature pair; returns
    guided_inds with each student channel's teacher channels in ascending order."""
    sc, tc = adj_matrix.shape
    if reducer == "sm":
        if sc != tc:
            _adj_mat = np.full((tc, tc), 1e10)
            _adj_mat[:sc, :tc] = adj_matrix
        else:
            _adj_mat = adj_matrix
    else:
        if sc != tc:
            _adj_mat = np.concatenate([adj_matrix for _ in range(tc // sc)], axis=0)
        else:
            _adj_mat = adj_matrix
    cost = _adj_mat / num_tracked_imgs
    rows, cols = cost.shape
    if reducer != "sm":
        cols = rows if shave else cols
    int_cost = np.array([[int(1e5 * cost[r][c]) for c in range(cols)] for r in range(rows)],
                        dtype=np.int64)
    col_ind = mgd_solve(int_cost)
    if reducer == "sm":
        groups = [[col_ind[s]] for s in range(sc)]
    else:
        groups = [sorted(col_ind[k * sc + s] for k in range(rows // sc)) for s in range(sc)]
    # guided_inds[k * sc + s] = k-th teacher channel of student channel s
    guided = [groups[s][k] for k in range(len(groups[0])) for s in range(sc)]
    if reducer == "sm":
        guided = guided + [c for c in col_ind[sc:]]
    return torch.tensor(guided, dtype=torch.long), groups


class _StandInBN:
    def __init__(self, weight, bias):
        self.weight = type("P", (), {"data": weight})()
        self.bias = type("P", (), {"data": bias})()


def mgd_get_margin_from_BN(bn):
    """mgd/builder.py get_margin_from_BN (same commit)."""
    import math
    from scipy.stats import norm

    margin = []
    std = bn.weight.data
    mean = bn.bias.data
    for (s, m) in zip(std, mean):
        s = abs(s.item())
        m = m.item()
        if norm.cdf(-m / s) > 0.001:
            margin.append(- s * math.exp(- (m / s) ** 2 / 2) / math.sqrt(2 * math.pi) / norm.cdf(-m / s) + m)
        else:
            margin.append(-3 * s)

    return torch.FloatTensor(margin).to(std.device)


def mgd_distillation_loss(source, target, margin):
    """mgd/builder.py distillation_loss (same commit)."""
    target = torch.max(target, margin)
    loss = torch.nn.functional.mse_loss(source, target, reduction="none")
    loss = loss * ((source > target) | (target > 0)).float()
    return loss.sum()


def mgd_reduce(reducer, guided_inds, t_feat, s_feat, margins, shave, t_mask=None, m_mask=None):
    """MGDistiller.amp / MGDistiller.rd (masks passed in) / SMDistiller.sm for one pair."""
    b, sc, h, w = s_feat.shape
    _, tc, _, _ = t_feat.shape
    if reducer == "sm":
        ind = guided_inds[:sc]
        return t_feat[:, ind.detach(), :, :], margins[:, ind.detach(), :, :]
    groups = tc // sc
    t = []
    m = []
    for c in range(0, tc, sc):
        if c == (tc // sc) * sc and shave:
            continue
        t.append(t_feat[:, guided_inds[c:c + sc].detach(), :, :])
        m.append(margins[:, guided_inds[c:c + sc].detach(), :, :])
    t = torch.stack(t, dim=2)
    m = torch.stack(m, dim=2)
    if reducer == "amp":
        t = t.reshape(b, sc, groups, -1)
        m = m.reshape(1, sc, groups, -1)
        t_inds = torch.argmax(torch.abs(t), dim=2)
        t = t.gather(2, t_inds.unsqueeze(2))
        m = m.mean(dim=2)
        return t.reshape(b, sc, h, w), m.reshape(1, sc, 1, 1)
    t = t.reshape(b, sc, groups, -1).permute(0, 1, 3, 2)
    m = m.reshape(1, sc, groups, -1).permute(0, 1, 3, 2)
    t = t.gather(3, t_mask)
    m = m.gather(3, m_mask)
    return t.reshape(b, sc, h, w), m.reshape(1, sc, 1, 1)


def mgd_teacher(generator, shape):
    """A teacher pre-ReLU map whose channels have different means and scales; channel 1 has its
    mean 4 standard deviations above 0 (get_margin_from_BN's -3 s branch)."""
    b, c, h, w = shape
    scale = uniform(generator, (1, c, 1, 1), 0.5, 2.0)
    mean = uniform(generator, (1, c, 1, 1), -1.0, 1.0)
    mean[0, 1 % c, 0, 0] = 4.0 * scale[0, 1 % c, 0, 0]
    return (normal(generator, shape) * scale + mean).float()


def golden_mgd():
    cases = []
    g = seeded_generator(20082099)  # Yue et al., arXiv 2008.09958

    def case(name, options, students, teachers, student_points, teacher_points, teacher_bn=True):
        reducer = options.get("reducer", "amp")
        loss_factor = options.get("loss-factor", MGD_LOSS_FACTOR)
        n = len(student_points)
        shave = sum(teachers[t].shape[1] % students[s].shape[1]
                    for s, t in zip(student_points, teacher_points)) != 0
        inputs = {}
        plan = []
        for sp, tp in zip(student_points, teacher_points):
            s_feat, t_feat = students[sp], teachers[tp]
            b, sc = s_feat.shape[0:2]
            tc = t_feat.shape[1]
            # one batch of statistics, in float64 on the float32 inputs
            adj = mgd_track_running_stats(s_feat.double(), t_feat.double())
            guided, groups = mgd_update_flow(adj, b, reducer, shave)
            inputs["student_" + sp] = s_feat
            inputs["teacher_" + tp] = t_feat
            if teacher_bn:
                # the teacher's BatchNorm: |weight| in [0.5, 2] with random signs, bias in
                # [-1, 1]; channel 1 has bias 4 |weight| (get_margin_from_BN's -3 s branch)
                weight = uniform(g, (tc,), 0.5, 2.0) * torch.sign(normal(g, (tc,)))
                bias = uniform(g, (tc,), -1.0, 1.0)
                bias[1 % tc] = 4.0 * abs(float(weight[1 % tc]))
                inputs["teacher_bn_" + tp + "_weight"] = weight.float()
                inputs["teacher_bn_" + tp + "_bias"] = bias.float()
                bn = _StandInBN(weight.double(), bias.double())
            else:
                per_channel = t_feat.double().transpose(0, 1).reshape(tc, -1)
                bn = _StandInBN(per_channel.std(dim=1, unbiased=False), per_channel.mean(dim=1))
            margins = mgd_get_margin_from_BN(bn)
            inputs["connector_" + sp + "_gamma"] = uniform(g, (sc,), 0.5, 1.5)
            inputs["connector_" + sp + "_beta"] = uniform(g, (sc,), -0.5, 0.5)
            picks = None
            if reducer == "rd":
                h, w = s_feat.shape[2:]
                t_mask = torch.randint(0, tc // sc, (b, sc, h * w, 1), generator=g)
                m_mask = torch.randint(0, tc // sc, (1, sc, 1, 1), generator=g)
                inputs["rd_teacher_picks_" + sp] = t_mask.float()
                inputs["rd_margin_picks_" + sp] = m_mask.float()
                picks = (t_mask, m_mask)
            inputs["expected_matching_" + sp] = torch.tensor(groups, dtype=torch.float32)
            inputs["expected_margins_" + tp] = margins.float()
            plan.append((sp, tp, guided, margins, picks))

        def loss_fn(**leaves):
            # MGDistiller.forward (cls: loss_factors = 2 ** (feat_num - i - 1)), then main_mgd.py
            loss_factors = [2 ** (n - i - 1) for i in range(n)]
            loss_distill = 0
            batch_size = None
            for i, (sp, tp, guided, margins, picks) in enumerate(plan):
                s = leaves["student_" + sp]
                t_feat = leaves["teacher_" + tp]
                batch_size = s.shape[0]
                margin = margins.to(s.dtype).unsqueeze(1).unsqueeze(2).unsqueeze(0)
                s = F.batch_norm(s, None, None, leaves["connector_" + sp + "_gamma"],
                                 leaves["connector_" + sp + "_beta"], training=True,
                                 momentum=0.1, eps=1e-5)
                t, m = mgd_reduce(reducer, guided, t_feat, s, margin, shave,
                                  *(picks if picks else ()))
                loss_distill += mgd_distillation_loss(s, t.detach(), m) / loss_factors[i]
            return (loss_distill.sum() / batch_size / loss_factor).reshape(())

        cases.append(golden_case(name, options, inputs, loss_fn))

    pre = ["layer1.pre", "layer2.pre", "layer3.pre"]
    case(
        "b4-resnet-like-default-amp-2-groups",
        {},
        {"layer1.pre": normal(g, (4, 4, 8, 8)), "layer2.pre": normal(g, (4, 8, 4, 4)),
         "layer3.pre": normal(g, (4, 16, 2, 2))},
        {"layer1.pre": mgd_teacher(g, (4, 8, 8, 8)), "layer2.pre": mgd_teacher(g, (4, 16, 4, 4)),
         "layer3.pre": mgd_teacher(g, (4, 32, 2, 2))},
        pre, pre,
    )
    # teacher channels = a permutation of the student's plus noise: the matching recovers it
    student = normal(g, (4, 6, 4, 4))
    permutation = [3, 0, 5, 1, 4, 2, 7, 6]
    extra = normal(g, (4, 2, 4, 4))
    teacher = (torch.cat([student, extra], dim=1)[:, permutation] * 1.5
               + normal(g, (4, 8, 4, 4), 0.3)).float()
    case(
        "b4-sm-permuted-teacher-6-of-8",
        {"reducer": "sm", "student-features": ["layer2.pre"], "teacher-features": ["layer2.pre"]},
        {"layer2.pre": student}, {"layer2.pre": teacher}, ["layer2.pre"], ["layer2.pre"],
    )
    case(
        "b4-rd-3-groups",
        {"reducer": "rd", "student-features": ["layer1.pre"], "teacher-features": ["layer1.pre"]},
        {"layer1.pre": normal(g, (4, 4, 4, 4))}, {"layer1.pre": mgd_teacher(g, (4, 12, 4, 4))},
        ["layer1.pre"], ["layer1.pre"],
    )
    case(
        "b3-amp-shaved-3-into-8",
        {"student-features": ["layer2.pre"], "teacher-features": ["layer3.pre"]},
        {"layer2.pre": normal(g, (3, 3, 4, 4), 2.0)}, {"layer3.pre": mgd_teacher(g, (3, 8, 4, 4))},
        ["layer2.pre"], ["layer3.pre"],
    )
    case(
        "b4-amp-no-teacher-bn-margins-from-data",
        {"student-features": ["conv2.pre"], "teacher-features": ["conv2.pre"]},
        {"conv2.pre": normal(g, (4, 4, 5, 5))}, {"conv2.pre": mgd_teacher(g, (4, 8, 5, 5))},
        ["conv2.pre"], ["conv2.pre"], teacher_bn=False,
    )
    case(
        "b4-amp-equal-channels-permutation",
        {"student-features": ["layer3.pre"], "teacher-features": ["layer3.pre"]},
        {"layer3.pre": normal(g, (4, 5, 3, 3))}, {"layer3.pre": mgd_teacher(g, (4, 5, 3, 3))},
        ["layer3.pre"], ["layer3.pre"],
    )
    case(
        "b4-sm-two-pairs-loss-factor-100",
        {"reducer": "sm", "student-features": ["layer1.pre", "layer2.pre"],
         "teacher-features": ["layer1.pre", "layer2.pre"], "loss-factor": 100.0},
        {"layer1.pre": normal(g, (4, 3, 4, 4)), "layer2.pre": normal(g, (4, 4, 2, 2))},
        {"layer1.pre": mgd_teacher(g, (4, 5, 4, 4)), "layer2.pre": mgd_teacher(g, (4, 9, 2, 2))},
        ["layer1.pre", "layer2.pre"], ["layer1.pre", "layer2.pre"],
    )
    case(
        "b2-rd-two-pairs-shaved",
        {"reducer": "rd", "student-features": ["layer1.pre", "layer2.pre"],
         "teacher-features": ["layer1.pre", "layer2.pre"]},
        {"layer1.pre": normal(g, (2, 2, 4, 4)), "layer2.pre": normal(g, (2, 3, 2, 2))},
        {"layer1.pre": mgd_teacher(g, (2, 4, 4, 4)), "layer2.pre": mgd_teacher(g, (2, 7, 2, 2))},
        ["layer1.pre", "layer2.pre"], ["layer1.pre", "layer2.pre"],
    )
    reference = {
        "repository": MGD_REPOSITORY,
        "file": "mgd/builder.py (MGDistiller: track_running_stats, update_flow, amp, rd, forward; "
        "SMDistiller: update_flow, sm; distillation_loss; get_margin_from_BN); cls/main_mgd.py "
        "(loss += d_loss.sum() / batch_size / loss_factor, --loss-factor 1e4)",
        "symbol": "MGDistiller, SMDistiller",
        "commit": MGD_COMMIT,
        "formula": "sum_i sum((BN_i(s) - max(t_i, m_i))^2 [BN_i(s) > max(t_i, m_i) | "
        "max(t_i, m_i) > 0]) / 2^(n-1-i) / B / loss_factor, t_i, m_i = the matched teacher "
        "channels and margins reduced by sm / rd / amp; matching from the batch's cost "
        "sum_b (2 - 2 cos(s_c, t_d)) / B; margins from the teacher's batch norm (or, without "
        "one, from the teacher channels' mean and std)",
        "solver": "scipy.optimize.linear_sum_assignment on int(1e5 * cost) (OR-tools in the "
        "reference)",
        "default-weight": "1 (main_mgd.py adds the term to the cross-entropy unweighted)",
    }
    write_golden("mgd", reference, cases)
# ft: Kim et al. NeurIPS 2018, Factor Transfer, as the authors' code; RepDistiller's variant.
# --------------------------------------------------------------------------------------------

FT_AUTHORS = "Jangho-Kim/Factor-Transfer-pytorch"
FT_AUTHORS_COMMIT = "19cce265ebe51c751481041e223a13be2e684322"  # code unchanged since e8d6ac6
FT_AUTHORS_BETA = 500  # train_student.py --beta default


class FTParaphraser(nn.Module):
    """Transcribed from Jangho-Kim/Factor-Transfer-pytorch Models/FeatureProjection.py
    Paraphraser at 19cce265ebe51c751481041e223a13be2e684322 (its BatchNorm lines are commented
    out there and left out here). mode 0: encoder + decoder (reconstruction); mode 1: encoder
    (the teacher factor)."""

    def __init__(self, in_planes, planes, stride=1):
        super(FTParaphraser, self).__init__()
        self.leakyrelu = nn.LeakyReLU(0.1)
        self.conv0 = nn.Conv2d(in_planes, in_planes, kernel_size=3, stride=1, padding=1, bias=True)
        self.conv1 = nn.Conv2d(in_planes, planes, kernel_size=3, stride=1, padding=1, bias=True)
        self.conv2 = nn.Conv2d(planes, planes, kernel_size=3, stride=1, padding=1, bias=True)
        self.deconv0 = nn.ConvTranspose2d(planes, planes, kernel_size=3, stride=1, padding=1,
                                          bias=True)
        self.deconv1 = nn.ConvTranspose2d(planes, in_planes, kernel_size=3, stride=1, padding=1,
                                          bias=True)
        self.deconv2 = nn.ConvTranspose2d(in_planes, in_planes, kernel_size=3, stride=1,
                                          padding=1, bias=True)

    def forward(self, x, mode):
        if mode == 0:
            out = self.leakyrelu((self.conv0(x)))
            out = self.leakyrelu((self.conv1(out)))
            out = self.leakyrelu((self.conv2(out)))
            out = self.leakyrelu((self.deconv0(out)))
            out = self.leakyrelu((self.deconv1(out)))
            out = self.leakyrelu((self.deconv2(out)))
        if mode == 1:
            out = self.leakyrelu((self.conv0(x)))
            out = self.leakyrelu((self.conv1(out)))
            out = self.leakyrelu((self.conv2(out)))
        if mode == 2:
            out = self.leakyrelu((self.deconv0(x)))
            out = self.leakyrelu((self.deconv1(out)))
            out = self.leakyrelu((self.deconv2(out)))
        return out


class FTTranslator(nn.Module):
    """Transcribed from the same file, class Translator (BatchNorm commented out there)."""

    def __init__(self, in_planes, planes, stride=1):
        super(FTTranslator, self).__init__()
        self.leakyrelu = nn.LeakyReLU(0.1)
        self.conv0 = nn.Conv2d(in_planes, in_planes, kernel_size=3, stride=1, padding=1, bias=True)
        self.conv1 = nn.Conv2d(in_planes, planes, kernel_size=3, stride=1, padding=1, bias=True)
        self.conv2 = nn.Conv2d(planes, planes, kernel_size=3, stride=1, padding=1, bias=True)

    def forward(self, x):
        out = self.leakyrelu((self.conv0(x)))
        out = self.leakyrelu((self.conv1(out)))
        out = self.leakyrelu((self.conv2(out)))
        return out


def ft_authors_FT(x):
    """utils.FT of the authors' code (same commit)."""
    return F.normalize(x.view(x.size(0), -1))


class RDParaphraser(nn.Module):
    """Paraphrasing Complex Network: Network Compression via Factor Transfer

    Transcribed from HobbitLong/RepDistiller models/util.py Paraphraser at
    b84f547c5db6a35318d4671d7d5c4de74c822403 (file unchanged since eedab9d, 2019)."""

    def __init__(self, t_shape, k=0.5, use_bn=False):
        super(RDParaphraser, self).__init__()
        in_channel = t_shape[1]
        out_channel = int(t_shape[1] * k)
        self.encoder = nn.Sequential(
            nn.Conv2d(in_channel, in_channel, 3, 1, 1),
            nn.BatchNorm2d(in_channel) if use_bn else nn.Sequential(),
            nn.LeakyReLU(0.1, inplace=True),
            nn.Conv2d(in_channel, out_channel, 3, 1, 1),
            nn.BatchNorm2d(out_channel) if use_bn else nn.Sequential(),
            nn.LeakyReLU(0.1, inplace=True),
            nn.Conv2d(out_channel, out_channel, 3, 1, 1),
            nn.BatchNorm2d(out_channel) if use_bn else nn.Sequential(),
            nn.LeakyReLU(0.1, inplace=True),
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(out_channel, out_channel, 3, 1, 1),
            nn.BatchNorm2d(out_channel) if use_bn else nn.Sequential(),
            nn.LeakyReLU(0.1, inplace=True),
            nn.ConvTranspose2d(out_channel, in_channel, 3, 1, 1),
            nn.BatchNorm2d(in_channel) if use_bn else nn.Sequential(),
            nn.LeakyReLU(0.1, inplace=True),
            nn.ConvTranspose2d(in_channel, in_channel, 3, 1, 1),
            nn.BatchNorm2d(in_channel) if use_bn else nn.Sequential(),
            nn.LeakyReLU(0.1, inplace=True),
        )

    def forward(self, f_s, is_factor=False):
        factor = self.encoder(f_s)
        if is_factor:
            return factor
        rec = self.decoder(factor)
        return factor, rec


class RDTranslator(nn.Module):
    """models/util.py Translator (same commit)."""

    def __init__(self, s_shape, t_shape, k=0.5, use_bn=True):
        super(RDTranslator, self).__init__()
        in_channel = s_shape[1]
        out_channel = int(t_shape[1] * k)
        self.encoder = nn.Sequential(
            nn.Conv2d(in_channel, in_channel, 3, 1, 1),
            nn.BatchNorm2d(in_channel) if use_bn else nn.Sequential(),
            nn.LeakyReLU(0.1, inplace=True),
            nn.Conv2d(in_channel, out_channel, 3, 1, 1),
            nn.BatchNorm2d(out_channel) if use_bn else nn.Sequential(),
            nn.LeakyReLU(0.1, inplace=True),
            nn.Conv2d(out_channel, out_channel, 3, 1, 1),
            nn.BatchNorm2d(out_channel) if use_bn else nn.Sequential(),
            nn.LeakyReLU(0.1, inplace=True),
        )

    def forward(self, f_s):
        return self.encoder(f_s)


class FactorTransfer(nn.Module):
    """Factor transfer loss

    Transcribed from HobbitLong/RepDistiller distiller_zoo/FT.py at
    b84f547c5db6a35318d4671d7d5c4de74c822403 (file unchanged since 1e2f816, 2019)."""

    def __init__(self, p1=2, p2=1):
        super(FactorTransfer, self).__init__()
        self.p1 = p1
        self.p2 = p2

    def forward(self, f_s, f_t):
        return self.factor_loss(f_s, f_t)

    def factor_loss(self, f_s, f_t):
        s_H, t_H = f_s.shape[2], f_t.shape[2]
        if s_H > t_H:
            f_s = F.adaptive_avg_pool2d(f_s, (t_H, t_H))
        elif s_H < t_H:
            f_t = F.adaptive_avg_pool2d(f_t, (s_H, s_H))
        else:
            pass
        if self.p2 == 1:
            return (self.factor(f_s) - self.factor(f_t)).abs().mean()
        else:
            return (self.factor(f_s) - self.factor(f_t)).pow(self.p2).mean()

    def factor(self, f):
        return F.normalize(f.pow(self.p1).mean(1).view(f.size(0), -1))


def ft_convs(module):
    """The convolutions of a transcribed module in forward order (Sequential or named)."""
    return [m for m in module.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d))]


def ft_bns(module):
    return [m for m in module.modules() if isinstance(m, nn.BatchNorm2d)]


def ft_set_weights(module, prefix, weights):
    """Copies inputs named <prefix>_conv<i>_{weight,bias} and <prefix>_bn<i>_{weight,bias} into
    the module's convolutions and BatchNorms (in forward order)."""
    with torch.no_grad():
        for i, conv in enumerate(ft_convs(module)):
            conv.weight.copy_(weights[f"{prefix}_conv{i}_weight"])
            conv.bias.copy_(weights[f"{prefix}_conv{i}_bias"])
        for i, bn in enumerate(ft_bns(module)):
            bn.weight.copy_(weights[f"{prefix}_bn{i}_weight"])
            bn.bias.copy_(weights[f"{prefix}_bn{i}_bias"])


def ft_draw_weights(g, module, prefix):
    """Weights drawn as each layer's PyTorch default initialisation range (±1/sqrt(fan-in), with
    a transposed convolution's fan-in from its weight's dim 1), BatchNorm gamma in [0.5, 1.5] and
    beta in [-0.5, 0.5]; returned as float32 inputs."""
    weights = {}
    for i, conv in enumerate(ft_convs(module)):
        fan_in = conv.weight.shape[1] * conv.weight.shape[2] * conv.weight.shape[3]
        bound = fan_in**-0.5
        weights[f"{prefix}_conv{i}_weight"] = uniform(g, tuple(conv.weight.shape), -bound, bound)
        weights[f"{prefix}_conv{i}_bias"] = uniform(g, tuple(conv.bias.shape), -bound, bound)
    for i, bn in enumerate(ft_bns(module)):
        weights[f"{prefix}_bn{i}_weight"] = uniform(g, tuple(bn.weight.shape), 0.5, 1.5)
        weights[f"{prefix}_bn{i}_bias"] = uniform(g, tuple(bn.bias.shape), -0.5, 0.5)
    return weights


def golden_ft():
    """Loss cases: inputs student_feature, teacher_feature, translator_* (the student's
    translator) and paraphraser_* (the teacher paraphraser's encoder: conv0..conv2). The loss is
    the unweighted term (the stage multiplies by beta). Paraphraser cases: the authors' module's
    forward (factor: mode 1, reconstruction: mode 0) on given weights; its ConvTranspose2d
    weights w_t (in, out, 3, 3) are stored as they are (Distillery maps them to convolutions).
    Paraphraser shapes: the authors' module's output shapes for several inputs and rates."""
    cases = []

    def authors_case(name, options, student, teacher, rate):
        s_C = student.shape[1]
        t_C = teacher.shape[1]
        planes = int(round(t_C * rate))  # train_student.py: Paraphraser(64, int(round(64*RATE)))
        translator = FTTranslator(s_C, planes)
        paraphraser = FTParaphraser(t_C, planes)
        inputs = {"student_feature": student, "teacher_feature": teacher}
        inputs.update(ft_draw_weights(g, translator, "translator"))
        encoder_weights = ft_draw_weights(g, paraphraser, "paraphraser")
        inputs.update({k: v for k, v in encoder_weights.items()
                       if int(re.search(r"conv(\d+)", k).group(1)) < 3})
        criterion = nn.L1Loss()

        def loss_fn(student_feature, teacher_feature, **weights):
            dtype = student_feature.dtype
            module_s = FTTranslator(s_C, planes).to(dtype)
            module_t = FTParaphraser(t_C, planes).to(dtype)
            ft_set_weights(module_s, "translator", weights)
            with torch.no_grad():
                for i, conv in enumerate(ft_convs(module_t)[:3]):
                    conv.weight.copy_(weights[f"paraphraser_conv{i}_weight"])
                    conv.bias.copy_(weights[f"paraphraser_conv{i}_bias"])
            module_t.eval()
            module_s.train()
            # train_student.py train(): factor_t = module_t(teacher_outputs[2], 1);
            # factor_s = module_s(student_outputs[2]); BETA * criterion(FT(factor_s), FT(factor_t.detach()))
            factor_t = module_t(teacher_feature, 1)
            factor_s = module_s(student_feature)
            return criterion(ft_authors_FT(factor_s), ft_authors_FT(factor_t.detach()))

        cases.append(golden_case(name, options, inputs, loss_fn))

    def repdistiller_case(name, options, student, teacher, p2):
        t_shape = teacher.shape
        s_shape = student.shape
        translator = RDTranslator(s_shape, t_shape)  # use_bn=True: train_student.py's default
        paraphraser = RDParaphraser(t_shape)  # use_bn=False
        inputs = {"student_feature": student, "teacher_feature": teacher}
        inputs.update(ft_draw_weights(g, translator, "translator"))
        encoder_weights = ft_draw_weights(g, paraphraser, "paraphraser")
        inputs.update({k: v for k, v in encoder_weights.items()
                       if int(re.search(r"conv(\d+)", k).group(1)) < 3})
        criterion = FactorTransfer(p2=p2)

        def loss_fn(student_feature, teacher_feature, **weights):
            dtype = student_feature.dtype
            module_s = RDTranslator(s_shape, t_shape).to(dtype)
            module_t = RDParaphraser(t_shape).to(dtype)
            ft_set_weights(module_s, "translator", weights)
            with torch.no_grad():
                for i, conv in enumerate(ft_convs(module_t)[:3]):
                    conv.weight.copy_(weights[f"paraphraser_conv{i}_weight"])
                    conv.bias.copy_(weights[f"paraphraser_conv{i}_bias"])
            module_s.train()  # helper/loops.py train_distill: module_list.train()
            # helper/loops.py: factor_s = module_list[1](feat_s[-2]);
            # factor_t = module_list[2](feat_t[-2], is_factor=True); criterion_kd(factor_s, factor_t)
            factor_s = module_s(student_feature)
            factor_t = module_t(teacher_feature, is_factor=True)
            return criterion(factor_s, factor_t)

        cases.append(golden_case(name, options, inputs, loss_fn))

    g = seeded_generator(180204977)  # Kim et al., arXiv 1802.04977
    authors_case("authors-b4-s8x4x4-t16x4x4-k0.5", {}, post_relu(g, (4, 8, 4, 4)),
                 post_relu(g, (4, 16, 4, 4)), 0.5)
    authors_case("authors-b3-s4x5x5-t6x5x5-k0.5-odd", {"student-feature": "conv2",
                                                      "teacher-feature": "conv2"},
                 post_relu(g, (3, 4, 5, 5)), post_relu(g, (3, 6, 5, 5)), 0.5)
    authors_case("authors-b4-s8x3x3-t8x3x3-k0.25", {}, normal(g, (4, 8, 3, 3), 2.0),
                 post_relu(g, (4, 8, 3, 3)), 0.25)
    repdistiller_case("repdistiller-b4-s8x4x4-t16x4x4-p1", {"variant": "repdistiller"},
                      post_relu(g, (4, 8, 4, 4)), post_relu(g, (4, 16, 4, 4)), 1)
    repdistiller_case("repdistiller-b4-s8x4x4-t16x4x4-p2", {"variant": "repdistiller", "p": 2},
                      post_relu(g, (4, 8, 4, 4)), post_relu(g, (4, 16, 4, 4)), 2)
    repdistiller_case("repdistiller-b4-s4x8x8-t8x4x4-pooled", {"variant": "repdistiller"},
                      post_relu(g, (4, 4, 8, 8)), post_relu(g, (4, 8, 4, 4)), 1)

    # The paraphraser itself: the authors' module's forward on given weights.
    paraphraser_cases = []
    for name, shape, rate in [("b2-c6x5x5-k0.5", (2, 6, 5, 5), 0.5),
                              ("b3-c8x4x4-k0.25", (3, 8, 4, 4), 0.25)]:
        planes = int(round(shape[1] * rate))
        module = FTParaphraser(shape[1], planes).double()
        weights = ft_draw_weights(g, module, "paraphraser")
        ft_set_weights(module, "paraphraser", {k: v.double() for k, v in weights.items()})
        x = post_relu(g, shape)
        with torch.no_grad():
            factor = module(x.double(), 1)
            reconstruction = module(x.double(), 0)
        paraphraser_cases.append({
            "name": name,
            "rate": rate,
            "factor-channels": planes,
            "inputs": {"feature": tensor_json(x),
                       **{k: tensor_json(v) for k, v in weights.items()}},
            "factor": tensor_json(factor),
            "reconstruction": tensor_json(reconstruction),
        })
        print(f"  paraphraser {name}: factor {list(factor.shape)}, "
              f"reconstruction {list(reconstruction.shape)}")
    paraphraser_shapes = []
    for shape, rate in [((2, 64, 8, 8), 0.5), ((2, 16, 10, 10), 0.5), ((2, 5, 3, 3), 0.5),
                        ((2, 7, 4, 4), 0.5), ((2, 32, 6, 6), 0.25), ((2, 3, 5, 5), 2.0)]:
        planes = int(round(shape[1] * rate))
        module = FTParaphraser(shape[1], planes)
        with torch.no_grad():
            x = torch.zeros(shape)
            paraphraser_shapes.append({
                "input": list(shape),
                "rate": rate,
                "factor": list(module(x, 1).shape),
                "reconstruction": list(module(x, 0).shape),
            })

    reference = {
        "repository": FT_AUTHORS,
        "file": "Models/FeatureProjection.py (Paraphraser, Translator); utils.py (FT); "
        "train_student.py (the loss: BETA * nn.L1Loss()(FT(factor_s), FT(factor_t.detach())))",
        "symbol": "Paraphraser, Translator, FT",
        "commit": FT_AUTHORS_COMMIT,
        "formula": "authors: mean |phi(F_s) - phi(F_t)|, phi(F) = F.view(B,-1)/||F.view(B,-1)||_2, "
        "F_s = Translator(s), F_t = Paraphraser(t, mode 1); repdistiller: phi(F) = "
        "normalize(mean_c F^2 .view(B,-1)), adaptive average pooling of the larger factor, "
        "|.|.mean() (p=1) or (.)^2.mean() (p=2), Translator with BatchNorm in training mode",
        "variant-repdistiller": {
            "repository": REPDISTILLER,
            "file": "distiller_zoo/FT.py (FactorTransfer); models/util.py (Paraphraser, "
            "Translator); helper/loops.py, train_student.py (--distill factor)",
            "commit": REPDISTILLER_COMMIT,
        },
        "default-weight": "train_student.py --beta 500 (authors); RepDistiller's "
        "scripts/run_cifar_distill.sh uses -b 200",
    }
    document = {
        "method": "ft",
        "reference": reference,
        "generator": GENERATOR,
        "torch": torch.__version__,
        "precision": "inputs float32; reference computed in float64; loss and gradients "
        "rounded to float32",
        "cases": cases,
        "paraphraser-cases": paraphraser_cases,
        "paraphraser-shapes": paraphraser_shapes,
    }
    # Factor Transfer lives in its own plugin module, with its golden file
    path = os.path.normpath(os.path.join(FT_GOLDEN_DIR, "ft.json"))
    with open(path, "w") as out:
        out.write(readable_json(document) + "\n")
    print(f"wrote {path} ({len(cases)} cases, {len(paraphraser_cases)} paraphraser cases)")
# crd: Tian et al. ICLR 2020, as RepDistiller's CRDLoss with its ContrastMemory.
# --------------------------------------------------------------------------------------------

CRD_EPS = 1e-7  # crd/criterion.py eps


class CRDLoss(nn.Module):
    """CRD Loss function (Contrastive Representation Distillation, ICLR 2020)

    Transcribed from HobbitLong/RepDistiller crd/criterion.py at
    b84f547c5db6a35318d4671d7d5c4de74c822403 (crd/ unchanged since 1fb2343, 2019-10-22):
    two symmetric parts, the teacher embedding as anchor against the student memory and the
    student embedding as anchor against the teacher memory.
    """

    def __init__(self, opt):
        super(CRDLoss, self).__init__()
        self.embed_s = Embed(opt.s_dim, opt.feat_dim)
        self.embed_t = Embed(opt.t_dim, opt.feat_dim)
        self.contrast = ContrastMemory(opt.feat_dim, opt.n_data, opt.nce_k, opt.nce_t, opt.nce_m)
        self.criterion_t = ContrastLoss(opt.n_data)
        self.criterion_s = ContrastLoss(opt.n_data)

    def forward(self, f_s, f_t, idx, contrast_idx=None):
        f_s = self.embed_s(f_s)
        f_t = self.embed_t(f_t)
        out_s, out_t = self.contrast(f_s, f_t, idx, contrast_idx)
        s_loss = self.criterion_s(out_s)
        t_loss = self.criterion_t(out_t)
        loss = s_loss + t_loss
        return loss


class ContrastLoss(nn.Module):
    """crd/criterion.py ContrastLoss (Eq. 18 of the paper), same commit."""

    def __init__(self, n_data):
        super(ContrastLoss, self).__init__()
        self.n_data = n_data

    def forward(self, x):
        bsz = x.shape[0]
        m = x.size(1) - 1
        Pn = 1 / float(self.n_data)
        P_pos = x.select(1, 0)
        log_D1 = torch.div(P_pos, P_pos.add(m * Pn + CRD_EPS)).log_()
        P_neg = x.narrow(1, 1, m)
        log_D0 = torch.div(P_neg.clone().fill_(m * Pn), P_neg.add(m * Pn + CRD_EPS)).log_()
        loss = -(log_D1.sum(0) + log_D0.view(-1, 1).sum(0)) / bsz
        return loss


class Embed(nn.Module):
    """crd/criterion.py Embed: flatten, nn.Linear, Normalize(2) (the Normalize above)."""

    def __init__(self, dim_in=1024, dim_out=128):
        super(Embed, self).__init__()
        self.linear = nn.Linear(dim_in, dim_out)
        self.l2norm = Normalize(2)

    def forward(self, x):
        x = x.view(x.shape[0], -1)
        x = self.linear(x)
        x = self.l2norm(x)
        return x


class ContrastMemory(nn.Module):
    """crd/memory.py ContrastMemory, same commit. Dropped: the AliasMethod sampler and its
    .cuda() (only used when no contrast_idx is passed; every case passes one), and the print of
    the normalisation constants."""

    def __init__(self, inputSize, outputSize, K, T=0.07, momentum=0.5):
        super(ContrastMemory, self).__init__()
        self.nLem = outputSize
        self.K = K
        self.register_buffer('params', torch.tensor([K, T, -1, -1, momentum]))
        stdv = 1. / (inputSize / 3) ** 0.5  # math.sqrt in the reference (math not imported here)
        self.register_buffer('memory_v1', torch.rand(outputSize, inputSize).mul_(2 * stdv).add_(-stdv))
        self.register_buffer('memory_v2', torch.rand(outputSize, inputSize).mul_(2 * stdv).add_(-stdv))

    def forward(self, v1, v2, y, idx=None):
        K = int(self.params[0].item())
        T = self.params[1].item()
        Z_v1 = self.params[2].item()
        Z_v2 = self.params[3].item()
        momentum = self.params[4].item()
        batchSize = v1.size(0)
        outputSize = self.memory_v1.size(0)
        inputSize = self.memory_v1.size(1)
        # sample
        weight_v1 = torch.index_select(self.memory_v1, 0, idx.view(-1)).detach()
        weight_v1 = weight_v1.view(batchSize, K + 1, inputSize)
        out_v2 = torch.bmm(weight_v1, v2.view(batchSize, inputSize, 1))
        out_v2 = torch.exp(torch.div(out_v2, T))
        # sample
        weight_v2 = torch.index_select(self.memory_v2, 0, idx.view(-1)).detach()
        weight_v2 = weight_v2.view(batchSize, K + 1, inputSize)
        out_v1 = torch.bmm(weight_v2, v1.view(batchSize, inputSize, 1))
        out_v1 = torch.exp(torch.div(out_v1, T))
        # set Z if haven't been set yet
        if Z_v1 < 0:
            self.params[2] = out_v1.mean() * outputSize
            Z_v1 = self.params[2].clone().detach().item()
        if Z_v2 < 0:
            self.params[3] = out_v2.mean() * outputSize
            Z_v2 = self.params[3].clone().detach().item()
        # compute out_v1, out_v2
        out_v1 = torch.div(out_v1, Z_v1).contiguous()
        out_v2 = torch.div(out_v2, Z_v2).contiguous()
        # update memory
        with torch.no_grad():
            l_pos = torch.index_select(self.memory_v1, 0, y.view(-1))
            l_pos.mul_(momentum)
            l_pos.add_(torch.mul(v1, 1 - momentum))
            l_norm = l_pos.pow(2).sum(1, keepdim=True).pow(0.5)
            updated_v1 = l_pos.div(l_norm)
            self.memory_v1.index_copy_(0, y, updated_v1)

            ab_pos = torch.index_select(self.memory_v2, 0, y.view(-1))
            ab_pos.mul_(momentum)
            ab_pos.add_(torch.mul(v2, 1 - momentum))
            ab_norm = ab_pos.pow(2).sum(1, keepdim=True).pow(0.5)
            updated_v2 = ab_pos.div(ab_norm)
            self.memory_v2.index_copy_(0, y, updated_v2)
        return out_v1, out_v2


# train_student.py defaults: --feat_dim 128, --nce_k 16384, --nce_t 0.07, --nce_m 0.5
CRD_DEFAULTS = {"embed-dim": 128, "negatives": 16384, "temperature": 0.07, "momentum": 0.5}


def crd_run(state, steps, dtype):
    """Runs CRDLoss step after step from the stored state in dtype (memory and Z carry over,
    gradients accumulate as they do until an optimizer step). Returns per-step losses and
    gradients (w.r.t. each step's student feature and the accumulated embedding weights), the
    memories and the normalisation constants after the last step."""
    opt = argparse.Namespace(**state["opt"])
    torch.manual_seed(0)  # ContrastMemory draws its own memory; it is replaced below
    crd = CRDLoss(opt)
    with torch.no_grad():
        crd.embed_s.linear.weight.copy_(state["student_embed_weight"])
        crd.embed_s.linear.bias.copy_(state["student_embed_bias"])
        crd.embed_t.linear.weight.copy_(state["teacher_embed_weight"])
        crd.embed_t.linear.bias.copy_(state["teacher_embed_bias"])
        crd.contrast.memory_v1.copy_(state["memory_student"])
        crd.contrast.memory_v2.copy_(state["memory_teacher"])
    crd = crd.to(dtype)
    crd.train()
    losses, gradients = [], {}
    for i, step in enumerate(steps):
        f_s = step["student_feature"].detach().to(dtype).requires_grad_(True)
        f_t = step["teacher_feature"].detach().to(dtype)  # helper/loops.py: under no_grad
        loss = crd(f_s, f_t, step["sample_indices"], step["contrast_indices"])
        loss.backward()
        losses.append(loss.detach().reshape(()))
        gradients[f"step{i}_student_feature"] = f_s.grad.detach().clone()
        gradients[f"step{i}_student_embed_weight"] = crd.embed_s.linear.weight.grad.clone()
        gradients[f"step{i}_teacher_embed_weight"] = crd.embed_t.linear.weight.grad.clone()
    outputs = {
        "memory_student_after": crd.contrast.memory_v1.detach().clone(),
        "memory_teacher_after": crd.contrast.memory_v2.detach().clone(),
        "normalizers": crd.contrast.params[2:4].detach().clone(),
    }
    return losses, gradients, outputs


def golden_crd():
    """Inputs: the embeddings' weights and biases (as nn.Linear initialises them), the two
    memories (as ContrastMemory initialises them: U(-stdv, stdv), stdv = 1/sqrt(embed_dim/3)),
    and per step i the features, labels, sample indices (ContrastMemory's y) and contrast indices
    (B, K+1: column 0 the positive, then K negatives), as RepDistiller's CIFAR100InstanceSample
    would give them. Besides loss (step 0) and gradients, each case has "outputs": the loss of
    every step, the memories after the last step and the normalisation constants Z (params[2],
    params[3]: student anchor vs teacher memory, teacher anchor vs student memory)."""
    cases = []

    def case(name, options, n_data, labels, students, teachers, samples, contrasts):
        o = dict(CRD_DEFAULTS, **options)
        d = o["embed-dim"]
        s_dim = students[0][0].numel()
        t_dim = teachers[0][0].numel()
        stdv = 1.0 / (d / 3) ** 0.5
        state = {
            "opt": {"s_dim": s_dim, "t_dim": t_dim, "feat_dim": d, "nce_k": o["negatives"],
                    "nce_t": o["temperature"], "nce_m": o["momentum"], "n_data": n_data},
            "student_embed_weight": uniform(g, (d, s_dim), -s_dim**-0.5, s_dim**-0.5),
            "student_embed_bias": uniform(g, (d,), -s_dim**-0.5, s_dim**-0.5),
            "teacher_embed_weight": uniform(g, (d, t_dim), -t_dim**-0.5, t_dim**-0.5),
            "teacher_embed_bias": uniform(g, (d,), -t_dim**-0.5, t_dim**-0.5),
            "memory_student": uniform(g, (n_data, d), -stdv, stdv),
            "memory_teacher": uniform(g, (n_data, d), -stdv, stdv),
        }
        steps = []
        for student, teacher, sample, contrast in zip(students, teachers, samples, contrasts):
            sample = torch.tensor(sample, dtype=torch.long)
            contrast = torch.tensor(contrast, dtype=torch.long)
            assert contrast.shape == (len(sample), o["negatives"] + 1)
            steps.append({"student_feature": student, "teacher_feature": teacher,
                          "sample_indices": sample, "contrast_indices": contrast})
        losses, gradients, outputs = crd_run(state, steps, torch.float64)
        losses32, gradients32, outputs32 = crd_run(state, steps, torch.float32)
        worst = max(float((gradients32[k].double() - gradients[k]).abs().max()) for k in gradients)
        print(f"  {name}: losses {[round(float(v), 7) for v in losses]} (float32 reference "
              f"{[round(float(v), 7) for v in losses32]}), Z {outputs['normalizers'].tolist()}, "
              f"max |grad float32 - float64| {worst:.2e}")
        inputs = {k: v for k, v in state.items() if k != "opt"}
        for i, step in enumerate(steps):
            inputs[f"step{i}_student_feature"] = step["student_feature"]
            inputs[f"step{i}_teacher_feature"] = step["teacher_feature"]
            inputs[f"step{i}_labels"] = torch.tensor(
                [labels[j] for j in step["sample_indices"].tolist()], dtype=torch.float32)
            inputs[f"step{i}_sample_indices"] = step["sample_indices"].float()
            inputs[f"step{i}_contrast_indices"] = step["contrast_indices"].float()
        inputs["training_labels"] = torch.tensor(labels, dtype=torch.float32)
        outputs["losses"] = torch.stack(losses)
        cases.append({
            "name": name,
            "options": options,
            "inputs": {k: tensor_json(v) for k, v in inputs.items()},
            "loss": float(losses[0].to(torch.float32)),
            "gradients": {k: tensor_json(v) for k, v in gradients.items()},
            "outputs": {k: tensor_json(v) for k, v in outputs.items()},
        })

    def negatives(labels, sample, k, positives=None):
        """CIFAR100InstanceSample mode 'exact' ('relax' with positives given): column 0 the
        positive, then k indices of other classes, without replacement when there are enough."""
        rows = []
        for row, index in enumerate(sample):
            others = [j for j, c in enumerate(labels) if c != labels[index]]
            replace = k > len(others)
            if replace:
                picks = torch.randint(len(others), (k,), generator=g).tolist()
            else:
                picks = torch.randperm(len(others), generator=g)[:k].tolist()
            positive = index if positives is None else positives[row]
            rows.append([positive] + [others[p] for p in picks])
        return rows

    g = seeded_generator(19101069)  # Tian et al., arXiv 1910.10699
    labels40 = [i % 5 for i in range(40)]
    first, second = [3, 17, 25, 8], [17, 30, 3, 11]
    case(
        "b4-n40-k6-e8-two-steps-pool-vectors",
        {"embed-dim": 8, "negatives": 6},
        40, labels40,
        [normal(g, (4, 16)), normal(g, (4, 16))],
        [normal(g, (4, 24), 2.0), normal(g, (4, 24), 2.0)],
        [first, second],
        [negatives(labels40, first, 6), negatives(labels40, second, 6)],
    )
    labels30 = [i % 3 for i in range(30)]
    third = [0, 29, 14]
    case(
        "b3-n30-k12-e16-t0.2-m0.9-conv-feature",
        {"embed-dim": 16, "negatives": 12, "temperature": 0.2, "momentum": 0.9},
        30, labels30,
        [normal(g, (3, 2, 2, 2))],
        [normal(g, (3, 3, 2, 2))],
        [third],
        [negatives(labels30, third, 12)],
    )
    labels12 = [0] * 8 + [1] * 4
    fourth = [9, 2]
    case(
        "b2-n12-k10-e4-negatives-with-replacement",
        {"embed-dim": 4, "negatives": 10},
        12, labels12,
        [normal(g, (2, 5), 3.0)],
        [normal(g, (2, 7))],
        [fourth],
        [negatives(labels12, fourth, 10)],
    )
    fifth = [5, 21, 36, 12]
    case(
        "b4-n40-k6-e8-relax-positives",
        {"embed-dim": 8, "negatives": 6, "positive": "relax"},
        40, labels40,
        [normal(g, (4, 16))],
        [normal(g, (4, 24))],
        [fifth],
        [negatives(labels40, fifth, 6, positives=[10, 1, 6, 32])],
    )
    reference = {
        "repository": REPDISTILLER,
        "file": "crd/criterion.py (CRDLoss, ContrastLoss, Embed, Normalize); crd/memory.py "
        "(ContrastMemory); dataset/cifar100.py (CIFAR100InstanceSample: contrast indices); "
        "train_student.py and helper/loops.py (feat[-1] of both nets, defaults)",
        "symbol": "CRDLoss",
        "commit": REPDISTILLER_COMMIT,
        "formula": "v_s = l2norm(W_s f_s + b_s), v_t = l2norm(W_t f_t + b_t); "
        "P_s[b,j] = exp(<M_t[c_bj], v_s[b]>/T)/Z_s, P_t[b,j] = exp(<M_s[c_bj], v_t[b]>/T)/Z_t "
        "(Z = N * mean of the first batch's exponentials, then fixed); per side "
        "-(sum_b log(P[b,0]/(P[b,0]+K/N+eps)) + sum_b sum_{j>0} log((K/N)/(P[b,j]+K/N+eps)))/B; "
        "then M[y] <- normalize(m M[y] + (1-m) v)",
        "default-weight": "scripts/run_cifar_distill.sh -b 0.8 (with -a 0; CE weight -r 1)",
    }
    write_golden("crd", reference, cases)


# --------------------------------------------------------------------------------------------

METHODS = {
    "kd": golden_kd,
    "at": golden_at,
    "sp": golden_sp,
    "nst": golden_nst,
    "pkt": golden_pkt,
    "rkd": golden_rkd,
    "dkd": golden_dkd,
    "cc": golden_cc,
    "fitnet": golden_fitnet,
    "fsp": golden_fsp,
    "vid": golden_vid,
    "ab": golden_ab,
    "ofd": golden_ofd,
    "mgd": golden_mgd,
    "ft": golden_ft,
    "crd": golden_crd,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("methods", nargs="*", help="methods to regenerate (default: all)")
    args = parser.parse_args()
    unknown = [m for m in args.methods if m not in METHODS]
    if unknown:
        sys.exit(f"unknown method(s) {unknown}; known: {sorted(METHODS)}")
    warnings.filterwarnings("ignore", message="size_average and reduce args will be deprecated")
    torch.set_num_threads(1)
    for method in args.methods or sorted(METHODS):
        print(f"{method}:")
        METHODS[method]()


if __name__ == "__main__":
    main()
