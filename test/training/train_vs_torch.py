"""The training step that `loomc --train` compiles, against PyTorch.

Two seeded PyTorch models are exported to ONNX, compiled with --train and
trained for STEPS steps on the same seeded batches in both: the loss must
agree at every step within rel 1e-4 and every final parameter tensor within
rel 1e-3 (L2).

- An MLP (8 -> 16 -> ReLU -> 4): cross-entropy with SGD (momentum, weight
  decay) and with Adam (weight decay), mean squared error with plain SGD.
- A small CNN (conv 3x3 -> batch norm in training mode -> ReLU -> max pool
  -> flatten -> linear): cross-entropy with SGD (momentum) and with Adam.
  nn.BatchNorm2d in training mode, exported as ONNX BatchNormalization
  with training_mode=1. Its running mean and variance are state the step
  updates; they are compared too, the variance under ONNX's rule (the
  population variance of the batch, where PyTorch takes the unbiased one).
- A small GPT-style decoder (vocabulary 64, 16 positions, width 32, 4
  heads, 2 pre-norm blocks of causal self-attention and a GELU MLP, final
  norm, LM head): next-token cross-entropy over every position with Adam
  and with SGD (momentum). Its attention reshapes take their sizes from
  x.size(), so the export computes them (Shape, Gather, Concat) and
  --train's import must fold them while it keeps every parameter a
  constant of its own. Loom's step takes the
parameters and optimizer state as inputs and returns them updated under the
same names; this script feeds them back (docs/training.md).

usage: train_vs_torch.py LOOMC BUILD_PYTHON_DIR
"""

import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

STEPS = 50
BATCH, FEATURES, HIDDEN, CLASSES = 8, 8, 16, 4

SGD_MOMENTUM = ("sgd:lr=0.1,momentum=0.9,weight_decay=0.01",
                lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9,
                                          weight_decay=0.01))
ADAM = ("adam:lr=0.01,betas=0.9,0.99,eps=1e-8,weight_decay=0.01",
        lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.99), eps=1e-8,
                                   weight_decay=0.01))
SGD = ("sgd:lr=0.05", lambda p: torch.optim.SGD(p, lr=0.05))


def mlp(reference):
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(FEATURES, HIDDEN),
                               torch.nn.ReLU(),
                               torch.nn.Linear(HIDDEN, CLASSES))


def cnn(reference):
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Conv2d(2, 4, 3, padding=1),
                               torch.nn.BatchNorm2d(4),
                               torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                               torch.nn.Flatten(),
                               torch.nn.Linear(4 * 4 * 4, CLASSES))


VOCAB, SEQ = 64, 16


class Block(torch.nn.Module):
    def __init__(self, batch, seq, width, heads):
        super().__init__()
        self.heads, self.head = heads, width // heads
        self.scale = 1.0 / math.sqrt(width // heads)
        self.ln1 = torch.nn.LayerNorm(width)
        self.qkv = torch.nn.Linear(width, 3 * width)
        self.proj = torch.nn.Linear(width, width)
        self.ln2 = torch.nn.LayerNorm(width)
        self.mlp = torch.nn.Sequential(torch.nn.Linear(width, 4 * width),
                                       torch.nn.GELU(),
                                       torch.nn.Linear(4 * width, width))
        self.register_buffer(
            "mask", torch.triu(torch.ones(seq, seq, dtype=torch.bool), 1))

    def forward(self, x):
        # The sizes are read off x, as exporters write them (Shape ->
        # Gather -> Unsqueeze -> Concat -> Reshape): the importer folds
        # that under --train too, where it leaves the parameters alone.
        batch, seq = x.size(0), x.size(1)
        heads, head = self.heads, self.head
        shape = (batch, seq, heads, head)
        q, k, v = self.qkv(self.ln1(x)).split(heads * head, dim=2)
        q, k, v = (t.reshape(shape).transpose(1, 2) for t in (q, k, v))
        scores = (q @ k.transpose(-2, -1)) * self.scale
        scores = scores.masked_fill(self.mask, float("-inf"))
        attention = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2)
        x = x + self.proj(attention.reshape(batch, seq, heads * head))
        return x + self.mlp(self.ln2(x))


