#!/usr/bin/python3
"""Exports a ViT-B/16-sized transformer to ONNX with Debian's PyTorch:
torchvision's vit_b_16 (12 layers, d 768, 12 heads, MLP 3072, 197 tokens)
with seeded random weights (the classifier's too, which torchvision
zero-initializes) and no download, batch 1, opset 17.

    /usr/bin/python3 bench/compile-time/export_vit.py OUTDIR

Writes OUTDIR/vit_b_16.onnx (346 MB), OUTDIR/vit_b_16.input.npy and
OUTDIR/vit_b_16.output.npy (a seeded random image and PyTorch's output for
it), like scripts/export_torch_models.py does for its models.
"""

import os
import sys

import numpy as np
import torch
import torchvision


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    torch.manual_seed(0)
    model = torchvision.models.vit_b_16().eval()
    # torchvision initializes the classifier to zeros, which would make
    # every output 0 and the check against PyTorch vacuous.
    torch.nn.init.normal_(model.heads.head.weight, std=0.02)
    example = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        expected = model(example)
    path = os.path.join(directory, "vit_b_16.onnx")
    torch.onnx.export(model, (example,), path, opset_version=17,
                      input_names=["input"], output_names=["output"])
    np.save(os.path.join(directory, "vit_b_16.input.npy"), example.numpy())
    np.save(os.path.join(directory, "vit_b_16.output.npy"), expected.numpy())
    print(f"{path}: {os.path.getsize(path) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
