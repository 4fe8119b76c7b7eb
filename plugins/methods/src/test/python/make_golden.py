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

METHODS = {
    "kd": golden_kd,
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
