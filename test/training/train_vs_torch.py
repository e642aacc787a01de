"""The training step that `loomc --train` compiles, against PyTorch.

Two seeded PyTorch models are exported to ONNX, compiled with --train and
trained for STEPS steps on the same seeded batches in both: the loss must
agree at every step within rel 1e-4 and the final parameters within rel
1e-3.

- An MLP (8 -> 16 -> ReLU -> 4): cross-entropy with SGD (momentum, weight
  decay) and with Adam (weight decay), mean squared error with plain SGD.
- A small CNN (conv 3x3 -> batch norm in training mode -> ReLU -> max pool
  -> flatten -> linear): cross-entropy with SGD (momentum) and with Adam.
  PyTorch trains it with nn.BatchNorm2d in training mode; the model Loom
  compiles writes the same batch norm as ops (batch mean, biased variance),
  because the ONNX importer refuses an exported training-mode
  BatchNormalization whose running statistics are outputs. Loom's step takes the
parameters and optimizer state as inputs and returns them updated under the
same names; this script feeds them back (docs/training.md).

usage: train_vs_torch.py LOOMC BUILD_PYTHON_DIR
"""

import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

STEPS = 20
BATCH, FEATURES, HIDDEN, CLASSES = 8, 8, 16, 4

SGD_MOMENTUM = ("sgd:lr=0.1,momentum=0.9,weight_decay=0.01",
                lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9,
                                          weight_decay=0.01))
ADAM = ("adam:lr=0.01,betas=0.9,0.99,eps=1e-8,weight_decay=0.01",
        lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.99), eps=1e-8,
                                   weight_decay=0.01))
SGD = ("sgd:lr=0.05", lambda p: torch.optim.SGD(p, lr=0.05))


class BatchNormTraining(torch.nn.Module):
    """nn.BatchNorm2d's training-mode forward, written as ops."""

    def __init__(self, channels):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(channels))
        self.bias = torch.nn.Parameter(torch.zeros(channels))

    def forward(self, x):
        mean = x.mean((0, 2, 3), keepdim=True)
        centered = x - mean
        var = (centered * centered).mean((0, 2, 3), keepdim=True)
        return (centered / torch.sqrt(var + 1e-5) *
                self.weight.reshape(1, -1, 1, 1) + self.bias.reshape(1, -1, 1, 1))


def mlp(reference):
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(FEATURES, HIDDEN),
                               torch.nn.ReLU(),
                               torch.nn.Linear(HIDDEN, CLASSES))


def cnn(reference):
    torch.manual_seed(0)
    norm = torch.nn.BatchNorm2d(4) if reference else BatchNormTraining(4)
    return torch.nn.Sequential(torch.nn.Conv2d(2, 4, 3, padding=1), norm,
                               torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                               torch.nn.Flatten(),
                               torch.nn.Linear(4 * 4 * 4, CLASSES))


# (model, input shape, loss, (--optimizer, the same optimizer in PyTorch))
RUNS = [
    (mlp, (BATCH, FEATURES), "cross_entropy", SGD_MOMENTUM),
    (mlp, (BATCH, FEATURES), "cross_entropy", ADAM),
    (mlp, (BATCH, FEATURES), "mse", SGD),
    (cnn, (BATCH, 2, 8, 8), "cross_entropy", SGD_MOMENTUM),
    (cnn, (BATCH, 2, 8, 8), "cross_entropy", ADAM),
]


def batches(shape, loss):
    rng = np.random.default_rng(7)
    for _ in range(STEPS):
        x = rng.standard_normal(shape).astype(np.float32)
        if loss == "mse":
            yield x, rng.standard_normal((BATCH, CLASSES)).astype(np.float32)
        else:
            yield x, rng.integers(0, CLASSES, BATCH).astype(np.int64)


def train_torch(model, shape, loss_kind, make_optimizer):
    net = model(reference=True)
    net.train()
    optimizer = make_optimizer(net.parameters())
    criterion = (torch.nn.functional.mse_loss if loss_kind == "mse"
                 else torch.nn.functional.cross_entropy)
    losses = []
    for x, y in batches(shape, loss_kind):
        optimizer.zero_grad()
        loss = criterion(net(torch.from_numpy(x)), torch.from_numpy(y))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, {k: v.detach().numpy() for k, v in net.named_parameters()}


def train_loom(loom, loomc, model, shape, loss_kind, spec, workdir):
    net = model(reference=False)
    path = os.path.join(workdir, "model.onnx")
    torch.onnx.export(net, torch.zeros(shape), path, do_constant_folding=False,
                      input_names=["x"], output_names=["logits"],
                      opset_version=13)
    step_path = os.path.join(workdir, "step.loom")
    subprocess.run([loomc, path, "--train",
                    "--loss=%s:logits,labels" % loss_kind,
                    "--optimizer=" + spec, "-o", step_path], check=True)
    session = loom.Session(loom.load(step_path), threads=2)
    params = {k: v.detach().numpy().copy() for k, v in net.state_dict().items()}
    state = {}
    losses = []
    for x, y in batches(shape, loss_kind):
        feed = {}
        for name in session.input_names:
            if name == "x":
                feed[name] = x
            elif name == "labels":
                feed[name] = y
            elif name in params:
                feed[name] = params[name]
            elif name == "adam.step":
                feed[name] = state.get(name, np.zeros((), np.float32))
            else:  # momentum / moments, zero at the start
                base = name.rsplit(".", 1)[0]
                feed[name] = state.get(name, np.zeros_like(params[base]))
        outputs = dict(zip(session.output_names, session.run(**feed)))
        losses.append(float(outputs.pop("loss")))
        for name, value in outputs.items():
            if name in params:
                params[name] = value
            else:
                state[name] = value
    return losses, params


def main():
    loomc, python_dir = sys.argv[1], sys.argv[2]
    sys.path.insert(0, python_dir)
    import loom
    failures = 0
    for model, shape, loss_kind, (spec, make_optimizer) in RUNS:
        expected_losses, expected_params = train_torch(model, shape, loss_kind,
                                                       make_optimizer)
        with tempfile.TemporaryDirectory() as workdir:
            losses, params = train_loom(loom, loomc, model, shape, loss_kind,
                                        spec, workdir)
        worst = max(abs(a - b) / abs(b) for a, b in zip(losses, expected_losses))
        print("%s, %s, %s: %d steps, loss %.6f -> %.6f (PyTorch %.6f -> %.6f), "
              "worst relative loss difference %.2e"
              % (model.__name__, loss_kind, spec, STEPS, losses[0], losses[-1], expected_losses[0],
                 expected_losses[-1], worst))
        if len(losses) != STEPS or worst > 1e-4:
            print("FAIL: losses differ: %s vs %s" % (losses, expected_losses))
            failures += 1
        for name, value in expected_params.items():
            error = np.max(np.abs(params[name] - value) /
                           (np.abs(value) + 1e-3))
            if error > 1e-3:
                print("FAIL: parameter %s differs by %.2e (relative)" % (name, error))
                failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
