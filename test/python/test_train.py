"""loom.train: loom-run --train's training loop from Python
(docs/training.md, "The training loop"). The MLP step of test/training
(Inputs/mlp.mlir, Adam) trained 2 epochs of 8 batches of 4 ends bit for bit
where loom-run --train ends for the same inputs; on_epoch sees both epochs;
errors are loom-run's one-line messages; python3 -m loom.run --train works.

LOOMC and LOOM_RUN name the tools (test/python/CMakeLists.txt)."""

import json
import os
import subprocess
import sys
import tempfile
import threading
import unittest

import numpy as np

import loom
from common import SOURCE_DIR

MODEL = os.path.join(SOURCE_DIR, "test", "training", "Inputs", "mlp.mlir")
BATCH, FEATURES, CLASSES, BATCHES, EPOCHS = 4, 6, 3, 8, 2


def load_npz(path):
    with np.load(path) as archive:
        return {name: archive[name] for name in archive.files}


class TrainTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        rng = np.random.default_rng(0)
        cls.data = {
            "x": rng.standard_normal((BATCH * BATCHES, FEATURES)).astype(np.float32),
            "labels": rng.integers(0, CLASSES, BATCH * BATCHES).astype(np.int64),
        }
        np.savez(cls.path("data.npz"), **cls.data)
        cls.step, cls.init = cls.path("step.loom"), cls.path("init.npz")
        subprocess.run(
            [os.environ["LOOMC"], MODEL, "--train",
             "--loss=cross_entropy:logits,labels",
             "--optimizer=adam:lr=0.01,betas=0.9,0.99,eps=1e-8,weight_decay=0.01",
             "--initial-state=" + cls.init, "-o", cls.step],
            check=True, capture_output=True, timeout=240)
        # What loom-run --train writes for the same inputs.
        cls.cli_checkpoint = cls.path("cli.npz")
        cls.cli_log = cls.path("cli.jsonl")
        ran = cls.loom_run("--state=" + cls.init, "--epochs=%d" % EPOCHS,
                           "--checkpoint=" + cls.cli_checkpoint,
                           "--log=" + cls.cli_log, "--threads=2")
        if ran.returncode != 0:
            raise RuntimeError("loom-run --train failed: " + ran.stderr)

    @classmethod
    def path(cls, name):
        return os.path.join(cls.tmp.name, name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def loom_run(cls, *args, model=None, dataset=None):
        return subprocess.run(
            [os.environ["LOOM_RUN"], model or cls.step, "--train",
             "--dataset=" + (dataset or cls.path("data.npz"))] + list(args),
            capture_output=True, text=True, timeout=240)

    def assertSameState(self, actual, expected):
        self.assertEqual(sorted(actual), sorted(expected))
        for name in expected:
            self.assertEqual(actual[name].dtype, expected[name].dtype, name)
            self.assertEqual(actual[name].shape, expected[name].shape, name)
            self.assertEqual(actual[name].tobytes(), expected[name].tobytes(), name)

    def test_checkpoint_is_loom_runs_bit_for_bit(self):
        expected = load_npz(self.cli_checkpoint)
        for what, target, threads in (
                ("path", self.step, 2),
                ("artifact", loom.load(self.step), 2),
                ("session", loom.Session(self.step, threads=2), None)):
            with self.subTest(what):
                checkpoint = self.path("py_%s.npz" % what)
                log = self.path("py_%s.jsonl" % what)
                epochs = loom.train(target, self.init, self.path("data.npz"),
                                    epochs=EPOCHS, checkpoint=checkpoint,
                                    log=log, threads=threads)
                self.assertSameState(load_npz(checkpoint), expected)
                with open(log) as ours, open(self.cli_log) as theirs:
                    self.assertEqual(ours.read(), theirs.read())
                self.assertEqual([e["epoch"] for e in epochs], [1, 2])
                self.assertEqual([e["steps"] for e in epochs], [BATCHES] * 2)
                losses = [json.loads(line)["loss"] for line in open(log)]
                for e in epochs:
                    self.assertAlmostEqual(
                        e["mean_loss"],
                        np.mean(losses[(e["epoch"] - 1) * BATCHES:
                                       e["epoch"] * BATCHES]), places=12)

    def test_resumed_from_a_checkpoint(self):
        half = self.path("half.npz")
        loom.train(self.step, self.init, self.path("data.npz"), checkpoint=half,
                   threads=2)
        resumed = self.path("resumed.npz")
        loom.train(self.step, half, self.path("data.npz"), checkpoint=resumed,
                   threads=2)
        self.assertSameState(load_npz(resumed), load_npz(self.cli_checkpoint))

    def test_shuffle_is_loom_runs(self):
        # loom.train(shuffle=SEED) trains the batches of loom-run
        # --shuffle=SEED (whose orders train_loop.py checks against the
        # documented generator), for the .npz and the TFRecord paths.
        tfrecord = self.path("data.tfrecord")
        loom.write_tfrecord(tfrecord, self.data)
        for dataset, extra, kwargs in (
                (self.path("data.npz"), [], {}),
                (tfrecord, ["--shuffle-buffer=5"], dict(shuffle_buffer=5))):
            with self.subTest(dataset):
                cli = self.path("cli_shuffled.npz")
                ran = self.loom_run("--state=" + self.init,
                                    "--epochs=%d" % EPOCHS, "--shuffle=7",
                                    "--checkpoint=" + cli, "--threads=2",
                                    *extra, dataset=dataset)
                self.assertEqual(ran.returncode, 0, ran.stderr)
                ours = self.path("py_shuffled.npz")
                loom.train(self.step, self.init, dataset, epochs=EPOCHS,
                           checkpoint=ours, threads=2, shuffle=7, **kwargs)
                self.assertSameState(load_npz(ours), load_npz(cli))
                loom.train(self.step, self.init, dataset, epochs=EPOCHS,
                           checkpoint=ours, threads=2, shuffle=8, **kwargs)
                self.assertNotEqual(load_npz(ours)["fc1.weight"].tobytes(),
                                    load_npz(cli)["fc1.weight"].tobytes())
        for kwargs in (dict(shuffle="7"), dict(shuffle=-1), dict(shuffle=True),
                       dict(shuffle=2**64), dict(shuffle=1, shuffle_buffer=0),
                       dict(shuffle_buffer=4)):
            with self.subTest(kwargs):
                with self.assertRaises(loom.InvalidArgumentError):
                    loom.train(self.step, self.init, self.path("data.npz"),
                               **kwargs)

    def test_on_epoch_sees_both_epochs(self):
        seen = []
        threads = []

        def on_epoch(stats):
            seen.append(stats)
            threads.append(threading.get_ident())

        epochs = loom.train(self.step, self.init, self.path("data.npz"),
                            epochs=EPOCHS, on_epoch=on_epoch)
        self.assertEqual([s["epoch"] for s in seen], [1, 2])
        self.assertEqual(seen, epochs)
        self.assertEqual(threads, [threading.get_ident()] * 2)
        for stats in seen:
            self.assertEqual(stats["steps"], BATCHES)
            self.assertIsInstance(stats["mean_loss"], float)
            self.assertGreater(stats["steps_per_second"], 0)
            self.assertTrue({"epoch", "steps", "mean_loss",
                             "steps_per_second"} <= set(stats))

    def test_on_epoch_raising_stops_training(self):
        checkpoint = self.path("stopped.npz")
        seen = []

        def on_epoch(stats):
            seen.append(stats["epoch"])
            raise KeyError("stop")

        with self.assertRaises(KeyError):
            loom.train(self.step, self.init, self.path("data.npz"),
                       epochs=EPOCHS, checkpoint=checkpoint, on_epoch=on_epoch)
        self.assertEqual(seen, [1])
        self.assertFalse(os.path.exists(checkpoint))

    def test_the_gil_is_released(self):
        # Another Python thread runs while the loop trains epoch 2.
        ticks = []
        during = []
        stop = threading.Event()

        def tick():
            while not stop.is_set():
                ticks.append(1)
                stop.wait(0.0005)

        def on_epoch(stats):
            if stats["epoch"] == 1:
                ticks.clear()
            else:
                during.append(len(ticks))

        thread = threading.Thread(target=tick)
        thread.start()
        try:
            big = self.path("big.npz")
            np.savez(big, x=np.tile(self.data["x"], (200, 1)),
                     labels=np.tile(self.data["labels"], 200))
            loom.train(self.step, self.init, big, epochs=2, on_epoch=on_epoch)
        finally:
            stop.set()
            thread.join()
        self.assertGreaterEqual(during[0], 2)

    def error_line(self, *args, **kwargs):
        ran = self.loom_run(*args, **kwargs)
        self.assertEqual(ran.returncode, 1, ran.stderr)
        lines = ran.stderr.splitlines()
        self.assertEqual(len(lines), 1, ran.stderr)
        prefix = "loom-run: error: "
        self.assertTrue(lines[0].startswith(prefix), lines[0])
        return lines[0][len(prefix):]

    def test_missing_state_tensor(self):
        state = load_npz(self.init)
        del state["fc2.bias.adam_v"]
        missing = self.path("missing.npz")
        np.savez(missing, **state)
        expected = self.error_line("--state=" + missing)
        self.assertTrue(expected.endswith(
            "missing.npz: no array 'fc2.bias.adam_v' for state input "
            "'fc2.bias.adam_v' (3xf32)"), expected)
        with self.assertRaises(loom.InvalidArgumentError) as raised:
            loom.train(self.step, missing, self.path("data.npz"))
        self.assertEqual(str(raised.exception), expected)

    def test_errors_are_loom_runs_lines(self):
        forward = self.path("forward.loom")
        subprocess.run([os.environ["LOOMC"], MODEL, "-o", forward],
                       check=True, capture_output=True, timeout=240)
        nolabels = self.path("nolabels.npz")
        np.savez(nolabels, x=self.data["x"])
        cases = [
            (dict(model=forward), (forward, self.init, self.path("data.npz"))),
            (dict(dataset=nolabels), (self.step, self.init, nolabels)),
            (dict(dataset=self.path("absent.npz")),
             (self.step, self.init, self.path("absent.npz"))),
        ]
        for cli, args in cases:
            with self.subTest(args):
                expected = self.error_line("--state=" + self.init, **cli)
                with self.assertRaises(loom.Error) as raised:
                    loom.train(*args)
                self.assertEqual(str(raised.exception), expected)
        with self.assertRaises(loom.NotFoundError):
            loom.train(self.path("absent.loom"), self.init, self.path("data.npz"))
        with self.assertRaises(loom.InvalidArgumentError):
            loom.train(self.step, self.init, self.path("data.npz"), epochs=0)
        with self.assertRaises(loom.InvalidArgumentError):
            loom.train(self.step, self.init, self.path("data.npz"), save_every=2)

    def test_python_m_loom_run_trains(self):
        checkpoint = self.path("module.npz")
        ran = subprocess.run(
            [sys.executable, "-m", "loom.run", self.step, "--train",
             "--state=" + self.init, "--dataset=" + self.path("data.npz"),
             "--epochs=%d" % EPOCHS, "--checkpoint=" + checkpoint,
             "--threads=2"],
            capture_output=True, text=True, timeout=240)
        self.assertEqual(ran.returncode, 0, ran.stderr)
        self.assertRegex(ran.stderr, r"^epoch 1/2: 8 steps, mean loss [0-9.]+, "
                                     r"[0-9.]+ steps/s\nepoch 2/2: ")
        self.assertSameState(load_npz(checkpoint), load_npz(self.cli_checkpoint))


if __name__ == "__main__":
    unittest.main()
