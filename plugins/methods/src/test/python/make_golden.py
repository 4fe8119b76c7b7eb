#!/usr/bin/env python3
"""Golden values for Distillery's distillation losses, computed with PyTorch.

Each method gets one function that transcribes its reference implementation faithfully (the
reference repository, file and commit are recorded with the values) and returns, for fixed seeded
inputs, the loss and its gradient with respect to the student inputs. The Java golden tests read
the JSON files this script writes and compare value and gradient (relative tolerance 1e-4).

Run with Debian's PyTorch (package python3-torch):
    /usr/bin/python3 plugins/methods/src/test/python/make_golden.py
"""
import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden")


def tensor_list(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def write(method, reference, cases):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.normpath(os.path.join(OUT, method + ".json"))
    with open(path, "w") as f:
        json.dump({"method": method, "reference": reference, "torch": torch.__version__,
                   "cases": cases}, f, indent=1)
    print("wrote", path, "with", len(cases), "cases")


# ---- kd ------------------------------------------------------------------------------------
KD_REFERENCE = {
    "repository": "HobbitLong/RepDistiller",
    "file": "distiller_zoo/KD.py (class DistillKL)",
    "commit": "1e2f81692647991a80a1e97ffa14e2af915eaa6f",
    "formula": "F.kl_div(log_softmax(y_s/T), softmax(y_t/T), size_average=False) * T**2 / B",
}


def distill_kl(y_s, y_t, T):
    """DistillKL.forward of the reference, with reduction='sum' for size_average=False."""
    p_s = F.log_softmax(y_s / T, dim=1)
    p_t = F.softmax(y_t / T, dim=1)
    return F.kl_div(p_s, p_t, reduction="sum") * (T ** 2) / y_s.shape[0]


def kd_cases():
    cases = []
    for name, batch, classes, T, scale in [
        ("b4-c10-t4", 4, 10, 4.0, 1.0),
        ("b8-c100-t1", 8, 100, 1.0, 1.0),
        ("b6-c10-t2", 6, 10, 2.0, 3.0),
        ("b5-c10-t4-large-logits", 5, 10, 4.0, 30.0),
    ]:
        student = (torch.randn(batch, classes) * scale).requires_grad_(True)
        teacher = torch.randn(batch, classes) * scale
        loss = distill_kl(student, teacher, T)
        loss.backward()
        cases.append({
            "name": name,
            "options": {"temperature": T},
            "shape": [batch, classes],
            "student": tensor_list(student),
            "teacher": tensor_list(teacher),
            "loss": float(loss),
            "grad_student": tensor_list(student.grad),
        })
    return cases


if __name__ == "__main__":
    torch.manual_seed(20261123)
    write("kd", KD_REFERENCE, kd_cases())