class Decoder(torch.nn.Module):
    def __init__(self, batch, vocab, seq, width, heads, layers):
        super().__init__()
        self.tokens = torch.nn.Embedding(vocab, width)
        self.positions = torch.nn.Parameter(torch.randn(1, seq, width) * 0.02)
        self.blocks = torch.nn.Sequential(
            *[Block(batch, seq, width, heads) for _ in range(layers)])
        self.norm = torch.nn.LayerNorm(width)
        self.head = torch.nn.Linear(width, vocab, bias=False)

    def forward(self, ids):
        return self.head(self.norm(self.blocks(self.tokens(ids) +
                                               self.positions)))


def gpt(reference):
    torch.manual_seed(0)
    return Decoder(batch=2, vocab=VOCAB, seq=SEQ, width=32, heads=4, layers=2)


# (model, input shape, loss, (--optimizer, the same optimizer in PyTorch))
RUNS = [
    (mlp, (BATCH, FEATURES), "cross_entropy", SGD_MOMENTUM),
    (mlp, (BATCH, FEATURES), "cross_entropy", ADAM),
    (mlp, (BATCH, FEATURES), "mse", SGD),
    (cnn, (BATCH, 2, 8, 8), "cross_entropy", SGD_MOMENTUM),
    (cnn, (BATCH, 2, 8, 8), "cross_entropy", ADAM),
    (gpt, (2, SEQ), "cross_entropy", ADAM),
    (gpt, (2, SEQ), "cross_entropy", SGD_MOMENTUM),
]


def batches(shape, loss):
    """(x, labels) per step: token ids and next tokens for the decoder
    (a 2-d shape), features and classes (or MSE targets) otherwise."""
    rng = np.random.default_rng(7)
    for _ in range(STEPS):
        if len(shape) == 2 and shape[1] == SEQ:
            tokens = rng.integers(0, VOCAB, (shape[0], SEQ + 1))
            yield tokens[:, :-1].copy(), tokens[:, 1:].copy()
            continue
        x = rng.standard_normal(shape).astype(np.float32)
        if loss == "mse":
            yield x, rng.standard_normal((BATCH, CLASSES)).astype(np.float32)
        else:
            yield x, rng.integers(0, CLASSES, BATCH).astype(np.int64)


def train_torch(model, shape, loss_kind, make_optimizer):
    net = model(reference=True)
    net.train()
    optimizer = make_optimizer(net.parameters())
    def criterion(logits, labels):
        if loss_kind == "mse":
            return torch.nn.functional.mse_loss(logits, labels)
        return torch.nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), labels.reshape(-1))
    losses = []
    for x, y in batches(shape, loss_kind):
        optimizer.zero_grad()
        loss = criterion(net(torch.from_numpy(x)), torch.from_numpy(y))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, {k: v.detach().numpy() for k, v in net.named_parameters()}, net


def expected_running_statistics(net, steps):
    """Each BatchNorm2d's running statistics after `steps` steps under
    ONNX's rule, from PyTorch's: the running mean as PyTorch has it, the
    running variance with PyTorch's unbiased batch variances (n / (n - 1)
    times the population variance, n the elements per channel) turned back
    into ONNX's population variances. Both rules are r <- m r + (1 - m) b
    from the same start r0, so r - m^T r0 scales with b."""
    expected = {}
    for name, module in net.named_modules():
        if not isinstance(module, torch.nn.BatchNorm2d):
            continue
        keep = (1.0 - module.momentum) ** steps
        n = BATCH * 8 * 8  # the CNN's batch norm sees 8 images of 8x8
        expected[name + ".running_mean"] = module.running_mean.numpy()
        var = module.running_var.numpy()
        expected[name + ".running_var"] = keep + (var - keep) * (n - 1) / n
    return expected


