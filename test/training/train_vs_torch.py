"""The training step that `loomc --train` compiles, against PyTorch.

A seeded PyTorch MLP (8 -> 16 -> ReLU -> 4) is exported to ONNX, compiled
with --train (cross-entropy on its logits, or mean squared error against
float targets) for SGD with momentum and weight decay, plain SGD, and Adam
with weight decay, and trained for STEPS steps on the
same seeded batches in both: the loss must agree at every step within rel
1e-4 and the final parameters within rel 1e-3. Loom's step takes the
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

# (loss, --optimizer, the same optimizer in PyTorch)
RUNS = [
    ("cross_entropy", "sgd:lr=0.1,momentum=0.9,weight_decay=0.01",
     lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01)),
    ("cross_entropy", "adam:lr=0.01,betas=0.9,0.99,eps=1e-8,weight_decay=0.01",
     lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.99), eps=1e-8,
                                weight_decay=0.01)),
    ("mse", "sgd:lr=0.05", lambda p: torch.optim.SGD(p, lr=0.05)),
]


def model():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(FEATURES, HIDDEN),
                               torch.nn.ReLU(),
                               torch.nn.Linear(HIDDEN, CLASSES))


def batches(loss):
    rng = np.random.default_rng(7)
    for _ in range(STEPS):
        x = rng.standard_normal((BATCH, FEATURES)).astype(np.float32)
        if loss == "mse":
            yield x, rng.standard_normal((BATCH, CLASSES)).astype(np.float32)
        else:
            yield x, rng.integers(0, CLASSES, BATCH).astype(np.int64)


def train_torch(loss_kind, make_optimizer):
    net = model()
    optimizer = make_optimizer(net.parameters())
    criterion = (torch.nn.functional.mse_loss if loss_kind == "mse"
                 else torch.nn.functional.cross_entropy)
    losses = []
    for x, y in batches(loss_kind):
        optimizer.zero_grad()
        loss = criterion(net(torch.from_numpy(x)), torch.from_numpy(y))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, {k: v.detach().numpy() for k, v in net.state_dict().items()}


def train_loom(loom, loomc, loss_kind, spec, workdir):
    net = model()
    path = os.path.join(workdir, "mlp.onnx")
    torch.onnx.export(net, torch.zeros(BATCH, FEATURES), path,
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
    for x, y in batches(loss_kind):
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
    for loss_kind, spec, make_optimizer in RUNS:
        expected_losses, expected_params = train_torch(loss_kind, make_optimizer)
        with tempfile.TemporaryDirectory() as workdir:
            losses, params = train_loom(loom, loomc, loss_kind, spec, workdir)
        worst = max(abs(a - b) / abs(b) for a, b in zip(losses, expected_losses))
        print("%s, %s: %d steps, loss %.6f -> %.6f (PyTorch %.6f -> %.6f), "
              "worst relative loss difference %.2e"
              % (loss_kind, spec, STEPS, losses[0], losses[-1], expected_losses[0],
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
        if losses[-1] >= losses[0]:
            print("FAIL: the loss did not go down")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
