"""The training loop that loom-run keeps (loom-run --train, docs/training.md).

An MLP (test/training/Inputs/mlp.mlir) is compiled into its training step
with loomc --train --initial-state, for Adam and for SGD with momentum, and
trained for 2 epochs of 8 batches with loom-run --train, from an .npz file
and from a TFRecord file of the same samples. Checks:

- the initial state: the model's constants, zeros for the optimizer state,
  under the step's input names;
- the final checkpoint equals, bit for bit, the state reached by driving
  the same artifact step by step from Python (loom.Session, feeding every
  state output back as train_vs_torch.py does; both on 2 threads), and the
  log's losses are that run's losses: the loop adds nothing numerically;
- 1 epoch, then 1 more resumed from its checkpoint, ends bit for bit where
  the 2-epoch run ends;
- the same run through the C API (loom_executor_train, TrainCApi.c): the
  same checkpoint and log, bit for bit;
- --save-every writes during the run; the log has one line a step;
- --shuffle=SEED: each epoch's order is the documented generator's
  (docs/datasets.md, "Shuffling", written again here in Python): the
  checkpoint equals, bit for bit, Python's step-by-step run over those
  orders, for the .npz file (a permutation) and the TFRecord file (a
  buffer of 5 records), through loom-run and the C API; the same seed
  gives the same checkpoint, another seed or none another;
- on a terminal, a progress bar after every step (steps, loss, samples/s,
  and from the second epoch a bar and the time left); none otherwise;
- every error is one line and exit code 1.

usage: train_loop.py LOOMC LOOM_RUN BUILD_PYTHON_DIR CAPI_TEST
"""

import json
import os
import pty
import re
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
# Python's own TFRecord writer (no TensorFlow), from the dataset tests.
sys.path.insert(0, os.path.join(HERE, "..", "python"))
import tfrecord_util  # noqa: E402
MODEL = os.path.join(HERE, "Inputs", "mlp.mlir")
BATCH, FEATURES, CLASSES, BATCHES, EPOCHS = 4, 6, 3, 8, 2
OPTIMIZERS = ["adam:lr=0.01,betas=0.9,0.99,eps=1e-8,weight_decay=0.01",
              "sgd:lr=0.1,momentum=0.9,weight_decay=0.01"]

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def run(args, expect_ok=True):
    result = subprocess.run(args, capture_output=True, text=True)
    if expect_ok and result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr}")
    return result


def on_terminal(args):
    """Runs args with stderr on a pseudo-terminal; returns what it wrote."""
    master, slave = pty.openpty()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    written = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the process closed its end
            break
        if not chunk:
            break
        written += chunk
    os.close(master)
    if process.wait() != 0:
        sys.exit(f"{' '.join(args)} failed on a terminal: {written!r}")
    return written.decode()


def model_constants():
    """name -> value of the model's named constants, read from the .mlir."""
    text = open(MODEL).read()
    found = {}
    for literal, name in re.findall(
            r'loom.constant dense<(.*?)> : tensor<[^>]*> loc\("([^"]+)"\)', text):
        found[name] = np.array(json.loads(literal), np.float32)
    return found


MASK = (1 << 64) - 1


class Mt19937_64:
    """std::mt19937_64, as the C++ standard defines it."""

    def __init__(self, seed):
        self.state = [seed & MASK]
        for i in range(1, 312):
            previous = self.state[-1]
            self.state.append((6364136223846793005 *
                               (previous ^ (previous >> 62)) + i) & MASK)
        self.index = 312

    def __call__(self):
        if self.index == 312:
            mt = self.state
            for i in range(312):
                x = (mt[i] & 0xFFFFFFFF80000000) | (mt[(i + 1) % 312] & 0x7FFFFFFF)
                mt[i] = mt[(i + 156) % 312] ^ (x >> 1) ^ (
                    0xB5026F5AA96619E9 if x & 1 else 0)
            self.index = 0
        y = self.state[self.index]
        self.index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        return (y ^ (y >> 43)) & MASK


