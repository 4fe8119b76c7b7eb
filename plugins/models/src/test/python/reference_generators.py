"""Reference forward outputs of the generator plugins, for GeneratorReferenceOutputsTest.

The generators of DAFL (huawei-noah/Efficient-Computing, Data-Efficient-Model-Compression/DAFL/
DAFL-train.py, class Generator, commit 225ddd2; `opt` replaced by constructor arguments) and DFAD
(VainF/Data-Free-Adversarial-Distillation, network/gan.py, class GeneratorA, commit c161591a),
transcribed below, and Distillery's DCGAN generator and discriminator (DCGAN, Radford et al. 2016,
with ×2 nearest upsampling + 3x3 convolution in place of transposed convolutions; the
discriminator as a two-class classifier). Every parameter and batch-norm statistic is filled with the formula of
reference_outputs.py (j-th tensor of state_dict(), num_batches_tracked skipped; batch norms with
affine=False have no weight or bias); latent element k: sin(0.9 k + 0.5), 3 vectors.

    /usr/bin/python3 plugins/models/src/test/python/reference_generators.py \
        > plugins/models/src/test/resources/reference-generators.csv

Rows: generator, width, image size, mode, output, sum, l2, first 4 values. Mode "eval" gives the
images with running statistics; "train" the images of a training-mode pass (batch statistics)
and the first batch norm's running mean after it. Rows "parameters" give the trainable parameter
count (sum of numel) in the sum column. The discriminator's rows give its two logits of the three
reference images (the DCGAN generator's eval images of the same row's width, as input).
"""

import math

import torch
import torch.nn as nn


class DaflGenerator(nn.Module):  # DAFL-train.py, class Generator
    def __init__(self, img_size, latent_dim, channels, width=64):
        super(DaflGenerator, self).__init__()
        self.init_size = img_size // 4
        self.l1 = nn.Sequential(nn.Linear(latent_dim, 2 * width * self.init_size ** 2))
        self.conv_blocks0 = nn.Sequential(nn.BatchNorm2d(2 * width))
        self.conv_blocks1 = nn.Sequential(
            nn.Conv2d(2 * width, 2 * width, 3, stride=1, padding=1),
            nn.BatchNorm2d(2 * width, 0.8),
            nn.LeakyReLU(0.2, inplace=True),
        )
        self.conv_blocks2 = nn.Sequential(
            nn.Conv2d(2 * width, width, 3, stride=1, padding=1),
            nn.BatchNorm2d(width, 0.8),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(width, channels, 3, stride=1, padding=1),
            nn.Tanh(),
            nn.BatchNorm2d(channels, affine=False),
        )
        self.width = width

    def forward(self, z):
        out = self.l1(z)
        out = out.view(out.shape[0], 2 * self.width, self.init_size, self.init_size)
        img = self.conv_blocks0(out)
        img = nn.functional.interpolate(img, scale_factor=2)
        img = self.conv_blocks1(img)
        img = nn.functional.interpolate(img, scale_factor=2)
        img = self.conv_blocks2(img)
        return img


class GeneratorA(nn.Module):  # network/gan.py
    def __init__(self, nz=100, ngf=64, nc=1, img_size=32):
        super(GeneratorA, self).__init__()
        self.init_size = img_size // 4
        self.l1 = nn.Sequential(nn.Linear(nz, ngf * 2 * self.init_size ** 2))
        self.conv_blocks0 = nn.Sequential(nn.BatchNorm2d(ngf * 2))
        self.conv_blocks1 = nn.Sequential(
            nn.Conv2d(ngf * 2, ngf * 2, 3, stride=1, padding=1),
            nn.BatchNorm2d(ngf * 2),
            nn.LeakyReLU(0.2, inplace=True),
        )
        self.conv_blocks2 = nn.Sequential(
            nn.Conv2d(ngf * 2, ngf, 3, stride=1, padding=1),
            nn.BatchNorm2d(ngf),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ngf, nc, 3, stride=1, padding=1),
            nn.Tanh(),
            nn.BatchNorm2d(nc, affine=False),
        )

    def forward(self, z):
        out = self.l1(z.view(z.shape[0], -1))
        out = out.view(out.shape[0], -1, self.init_size, self.init_size)
        img = self.conv_blocks0(out)
        img = nn.functional.interpolate(img, scale_factor=2)
        img = self.conv_blocks1(img)
        img = nn.functional.interpolate(img, scale_factor=2)
        img = self.conv_blocks2(img)
        return img


