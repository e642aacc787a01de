"""Session.compare_reference, loom-run --compare-reference from Python, on
test/models' MLP: every kernel listed with its ONNX nodes and matching the
reference evaluator, on one device and on a 2-device mesh (with its
all-reduce checked); an artifact with a kernel miscompiled on purpose
(python3 -m loom.compile --debug-miscompile-kernel) raises AbortedError
naming that kernel, with the report up to it."""

import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

import loom
from common import model_path


class CompareReferenceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.x = np.random.default_rng(5).standard_normal((64, 1024)).astype(np.float32)

    def test_one_device(self):
        session = loom.Session(loom.compile(model_path("mlp")), threads=2)
        report = session.compare_reference(self.x)
        lines = report.splitlines()
        self.assertEqual(lines[0], "command 0: kernel 'main_kernel_0' from /0/Gemm, /1/Relu")
        self.assertEqual(lines[2], "command 1: kernel 'main_kernel_1' from /2/Gemm")
        self.assertEqual(lines[-1], "2 launches match the reference evaluator "
                         "(rtol 0.0001, atol 0.0001 x max(1, max |reference|))")
        # The tolerance is the caller's when given.
        report = session.compare_reference(self.x, rtol=0.5, atol=0.5)
        self.assertIn("(rtol 0.5, atol 0.5)", report)

    def test_two_devices(self):
        artifact = loom.compile(model_path("mlp"), mesh={"model": 2},
                                parallel="tensor")
        report = loom.Session(artifact, threads=2).compare_reference(self.x)
        self.assertIn("device 1: command 2: collective AllReduce over 2 devices", report)
        self.assertTrue(report.splitlines()[-1].endswith(
            "and 2 collectives their definition "
            "(rtol 0.0001, atol 0.0001 x max(1, max |reference|))"))

    def test_miscompiled_kernel_is_named(self):
        with tempfile.TemporaryDirectory() as work:
            path = os.path.join(work, "bad.loom")
            subprocess.run([sys.executable, "-m", "loom.compile", model_path("mlp"),
                            "--debug-miscompile-kernel=main_kernel_1", "-o", path],
                           check=True)
            session = loom.Session(path, threads=2)
            with self.assertRaises(loom.AbortedError) as raised:
                session.compare_reference(self.x)
        message = str(raised.exception)
        self.assertIn("command 1: kernel 'main_kernel_1' differs from the reference evaluator", message)
        self.assertIn("look at its source nodes: /2/Gemm", message)
        report = raised.exception.diagnostics
        self.assertTrue(report[-1].endswith("BEYOND TOLERANCE"))
        self.assertEqual(report[-2], "command 1: kernel 'main_kernel_1' from /2/Gemm")


if __name__ == "__main__":
    unittest.main()
