"""loom.compile, loom.load, Artifact and Session on small models: the
signature, every way to pass inputs, f16/bf16, the report, save/load, the
errors and their messages, and the GIL released while compiling."""

import os
import tempfile
import threading
import unittest

import numpy as np

import loom
from common import MLP_MLIR

# examples/mlp.mlir on the input i / 16 - 1: the values examples/embed
# checks, computed by hand from the model's formula (docs/compiler.md).
MLP_INPUT = (np.arange(32, dtype=np.float32) / 16 - 1).reshape(4, 8)
MLP_EXPECTED = np.array([[-0.97465] * 2, [-1.95645] * 2, [-3.23075] * 2,
                         [-4.79445] * 2], dtype=np.float32)

MATMUL_MLIR = """
func.func @main(%x: tensor<384x384xf32>) -> tensor<384x384xf32> {
  %0 = loom.matmul %x, %x : (tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<384x384xf32>
  return %0 : tensor<384x384xf32>
}
"""

DTYPES_MLIR = """
func.func @main(%a: tensor<2x3xbf16>, %b: tensor<2x3xf16>, %c: tensor<3xi32>)
    -> (tensor<2x3xbf16>, tensor<2x3xf16>, tensor<3xi32>) {
  %0 = loom.mul %a, %a : (tensor<2x3xbf16>, tensor<2x3xbf16>) -> tensor<2x3xbf16>
  %1 = loom.add %b, %b : (tensor<2x3xf16>, tensor<2x3xf16>) -> tensor<2x3xf16>
  %2 = loom.add %c, %c : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %0, %1, %2 : tensor<2x3xbf16>, tensor<2x3xf16>, tensor<3xi32>
}
"""

UNSIGNED_MLIR = """
func.func @main(%a: tensor<3xui8>, %b: tensor<3xui8>, %c: tensor<2xui64>, %d: tensor<2xi16>)
    -> (tensor<3xui8>, tensor<2xui64>, tensor<2xi16>) {
  %0 = loom.div %a, %b : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  %1 = loom.add %c, %c : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
  %2 = loom.add %d, %d : (tensor<2xi16>, tensor<2xi16>) -> tensor<2xi16>
  return %0, %1, %2 : tensor<3xui8>, tensor<2xui64>, tensor<2xi16>
}
"""

# NonZero's result depends on the data (docs/dynamic-shapes.md): flat at
# its bound [2, 4], its shape in the second result, which is no output.
NONZERO_MLIR = """
func.func @main(%x: tensor<2x2xf32>) -> (tensor<8xi64> {loom.data_shape = #loom.data_shape<bounds = [2, 4], dims = 1>}, tensor<2xi64>) {
  %values, %dims = loom.nonzero %x : (tensor<2x2xf32>) -> (tensor<8xi64>, tensor<2xi64>)
  return %values, %dims : tensor<8xi64>, tensor<2xi64>
}
"""


class ApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.artifact = loom.compile(MLP_MLIR)
        cls.session = loom.Session(cls.artifact, threads=2)

    def test_version(self):
        self.assertRegex(loom.__version__, r"^\d+\.\d+\.\d+$")

    def test_signature(self):
        signature = self.artifact.signature
        self.assertEqual(len(signature.inputs), 1)
        self.assertEqual(signature.inputs[0].dtype, "f32")
        self.assertEqual(signature.inputs[0].shape, (4, 8))
        self.assertEqual(signature.outputs[0].shape, (4, 2))
        self.assertEqual(self.session.input_names, [signature.inputs[0].name])

    def test_run_every_way(self):
        name = self.session.input_names[0]
        for result in (
            self.session.run(MLP_INPUT),
            self.session.run([MLP_INPUT]),
            self.session.run({name: MLP_INPUT}),
            self.session.run(**{name: MLP_INPUT}),
            self.session(MLP_INPUT),
            self.session(MLP_INPUT.tolist()),
            # A non-contiguous view is copied into row-major order.
            self.session(np.asfortranarray(MLP_INPUT)),
        ):
            self.assertIsInstance(result, np.ndarray)
            self.assertEqual(result.dtype, np.float32)
            np.testing.assert_allclose(result, MLP_EXPECTED, atol=1e-4)

    def test_compile_bytes_equals_file(self):
        with open(MLP_MLIR, "rb") as file:
            from_bytes = loom.compile(file.read())
        self.assertEqual(
            loom.Session(from_bytes).run(MLP_INPUT).tolist(),
            self.session.run(MLP_INPUT).tolist(),
        )

    def test_report(self):
        # loomc --report=json's object.
        report = self.artifact.report
        self.assertEqual(report["mesh"], {"devices": 1})
        self.assertEqual([k["name"] for k in report["kernels"]],
                         ["mlp_kernel_0", "mlp_kernel_1"])
        self.assertEqual(report["flops_per_device"], 1408)
        self.assertEqual(report["collectives"], [])

    def test_save_and_load(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "mlp.loom")
            self.artifact.save(path)
            loaded = loom.load(path)
            self.assertEqual(loaded.data, self.artifact.data)
            self.assertIsNone(loaded.report)
            np.testing.assert_array_equal(
                loom.Session(path)(MLP_INPUT), self.session(MLP_INPUT))

    def test_f16_bf16_i32(self):
        session = loom.Session(loom.compile(DTYPES_MLIR.encode()))
        self.assertEqual([s.dtype for s in session.signature.inputs],
                         ["bf16", "f16", "i32"])
        a = np.array([[1.5, -2.0, 3.0], [0.25, 1e-3, 7.0]], dtype=np.float32)
        b = np.array([[1.5, -2.0, 3.0], [0.25, 1e-3, 7.0]], dtype=np.float16)
        c = np.array([1, -2, 3], dtype=np.int32)
        square, double, twice = session(a, b, c)
        self.assertEqual(square.dtype, np.float32)  # bf16 comes back widened
        a16 = loom.bf16_bits_to_float32(loom.float32_to_bf16_bits(a))
        expected = loom.bf16_bits_to_float32(loom.float32_to_bf16_bits(a16 * a16))
        np.testing.assert_array_equal(square, expected)
        self.assertEqual(double.dtype, np.float16)
        np.testing.assert_array_equal(double, b + b)
        np.testing.assert_array_equal(twice, c + c)
        # bf16 also goes in as its bit patterns.
        bits = loom.float32_to_bf16_bits(a)
        np.testing.assert_array_equal(session(bits, b, c)[0], expected)

    def test_unsigned_and_i16(self):
        session = loom.Session(loom.compile(UNSIGNED_MLIR.encode()))
        self.assertEqual([s.dtype for s in session.signature.inputs],
                         ["ui8", "ui8", "ui64", "i16"])
        a = np.array([200, 7, 255], dtype=np.uint8)
        b = np.array([3, 200, 255], dtype=np.uint8)
        c = np.array([2**63 + 5, 1], dtype=np.uint64)
        d = np.array([-20000, 300], dtype=np.int16)
        quotient, twice_c, twice_d = session(a, b, c, d)
        self.assertEqual(quotient.dtype, np.uint8)
        np.testing.assert_array_equal(quotient, [66, 0, 1])  # unsigned division
        self.assertEqual(twice_c.dtype, np.uint64)
        np.testing.assert_array_equal(twice_c, np.array([10, 2], dtype=np.uint64))
        self.assertEqual(twice_d.dtype, np.int16)
        np.testing.assert_array_equal(twice_d, np.array([25536, 600], dtype=np.int16))

    def test_bf16_rounding(self):
        # 1 + 2^-8 lies halfway between two bf16 values: to even (1.0);
        # 1 + 3 * 2^-8 rounds up to 1 + 2^-6.
        x = np.array([1 + 2**-8, 1 + 3 * 2**-8, np.nan, -0.0], dtype=np.float32)
        y = loom.bf16_bits_to_float32(loom.float32_to_bf16_bits(x))
        self.assertEqual(y[0], 1.0)
        self.assertEqual(y[1], 1 + 2**-6)
        self.assertTrue(np.isnan(y[2]))
        self.assertEqual(np.signbit(y[3]), True)

    def test_wrong_inputs(self):
        name = self.session.input_names[0]
        with self.assertRaises(loom.InvalidArgumentError) as caught:
            self.session.run(MLP_INPUT.astype(np.float64))
        self.assertEqual(
            str(caught.exception),
            "input '%s': expected 4x8xf32 (NumPy float32), got a float64 "
            "array of shape (4, 8)" % name)
        with self.assertRaises(loom.InvalidArgumentError) as caught:
            self.session.run(MLP_INPUT[:2])
        self.assertIn("expected shape (4, 8)", str(caught.exception))
        with self.assertRaises(loom.InvalidArgumentError):
            self.session.run(MLP_INPUT, MLP_INPUT)
        with self.assertRaises(loom.InvalidArgumentError):
            self.session.run()
        with self.assertRaises(loom.InvalidArgumentError) as caught:
            self.session.run({"nope": MLP_INPUT})
        self.assertIn("no input named 'nope'", str(caught.exception))
        # Every error is a loom.Error, and a ValueError where it is one.
        self.assertTrue(issubclass(loom.InvalidArgumentError, loom.Error))
        self.assertTrue(issubclass(loom.InvalidArgumentError, ValueError))

    def test_symbolic_batch(self):
        # examples/mlp.mlir compiled once for batches of 1 to 4 (max_dim;
        # docs/dynamic-shapes.md): each row equals the static model's.
        artifact = loom.compile(MLP_MLIR, input_shapes={0: ("?", 8)},
                                max_dim=4)
        name = artifact.signature.inputs[0].name
        self.assertEqual(artifact.dim_symbols, [(name + ":0", 4)])
        self.assertEqual(artifact.signature.inputs[0].shape, (None, 8))
        self.assertEqual(artifact.signature.outputs[0].shape, (None, 2))
        self.assertIn("?x8xf32", repr(artifact))
        session = loom.Session(artifact, threads=2)
        for rows in (1, 3, 4):
            y = session.run(MLP_INPUT[:rows])
            self.assertEqual(y.shape, (rows, 2))
            np.testing.assert_allclose(y, MLP_EXPECTED[:rows], rtol=1e-4)
        with self.assertRaises(loom.InvalidArgumentError) as caught:
            session.run(np.zeros((5, 8), np.float32))
        self.assertIn("above the bound 4", str(caught.exception))
        with self.assertRaises(loom.InvalidArgumentError) as caught:
            session.run(np.zeros((2, 7), np.float32))
        self.assertIn("expected shape (None, 8)", str(caught.exception))
        with self.assertRaises(loom.CompileError) as caught:
            loom.compile(MLP_MLIR, input_shapes={0: ("?", 8)})
        self.assertIn("--max-dim", str(caught.exception))

    def test_data_shaped_output(self):
        # One output at its actual shape each run, an empty one included.
        artifact = loom.compile(NONZERO_MLIR.encode())
        self.assertEqual(len(artifact.signature.outputs), 1)
        session = loom.Session(artifact, threads=1)
        y = session.run(np.array([[1, 0], [-2, 3]], np.float32))
        np.testing.assert_array_equal(y, [[0, 1, 1], [0, 0, 1]])
        empty = session.run(np.zeros((2, 2), np.float32))
        self.assertEqual(empty.shape, (2, 0))
        self.assertEqual(empty.dtype, np.int64)

    def test_compile_errors_are_loomc_lines(self):
        with self.assertRaises(loom.CompileError) as caught:
            loom.compile(MLP_MLIR, target="nope")
        message = str(caught.exception)
        self.assertNotIn("\n", message)
        self.assertIn("nope", message)
        self.assertRegex(message,
                         r"^unknown target 'nope' \(known targets: .*cpu.*\)$")
        self.assertEqual(caught.exception.diagnostics, [message])
        with self.assertRaises(loom.CompileError) as caught:
            loom.compile(b"func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {"
                         b" %0 = loom.bogus %x : tensor<2xf32> }", name="bad.mlir")
        self.assertIn("bad.mlir", str(caught.exception))
        with self.assertRaises(loom.CompileError) as caught:
            loom.compile(MLP_MLIR, target_options={"no-such-option": "1"})
        self.assertIn("no-such-option", str(caught.exception))
        with self.assertRaises(loom.InvalidArgumentError):
            loom.compile(MLP_MLIR, opt_level=7)
        with self.assertRaises(loom.CompileError):
            loom.compile("/nonexistent/model.onnx")

    def test_load_errors(self):
        with self.assertRaises(loom.NotFoundError) as caught:
            loom.load("/nonexistent/model.loom")
        self.assertIn("/nonexistent/model.loom", str(caught.exception))
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "cut.loom")
            with open(path, "wb") as file:
                file.write(self.artifact.data[: len(self.artifact.data) // 2])
            with self.assertRaises(loom.Error) as caught:
                loom.load(path)
            self.assertIsInstance(caught.exception, loom.DataLossError)
            self.assertTrue(str(caught.exception).startswith(path + ": "))
            self.assertNotIn("\n", str(caught.exception))

    def test_options(self):
        with self.assertRaises(loom.InvalidArgumentError):
            loom.Session(self.artifact, threads=0)
        with self.assertRaises(loom.InvalidArgumentError) as caught:
            loom.Session(self.artifact, driver_options={"nodriver.key": "1"})
        self.assertIn("nodriver", str(caught.exception))

    def test_gil_released_while_compiling_and_running(self):
        # With the GIL held through the call, this thread could not count
        # while the other compiles or runs. Each run of the matmul takes
        # milliseconds (a run of the tiny MLP is too short to tell).
        matmul = loom.Session(loom.compile(MATMUL_MLIR.encode()), threads=1)
        x = np.ones((384, 384), dtype=np.float32)
        for work in (lambda: loom.compile(MLP_MLIR, opt_level=0),
                     lambda: [matmul.run(x) for _ in range(5)]):
            thread = threading.Thread(target=work)
            count = 0
            thread.start()
            while thread.is_alive():
                count += 1
            thread.join()
            self.assertGreater(count, 1000)

    def test_sessions_shared_between_threads(self):
        results = []

        def work():
            results.append(self.session.run(MLP_INPUT))

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(len(results), 4)
        for result in results:
            np.testing.assert_allclose(result, MLP_EXPECTED, atol=1e-4)

    def test_import_loom_compile_keeps_the_function(self):
        import loom.compile  # noqa: F401  (binds loom.compile to the module)

        self.assertTrue(callable(loom.compile))
        self.assertIsInstance(loom.compile(MLP_MLIR), loom.Artifact)


if __name__ == "__main__":
    unittest.main()
