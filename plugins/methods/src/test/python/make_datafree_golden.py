"""Golden values for the data-free recipes `dafl` and `dfad` (Distillery).

For each case: a generated batch (the generator's output is the leaf, so its gradient is what
the generator receives), a stand-in teacher with LeNet-5's interface (`forward(img,
out_feature)`: feature = relu(linear(flatten(img))), logits = linear(feature)), a linear student,
and the recipe's losses and gradients as the reference code computes them in one iteration:
every loss the iteration back-propagates ("steps", in order), its value, the gradient with
respect to the generated images of that step and to the student's weight and bias, and the
named loss terms. The Java test (`DataFreeRecipeGoldenTest`) runs the plugin's recipe on the
same inputs through a stand-in `DataFreeStep` that records instead of stepping, and compares.

Run with Debian's python3-torch (1.13), from the repository root:

    /usr/bin/python3 plugins/methods/src/test/python/make_datafree_golden.py

References (transcribed below; the transcription keeps the reference's operations):
  dafl: huawei-noah/Efficient-Computing, Data-Efficient-Model-Compression/DAFL/DAFL-train.py,
      lines 168-182 (the training loop body) and kdloss (lines 96-100); commit 225ddd2 (the
      DAFL folder unchanged since 8cb9a1ee). Options oh, ie, a as its arguments --oh --ie --a.
  dfad: VainF/Data-Free-Adversarial-Distillation, DFAD_mnist.py, train() (5 student steps on
      F.l1_loss(s, t.detach()) of detached generator output, then one generator step on
      -F.l1_loss(s, t)); commit c161591a. The `distance: kl` and `information-entropy` options
      are Distillery's additions (not in the reference): KL(softmax(t/T) || softmax(s/T)) *
      T^2 averaged over the batch in place of L1, and DAFL's information-entropy term added to
      the generator's loss; their golden values come from the same transcription with those
      terms.

Precision: inputs float32, stored exactly; reference in float64; values rounded to float32.

File format: {"recipe", "reference", "generator", "torch", "cases": [{"name", "options",
  "inputs": {name: {"shape", "data"}}, "steps": [{"players": [...], "loss", "gradients":
  {"images" | "student_weight" | "student_bias": tensor}}], "terms": {name: value}}]}
"""

import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import GOLDEN_DIR, normal, readable_json, seeded_generator, tensor_json  # noqa: E402

GENERATOR = "plugins/methods/src/test/python/make_datafree_golden.py"
CLASSES = 5
FEATURES = 12
SIDE = 4  # images 1x4x4


def standins(inputs, dtype):
    t = {k: v.detach().to(dtype) for k, v in inputs.items()}
    student_weight = t["student_weight"].clone().requires_grad_(True)
    student_bias = t["student_bias"].clone().requires_grad_(True)

    def teacher(img, out_feature=False):
        feature = F.relu(img.flatten(1) @ t["teacher_w1"].T + t["teacher_b1"])
        output = feature @ t["teacher_w2"].T + t["teacher_b2"]
        return (output, feature) if out_feature else output

    def student(img):
        return img.flatten(1) @ student_weight.T + student_bias

    return t, teacher, student, student_weight, student_bias


def leaf(tensor):
    return tensor.clone().requires_grad_(True)


def kdloss(y, teacher_scores):  # DAFL-train.py
    p = F.log_softmax(y, dim=1)
    q = F.softmax(teacher_scores, dim=1)
    l_kl = F.kl_div(p, q, size_average=False) / y.shape[0]
    return l_kl


def entropy(outputs_T):  # DAFL-train.py, loss_information_entropy
    softmax_o_T = torch.nn.functional.softmax(outputs_T, dim=1).mean(dim=0)
    return (softmax_o_T * torch.log10(softmax_o_T)).sum()


def dafl(inputs, options, dtype):
    t, teacher, net, sw, sb = standins(inputs, dtype)
    oh, ie, a = options.get("one-hot", 1.0), options.get("information-entropy", 5.0), options.get("activation", 0.1)
    criterion = torch.nn.CrossEntropyLoss()
    gen_imgs = leaf(t["images"])
    outputs_T, features_T = teacher(gen_imgs, out_feature=True)
    pred = outputs_T.data.max(1)[1]
    loss_activation = -features_T.abs().mean()
    loss_one_hot = criterion(outputs_T, pred)
    loss_information_entropy = entropy(outputs_T)
    loss = loss_one_hot * oh + loss_information_entropy * ie + loss_activation * a
    loss_kd = kdloss(net(gen_imgs.detach()), outputs_T.detach())
    loss += loss_kd
    loss.backward()
    step = {"players": ["student", "generator"], "loss": loss,
            "gradients": {"images": gen_imgs.grad, "student_weight": sw.grad, "student_bias": sb.grad}}
    terms = {"student.kd": loss_kd, "generator.one-hot": loss_one_hot,
             "generator.information-entropy": loss_information_entropy,
             "generator.activation": loss_activation}
    return [step], terms


