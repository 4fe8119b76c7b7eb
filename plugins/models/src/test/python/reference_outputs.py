"""Reference forward outputs of the `models` plugins, for ModelsMatchReferenceOutputsTest.

Fills every parameter and batch-norm statistic of the original PyTorch models with a formula
that the Java test repeats (so no weights need to be stored), runs one batch and writes
summaries (sum, L2 norm, first values) of every feature point and the logits:

    /usr/bin/python3 plugins/models/src/test/python/reference_outputs.py \
        --sources DIR > plugins/models/src/test/resources/reference-outputs.csv

DIR: resnet.py and wrn.py from HobbitLong/RepDistiller (models/), lenet.py from
huawei-noah/Efficient-Computing (Data-Efficient-Model-Compression/DAFL/); Debian's
python3-torch 1.13. Models: lenet5-half, resnet8 and WRN-10-1 (one block per stage; its first
stage keeps the width, so both of wrn.py's shortcut branches run), 1x32x32 inputs, 10 classes.

Formula, for the j-th tensor of state_dict() (num_batches_tracked skipped) and its k-th element
in row-major order, s = sin(1.7 k + 0.3 j + 1):
  weights (2-D and more): s / sqrt(numel / shape[0]);  biases: 0.1 s;
  batch-norm weight 1 + 0.1 s, bias 0.1 s, running_mean 0.1 s, running_var 0.75 + 0.25 s.
Input element k: sin(0.9 k + 0.5).

Rows: model, mode, output, sum, l2, first 4 values (';'). Mode "eval" gives every feature
point (names of the Java plugins) and the logits; mode "train" gives the logits of a
training-mode pass (batch statistics) and the first batch norm's running mean after it
(PyTorch momentum 0.1 == DJL momentum 0.9).
"""

import argparse
import importlib.util
import math
import os

import torch
import torch.nn as nn


def load(sources, name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(sources, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def one_channel_stem(model):
    old = model.conv1
    model.conv1 = nn.Conv2d(1, old.out_channels, kernel_size=old.kernel_size,
                            stride=old.stride, padding=old.padding, bias=old.bias is not None)
    return model


def formula(j, numel):
    k = torch.arange(numel, dtype=torch.float64)
    return torch.sin(1.7 * k + 0.3 * j + 1)


def fill(model):
    j = 0
    for name, tensor in model.state_dict().items():
        if name.endswith("num_batches_tracked"):
            continue
        s = formula(j, tensor.numel())
        leaf = name.rsplit(".", 1)[1]
        is_bn = tensor.dim() == 1 and (name.replace(leaf, "running_mean") in model.state_dict())
        if leaf == "running_mean":
            v = 0.1 * s
        elif leaf == "running_var":
            v = 0.75 + 0.25 * s
        elif is_bn and leaf == "weight":
            v = 1 + 0.1 * s
        elif leaf == "bias":
            v = 0.1 * s
        else:
            v = s / math.sqrt(tensor.numel() / tensor.shape[0])
        tensor.copy_(v.reshape(tensor.shape).to(torch.float32))
        j += 1


def batch():
    k = torch.arange(2 * 32 * 32, dtype=torch.float64)
    return torch.sin(0.9 * k + 0.5).reshape(2, 1, 32, 32).to(torch.float32)


def row(model, mode, output, t):
    flat = t.detach().reshape(-1).to(torch.float64)
    first = ";".join(repr(float(v)) for v in flat[:4])
    print(f"{model},{mode},{output},{float(flat.sum())!r},{float(flat.norm())!r},{first}")


def lenet(model, x):
    outputs = {}

    def keep(name):
        return lambda m, i, o: outputs.__setitem__(name, o.clone())

    for n in ("conv1", "conv2", "conv3", "fc1"):
        getattr(model, n).register_forward_hook(keep(n + ".pre"))
    for n, relu in (("conv1", "relu1"), ("conv2", "relu2"), ("conv3", "relu3"), ("fc1", "relu4")):
        getattr(model, relu).register_forward_hook(keep(n))
    logits = model(x)
    names = ["conv1", "conv1.pre", "conv2", "conv2.pre", "conv3", "conv3.pre", "fc1", "fc1.pre"]
    return [(n, outputs[n]) for n in names] + [("logits", logits)]


def resnet(model, x):
    stem_pre = {}
    model.bn1.register_forward_hook(lambda m, i, o: stem_pre.__setitem__("v", o.clone()))
    feats, logits = model(x, is_feat=True, preact=False)
    pre, _ = model(x, is_feat=True, preact=True)
    return [("stem", feats[0]), ("stem.pre", stem_pre["v"]),
            ("layer1", feats[1]), ("layer1.pre", pre[1]),
            ("layer2", feats[2]), ("layer2.pre", pre[2]),
            ("layer3", feats[3]), ("layer3.pre", pre[3]),
            ("pool", feats[4]), ("logits", logits)]


def wrn(model, x):
    feats, logits = model(x, is_feat=True, preact=False)
    feats = [f.clone() for f in feats]
    pre, _ = model(x, is_feat=True, preact=True)
    stem_pre = model.block1.layer[0].bn1(feats[0])
    return [("stem", feats[0]), ("stem.pre", stem_pre),
            ("layer1", feats[1]), ("layer1.pre", pre[1]),
            ("layer2", feats[2]), ("layer2.pre", pre[2]),
            ("layer3", feats[3]), ("layer3.pre", pre[3]),
            ("pool", feats[4]), ("logits", logits)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", required=True)
    args = parser.parse_args()
    resnet_py = load(args.sources, "resnet")
    wrn_py = load(args.sources, "wrn")
    lenet_py = load(args.sources, "lenet")
    x = batch()
    print("model,mode,output,sum,l2,first")
    with torch.no_grad():
        model = lenet_py.LeNet5Half()
        fill(model)
        model.eval()
        for name, t in lenet(model, x):
            row("lenet5-half", "eval", name, t)

        for name, model, outputs, first_bn in (
                ("resnet8", one_channel_stem(resnet_py.resnet8(num_classes=10)), resnet,
                 lambda m: m.bn1),
                ("wrn-10-1", one_channel_stem(wrn_py.WideResNet(depth=10, num_classes=10,
                                                                widen_factor=1)), wrn,
                 lambda m: m.block1.layer[0].bn1)):
            fill(model)
            model.eval()
            for output, t in outputs(model, x):
                row(name, "eval", output, t)
            model.train()
            row(name, "train", "logits", model(x))
            row(name, "train", "first-bn-running-mean", first_bn(model).running_mean)


if __name__ == "__main__":
    main()
