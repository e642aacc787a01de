"""Serialized batches (docs/datasets.md): a TFRecord file of 1,000
tf.train.Example records, written here with Python's own code for the format
(tfrecord_util.py; TensorFlow is not needed), streams through
loom-run --dataset and Session.run_dataset with outputs equal to running
each batch on its own (Session.run, and loom-run on .npy files); truncated,
bit-flipped and mismatched records each give one line naming the file, the
record and the reason."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

import loom
from tfrecord_util import example_bytes, frame, parse_example, read_tfrecord

BATCH, FEATURES, HIDDEN, RECORDS = 8, 6, 4, 1000
RNG = np.random.default_rng(14)
W = RNG.standard_normal((FEATURES, HIDDEN)).astype(np.float32)
B = RNG.standard_normal(HIDDEN).astype(np.float32)
X = RNG.standard_normal((RECORDS, FEATURES)).astype(np.float32)
S = RNG.integers(1, 4, (RECORDS, 1)).astype(np.int32)


def dense(array):
    return "dense<%s>" % np.array2string(
        array, separator=", ", threshold=1 << 20, floatmode="unique"
    ).replace("\n", "")


def model_mlir():
    """y = relu(x @ W + b) * s, z = sigmoid(y); inputs x [8, 6] f32 and s
    [8, 1] i32 (an int64_list feature)."""
    return """