def dfad(inputs, options, dtype):
    t, teacher, student, sw, sb = standins(inputs, dtype)
    steps_n = options.get("student-steps", 5)
    distance = options.get("distance", "l1")
    temperature = options.get("temperature", 1.0)
    ie = options.get("information-entropy", 0.0)

    def dist(s, tt):
        if distance == "l1":
            return F.l1_loss(s, tt)
        return F.kl_div(F.log_softmax(s / temperature, 1), F.softmax(tt / temperature, 1),
                        reduction="batchmean") * temperature * temperature

    steps = []
    student_sum = 0
    for k in range(steps_n):
        fake = t["student_images_%d" % k]  # generator(z).detach()
        t_logit = teacher(fake)
        s_logit = student(fake)
        loss_S = dist(s_logit, t_logit.detach())
        loss_S.backward()
        steps.append({"players": ["student"], "loss": loss_S,
                      "gradients": {"student_weight": sw.grad.clone(), "student_bias": sb.grad.clone()}})
        sw.grad = None
        sb.grad = None
        student_sum = student_sum + loss_S.detach()
    fake = leaf(t["images"])
    t_logit = teacher(fake)
    s_logit = student(fake)
    adversarial = -dist(s_logit, t_logit)
    loss_G = adversarial
    terms = {"student." + distance: student_sum / steps_n, "generator.adversarial": adversarial}
    if ie > 0:
        e = entropy(t_logit)
        loss_G = loss_G + ie * e
        terms["generator.information-entropy"] = e
    loss_G.backward()
    steps.append({"players": ["generator"], "loss": loss_G, "gradients": {"images": fake.grad}})
    return steps, terms


def inputs_for(seed, batch, student_batches):
    g = seeded_generator(seed)
    inputs = {
        "images": normal(g, (batch, 1, SIDE, SIDE)),
        "teacher_w1": normal(g, (FEATURES, SIDE * SIDE), 0.5),
        "teacher_b1": normal(g, (FEATURES,), 0.1),
        "teacher_w2": normal(g, (CLASSES, FEATURES), 0.5),
        "teacher_b2": normal(g, (CLASSES,), 0.1),
        "student_weight": normal(g, (CLASSES, SIDE * SIDE), 0.3),
        "student_bias": normal(g, (CLASSES,), 0.1),
    }
    for k in range(student_batches):
        inputs["student_images_%d" % k] = normal(g, (batch, 1, SIDE, SIDE))
    return inputs


def case(name, recipe, options, inputs):
    steps, terms = recipe(inputs, options, torch.float64)
    steps32, _ = recipe(inputs, options, torch.float32)
    worst = max(float((s32["loss"].double() - s["loss"]).abs()) / max(abs(float(s["loss"])), 1e-30)
                for s, s32 in zip(steps, steps32))
    print(f"  {name}: {len(steps)} steps, worst float32 loss rel diff {worst:.2e}")
    return {
        "name": name,
        "options": options,
        "inputs": {k: tensor_json(v) for k, v in inputs.items()},
        "steps": [{"players": s["players"], "loss": float(s["loss"].to(torch.float32)),
                   "gradients": {k: tensor_json(v) for k, v in s["gradients"].items()}} for s in steps],
        "terms": {k: float(v.to(torch.float32)) for k, v in terms.items()},
    }


def write(recipe, reference, cases):
    document = {"recipe": recipe, "reference": reference, "generator": GENERATOR,
                "torch": torch.__version__,
                "precision": "inputs float32; reference computed in float64; values rounded to float32",
                "cases": cases}
    path = os.path.normpath(os.path.join(GOLDEN_DIR, "datafree-" + recipe + ".json"))
    with open(path, "w") as out:
        out.write(readable_json(document) + "\n")
    print(f"wrote {path} ({len(cases)} cases)")


def main():
    print("dafl")
    write("dafl", {"repository": "huawei-noah/Efficient-Computing",
                   "file": "Data-Efficient-Model-Compression/DAFL/DAFL-train.py",
                   "symbol": "training loop body, kdloss", "commit": "225ddd2"}, [
        case("reference-weights", dafl, {}, inputs_for(11, 6, 0)),
        case("other-weights", dafl, {"one-hot": 0.5, "information-entropy": 2.0, "activation": 0.3},
             inputs_for(12, 8, 0)),
    ])
    print("dfad")
    write("dfad", {"repository": "VainF/Data-Free-Adversarial-Distillation", "file": "DFAD_mnist.py",
                   "symbol": "train", "commit": "c161591a"}, [
        case("reference-l1", dfad, {}, inputs_for(21, 6, 5)),
        case("two-student-steps", dfad, {"student-steps": 2}, inputs_for(22, 8, 2)),
        case("kl-entropy", dfad, {"distance": "kl", "temperature": 2.0, "information-entropy": 5.0},
             inputs_for(23, 6, 5)),
    ])


if __name__ == "__main__":
    main()
