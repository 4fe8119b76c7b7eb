"""Golden values for the GAN losses of the train-gan and distill-generator stages (Distillery).

Each case gives float32 inputs (stored exactly) and the loss values and gradients PyTorch computes
from them in float64, written the way the references write them:

  non-saturating   DCGAN (PyTorch examples, dcgan/main.py): nn.BCELoss on D's sigmoid output,
                   errD = BCE(D(x), 1) + BCE(D(G(z)), 0), errG = BCE(D(G(z)), 1); here on the
                   logits with BCEWithLogits (the same value, stable).
  wgan-gp          Gulrajani et al. 2017, Algorithm 1 (igul222/improved_wgan_training,
                   gan_mnist.py): L_D = mean D(G(z)) - mean D(x) + lambda * mean((||grad_xhat
                   D(xhat)||_2 - 1)^2), xhat = eps x + (1 - eps) G(z), eps ~ U[0, 1] per image;
                   L_G = -mean D(G(z)). The penalty's gradient is taken with
                   torch.autograd.grad(create_graph=True), as in the PyTorch ports.
  joint            Aguinaldo et al. 2019 (arXiv 1902.00159), eq. 3: min_theta max_w
                   E_x[log D(x)] + E_z[alpha log(1 - D(G_theta(z))) + (1 - alpha)
                   ||G_T(z) - G_theta(z)||^2], with the squared norm as nn.MSELoss (mean over
                   pixels); the discriminator descends -(its objective).

A two-class discriminator's score is logit_real - logit_fake, so D(x) = sigmoid(score). The
wgan-gp case runs Distillery's dcgan-discriminator (width 2, no batch norm, 1x8x8 images; the
PyTorch transcription in plugins/models/src/test/python/reference_generators.py) with seeded
parameters stored in the file, and gives the gradient of the whole critic loss with respect to
every parameter, second-order terms of the penalty included.

    /usr/bin/python3 plugins/stages/src/test/python/make_gan_golden.py

File: plugins/stages/src/test/resources/golden/gan-losses.json
"""

import json
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, os.pardir, os.pardir, os.pardir, os.pardir, "models", "src",
                                "test", "python"))
from reference_generators import DcganDiscriminator  # noqa: E402

OUT = os.path.join(HERE, os.pardir, "resources", "golden", "gan-losses.json")


def tensor_json(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def seeded(seed):
    g = torch.Generator()
    g.manual_seed(seed)
    return g


def score(logits):
    return logits[:, 1] - logits[:, 0]


def scores_case(seed, alpha):
    g = seeded(seed)
    real_logits = (torch.randn(6, 2, generator=g) * 2).float()
    fake_logits = (torch.randn(6, 2, generator=g) * 2).float()
    images = torch.randn(6, 1, 4, 4, generator=g).float()
    target = torch.randn(6, 1, 4, 4, generator=g).float()
    inputs = {"real_logits": real_logits, "fake_logits": fake_logits, "images": images,
              "target": target}
    losses = {}

    def run(name, fn, wrt):
        leaves = {k: inputs[k].double().clone().requires_grad_(k in wrt) for k in inputs}
        value = fn(**leaves)
        value.backward()
        losses[name] = {"value": float(value),
                        "gradients": {k: tensor_json(leaves[k].grad) for k in wrt}}

    bce = F.binary_cross_entropy_with_logits

    def d_nonsat(real_logits, fake_logits, **_):
        r, f = score(real_logits), score(fake_logits)
        return bce(r, torch.ones_like(r)) + bce(f, torch.zeros_like(f))

    def g_nonsat(fake_logits, **_):
        f = score(fake_logits)
        return bce(f, torch.ones_like(f))

    def d_wgan(real_logits, fake_logits, **_):
        return score(fake_logits).mean() - score(real_logits).mean()

    def g_wgan(fake_logits, **_):
        return -score(fake_logits).mean()

    def d_joint(real_logits, fake_logits, **_):
        d_real = torch.sigmoid(score(real_logits))
        d_fake = torch.sigmoid(score(fake_logits))
        return -(torch.log(d_real).mean() + alpha * torch.log(1 - d_fake).mean())

    def s_joint(fake_logits, images, target, **_):
        d_fake = torch.sigmoid(score(fake_logits))
        return alpha * torch.log(1 - d_fake).mean() + (1 - alpha) * F.mse_loss(images, target)

    run("non-saturating.discriminator", d_nonsat, ["real_logits", "fake_logits"])
    run("non-saturating.generator", g_nonsat, ["fake_logits"])
    run("wgan.critic", d_wgan, ["real_logits", "fake_logits"])
    run("wgan.generator", g_wgan, ["fake_logits"])
    run("joint.discriminator", d_joint, ["real_logits", "fake_logits"])
    run("joint.student", s_joint, ["fake_logits", "images"])
    return {"name": f"scores-seed{seed}", "alpha": alpha,
            "inputs": {k: tensor_json(v) for k, v in inputs.items()}, "losses": losses}


def penalty_case(seed, weight):
    g = seeded(seed)
    model = DcganDiscriminator(2, 1, 8, batch_norm=False)
    parameters = {}
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_((torch.randn(p.shape, generator=g) * 0.3).float())
            parameters[name] = p.detach().clone()
    model = model.double()
    real = torch.randn(4, 1, 8, 8, generator=g).float()
    fake = torch.tanh(torch.randn(4, 1, 8, 8, generator=g)).float()
    eps = torch.rand(4, 1, generator=g).float()
    r, f, e = real.double(), fake.double(), eps.double().reshape(4, 1, 1, 1)
    s = lambda x: score(model(x))  # noqa: E731
    critic = s(f).mean() - s(r).mean()
    mixed = (e * r + (1 - e) * f).requires_grad_(True)
    grad, = torch.autograd.grad(s(mixed).sum(), mixed, create_graph=True)
    penalty = weight * ((grad.flatten(1).norm(2, dim=1) - 1) ** 2).mean()
    loss = critic + penalty
    loss.backward()
    return {
        "name": f"wgan-gp-seed{seed}",
        "weight": weight,
        "inputs": {"real": tensor_json(real), "fake": tensor_json(fake), "epsilon": tensor_json(eps)},
        "parameters": {k: tensor_json(v) for k, v in parameters.items()},
        "critic": float(critic),
        "penalty": float(penalty),
        "input_gradient": tensor_json(grad),
        "gradients": {k: tensor_json(p.grad) for k, p in model.named_parameters()},
    }


def main():
    torch.set_default_dtype(torch.float64)
    document = {
        "generator": "plugins/stages/src/test/python/make_gan_golden.py",
        "torch": torch.__version__,
        "precision": "inputs float32 (exact); reference float64; values rounded to float32",
        "scores": [scores_case(1, 0.5), scores_case(2, 0.1)],
        "penalty": [penalty_case(3, 10.0), penalty_case(4, 1.0)],
    }
    with open(os.path.normpath(OUT), "w") as out:
        json.dump(document, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
