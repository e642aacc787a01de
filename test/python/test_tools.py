"""python3 -m loom.compile and python3 -m loom.run behave as loomc and
loom-run: outputs, messages and exit codes."""

import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

import loom
from common import MLP_MLIR

MLP_INPUT = (np.arange(32, dtype=np.float32) / 16 - 1).reshape(4, 8)


def run(*args):
    return subprocess.run([sys.executable, "-m"] + list(args),
                          capture_output=True, text=True, timeout=240)


class ToolsTest(unittest.TestCase):
    def test_compile_then_run(self):
        with tempfile.TemporaryDirectory() as directory:
            model = os.path.join(directory, "mlp.loom")
            compiled = run("loom.compile", MLP_MLIR, "-o", model, "--report=json")
            self.assertEqual(compiled.returncode, 0, compiled.stderr)
            self.assertIn('"kernels"', compiled.stdout)
            x = os.path.join(directory, "x.npy")
            y = os.path.join(directory, "y.npy")
            np.save(x, MLP_INPUT)
            ran = run("loom.run", model, "--input=@" + x, "--output=@" + y)
            self.assertEqual(ran.returncode, 0, ran.stderr)
            self.assertEqual(ran.stderr, "")
            np.testing.assert_array_equal(
                np.load(y), loom.Session(loom.load(model))(MLP_INPUT))

    def test_errors_are_the_tools_lines(self):
        compiled = run("loom.compile", MLP_MLIR, "-o", "/dev/null", "--target=nope")
        self.assertEqual(compiled.returncode, 1)
        self.assertRegex(compiled.stderr,
                         r"^unknown target 'nope' \(known targets: .*\)\n$")
        ran = run("loom.run", "/nonexistent.loom")
        self.assertEqual(ran.returncode, 1)
        self.assertRegex(ran.stderr, r"^loom-run: error: .*/nonexistent.loom.*\n$")

    def test_version(self):
        for module, tool in (("loom.compile", "loomc"), ("loom.run", "loom-run")):
            result = run(module, "--version")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("%s (Loom) %s" % (tool, loom.__version__), result.stdout)


if __name__ == "__main__":
    unittest.main()
