"""Reference parameter counts, MACs and feature shapes of the `models` plugins.

Runs the original PyTorch definitions (not vendored here) and writes the figures that
ModelsMatchReferenceFiguresTest compares against:

    /usr/bin/python3 plugins/models/src/test/python/reference_figures.py \
        --sources DIR > plugins/models/src/test/resources/reference-figures.csv

DIR must hold resnet.py and wrn.py from HobbitLong/RepDistiller (models/) and lenet.py from
huawei-noah/Efficient-Computing (Data-Efficient-Model-Compression/DAFL/). Tested with
Debian's python3-torch 1.13.

Adaptation, as in the Java plugins: the stem convolution takes 1 input channel (the
references hard-code 3; DAFL's LeNet-5 already takes 1). Images are 1x32x32, 10 classes.
Parameters: trainable ones (batch-norm running statistics are buffers, not counted).
MACs: Cout*Hout*Wout*Cin*k*k/groups per convolution, in*out per linear layer; batch norm,
ReLU, pooling and additions are not counted. Feature shapes: RepDistiller's
forward(x, is_feat=True) features f0..f4 (the Java stem, layer1, layer2, layer3, pool),
without the batch dimension; for LeNet-5 the outputs of conv1, conv2, conv3 and fc1.
"""

import argparse
import importlib.util
import os

import torch
import torch.nn as nn

CHANNELS = 1
CLASSES = 10


def load(sources, name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(sources, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def one_channel_stem(model):
    old = model.conv1
    model.conv1 = nn.Conv2d(CHANNELS, old.out_channels, kernel_size=old.kernel_size,
                            stride=old.stride, padding=old.padding, bias=old.bias is not None)
    return model


def count_macs(model, x):
    total = [0]

    def hook(module, inputs, output):
        if isinstance(module, nn.Conv2d):
            k = module.kernel_size[0] * module.kernel_size[1]
            total[0] += (output.shape[1] * output.shape[2] * output.shape[3]
                         * module.in_channels * k // module.groups)
        elif isinstance(module, nn.Linear):
            total[0] += module.in_features * module.out_features

    handles = [m.register_forward_hook(hook) for m in model.modules()
               if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    return total[0]


def shape(t):
    return "x".join(str(d) for d in t.shape[1:])


def lenet_features(model, x):
    shapes = []
    hooks = [getattr(model, n).register_forward_hook(lambda m, i, o: shapes.append(shape(o)))
             for n in ("conv1", "conv2", "conv3", "fc1")]
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return shapes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", required=True)
    args = parser.parse_args()
    resnet = load(args.sources, "resnet")
    wrn = load(args.sources, "wrn")
    lenet = load(args.sources, "lenet")

    torch.manual_seed(0)
    x = torch.randn(2, CHANNELS, 32, 32)
    models = {
        "lenet5": lenet.LeNet5(),
        "lenet5-half": lenet.LeNet5Half(),
        "resnet8": one_channel_stem(resnet.resnet8(num_classes=CLASSES)),
        "resnet8-half": one_channel_stem(
            resnet.ResNet(8, [8, 8, 16, 32], "basicblock", num_classes=CLASSES)
        ),
        "resnet14": one_channel_stem(resnet.resnet14(num_classes=CLASSES)),
        "resnet20": one_channel_stem(resnet.resnet20(num_classes=CLASSES)),
        "resnet32": one_channel_stem(resnet.resnet32(num_classes=CLASSES)),
        "resnet56": one_channel_stem(resnet.resnet56(num_classes=CLASSES)),
        "resnet8x4": one_channel_stem(resnet.resnet8x4(num_classes=CLASSES)),
        "resnet32x4": one_channel_stem(resnet.resnet32x4(num_classes=CLASSES)),
        "wrn-16-2": one_channel_stem(wrn.wrn_16_2(num_classes=CLASSES)),
        "wrn-40-2": one_channel_stem(wrn.wrn_40_2(num_classes=CLASSES)),
    }
    print("model,channels,classes,parameters,macs,feature_shapes")
    for name, model in models.items():
        model.eval()
        params = sum(p.numel() for p in model.parameters() if p.requires_grad)
        macs = count_macs(model, x)
        if name.startswith("lenet"):
            feats = lenet_features(model, x)
        else:
            with torch.no_grad():
                feats, _ = model(x, is_feat=True)
            feats = [shape(f) for f in feats]
        print(f"{name},{CHANNELS},{CLASSES},{params},{macs},{';'.join(feats)}")


if __name__ == "__main__":
    main()
