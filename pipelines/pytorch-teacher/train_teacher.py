#!/usr/bin/python3
"""The worked example of bringing a PyTorch teacher to Distillery.

    /usr/bin/python3 pipelines/pytorch-teacher/train_teacher.py [--out pipelines/pytorch-teacher/out]

Needs Debian's python3-torch (1.13), python3-onnx, python3-pil and python3-numpy, and the Fashion-MNIST
IDX files of Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/):

    apt-get install python3-torch python3-onnx python3-pil python3-numpy dataset-fashion-mnist

It
 1. writes Fashion-MNIST out as a folder of PNGs, <out>/fashion-mnist/{train,test}/<class>/<index>.png,
    the class folders named so that alphabetical order is label order (0-tshirt-top, 1-trouser, ...),
    as torchvision's ImageFolder (and Distillery's image-folder dataset) index them;
 2. trains a small CNN on those PNGs on the CPU (28x28 grey; pixels x/255, then normalised with the
    mean and standard deviation of the training images, printed and saved in
    <out>/normalisation.json) for a few minutes at most;
 3. saves it as TorchScript (<out>/teacher.pt, whose forward returns a dict with the logits and two
    named feature points) and as ONNX (<out>/teacher.onnx, outputs named the same), and prints its
    test accuracy (PyTorch eager, TorchScript and the ONNX graph's own check).
"""

import argparse
import gzip
import json
import os
import struct
import sys
import time

try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import onnx
    from PIL import Image
except ImportError as missing:
    sys.exit(
        f"train_teacher.py: {missing}; install the Debian packages it needs:"
        " apt-get install python3-torch python3-onnx python3-pil python3-numpy"
    )

from typing import Dict

# Fashion-MNIST's labels, in label order; the number prefix makes alphabetical order = label order
CLASSES = [
    "0-tshirt-top", "1-trouser", "2-pullover", "3-dress", "4-coat",
    "5-sandal", "6-shirt", "7-sneaker", "8-bag", "9-ankle-boot",
]


def read_idx(path):
    with gzip.open(path, "rb") as file:
        magic = struct.unpack(">I", file.read(4))[0]
        dims = [struct.unpack(">I", file.read(4))[0] for _ in range(magic & 0xFF)]
        return np.frombuffer(file.read(), dtype=np.uint8).reshape(dims)


def write_png_folder(source, out):
    """Step 1: <out>/{train,test}/<class>/<index>.png (skipped when complete)."""
    for split, prefix in (("train", "train"), ("test", "t10k")):
        images = read_idx(os.path.join(source, f"{prefix}-images-idx3-ubyte.gz"))
        labels = read_idx(os.path.join(source, f"{prefix}-labels-idx1-ubyte.gz"))
        done = os.path.join(out, split, ".complete")
        if os.path.exists(done):
            continue
        for name in CLASSES:
            os.makedirs(os.path.join(out, split, name), exist_ok=True)
        for index, (image, label) in enumerate(zip(images, labels)):
            Image.fromarray(image, mode="L").save(
                os.path.join(out, split, CLASSES[label], f"{index:05d}.png"))
        open(done, "w").close()
        print(f"wrote {len(images)} {split} images as PNG under {os.path.join(out, split)}")


def read_png_folder(root):
    """As torchvision's ImageFolder: classes are the sorted folder names, label = position."""
    classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    images, labels = [], []
    for label, name in enumerate(classes):
        folder = os.path.join(root, name)
        for file in sorted(os.listdir(folder)):
            if file.endswith(".png"):
                images.append(np.asarray(Image.open(os.path.join(folder, file)).convert("L")))
                labels.append(label)
    pixels = torch.from_numpy(np.stack(images)).float().div_(255.0).unsqueeze(1)  # N x 1 x 28 x 28
    return classes, pixels, torch.tensor(labels)