func.func @main(%x: tensor<8x6xf32> {loom.name = "x"},
                %s: tensor<8x1xi32> {loom.name = "s"})
    -> (tensor<8x4xf32> {loom.name = "y"}, tensor<8x4xf32> {loom.name = "z"}) {
  %w = loom.constant W_ : tensor<6x4xf32>
  %b = loom.constant B_ : tensor<4xf32>
  %xw = loom.matmul %x, %w : (tensor<8x6xf32>, tensor<6x4xf32>) -> tensor<8x4xf32>
  %h = loom.add %xw, %b : (tensor<8x4xf32>, tensor<4xf32>) -> tensor<8x4xf32>
  %r = loom.relu %h : tensor<8x4xf32>
  %sf = loom.cast %s : tensor<8x1xi32> to tensor<8x1xf32>
  %y = loom.mul %r, %sf : (tensor<8x4xf32>, tensor<8x1xf32>) -> tensor<8x4xf32>
  %z = loom.sigmoid %y : tensor<8x4xf32>
  return %y, %z : tensor<8x4xf32>, tensor<8x4xf32>
}
""".replace("W_", dense(W)).replace("B_", dense(B))


def records(count=RECORDS, missing=None):
    """The framed records; record `missing` lacks feature s."""
    out = []
    for i in range(count):
        features = {"x": ("float", X[i % RECORDS].tolist()),
                    "label": ("int64", [i])}
        if i != missing:
            features["s"] = ("int64", S[i % RECORDS].tolist())
        out.append(frame(example_bytes(features)))
    return out


def loom_run(*args):
    return subprocess.run(
        [sys.executable, "-m", "loom.run"] + [str(a) for a in args],
        capture_output=True, text=True, timeout=240)


class DatasetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        cls.model = os.path.join(cls.dir, "model.loom")
        source = os.path.join(cls.dir, "model.mlir")
        with open(source, "w") as f:
            f.write(model_mlir())
        loom.compile(source).save(cls.model)
        cls.session = loom.Session(cls.model)
        cls.framed = records()
        cls.data = cls.path("data.tfrecord", cls.framed)
        # The reference: every batch run on its own.
        cls.y = np.stack([
            cls.session.run(x=X[i:i + BATCH], s=S[i:i + BATCH])[0]
            for i in range(0, RECORDS, BATCH)])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    @classmethod
    def path(cls, name, framed=None):
        path = os.path.join(cls.dir, name)
        if framed is not None:
            with open(path, "wb") as f:
                f.write(b"".join(framed))
        return path

    def test_loom_run_streams_the_file(self):
        y_npy, out = self.path("y.npy"), self.path("out.tfrecord")
        ran = loom_run(self.model, "--dataset=" + self.data,
                       "--output-dataset=y=" + y_npy, "--output-dataset", out)
        self.assertEqual(ran.returncode, 0, ran.stderr)
        self.assertEqual(ran.stderr, "")
        self.assertRegex(ran.stdout, r"^%s: 1000 records in 125 batches of 8, "
                         r"[0-9.]+ s, [0-9.]+ samples/s\n$" % re.escape(self.data))
        y = np.load(y_npy)
        self.assertEqual(y.shape, (125, BATCH, HIDDEN))
        np.testing.assert_array_equal(y, self.y)
        reference = np.maximum(X @ W + B, 0) * S
        np.testing.assert_allclose(y.reshape(RECORDS, HIDDEN), reference,
                                   rtol=1e-5, atol=1e-5)
        # One Example a sample, read back with Python's own reader.
        samples = [parse_example(r) for r in read_tfrecord(out)]
        self.assertEqual(len(samples), RECORDS)
        self.assertEqual(set(samples[0]), {"y", "z"})
        np.testing.assert_array_equal(
            np.array([s["y"][1] for s in samples], dtype=np.float32),
            y.reshape(RECORDS, HIDDEN))
        self.assertEqual(samples[3]["z"][0], "float")
        np.testing.assert_allclose(
            np.array([s["z"][1] for s in samples], dtype=np.float32),
            1 / (1 + np.exp(-y.reshape(RECORDS, HIDDEN))), rtol=1e-5)

    def test_equals_loom_run_on_npy_batches(self):
        y_npy = self.path("y2.npy")
        ran = loom_run(self.model, "--dataset=" + self.data,
                       "--output-dataset=y=" + y_npy)
        self.assertEqual(ran.returncode, 0, ran.stderr)
        y = np.load(y_npy)
        for batch in (0, 61, 124):
            rows = slice(batch * BATCH, (batch + 1) * BATCH)
            x, s, out = (self.path("x%d.npy" % batch), self.path("s%d.npy" % batch),
                         self.path("o%d.npy" % batch))
            np.save(x, X[rows])
            np.save(s, S[rows])
            one = loom_run(self.model, "--input=x=@" + x, "--input=s=@" + s,
                           "--output=y=@" + out, "--output=z=@/dev/null")
            self.assertEqual(one.returncode, 0, one.stderr)
            np.testing.assert_array_equal(y[batch], np.load(out))

    def test_session_run_dataset(self):
        out = self.path("session-y.npy")
        stats = self.session.run_dataset(self.data, outputs="y=" + out)
        self.assertEqual((stats["records"], stats["batches"], stats["batch_size"],
                          stats["left_over"]), (RECORDS, 125, BATCH, 0))
        self.assertGreater(stats["samples_per_second"], 0)
        np.testing.assert_array_equal(np.load(out), self.y)
        stats = self.session.run_dataset(self.data, outputs=["y=" + out],
                                         batches=3)
        self.assertEqual((stats["records"], stats["batches"]), (24, 3))
        np.testing.assert_array_equal(np.load(out), self.y[:3])

    def test_records_left_over_are_reported(self):
        data = self.path("1003.tfrecord", records(1003))
        ran = loom_run(self.model, "--dataset=" + data)
        self.assertEqual(ran.returncode, 0, ran.stderr)
        self.assertEqual(ran.stderr, "loom-run: warning: %s: the last 3 record(s) "
                         "do not fill a batch of 8 and were not run\n" % data)
        self.assertIn(": 1000 records in 125 batches of 8,", ran.stdout)
        self.assertEqual(self.session.run_dataset(data)["left_over"], 3)

    def assert_one_line(self, data, pattern, error_class, batches_done):
        out = self.path("damaged-y.npy")
        ran = loom_run(self.model, "--dataset=" + data,
                       "--output-dataset=y=" + out)
        self.assertEqual(ran.returncode, 1)
        self.assertEqual(ran.stdout, "")
        self.assertRegex(ran.stderr, r"^loom-run: error: %s: %s\n$"
                         % (re.escape(data), pattern))
        # It stopped cleanly: the .npy holds the batches before the record.
        np.testing.assert_array_equal(np.load(out), self.y[:batches_done])
        with self.assertRaises(error_class) as raised:
            self.session.run_dataset(data)
        self.assertEqual("loom-run: error: %s\n" % raised.exception,
                         ran.stderr)

    def test_truncated_file(self):
        data = self.path("truncated.tfrecord", self.framed)
        with open(data, "r+b") as f:
            f.truncate(os.path.getsize(data) - 5)
        offset = sum(len(r) for r in self.framed[:999])
        self.assert_one_line(
            data, r"record 999 at byte %d: truncated: the record's \d+ bytes "
            r"and its CRC need \d+, but only \d+ are left in the file" % offset,
            loom.DataLossError, 124)

    def test_bit_flipped_data(self):
        damaged = list(self.framed)
        record = bytearray(damaged[500])
        record[30] ^= 0x08
        damaged[500] = bytes(record)
        data = self.path("flipped-data.tfrecord", damaged)
        offset = sum(len(r) for r in self.framed[:500])
        self.assert_one_line(
            data, r"record 500 at byte %d: the data's CRC-32C does not match "
            r"\(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\): damaged data"
            % offset, loom.DataLossError, 62)

    def test_bit_flipped_length(self):
        damaged = list(self.framed)
        record = bytearray(damaged[10])
        record[2] ^= 0x40
        damaged[10] = bytes(record)
        data = self.path("flipped-length.tfrecord", damaged)
        offset = sum(len(r) for r in self.framed[:10])
        self.assert_one_line(
            data, r"record 10 at byte %d: the length's CRC-32C does not match "
            r"\(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\): a damaged length"
            % offset, loom.DataLossError, 1)

    def test_missing_feature(self):
        data = self.path("missing.tfrecord", records(missing=17))
        self.assert_one_line(
            data, r"record 17: no feature 's' for input 's' \(8x1xi32\); the "
            r"record has features 'x', 'label'", loom.InvalidArgumentError, 2)

    def test_wrong_size_and_not_an_example(self):
        wrong = list(self.framed)
        wrong[3] = frame(example_bytes({"x": ("float", [1.0] * 5),
                                        "s": ("int64", [1])}))
        data = self.path("wrong-size.tfrecord", wrong)
        self.assert_one_line(
            data, r"record 3: feature 'x' has 5 values; input 'x' \(8x6xf32\) "
            r"takes 6 per record \(batches of 8\)", loom.InvalidArgumentError, 0)
        garbage = list(self.framed)
        garbage[9] = frame(b"\x0a\x7f\x01")
        data = self.path("garbage.tfrecord", garbage)
        self.assert_one_line(
            data, r"record 9: not a tf.train.Example: a field of 127 bytes runs "
            r"past the end of its message \(1 bytes left\) at byte 2 of the "
            r"record", loom.DataLossError, 1)

    def test_npz(self):
        data = self.path("data.npz")
        np.savez(data, x=X, s=S, label=np.arange(RECORDS))
        y_npy = self.path("npz-y.npy")
        ran = loom_run(self.model, "--dataset=" + data, "--output-dataset=y=" + y_npy)
        self.assertEqual(ran.returncode, 0, ran.stderr)
        self.assertEqual(ran.stderr, "")
        self.assertIn("%s: 1000 records in 125 batches of 8," % data, ran.stdout)
        np.testing.assert_array_equal(np.load(y_npy), self.y)
        stats = self.session.run_dataset(data, outputs="y=" + y_npy, batches=2)
        self.assertEqual((stats["records"], stats["batches"]), (16, 2))
        np.testing.assert_array_equal(np.load(y_npy), self.y[:2])
        for name, arrays, message in (
                ("compressed.npz", None,
                 "entry 'x.npy' is compressed (method 8); write the file with "
                 "np.savez, not np.savez_compressed"),
                ("missing.npz", {"x": X},
                 "no array 's' for input 's' (8x1xi32); the file has arrays 'x'"),
                ("f64.npz", {"x": X.astype(np.float64), "s": S},
                 "array 'x' is 1000x6xf64; input 'x' (8x6xf32) takes Nx6xf32 "
                 "(a row a sample)"),
                ("counts.npz", {"x": X, "s": S[:999]},
                 "array 's' has 999 samples, array 'x' 1000")):
            path = self.path(name)
            if arrays is None:
                np.savez_compressed(path, x=X, s=S)
            else:
                np.savez(path, **arrays)
            ran = loom_run(self.model, "--dataset=" + path)
            self.assertEqual(ran.returncode, 1)
            self.assertEqual(ran.stderr, "loom-run: error: %s: %s\n" % (path, message))

    def test_write_tfrecord(self):
        # loom.write_tfrecord writes the records of records(): the same
        # Examples (features in the dict's order), so the model reads the
        # same batches from it.
        data = self.path("written.tfrecord")
        loom.write_tfrecord(data, {"x": X, "label": np.arange(RECORDS),
                                   "s": S})
        written = [parse_example(r) for r in read_tfrecord(data)]
        self.assertEqual(len(written), RECORDS)
        for i in (0, 1, RECORDS - 1):
            self.assertEqual(list(written[i]), ["x", "label", "s"])
            self.assertEqual(written[i]["x"],
                             ("float", X[i].astype(np.float32).tolist()))
            self.assertEqual(written[i]["label"], ("int64", [i]))
            self.assertEqual(written[i]["s"], ("int64", S[i].tolist()))
        y_npy = self.path("written-y.npy")
        stats = self.session.run_dataset(data, outputs="y=" + y_npy)
        self.assertEqual(stats["batches"], RECORDS // BATCH)
        np.testing.assert_array_equal(np.load(y_npy), self.y)
        # Booleans and any integer type become int64, floats float32, each
        # sample's values row-major.
        small = self.path("small.tfrecord")
        loom.write_tfrecord(small, {"m": np.array([[True, False]]),
                                    "w": np.arange(6, dtype=np.int16).reshape(1, 2, 3),
                                    "f": np.array([0.5], np.float64)})
        (record,) = read_tfrecord(small)
        self.assertEqual(parse_example(record),
                         {"m": ("int64", [1, 0]), "w": ("int64", [0, 1, 2, 3, 4, 5]),
                          "f": ("float", [0.5])})
        for features, message in (
                ({}, "features must be a non-empty dict of arrays, not {}"),
                ({"x": X, "s": S[:10]}, "feature 's' has 10 samples, the others 1000"),
                ({"x": np.float32(1.0)},
                 "feature 'x': an array with samples along its first dimension, "
                 "not shape ()"),
                ({"x": np.array(["a"])}, "feature 'x': <U1 is neither floating nor integer")):
            with self.assertRaises(loom.InvalidArgumentError) as raised:
                loom.write_tfrecord(self.path("bad.tfrecord"), features)
            self.assertEqual(str(raised.exception), message)
        with self.assertRaises(loom.InvalidArgumentError) as raised:
            loom.write_tfrecord("/nonexistent/dir/a.tfrecord", {"x": X})
        self.assertIn("/nonexistent/dir/a.tfrecord", str(raised.exception))

    def test_flag_errors(self):
        for args, message in (
                (["--batches=2"], "--batches needs --dataset"),
                (["--dataset=" + self.data, "--input=x=@a.npy"],
                 "--dataset gives every input; it takes no --input, --output, "
                 "--expected or --benchmark (write outputs with --output-dataset)"),
                (["--dataset=" + self.data, "--output-dataset=" + self.path("a.npy")],
                 "%s: the model has 2 outputs; name the one for this .npy file as "
                 "NAME=%s" % (self.path("a.npy"), self.path("a.npy"))),
                (["--dataset=/nonexistent.tfrecord"],
                 "/nonexistent.tfrecord: cannot open the TFRecord file")):
            ran = loom_run(self.model, *args)
            self.assertEqual(ran.returncode, 1)
            self.assertEqual(ran.stderr, "loom-run: error: %s\n" % message)


if __name__ == "__main__":
    unittest.main()