class DcganGenerator(nn.Module):  # Distillery's dcgan-generator
    def __init__(self, latent, width, channels, size):
        super().__init__()
        self.s = size // 8
        self.width = width
        self.project = nn.Linear(latent, 4 * width * self.s * self.s)
        self.norm0 = nn.BatchNorm2d(4 * width)
        self.conv1 = nn.Conv2d(4 * width, 2 * width, 3, 1, 1)
        self.norm1 = nn.BatchNorm2d(2 * width)
        self.conv2 = nn.Conv2d(2 * width, width, 3, 1, 1)
        self.norm2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, channels, 3, 1, 1)

    def forward(self, z):
        up = nn.functional.interpolate
        x = self.project(z).view(z.shape[0], 4 * self.width, self.s, self.s)
        x = torch.relu(self.norm0(x))
        x = torch.relu(self.norm1(self.conv1(up(x, scale_factor=2))))
        x = torch.relu(self.norm2(self.conv2(up(x, scale_factor=2))))
        return torch.tanh(self.conv3(up(x, scale_factor=2)))


class DcganDiscriminator(nn.Module):  # Distillery's dcgan-discriminator, two classes
    def __init__(self, width, channels, size, batch_norm=True):
        super().__init__()
        self.batch_norm = batch_norm
        self.conv1 = nn.Conv2d(channels, width, 4, 2, 1)
        self.conv2 = nn.Conv2d(width, 2 * width, 4, 2, 1)
        if batch_norm:
            self.norm2 = nn.BatchNorm2d(2 * width)
        self.conv3 = nn.Conv2d(2 * width, 4 * width, 4, 2, 1)
        if batch_norm:
            self.norm3 = nn.BatchNorm2d(4 * width)
        self.classify = nn.Linear(4 * width * (size // 8) ** 2, 2)

    def forward(self, x):
        leaky = nn.functional.leaky_relu
        x = leaky(self.conv1(x), 0.2)
        x = self.conv2(x)
        x = leaky(self.norm2(x) if self.batch_norm else x, 0.2)
        x = self.conv3(x)
        x = leaky(self.norm3(x) if self.batch_norm else x, 0.2)
        return self.classify(x.flatten(1))


def fill(model):
    j = 0
    for name, tensor in model.state_dict().items():
        if name.endswith("num_batches_tracked"):
            continue
        k = torch.arange(tensor.numel(), dtype=torch.float64)
        s = torch.sin(1.7 * k + 0.3 * j + 1)
        if name.endswith("running_var"):
            v = 0.75 + 0.25 * s
        elif name.endswith("running_mean"):
            v = 0.1 * s
        elif tensor.dim() >= 2:
            v = s / math.sqrt(tensor.numel() / tensor.shape[0])
        elif tensor.dim() == 1 and name.endswith("weight"):
            v = 1 + 0.1 * s  # batch-norm weight
        else:
            v = 0.1 * s  # biases
        tensor.copy_(v.reshape(tensor.shape).to(tensor.dtype))
        j += 1


def row(generator, width, size, mode, output, tensor):
    t = tensor.detach().double().reshape(-1)
    first = ";".join(repr(float(v)) for v in t[:4])
    print(f"{generator},{width},{size},{mode},{output},{float(t.sum())!r},{float(t.norm())!r},{first}")


def main():
    torch.set_default_dtype(torch.float64)
    print("generator,width,size,mode,output,sum,l2,first")
    latent = 100
    z = torch.sin(0.9 * torch.arange(3 * latent, dtype=torch.float64) + 0.5).reshape(3, latent)
    for generator, width, size in [("dafl-generator", 8, 32), ("dfad-generator", 8, 32),
                                   ("dfad-generator", 4, 28)]:
        for mode in ("eval", "train"):
            if generator == "dafl-generator":
                model = DaflGenerator(size, latent, 1, width)
            else:
                model = GeneratorA(latent, width, 1, size)
            with torch.no_grad():
                fill(model)
                model.train(mode == "train")
                images = model(z)
            row(generator, width, size, mode, "images", images)
            if mode == "train":
                row(generator, width, size, mode, "norm0.running_mean",
                    model.conv_blocks0[0].running_mean)
    for width, size in [(4, 32), (2, 24)]:
        trainable = DcganGenerator(latent, width, 1, size)
        print(f"dcgan-generator,{width},{size},-,parameters,"
              f"{sum(p.numel() for p in trainable.parameters())},0,0")
        for mode in ("eval", "train"):
            model = DcganGenerator(latent, width, 1, size)
            with torch.no_grad():
                fill(model)
                model.train(mode == "train")
                images = model(z)
            row("dcgan-generator", width, size, mode, "images", images)
            if mode == "train":
                row("dcgan-generator", width, size, mode, "norm0.running_mean",
                    model.norm0.running_mean)
            else:
                inputs = images
        for batch_norm in (True, False):
            name = "dcgan-discriminator" if batch_norm else "dcgan-discriminator-no-bn"
            model = DcganDiscriminator(width, 1, size, batch_norm)
            print(f"{name},{width},{size},-,parameters,"
                  f"{sum(p.numel() for p in model.parameters())},0,0")
            for mode in ("eval", "train"):
                model = DcganDiscriminator(width, 1, size, batch_norm)
                with torch.no_grad():
                    fill(model)
                    model.train(mode == "train")
                    logits = model(inputs)
                row(name, width, size, mode, "logits", logits)


if __name__ == "__main__":
    main()
