#!/usr/bin/python3
"""Exports a small statically quantized CNN in QDQ form with Debian's
PyTorch 1.13 (seeded random weights, PyTorch's post-training quantization
with qnnpack, calibrated on random images): a fused Conv+ReLU, a strided
Conv and a strided 1x1 shortcut joined by a quantized add+ReLU, and a
global average pool, at opset 13.

    /usr/bin/python3 export_qdq_cnn.py OUTDIR

Writes OUTDIR/qdq_cnn.onnx, OUTDIR/qdq_cnn.input.npy (2x3x16x16) and
OUTDIR/qdq_cnn.output.npy (the quantized PyTorch model's output, 2x8).
"""

import os
import sys

import numpy as np
import torch
from torch import nn


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = torch.ao.quantization.QuantStub()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1, stride=2)
        self.shortcut = nn.Conv2d(8, 8, 1, stride=2)
        self.add = nn.quantized.FloatFunctional()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dequant = torch.ao.quantization.DeQuantStub()

    def forward(self, x):
        x = self.relu1(self.conv1(self.quant(x)))
        y = self.add.add_relu(self.conv2(x), self.shortcut(x))
        return self.dequant(self.pool(y)).flatten(1)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    torch.manual_seed(0)
    model = SmallCnn().eval()
    torch.backends.quantized.engine = "qnnpack"
    model.qconfig = torch.ao.quantization.get_default_qconfig("qnnpack")
    torch.ao.quantization.fuse_modules(model, [["conv1", "relu1"]], inplace=True)
    torch.ao.quantization.prepare(model, inplace=True)
    with torch.no_grad():
        for _ in range(4):
            model(torch.randn(8, 3, 16, 16))
    torch.ao.quantization.convert(model, inplace=True)
    example = torch.randn(2, 3, 16, 16)
    with torch.no_grad():
        expected = model(example)
    path = os.path.join(directory, "qdq_cnn.onnx")
    torch.onnx.export(model, (example,), path, opset_version=13,
                      input_names=["input"], output_names=["output"])
    np.save(os.path.join(directory, "qdq_cnn.input.npy"), example.numpy())
    np.save(os.path.join(directory, "qdq_cnn.output.npy"), expected.numpy())


if __name__ == "__main__":
    main()
