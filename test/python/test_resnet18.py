"""test/models' ResNet-18 from Python: compiled, run on a NumPy image batch,
and compared with PyTorch's output on the same input (relative L2 error
below 1e-4)."""

import unittest

import numpy as np

import loom
from common import model_path, rel_l2, torch_model, torch_output


class ResNet18Test(unittest.TestCase):
    def test_against_pytorch(self):
        x = np.random.default_rng(18).standard_normal((1, 3, 224, 224)).astype(np.float32)
        expected = torch_output(torch_model("resnet18"), x)
        session = loom.Session(loom.compile(model_path("resnet18")), threads=2)
        self.assertEqual(session.signature.inputs[0].shape, (1, 3, 224, 224))
        y = session(x)
        self.assertEqual(y.shape, (1, 1000))
        error = rel_l2(y, expected)
        print("relative L2 error against PyTorch: %.2e" % error)
        self.assertLess(error, 1e-4)


if __name__ == "__main__":
    unittest.main()
