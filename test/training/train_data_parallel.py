"""Data-parallel training (loomc --mesh=data=N --parallel=data --train,
loom-run --train; docs/training.md) against the same step on one device.

Three seeded PyTorch models are exported to ONNX as train_vs_torch.py does,
each compiled into its training step for one device and for data=2 and
data=4, and trained STEPS steps with loom-run --train on the same batches
(global batch 8, so 4 and 2 samples per device), with SGD (momentum,
weight decay) and with Adam (weight decay):

- an MLP (8 -> 16 -> ReLU -> 4);
- a small CNN (conv 3x3 without bias -> nn.BatchNorm2d in training mode
  -> ReLU -> max pool -> linear): the batch statistics are summed across the
  replicas (synchronized batch norm), so the step is the one-device step;
- the GPT-style decoder, its qkv projection without bias.

A bias that a normalization or a softmax cancels (a convolution's before
batch norm, attention's key bias) has a gradient that is zero in exact
arithmetic, so rounding noise alone moves it; Adam divides by the noise's
own size and moves it by lr each step, on one device as on four, in
directions the summation order decides. Real models drop such biases (the
ResNets, most GPTs); so do these.

Checks, for every model, optimizer and mesh:
- the loss at every step and the whole final state (parameters and
  optimizer state, relative L2 per tensor) within rel 1e-5 of one device;
- loomc --report: the gradients and the loss are all-reduced in one bucket
  per step (one all-reduce of the parameters' bytes plus the loss's four),
  nothing else (the CNN adds its batch norm's four per-channel sums);
- under mpirun -np 2 (Open MPI, one process a device for data=2, two for
  data=4): the losses and the final state equal the in-process run's, bit
  for bit.

usage: train_data_parallel.py LOOMC LOOM_RUN [MPIRUN]
"""

import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import train_vs_torch as models  # noqa: E402

STEPS = 50
BATCH = 8
MESHES = (2, 4)
SGD = "sgd:lr=0.1,momentum=0.9,weight_decay=0.01"
ADAM = "adam:lr=0.01,betas=0.9,0.99,eps=1e-8,weight_decay=0.01"

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("%s failed:\n%s%s" % (" ".join(args), result.stdout,
                                        result.stderr))
    return result


def mlp():
    return models.mlp(reference=False), (BATCH, models.FEATURES)


def cnn():
    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(2, 4, 3, padding=1, bias=False),
        torch.nn.BatchNorm2d(4), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(4 * 4 * 4, models.CLASSES))
    return net, (BATCH, 2, 8, 8)


def gpt():
    torch.manual_seed(0)
    net = models.Decoder(batch=BATCH, vocab=models.VOCAB, seq=models.SEQ,
                         width=32, heads=4, layers=2)
    for block in net.blocks:
        block.qkv.register_parameter("bias", None)
    return net, (BATCH, models.SEQ)


# The batch norm's per-channel sums all-reduced besides the gradients:
# the forward pass's mean and variance, the backward pass's two.
EXTRA_BYTES = {"mlp": 0, "cnn": 4 * 4 * 4, "gpt": 0}


def dataset(path, name, shape):
    rng = np.random.default_rng(7)
    if name == "gpt":
        tokens = rng.integers(0, models.VOCAB, (STEPS * BATCH, models.SEQ + 1))
        np.savez(path, x=tokens[:, :-1].copy(), labels=tokens[:, 1:].copy())
    else:
        np.savez(path,
                 x=rng.standard_normal((STEPS * BATCH,) + shape[1:])
                 .astype(np.float32),
                 labels=rng.integers(0, models.CLASSES, STEPS * BATCH))


def losses_of(log):
    with open(log) as lines:
        return [json.loads(line)["loss"] for line in lines]


