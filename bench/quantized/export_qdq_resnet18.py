#!/usr/bin/python3
"""Exports a statically quantized ResNet-18 in QDQ form with Debian's
PyTorch 1.13: seeded random weights (no downloads), batch-norm statistics
set on random images, PyTorch's own post-training quantization (qnnpack,
per-tensor uint8 activations and int8 weights, calibrated on random
images), exported to ONNX opset 13, where every quantized op becomes
QuantizeLinear/DequantizeLinear pairs around a float Conv, Add or Gemm.

    /usr/bin/python3 export_qdq_resnet18.py OUTDIR [--batch N]

Writes OUTDIR/resnet18_qdq.onnx (batch N, default 100), OUTDIR/images.npy
(N seeded random 3x224x224 images, standard normal like normalized
ImageNet data) and OUTDIR/torch_logits.npy (the quantized PyTorch model's
logits for them).
"""

import argparse
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts"))
from export_torch_models import quantized_resnet18  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)

    torch.manual_seed(0)
    model = quantized_resnet18()

    images = torch.randn(args.batch, 3, 224, 224)
    with torch.no_grad():
        logits = model(images)
    path = os.path.join(args.outdir, "resnet18_qdq.onnx")
    torch.onnx.export(model, (images,), path, opset_version=13,
                      input_names=["input"], output_names=["logits"])
    np.save(os.path.join(args.outdir, "images.npy"), images.numpy())
    np.save(os.path.join(args.outdir, "torch_logits.npy"), logits.numpy())
    print(f"{path}: {os.path.getsize(path) / 1e6:.1f} MB, batch {args.batch}")


if __name__ == "__main__":
    main()
