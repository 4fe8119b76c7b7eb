"""Reference figures and outputs of the Ghost models of the `models` plugin.

Builds Ghost-ResNet-20/32/56 and the small GhostNet from the original PyTorch code (not vendored
here) and writes what GhostReferenceFiguresTest and GhostReferenceOutputsTest compare against:

    /usr/bin/python3 plugins/models/src/test/python/reference_ghost.py --sources DIR \\
        --figures plugins/models/src/test/resources/reference-ghost-figures.csv \\
        --outputs plugins/models/src/test/resources/reference-ghost-outputs.csv

DIR must hold ghostnet.py from huawei-noah/Efficient-AI-Backbones (ghostnet_pytorch/) and
resnet.py from HobbitLong/RepDistiller (models/). Tested with Debian's python3-torch 1.13.
Helpers (MAC counting, the parameter formula, the input) come from reference_figures.py and
reference_outputs.py next to this file.

Ghost-ResNet-N: RepDistiller's resnetN with every convolution except the stem replaced by
ghostnet.py's GhostModule (the paper's CIFAR-10 experiment), each taking over the batch norm
(and ReLU) after the convolution it replaces:
  conv1 + bn1 + relu  -> GhostModule(in, planes, kernel_size=3, stride, relu=True), bn1 -> Identity
  conv2 + bn2         -> GhostModule(planes, planes, kernel_size=3, relu=False), bn2 -> Identity
  downsample (1x1 conv + bn, RepDistiller's projection shortcut)
                      -> GhostModule(in, planes, kernel_size=1, stride, relu=False)
with ratio s and dw_size d. The block's own ReLU after conv1 then repeats the Ghost module's
(no effect), its ReLU after the residual sum stays.

ghostnet-small: ghostnet.py's GhostNet with the first five rows of its cfgs (stages 1-3, SE in
stage 3), width 1, dropout 0, and a stride-1 stem taking C channels; its GhostBottlenecks build
their GhostModules with ratio s and dw_size d (ghostnet.py's defaults 2 and 3 unless varied).

Figures (model, channels, classes, ratio, dw_kernel, parameters, macs, feature shapes): trainable
parameters, MACs (Cout*Hout*Wout*Cin*k*k/groups per convolution, in*out per linear layer) and
feature shapes for 32x32 images; resnet56 on 3x32x32 too, the paper's baseline.
Outputs (model, ratio, dw_kernel, mode, output, sum, l2, first 4): with every tensor filled by
reference_outputs.py's formula and its 2x1x32x32 input, mode "eval" gives every feature point
(names of the Java plugins) and the logits; mode "train" the logits of a training-mode pass,
the first batch norm's running mean and the last batch norm's running variance after it.

Also prints to stderr the paper's CIFAR-10 check: ResNet-56 0.85 M parameters / 125 M FLOPs,
Ghost-ResNet-56 (s=2, d=3) 0.43 M / 63 M (Han et al. CVPR 2020, CIFAR-10 comparison).
"""

import argparse
import contextlib
import importlib.util
import os
import sys

import torch
import torch.nn as nn

from reference_figures import count_macs, shape
from reference_outputs import batch, fill, row

GHOSTNET_SMALL_CFGS = [
    # k, t, c, SE, s
    [[3, 16, 16, 0, 1]],
    [[3, 48, 24, 0, 2], [3, 72, 24, 0, 1]],
    [[5, 72, 40, 0.25, 2], [5, 120, 40, 0.25, 1]],
]