def train(loom_run, step, work, tag, data, mpirun=None):
    log = os.path.join(work, tag + ".jsonl")
    checkpoint = os.path.join(work, tag + ".npz")
    command = [loom_run, step, "--train", "--state=" + os.path.join(work, "init.npz"),
               "--dataset=" + data, "--log=" + log, "--checkpoint=" + checkpoint]
    if mpirun:
        command = [mpirun, "--allow-run-as-root", "--oversubscribe",
                   "--mca", "pml", "ob1", "--mca", "btl", "self,vader",
                   "-np", "2"] + command
    run(["timeout", "300"] + command)
    state = np.load(checkpoint)
    return losses_of(log), {key: state[key] for key in state.files}


def compare(what, losses, state, base_losses, base_state, rtol):
    check(len(losses) == STEPS, "%s: %d steps, not %d" % (what, len(losses), STEPS))
    worst_loss = max(abs(a - b) / abs(b) for a, b in zip(losses, base_losses))
    worst_state, worst_name = 0.0, ""
    for name, value in base_state.items():
        error = (np.linalg.norm(state[name] - value) /
                 max(np.linalg.norm(value), 1e-30))
        if error > worst_state:
            worst_state, worst_name = error, name
    print("  %s: worst relative loss difference %.2e, state %.2e (%s)"
          % (what, worst_loss, worst_state, worst_name or "-"))
    check(worst_loss <= rtol, "%s: losses differ by %.2e" % (what, worst_loss))
    check(worst_state <= rtol,
          "%s: %s differs by %.2e" % (what, worst_name, worst_state))


def main():
    loomc, loom_run = sys.argv[1], sys.argv[2]
    mpirun = sys.argv[3] if len(sys.argv) > 3 else None
    for build in (mlp, cnn, gpt):
        name = build.__name__
        net, shape = build()
        param_bytes = sum(p.numel() * 4 for p in net.parameters())
        with tempfile.TemporaryDirectory() as work:
            onnx_path = os.path.join(work, name + ".onnx")
            models.export(net, shape, name == "gpt", onnx_path)
            data = os.path.join(work, "data.npz")
            dataset(data, name, shape)
            for optimizer in (SGD, ADAM):
                kind = optimizer.split(":")[0]
                common = [loomc, onnx_path, "--train",
                          "--loss=cross_entropy:logits,labels",
                          "--optimizer=" + optimizer]
                one = os.path.join(work, "one.loom")
                run(common + ["-o", one,
                              "--initial-state=" + os.path.join(work, "init.npz")])
                base_losses, base_state = train(loom_run, one, work, "one", data)
                print("%s, %s: %d steps on one device, loss %.6f -> %.6f"
                      % (name, kind, STEPS, base_losses[0], base_losses[-1]))
                for devices in MESHES:
                    step = os.path.join(work, "data%d.loom" % devices)
                    report = json.loads(run(common + [
                        "--mesh=data=%d" % devices, "--parallel=data",
                        "--report=json", "-o", step]).stdout)
                    reduced = [c for c in report["collectives"]]
                    kinds = {c["kind"] for c in reduced}
                    total = sum(c["bytes"] for c in reduced)
                    expected = param_bytes + 4 + EXTRA_BYTES[name]
                    print("  data=%d: %d all-reduce(s) of %d bytes in all "
                          "(parameters %d bytes)" % (devices, len(reduced),
                                                     total, param_bytes))
                    check(kinds == {"all_reduce"},
                          "%s data=%d: collectives %s" % (name, devices, kinds))
                    check(total == expected,
                          "%s data=%d: %d bytes all-reduced, expected %d"
                          % (name, devices, total, expected))
                    if not EXTRA_BYTES[name]:
                        check(len(reduced) == 1,
                              "%s data=%d: %d all-reduces, expected one bucket"
                              % (name, devices, len(reduced)))
                    losses, state = train(loom_run, step, work,
                                          "data%d" % devices, data)
                    compare("data=%d" % devices, losses, state, base_losses,
                            base_state, 1e-5)
                    if mpirun:
                        mpi_losses, mpi_state = train(
                            loom_run, step, work, "mpi%d" % devices, data,
                            mpirun)
                        compare("data=%d, mpirun -np 2" % devices, mpi_losses,
                                mpi_state, losses, state, 0.0)
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