def export(net, shape, tokens, path):
    """Exports `net` to ONNX with input `x` of `shape` (token ids when
    `tokens`, else floats) and output `logits`, as --train imports it."""
    example = (torch.zeros(shape, dtype=torch.int64) if tokens
               else torch.zeros(shape))
    # Training mode: in eval mode PyTorch merges initializers of equal
    # values (every LayerNorm's ones and zeros) into one, tying them.
    torch.onnx.export(net, example, path, do_constant_folding=False,
                      training=torch.onnx.TrainingMode.TRAINING,
                      input_names=["x"], output_names=["logits"],
                      opset_version=17)


def train_loom(loom, loomc, model, shape, loss_kind, spec, workdir):
    net = model(reference=False)
    # Before the export, which runs the model in training mode and so
    # moves a batch norm's running statistics.
    params = {k: v.detach().numpy().copy() for k, v in net.state_dict().items()}
    path = os.path.join(workdir, "model.onnx")
    export(net, shape, model is gpt, path)
    step_path = os.path.join(workdir, "step.loom")
    subprocess.run([loomc, path, "--train",
                    "--loss=%s:logits,labels" % loss_kind,
                    "--optimizer=" + spec, "-o", step_path], check=True)
    session = loom.Session(loom.load(step_path), threads=2)
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
    return losses, params, session.input_names


def main():
    loomc, python_dir = sys.argv[1], sys.argv[2]
    sys.path.insert(0, python_dir)
    import loom
    failures = 0
    for model, shape, loss_kind, (spec, make_optimizer) in RUNS:
        expected_losses, expected_params, trained = train_torch(model, shape, loss_kind,
                                                       make_optimizer)
        with tempfile.TemporaryDirectory() as workdir:
            losses, params, inputs = train_loom(loom, loomc, model, shape,
                                                loss_kind, spec, workdir)
        missing = [name for name in expected_params if name not in inputs]
        if missing:
            print("FAIL: parameters the step does not train: %s" % missing)
            failures += 1
        worst = max(abs(a - b) / abs(b) for a, b in zip(losses, expected_losses))
        print("%s, %s, %s: %d steps, loss %.6f -> %.6f (PyTorch %.6f -> %.6f), "
              "worst relative loss difference %.2e"
              % (model.__name__, loss_kind, spec, STEPS, losses[0], losses[-1], expected_losses[0],
                 expected_losses[-1], worst))
        if len(losses) != STEPS or worst > 1e-4:
            print("FAIL: losses differ: %s vs %s" % (losses, expected_losses))
            failures += 1
        # Per tensor, relative in the L2 norm: Adam divides by the root of
        # the second moment, so an element whose gradient is rounding noise
        # can move by noise-sized steps of lr.
        worst_param = 0.0
        for name, value in expected_params.items():
            error = (np.linalg.norm(params[name] - value) /
                     max(np.linalg.norm(value), 1e-12))
            worst_param = max(worst_param, error)
            if error > 1e-3:
                print("FAIL: parameter %s differs by %.2e (relative L2)"
                      % (name, error))
                failures += 1
        print("  final parameters: worst relative L2 difference %.2e"
              % worst_param)
        # A batch norm's running statistics are state the step updates; as
        # the parameters within rel 1e-3 (Adam moves the convolution's
        # bias, whose gradient batch norm cancels, by rounding noise, and
        # the running mean follows it: 1.3e-4 measured, 2.6e-6 with SGD).
        for name, value in expected_running_statistics(trained, STEPS).items():
            if name not in inputs:
                print("FAIL: the step does not keep %s" % name)
                failures += 1
                continue
            error = np.linalg.norm(params[name] - value) / np.linalg.norm(value)
            print("  %s: relative L2 difference %.2e" % (name, error))
            if error > 1e-3:
                print("FAIL: %s differs by %.2e" % (name, error))
                failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
