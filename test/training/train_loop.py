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


def step_by_step(loom, step_path, state, data):
    """Drives the step from Python; returns the final state and the losses."""
    session = loom.Session(loom.load(step_path), threads=2)
    state = dict(state)
    losses = []
    for _ in range(EPOCHS):
        for b in range(BATCHES):
            feed = dict(state)
            for name in ("x", "labels"):
                feed[name] = data[name][b * BATCH:(b + 1) * BATCH]
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
                ck = path(f"ck{o}_{epochs}_{os.path.basename(state_file)}_"
                          f"{dataset}")
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
             "--state, --epochs, --checkpoint, --save-every and --log go with "
             "--train"),
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
