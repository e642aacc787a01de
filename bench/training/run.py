#!/usr/bin/python3
"""Training throughput: Loom's compiled training step against PyTorch eager,
side by side in one run, on the CPU; data-parallel on 2 devices against 1;
bytes all-reduced per step against the parameters. Writes
docs/benchmarks-training.md (see bench/README.md).

Each model is trained with Adam for STEPS steps of the same batches in
both engines, 2 threads each (torch.set_num_threads; loom-run --threads).
Loom's figure is the median of the steps/s that loom-run --train prints
for epochs 2 to 4 (the first pays for warming up), PyTorch's the median of
three timed passes after one untimed one. Compile time is not counted.

usage: bench/training/run.py [--build-dir=build] [--no-docs] [--steps=N]
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "test", "training"))
sys.path.insert(0, os.path.join(REPO, "scripts"))
import export_torch_models  # noqa: E402
import train_vs_torch as models  # noqa: E402

THREADS = 2
ADAM = "adam:lr=0.001,betas=0.9,0.999,eps=1e-8,weight_decay=0.0"


def mlp():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(256, 512), torch.nn.ReLU(),
                              torch.nn.Linear(512, 512), torch.nn.ReLU(),
                              torch.nn.Linear(512, 10))
    return net, (64, 256), 10


def decoder():
    torch.manual_seed(0)
    vocab, seq = 256, 64
    net = models.Decoder(batch=8, vocab=vocab, seq=seq, width=128, heads=4,
                         layers=2)
    return net, (8, seq), vocab


def gpt():
    """The GPT-style decoder of test/models (7.6 M parameters), on batches
    of 2 sequences of 128 tokens."""
    torch.manual_seed(0)
    return export_torch_models.GPT(), (2, 128), 1024


MODELS = {"mlp": mlp, "decoder": decoder, "gpt": gpt}
TOKENS = ("decoder", "gpt")


def batches(name, shape, classes, steps):
    rng = np.random.default_rng(0)
    if name in TOKENS:
        tokens = rng.integers(0, classes, (steps * shape[0], shape[1] + 1))
        return tokens[:, :-1].copy(), tokens[:, 1:].copy()
    x = rng.standard_normal((steps * shape[0],) + shape[1:]).astype(np.float32)
    return x, rng.integers(0, classes, steps * shape[0])


def torch_steps_per_second(name, steps):
    """PyTorch's best of its default OpenMP wait policy (threads spin between
    parallel regions) and OMP_WAIT_POLICY=PASSIVE (they sleep), each in a
    process of its own: spinning wins on an idle machine and collapses (by
    10x or more) when another process wants the cores."""
    rates = []
    for policy in (None, "PASSIVE"):
        env = dict(os.environ)
        env.pop("OMP_WAIT_POLICY", None)
        if policy:
            env["OMP_WAIT_POLICY"] = policy
        result = subprocess.run(
            [sys.executable, os.path.abspath(__file__),
             "--torch-child=%s,%d" % (name, steps)],
            env=env, capture_output=True, text=True, check=True)
        rates.append(float(result.stdout.split()[-1]))
    return max(rates)


def torch_child(name, steps):
    net, shape, classes = MODELS[name]()
    x, y = batches(name, shape, classes, steps)
    print(torch_run(net, shape, x, y))


def torch_run(net, shape, x, y):
    torch.set_num_threads(THREADS)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    batch = shape[0]
    xs = torch.from_numpy(x).split(batch)
    ys = torch.from_numpy(y).split(batch)

    def epoch():
        start = time.perf_counter()
        for xb, yb in zip(xs, ys):
            optimizer.zero_grad()
            logits = net(xb)
            loss = torch.nn.functional.cross_entropy(
                logits.reshape(-1, logits.shape[-1]), yb.reshape(-1))
            loss.backward()
            optimizer.step()
        return len(xs) / (time.perf_counter() - start)

    epoch()
    return sorted(epoch() for _ in range(3))[1]


def loom_steps_per_second(loom_run, step, work, data):
    result = subprocess.run(
        [loom_run, step, "--train", "--state=" + os.path.join(work, "init.npz"),
         "--dataset=" + data, "--epochs=4", "--threads=%d" % THREADS],
        capture_output=True, text=True, check=True)
    rates = re.findall(r"([0-9.]+) steps/s", result.stderr)
    return sorted(float(rate) for rate in rates[1:])[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", default=os.path.join(REPO, "build"))
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--torch-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.torch_child:
        name, steps = args.torch_child.split(",")
        torch_child(name, int(steps))
        return
    loomc = os.path.join(args.build_dir, "tools", "loomc", "loomc")
    loom_run = os.path.join(args.build_dir, "tools", "loom-run", "loom-run")

    load_before = os.getloadavg()
    rows, dp_rows = [], []
    for build in MODELS.values():
        name = build.__name__
        net, shape, classes = build()
        params = sum(p.numel() * 4 for p in net.parameters())
        with tempfile.TemporaryDirectory() as work:
            onnx_path = os.path.join(work, "model.onnx")
            models.export(net, shape, name in TOKENS, onnx_path)
            x, y = batches(name, shape, classes, args.steps)
            data = os.path.join(work, "data.npz")
            np.savez(data, x=x, labels=y)
            common = [loomc, onnx_path, "--train",
                      "--loss=cross_entropy:logits,labels",
                      "--optimizer=" + ADAM]
            one = os.path.join(work, "one.loom")
            subprocess.run(common + ["-o", one, "--initial-state=" +
                                     os.path.join(work, "init.npz")],
                           check=True, capture_output=True)
            loom = loom_steps_per_second(loom_run, one, work, data)
            reference = torch_steps_per_second(name, args.steps)
            rows.append((name, shape[0], params, loom * shape[0],
                         reference * shape[0]))
            two = os.path.join(work, "two.loom")
            report = json.loads(subprocess.run(
                common + ["--mesh=data=2", "--parallel=data", "--report=json",
                          "-o", two], check=True, capture_output=True,
                text=True).stdout)
            reduced = sum(c["bytes"] for c in report["collectives"])
            sent = report["bytes_sent_per_device"]
            dp = loom_steps_per_second(loom_run, two, work, data)
            dp_rows.append((name, len(report["collectives"]), reduced, params,
                            sent, dp * shape[0], loom * shape[0]))

    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = re.search(r"model name\s*:\s*(.*)", info.read()).group(1)
    except (OSError, AttributeError):
        pass
    lines = [
        "# Training benchmarks",
        "",
        "Written by `bench/training/run.py` on %s, on %s (%d cores visible), "
        "%d threads for each engine, PyTorch %s eager. Adam, cross-entropy, "
        "%d steps of the same batches; samples per second of the training "
        "step (forward, backward, optimizer), compile time not counted. "
        "Loom: the median of `loom-run --train`'s epochs 2 to 4; PyTorch: the median of "
        "three timed passes after one untimed one, the better of its default "
        "OpenMP wait policy and OMP_WAIT_POLICY=PASSIVE (on a busy 2-core "
        "machine the spinning default runs the decoder 10x or more slower). "
        "Load average (1 min) %.1f at the start, %.1f at the end: other "
        "processes on the same cores slow both engines."
        % (datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), cpu,
           os.cpu_count(), THREADS, torch.__version__, args.steps,
           load_before[0], os.getloadavg()[0]),
        "",
        "| model | batch | parameters | Loom samples/s | PyTorch samples/s | Loom / PyTorch |",
        "|---|---|---|---|---|---|",
    ]
    for name, batch, params, loom, reference in rows:
        lines.append("| %s | %d | %d bytes | %.0f | %.0f | %.2fx |"
                     % (name, batch, params, loom, reference, loom / reference))
    lines += [
        "",
        "The MLP is 256 -> 512 -> 512 -> 10 with ReLUs; the decoder is the "
        "GPT-style decoder of `test/training/train_vs_torch.py` at vocabulary "
        "256, 64 positions, width 128, 4 heads, 2 blocks; gpt is the "
        "GPT-style decoder of `test/models` (scripts/export_torch_models.py: "
        "vocabulary 1024, 128 positions, width 384, 8 heads, 4 blocks).",
        "",
        "## Data parallel: `--mesh=data=2 --parallel=data` against one device",
        "",
        "Both devices in one process on the same cores, so this measures the "
        "overhead of splitting the step and all-reducing, not a speed-up. "
        "Bytes are per device and step; a ring all-reduce sends at least "
        "2(N-1)/N of the reduced bytes per replica (N = 2: all of them).",
        "",
        "| model | all-reduces a step | bytes all-reduced | parameter bytes | bytes sent per device | data=2 samples/s | one device samples/s | ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, count, reduced, params, sent, dp, one in dp_rows:
        lines.append("| %s | %d | %d | %d | %d | %.0f | %.0f | %.2fx |"
                     % (name, count, reduced, params, sent, dp, one, dp / one))
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_docs:
        with open(os.path.join(REPO, "docs", "benchmarks-training.md"), "w") as out:
            out.write(text)


if __name__ == "__main__":
    main()