class FashionCnn(nn.Module):
    """conv 3x3 (16) -> BN -> ReLU -> pool -> conv 3x3 (32) -> BN -> ReLU ("conv2") -> pool ->
    fc 128 -> ReLU ("fc1") -> fc 10 ("logits")."""

    def __init__(self, classes: int = 10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(32)
        self.fc1 = nn.Linear(32 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, classes)

    def parts(self, x: torch.Tensor):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        conv2 = F.relu(self.bn2(self.conv2(x)))  # 32 x 14 x 14
        fc1 = F.relu(self.fc1(F.max_pool2d(conv2, 2).flatten(1)))  # 128
        return conv2, fc1, self.fc2(fc1)

    def forward(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        # named outputs: Distillery's torchscript model takes its feature points from the keys
        conv2, fc1, logits = self.parts(x)
        return {"logits": logits, "conv2": conv2, "fc1": fc1}


class OnnxOutputs(nn.Module):
    """ONNX export traces a tuple; torch.onnx.export's output_names name its members."""

    def __init__(self, model: FashionCnn):
        super().__init__()
        self.model = model

    def forward(self, x):
        conv2, fc1, logits = self.model.parts(x)
        return logits, conv2, fc1


def accuracy(predict, images, labels, batch=1000):
    correct = 0
    with torch.no_grad():
        for i in range(0, len(images), batch):
            correct += (predict(images[i:i + batch]).argmax(1) == labels[i:i + batch]).sum().item()
    return correct / len(images)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fashion-mnist", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out"))
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--minutes", type=float, default=4.0, help="stop training after this long")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.fashion_mnist, "train-images-idx3-ubyte.gz")):
        sys.exit(f"no Fashion-MNIST in {args.fashion_mnist}: apt-get install dataset-fashion-mnist")
    torch.manual_seed(args.seed)
    start = time.time()

    folder = os.path.join(args.out, "fashion-mnist")
    write_png_folder(args.fashion_mnist, folder)
    classes, train_x, train_y = read_png_folder(os.path.join(folder, "train"))
    _, test_x, test_y = read_png_folder(os.path.join(folder, "test"))
    mean, std = train_x.mean().item(), train_x.std().item()
    normalisation = {"mean": [round(mean, 6)], "std": [round(std, 6)], "classes": classes}
    with open(os.path.join(args.out, "normalisation.json"), "w") as file:
        json.dump(normalisation, file, indent=2)
    print(f"classes (label order): {classes}")
    print(f"normalisation of the training images (x/255): mean {mean:.6f}, std {std:.6f}"
          f" -> {os.path.join(args.out, 'normalisation.json')}")
    train_x = (train_x - mean) / std
    test_x = (test_x - mean) / std
    print(f"read {len(train_x)} training and {len(test_x)} test PNGs in {time.time() - start:.0f} s")

    model = FashionCnn(len(classes))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    steps = args.epochs * ((len(train_x) + 127) // 128)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.05, total_steps=steps)
    training = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(train_x))
        for i in range(0, len(order), 128):
            batch = order[i:i + 128]
            loss = F.cross_entropy(model.parts(train_x[batch])[2], train_y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            if time.time() - training > 60 * args.minutes:
                break
        model.eval()
        test = accuracy(lambda x: model.parts(x)[2], test_x, test_y)
        print(f"epoch {epoch + 1}: loss {loss.item():.4f}, test accuracy {100 * test:.2f} %,"
              f" {time.time() - training:.0f} s")
        if time.time() - training > 60 * args.minutes:
            print(f"stopping: over {args.minutes} minutes of training")
            break
    model.eval()

    scripted = torch.jit.script(model)
    scripted.save(os.path.join(args.out, "teacher.pt"))
    torch.onnx.export(
        OnnxOutputs(model).eval(), torch.zeros(1, 1, 28, 28), os.path.join(args.out, "teacher.onnx"),
        opset_version=13, input_names=["images"], output_names=["logits", "conv2", "fc1"],
        dynamic_axes={name: {0: "batch"} for name in ["images", "logits", "conv2", "fc1"]})
    onnx.checker.check_model(onnx.load(os.path.join(args.out, "teacher.onnx")))

    eager = accuracy(lambda x: model.parts(x)[2], test_x, test_y)
    loaded = torch.jit.load(os.path.join(args.out, "teacher.pt"))
    script = accuracy(lambda x: loaded(x)["logits"], test_x, test_y)
    print(f"saved {os.path.join(args.out, 'teacher.pt')} (TorchScript: dict of logits, conv2, fc1)"
          f" and {os.path.join(args.out, 'teacher.onnx')} (ONNX outputs logits, conv2, fc1)")
    print(f"test accuracy: {100 * eager:.2f} % (PyTorch), {100 * script:.2f} % (TorchScript);"
          f" training {time.time() - training:.0f} s, total {time.time() - start:.0f} s")


if __name__ == "__main__":
    torch.set_num_threads(2)
    main()
