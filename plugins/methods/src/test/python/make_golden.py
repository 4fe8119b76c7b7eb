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

import torch
import torch.nn as nn
import torch.nn.functional as F

GOLDEN_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), os.pardir, "resources", "golden"
)
GENERATOR = "plugins/methods/src/test/python/make_golden.py"

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


# --------------------------------------------------------------------------------------------

METHODS = {
    "kd": golden_kd,
    "at": golden_at,
    "sp": golden_sp,
    "nst": golden_nst,
    "pkt": golden_pkt,
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
