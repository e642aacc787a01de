"""test/models' MLP (1024 -> 4096 -> 1024, batch 64) from Python: compiled
for one device and for a 2-device mesh (Megatron-style tensor parallelism
and data parallelism), run on NumPy inputs, against PyTorch's output on the
same inputs (relative L2 error below 1e-4)."""

import unittest

import numpy as np

import loom
from common import model_path, rel_l2, torch_model, torch_output


class MlpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.x = np.random.default_rng(14).standard_normal((64, 1024)).astype(np.float32)
        cls.expected = torch_output(torch_model("mlp"), cls.x)

    def check(self, artifact):
        y = loom.Session(artifact, threads=2).run(self.x)
        self.assertEqual(y.shape, (64, 1024))
        error = rel_l2(y, self.expected)
        print("relative L2 error against PyTorch: %.2e" % error)
        self.assertLess(error, 1e-4)
        return y

    def test_one_device(self):
        self.check(loom.compile(model_path("mlp")))

    def test_tensor_parallel_on_two_devices(self):
        artifact = loom.compile(model_path("mlp"), mesh={"model": 2},
                                parallel="tensor")
        report = artifact.report
        self.assertEqual(report["mesh"]["devices"], 2)
        # Megatron-style: one all-reduce after the second matmul.
        self.assertEqual([c["kind"] for c in report["collectives"]],
                         ["all_reduce"])
        self.check(artifact)

    def test_data_parallel_on_two_devices(self):
        artifact = loom.compile(model_path("mlp"), mesh="data=2",
                                parallel=["data"])
        self.assertEqual(artifact.report["mesh"]["devices"], 2)
        self.check(artifact)


if __name__ == "__main__":
    unittest.main()