def epoch_seed(seed, epoch):
    """SplitMix64's epoch-th output from seed."""
    z = (seed + epoch * 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def uniform_below(engine, n):
    excess = (1 << 64) % n
    while True:
        x = engine()
        if x <= MASK - excess:
            return x % n


def permutation(n, seed):
    """An .npz file's order: Fisher-Yates from the last slot down."""
    order, engine = list(range(n)), Mt19937_64(seed)
    for i in range(n - 1, 0, -1):
        j = uniform_below(engine, i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def buffered(n, seed, size):
    """A TFRecord file's order through a shuffle buffer of `size`."""
    engine, buffer, following, order = Mt19937_64(seed), [], 0, []
    while following < n and len(buffer) < size:
        buffer.append(following)
        following += 1
    while buffer:
        j = uniform_below(engine, len(buffer))
        order.append(buffer[j])
        if following < n:
            buffer[j] = following
            following += 1
        else:
            buffer[j] = buffer[-1]
            buffer.pop()
    return order


def step_by_step(loom, step_path, state, data, orders=None):
    """Drives the step from Python, epoch e visiting the samples in
    orders[e] (None: file order); returns the final state and the losses."""
    session = loom.Session(loom.load(step_path), threads=2)
    state = dict(state)
    losses = []
    for epoch in range(EPOCHS):
        order = orders[epoch] if orders else list(range(BATCH * BATCHES))
        for b in range(BATCHES):
            feed = dict(state)
            rows = order[b * BATCH:(b + 1) * BATCH]
            for name in ("x", "labels"):
                feed[name] = data[name][rows]
            outputs = dict(zip(session.output_names, session.run(**feed)))
            losses.append(float(outputs["loss"]))
            state = {name: outputs[name] for name in state}
    return state, losses


def same_state(a, b, what):
    """Same names, dtypes, shapes and bits."""
    check(sorted(a) == sorted(b), f"{what}: names {sorted(a)} vs {sorted(b)}")
    for name in a:
        if name not in b:
            continue
        check(a[name].dtype == b[name].dtype and a[name].shape == b[name].shape
              and np.array_equal(a[name], b[name]), f"{what}: '{name}' differs")


def load(path):
    with np.load(path) as archive:
        return {name: archive[name] for name in archive.files}


def main():
    loomc, loom_run, python_dir, capi_test = sys.argv[1:5]
    sys.path.insert(0, python_dir)
    import loom

    # The standard's check value: the 10000th output of the default seed.
    engine = Mt19937_64(5489)
    for _ in range(9999):
        engine()
    check(engine() == 9981545732273789042, "Mt19937_64 is not std::mt19937_64")
    check(permutation(10, 42) == [1, 7, 9, 0, 3, 8, 4, 2, 5, 6],
          "permutation() is not DatasetTest.cpp's pinned order")

    rng = np.random.default_rng(0)
    data = {"x": rng.standard_normal((BATCH * BATCHES, FEATURES)).astype(np.float32),
            "labels": rng.integers(0, CLASSES, BATCH * BATCHES).astype(np.int64)}
    constants = model_constants()
    with tempfile.TemporaryDirectory() as tmp:
        path = lambda name: os.path.join(tmp, name)
        np.savez(path("data.npz"), **data)
        tfrecord_util.write_tfrecord(path("data.tfrecord"), [
            {"x": ("float", [float(v) for v in data["x"][i]]),
             "labels": ("int64", [int(data["labels"][i])])}
            for i in range(BATCH * BATCHES)])
        for o, optimizer in enumerate(OPTIMIZERS):
            kind = optimizer.split(":")[0]
            step, init = path(f"step{o}.loom"), path(f"init{o}.npz")
            run([loomc, MODEL, "--train", "--loss=cross_entropy:logits,labels",
                 f"--optimizer={optimizer}", f"--initial-state={init}",
                 "-o", step])
            state = load(init)
            session = loom.Session(loom.load(step))
            state_names = [n for n in session.input_names
                           if n in session.output_names]
            check(list(state) == state_names,
                  f"{kind}: initial state {list(state)}, step's state {state_names}")
            for name, value in state.items():
                if name in constants:
                    check(np.array_equal(value, constants[name]),
                          f"{kind}: initial '{name}' is not the model's value")
                else:
                    check(not value.any(), f"{kind}: initial '{name}' is not zeros")

            def train(state_file, epochs, *extra, dataset="data.npz"):
                tag = re.sub(r"[^\w=]", "", "_".join(extra))
                ck = path(f"ck{o}_{epochs}_{os.path.basename(state_file)}_"
                          f"{dataset}_{tag}")
                log = ck + ".jsonl"
                result = run([loom_run, step, "--train", f"--state={state_file}",
                              f"--dataset={path(dataset)}",
                              f"--epochs={epochs}", f"--checkpoint={ck}",
                              f"--log={log}", "--threads=2", *extra])
                lines = [json.loads(line) for line in open(log)]
                return ck, lines, result.stderr

            final, log, stderr = train(init, EPOCHS)
            reference, losses = step_by_step(loom, step, state, data)
            same_state(load(final), reference,
                       f"{kind}: loom-run --train vs Python")
            check([(l["step"], l["epoch"]) for l in log] ==
                  [(s + 1, s // BATCHES + 1) for s in range(EPOCHS * BATCHES)],
                  f"{kind}: log steps and epochs {log}")
            check(list(log[0]) == ["step", "epoch", "loss"],
                  f"{kind}: log keys {list(log[0])}")
            check([l["loss"] for l in log] == losses,
                  f"{kind}: logged losses {[l['loss'] for l in log]} vs {losses}")
            check(len(re.findall(r"^epoch \d/2: 8 steps, mean loss [0-9.]+, "
                                 r"[0-9.]+ steps/s$", stderr, re.M)) == 2,
                  f"{kind}: epoch lines {stderr!r}")

            check("\r" not in stderr, f"{kind}: a progress bar off a terminal")

            # On a terminal: a bar redrawn after every step, the epoch's
            # line in its place at each epoch's end; the number of steps
            # (and the time left) known from the second epoch.
            bar = on_terminal([loom_run, step, "--train", f"--state={init}",
                               f"--dataset={path('data.npz')}",
                               f"--epochs={EPOCHS}", "--threads=2"])
            check(re.search(r"\repoch 1/2 step 3 loss [0-9.]+ [0-9]+ "
                            r"samples/s\r", bar) is not None,
                  f"{kind}: first epoch's bar {bar!r}")
            check(re.search(r"\repoch 2/2 \[#####-{15}\] 2/8 loss [0-9.]+ "
                            r"[0-9]+ samples/s ETA 0:00\r", bar) is not None,
                  f"{kind}: second epoch's bar {bar!r}")
            check(len(re.findall(r"\r\x1b\[Kepoch \d/2: 8 steps, mean loss",
                                 bar)) == 2,
                  f"{kind}: epoch lines on a terminal {bar!r}")

            # The same loop through the C API: the same checkpoint and log.
            c_ck, c_log = path(f"capi{o}.npz"), path(f"capi{o}.jsonl")
            result = run([capi_test, step, init, path("data.npz"), c_ck,
                          c_log, str(EPOCHS)], expect_ok=False)
            check(result.returncode == 0,
                  f"{kind}: loom_executor_train: {result.stderr!r}")
            if result.returncode == 0:
                same_state(load(c_ck), load(final), f"{kind}: through the C API")
                check([json.loads(line) for line in open(c_log)] == log,
                      f"{kind}: the C API's log differs")

            # The same samples as TFRecord, a tf.train.Example each.
            tfrecord, _, _ = train(init, EPOCHS, dataset="data.tfrecord")
            same_state(load(tfrecord), load(final), f"{kind}: from TFRecord")

            # Shuffled: each epoch in the documented generator's order.
            samples = BATCH * BATCHES
            for seed in (7, 2**64 - 1):
                npz_orders = [permutation(samples, epoch_seed(seed, e + 1))
                              for e in range(EPOCHS)]
                shuffled, slog, _ = train(init, EPOCHS, f"--shuffle={seed}")
                reference, losses = step_by_step(loom, step, state, data,
                                                 npz_orders)
                same_state(load(shuffled), reference,
                           f"{kind}: --shuffle={seed} (.npz) vs Python")
                check([l["loss"] for l in slog] == losses,
                      f"{kind}: --shuffle={seed}: logged losses differ")
            tf_orders = [buffered(samples, epoch_seed(7, e + 1), 5)
                         for e in range(EPOCHS)]
            check(all(o != list(range(samples)) for o in tf_orders),
                  f"{kind}: a buffer of 5 left the file's order")
            shuffled_tf, _, _ = train(init, EPOCHS, "--shuffle=7",
                                      "--shuffle-buffer=5",
                                      dataset="data.tfrecord")
            reference, _ = step_by_step(loom, step, state, data, tf_orders)
            same_state(load(shuffled_tf), reference,
                       f"{kind}: --shuffle=7 --shuffle-buffer=5 (TFRecord) vs "
                       "Python")
            # The same seed again: the same bits; another seed, or none,
            # another state.
            seven, _, _ = train(init, EPOCHS, "--shuffle=7")
            again = path(f"again{o}.npz")
            run([loom_run, step, "--train", f"--state={init}",
                 f"--dataset={path('data.npz')}", f"--epochs={EPOCHS}",
                 f"--checkpoint={again}", "--threads=2", "--shuffle=7"])
            same_state(load(again), load(seven), f"{kind}: --shuffle=7 twice")
            eight, _, _ = train(init, EPOCHS, "--shuffle=8")
            for other, what in ((eight, "--shuffle=8"), (final, "no shuffle")):
                check(not np.array_equal(load(other)["fc1.weight"],
                                         load(seven)["fc1.weight"]),
                      f"{kind}: {what} trains like --shuffle=7")
            # --shuffle alone is seed 0.
            zero, _, _ = train(init, EPOCHS, "--shuffle")
            reference, _ = step_by_step(
                loom, step, state, data,
                [permutation(samples, epoch_seed(0, e + 1))
                 for e in range(EPOCHS)])
            same_state(load(zero), reference, f"{kind}: --shuffle (seed 0)")
            # Through the C API.
            c_ck = path(f"capi{o}_shuffled.npz")
            result = run([capi_test, step, init, path("data.tfrecord"), c_ck,
                          path("capi_shuffled.jsonl"), str(EPOCHS), "7", "5"],
                         expect_ok=False)
            check(result.returncode == 0,
                  f"{kind}: loom_executor_train shuffled: {result.stderr!r}")
            if result.returncode == 0:
                same_state(load(c_ck), load(shuffled_tf),
                           f"{kind}: shuffled through the C API")

            # 1 epoch, then 1 more from its checkpoint.
            half, _, _ = train(init, 1)
            resumed, log2, _ = train(half, 1)
            same_state(load(resumed), load(final), f"{kind}: resumed")
            check([l["loss"] for l in log2] == [l["loss"] for l in log[BATCHES:]],
                  f"{kind}: the resumed run's losses differ")

            # --save-every: the final state overwrites the periodic one; a
            # checkpoint that cannot be written stops the run at step 5.
            saved, _, _ = train(init, EPOCHS, "--save-every=5")
            same_state(load(saved), load(final), f"{kind}: --save-every")
            result = run([loom_run, step, "--train", f"--state={init}",
                          f"--dataset={path('data.npz')}", "--epochs=2",
                          f"--checkpoint={path('missing/ck.npz')}",
                          "--save-every=5", f"--log={path('stopped.jsonl')}"],
                         expect_ok=False)
            check(result.returncode == 1 and
                  len(open(path("stopped.jsonl")).readlines()) == 5,
                  f"{kind}: --save-every=5 did not write at step 5: {result.stderr!r}")

        # Errors: one line each, exit code 1.
        step, init = path("step0.loom"), path("init0.npz")
        state = load(init)
        missing = dict(state)
        del missing["fc2.bias.adam_v"]
        np.savez(path("missing.npz"), **missing)
        wrong = dict(state, **{"fc1.bias": state["fc1.bias"].astype(np.float64)})
        np.savez(path("wrong.npz"), **wrong)
        np.savez(path("nolabels.npz"), x=data["x"])
        forward = path("forward.loom")
        run([loomc, MODEL, "-o", forward])
        data_file = f"--dataset={path('data.npz')}"
        cases = [
            ([step, "--train", data_file],
             "--train needs --state=FILE.npz (loomc --initial-state writes one)"),
            ([step, "--train", f"--state={path('missing.npz')}", data_file],
             "missing.npz: no array 'fc2.bias.adam_v' for state input "
             "'fc2.bias.adam_v' (3xf32)"),
            ([step, "--train", f"--state={path('wrong.npz')}", data_file],
             "wrong.npz: array 'fc1.bias' is 8xf64; state input 'fc1.bias' "
             "is 8xf32"),
            ([step, "--train", f"--state={init}", f"--dataset={path('nolabels.npz')}"],
             "nolabels.npz: no array 'labels' for input 'labels' (4xi64); the "
             "file has arrays 'x'"),
            ([forward, "--train", f"--state={init}", data_file],
             "forward.loom: the artifact has no state (no input is also an output by name): "
             "--train runs a training step compiled with loomc --train"),
            ([step, f"--state={init}", data_file],
             "--state, --epochs, --checkpoint, --save-every, --log, --shuffle "
             "and --shuffle-buffer go with --train"),
            ([step, "--shuffle=3", data_file],
             "--state, --epochs, --checkpoint, --save-every, --log, --shuffle "
             "and --shuffle-buffer go with --train"),
            ([step, "--train", f"--state={init}", data_file, "--shuffle=abc"],
             "--shuffle needs a seed, an integer from 0 to 2^64-1, not 'abc'"),
            ([step, "--train", f"--state={init}", data_file, "--shuffle=-1"],
             "--shuffle needs a seed, an integer from 0 to 2^64-1, not '-1'"),
            ([step, "--train", f"--state={init}", data_file,
              "--shuffle=18446744073709551616"],
             "--shuffle needs a seed, an integer from 0 to 2^64-1, not "
             "'18446744073709551616'"),
            ([step, "--train", f"--state={init}", data_file, "--shuffle",
              "--shuffle-buffer=0"],
             "--shuffle-buffer needs an integer from 1 to 1000000, not '0'"),
            ([step, "--train", f"--state={init}", data_file,
              "--shuffle-buffer=4"],
             "--shuffle-buffer needs --shuffle"),
        ]
        for args, expected in cases:
            result = run([loom_run, *args], expect_ok=False)
            lines = result.stderr.splitlines()
            check(result.returncode == 1 and len(lines) == 1 and
                  lines[0].startswith("loom-run: error: ") and
                  lines[0].endswith(expected),
                  f"error case {args[1:]}: rc {result.returncode}, {result.stderr!r}")

    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print("train_loop: all checks passed")


if __name__ == "__main__":
    main()
