#!/usr/bin/python3
"""Writes the tiny TorchScript and ONNX teachers that the file-teacher tests load.

Run by Maven (exec-maven-plugin, generate-test-resources) as
    /usr/bin/python3 make_file_teachers.py <output directory>
with Debian's python3-torch (1.13) and python3-onnx. Every model takes 1x8x8 images and has 4
classes, except the two made to be wrong:

    dict-teacher.pt / .onnx     returns {"logits": [N,4], "conv": [N,4,8,8], "pool": [N,64]}
                                (TorchScript: a Dict[str, Tensor]; ONNX: outputs named so)
    tensor-teacher.pt / .onnx   returns the logits alone (a plain tensor; ONNX output "scores")
    wrong-classes.pt / .onnx    returns 5 logits
    wrong-shape.pt / .onnx      takes 1x16x16 images (ONNX: declared in the graph's input)
    expected.json               a fixed input batch (2x1x8x8) and PyTorch's outputs of the dict and
                                tensor teachers on it, for the tests to compare against (1e-5)

The outputs depend only on this script (seeded); when the output directory holds a stamp of this
script's digest, nothing is rewritten.
"""

import hashlib
import json
import os
import sys

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import onnx  # noqa: F401  (torch.onnx.export needs it to check the graph)
except ImportError as missing:
    sys.exit(
        "make_file_teachers.py: "
        + str(missing)
        + ". The file-teacher tests need PyTorch and ONNX for Python 3 from Debian:"
        + " apt-get install python3-torch python3-onnx"
    )

from typing import Dict

CLASSES = 4
SIZE = 8


class TinyTeacher(nn.Module):
    """conv 3x3 (4 maps) -> batch norm -> ReLU ("conv") -> 2x2 max pool, flattened ("pool") -> linear."""

    def __init__(self, classes: int = CLASSES, size: int = SIZE):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4 * (size // 2) * (size // 2), classes)
        with torch.no_grad():
            # running statistics that differ from 0/1, so that a forward in training mode would show
            self.bn.running_mean.uniform_(-0.5, 0.5)
            self.bn.running_var.uniform_(0.5, 2.0)
            self.bn.weight.uniform_(0.5, 1.5)
            self.bn.bias.uniform_(-0.2, 0.2)

    def parts(self, x: torch.Tensor):
        conv = F.relu(self.bn(self.conv(x)))
        pool = F.max_pool2d(conv, 2).flatten(1)
        return conv, pool, self.fc(pool)


class DictTeacher(TinyTeacher):
    def forward(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        conv, pool, logits = self.parts(x)
        return {"logits": logits, "conv": conv, "pool": pool}


class TupleTeacher(TinyTeacher):
    """What ONNX export traces: the named outputs as a tuple, named by output_names."""

    def forward(self, x: torch.Tensor):
        conv, pool, logits = self.parts(x)
        return logits, conv, pool


class TensorTeacher(TinyTeacher):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.parts(x)[2]


def save_torchscript(model: nn.Module, path: str):
    torch.jit.script(model.eval()).save(path)


def save_onnx(model: nn.Module, path: str, size: int, outputs):
    example = torch.zeros(1, 1, size, size)
    torch.onnx.export(
        model.eval(),
        example,
        path,
        opset_version=13,
        input_names=["images"],
        output_names=outputs,
        dynamic_axes={name: {0: "batch"} for name in ["images"] + outputs},
    )


def flat(tensor: torch.Tensor):
    return [float(v) for v in tensor.detach().flatten().tolist()]


def main(out: str):
    with open(__file__, "rb") as source:
        digest = hashlib.sha256(source.read()).hexdigest()
    stamp = os.path.join(out, "made-by.sha256")
    if os.path.exists(stamp) and open(stamp).read().strip() == digest:
        return
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(2024)

    dict_teacher = DictTeacher()
    tensor_teacher = TensorTeacher()
    tuple_teacher = TupleTeacher()
    tuple_teacher.load_state_dict(dict_teacher.state_dict())
    save_torchscript(dict_teacher, os.path.join(out, "dict-teacher.pt"))
    save_torchscript(tensor_teacher, os.path.join(out, "tensor-teacher.pt"))
    save_onnx(tuple_teacher, os.path.join(out, "dict-teacher.onnx"), SIZE, ["logits", "conv", "pool"])
    save_onnx(tensor_teacher, os.path.join(out, "tensor-teacher.onnx"), SIZE, ["scores"])

    wrong_classes = DictTeacher(classes=5)
    save_torchscript(wrong_classes, os.path.join(out, "wrong-classes.pt"))
    save_onnx(TensorTeacher(classes=5), os.path.join(out, "wrong-classes.onnx"), SIZE, ["logits"])
    save_torchscript(DictTeacher(size=16), os.path.join(out, "wrong-shape.pt"))
    save_onnx(TensorTeacher(size=16), os.path.join(out, "wrong-shape.onnx"), 16, ["logits"])

    batch = torch.randn(2, 1, SIZE, SIZE)
    with torch.no_grad():
        conv, pool, logits = dict_teacher.eval().parts(batch)
        tensor_logits = tensor_teacher.eval()(batch)
    expected = {
        "input-shape": list(batch.shape),
        "input": flat(batch),
        "dict-teacher": {
            "logits": flat(logits),
            "logits-shape": list(logits.shape),
            "conv": flat(conv),
            "conv-shape": list(conv.shape),
            "pool": flat(pool),
            "pool-shape": list(pool.shape),
        },
        "tensor-teacher": {"logits": flat(tensor_logits), "logits-shape": list(tensor_logits.shape)},
    }
    with open(os.path.join(out, "expected.json"), "w") as file:
        json.dump(expected, file)
    with open(stamp, "w") as file:
        file.write(digest + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_file_teachers.py <output directory>")
    torch.set_num_threads(1)
    main(sys.argv[1])