def load(sources, name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(sources, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ghost_resnet(resnet, ghostnet, depth, channels, classes, ratio, dw):
    model = getattr(resnet, "resnet%d" % depth)(num_classes=classes)
    old = model.conv1
    model.conv1 = nn.Conv2d(channels, old.out_channels, kernel_size=3, padding=1, bias=False)
    for layer in (model.layer1, model.layer2, model.layer3):
        for block in layer:
            c1, c2 = block.conv1, block.conv2
            block.conv1 = ghostnet.GhostModule(c1.in_channels, c1.out_channels, kernel_size=3,
                                               ratio=ratio, dw_size=dw, stride=c1.stride[0],
                                               relu=True)
            block.bn1 = nn.Identity()
            block.conv2 = ghostnet.GhostModule(c2.in_channels, c2.out_channels, kernel_size=3,
                                               ratio=ratio, dw_size=dw, stride=1, relu=False)
            block.bn2 = nn.Identity()
            if block.downsample is not None:
                c = block.downsample[0]
                block.downsample = ghostnet.GhostModule(c.in_channels, c.out_channels,
                                                        kernel_size=1, ratio=ratio, dw_size=dw,
                                                        stride=c.stride[0], relu=False)
    return model


def ghostnet_small(ghostnet, channels, classes, ratio, dw):
    model = ghostnet.GhostNet(GHOSTNET_SMALL_CFGS, num_classes=classes, dropout=0.)
    if (ratio, dw) != (2, 3):
        # GhostBottleneck builds GhostModule(in, out, relu=...) with the defaults 2 and 3
        for block in model.modules():
            if isinstance(block, ghostnet.GhostBottleneck):
                for name, relu in (("ghost1", True), ("ghost2", False)):
                    old = getattr(block, name)
                    setattr(block, name, ghostnet.GhostModule(
                        old.primary_conv[0].in_channels, old.oup, ratio=ratio, dw_size=dw,
                        relu=relu))
    old = model.conv_stem
    model.conv_stem = nn.Conv2d(channels, old.out_channels, 3, 1, 1, bias=False)
    return model


def resnet_outputs(model, x):
    stem_pre = {}
    model.bn1.register_forward_hook(lambda m, i, o: stem_pre.__setitem__("v", o.clone()))
    feats, logits = model(x, is_feat=True, preact=False)
    feats = [f.clone() for f in feats]
    pre, _ = model(x, is_feat=True, preact=True)
    return [("stem", feats[0]), ("stem.pre", stem_pre["v"]),
            ("layer1", feats[1]), ("layer1.pre", pre[1]),
            ("layer2", feats[2]), ("layer2.pre", pre[2]),
            ("layer3", feats[3]), ("layer3.pre", pre[3]),
            ("pool", feats[4]), ("logits", logits)]


def ghostnet_outputs(model, x):
    out = {}

    def keep(name):
        return lambda m, i, o: out.__setitem__(name, o.clone().reshape(o.shape[0], -1)
                                               if name in ("pool", "head") else o.clone())

    hooks = [model.bn1.register_forward_hook(keep("stem.pre")),
             model.act1.register_forward_hook(keep("stem")),
             model.global_pool.register_forward_hook(keep("pool")),
             model.act2.register_forward_hook(keep("head"))]
    for k in range(3):
        hooks.append(model.blocks[k].register_forward_hook(keep("layer%d" % (k + 1))))
    logits = model(x)
    for h in hooks:
        h.remove()
    # a Ghost bottleneck has no ReLU after its sum: layerK.pre is layerK
    result = [("stem", out["stem"]), ("stem.pre", out["stem.pre"])]
    for k in range(1, 4):
        result += [("layer%d" % k, out["layer%d" % k]), ("layer%d.pre" % k, out["layer%d" % k])]
    return result + [("pool", out["pool"]), ("head", out["head"]), ("logits", logits)]


def feature_shapes(name, model, x):
    if name.startswith("ghostnet"):
        outputs = dict(ghostnet_outputs(model, x))
        names = ["stem", "layer1", "layer2", "layer3", "pool", "head"]
        return [shape(outputs[n]) for n in names]
    feats, _ = model(x, is_feat=True)
    return [shape(f) for f in feats]


def batch_norms(model):
    return [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]


def build(resnet, ghostnet, name, channels, classes, ratio, dw):
    if name == "ghostnet-small":
        return ghostnet_small(ghostnet, channels, classes, ratio, dw)
    if name.startswith("ghost-resnet"):
        return ghost_resnet(resnet, ghostnet, int(name[len("ghost-resnet"):]), channels,
                            classes, ratio, dw)
    model = getattr(resnet, name)(num_classes=classes)
    old = model.conv1
    model.conv1 = nn.Conv2d(channels, old.out_channels, kernel_size=3, padding=1, bias=False)
    return model


def figures(resnet, ghostnet):
    rows = []
    for name in ("ghost-resnet20", "ghost-resnet32", "ghost-resnet56", "ghostnet-small"):
        for channels in (1, 3):
            rows.append((name, channels, 10, 2, 3))
    rows += [("ghost-resnet20", 1, 10, 3, 5), ("ghost-resnet20", 1, 10, 4, 1),
             ("ghostnet-small", 1, 10, 3, 5), ("ghostnet-small", 3, 100, 2, 3),
             ("resnet56", 3, 10, None, None)]
    lines = ["model,channels,classes,ratio,dw_kernel,parameters,macs,feature_shapes"]
    figures_of = {}
    for name, channels, classes, ratio, dw in rows:
        torch.manual_seed(0)
        x = torch.randn(2, channels, 32, 32)
        model = build(resnet, ghostnet, name, channels, classes, ratio, dw).eval()
        params = sum(p.numel() for p in model.parameters() if p.requires_grad)
        macs = count_macs(model, x)
        with torch.no_grad():
            feats = feature_shapes(name, model, x)
        figures_of[(name, channels, classes, ratio, dw)] = (params, macs)
        lines.append(f"{name},{channels},{classes},{'' if ratio is None else ratio},"
                     f"{'' if dw is None else dw},{params},{macs},{';'.join(feats)}")
    base = figures_of[("resnet56", 3, 10, None, None)]
    ghost = figures_of[("ghost-resnet56", 3, 10, 2, 3)]
    print(f"CIFAR-10 (3x32x32, 10 classes): resnet56 {base[0]:,} parameters, {base[1]:,} MACs"
          f" (paper 0.85 M / 125 M); ghost-resnet56 (s=2, d=3) {ghost[0]:,} parameters,"
          f" {ghost[1]:,} MACs (paper 0.43 M / 63 M); ratios {ghost[0] / base[0]:.3f},"
          f" {ghost[1] / base[1]:.3f}", file=sys.stderr)
    return lines


def outputs(resnet, ghostnet):
    x = batch()
    lines = []
    with contextlib.redirect_stdout(LineCollector(lines)):
        print("model,ratio,dw_kernel,mode,output,sum,l2,first")
        with torch.no_grad():
            for name, ratio, dw in (("ghost-resnet20", 2, 3), ("ghost-resnet20", 3, 5),
                                    ("ghostnet-small", 2, 3), ("ghostnet-small", 3, 5)):
                model = build(resnet, ghostnet, name, 1, 10, ratio, dw)
                fill(model)
                model.eval()
                prefix = f"{name},{ratio},{dw}"
                named = (ghostnet_outputs if name.startswith("ghostnet") else resnet_outputs)
                for output, t in named(model, x):
                    row(prefix, "eval", output, t)
                model.train()
                row(prefix, "train", "logits", model(x))
                norms = batch_norms(model)
                row(prefix, "train", "first-bn-running-mean", norms[0].running_mean)
                row(prefix, "train", "last-bn-running-var", norms[-1].running_var)
    return lines


class LineCollector:
    """A text sink for print() that keeps whole lines."""

    def __init__(self, lines):
        self.lines = lines
        self.partial = ""

    def write(self, text):
        self.partial += text
        *done, self.partial = self.partial.split("\n")
        self.lines.extend(done)

    def flush(self):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", required=True)
    parser.add_argument("--figures", required=True)
    parser.add_argument("--outputs", required=True)
    args = parser.parse_args()
    resnet = load(args.sources, "resnet")
    ghostnet = load(args.sources, "ghostnet")
    with open(args.figures, "w") as f:
        f.write("\n".join(figures(resnet, ghostnet)) + "\n")
    with open(args.outputs, "w") as f:
        f.write("\n".join(outputs(resnet, ghostnet)) + "\n")


if __name__ == "__main__":
    main()
