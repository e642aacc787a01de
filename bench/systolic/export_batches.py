#!/usr/bin/env python3
"""Exports ResNet-50 at the batch sizes the weak-scaling benchmark needs.

    export_batches.py DIRECTORY BATCH...

writes DIRECTORY/resnet50_batchB.{onnx,input.npy,output.npy} for each BATCH
through scripts/export_torch_models.py (same seeded weights, same opset), so
that each mesh of N chips runs N times the batch of one chip.
"""
import os
import sys

import torch
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts"))
import export_torch_models  # noqa: E402


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    for text in sys.argv[2:]:
        if not text.isdigit() or int(text) < 1:
            sys.exit(f"export_batches.py: a batch must be a positive integer, got '{text}'")
        batch = int(text)
        name = f"resnet50_batch{batch}"
        export_torch_models.MODELS[name] = (
            lambda: torchvision.models.resnet50(),
            lambda batch=batch: torch.randn(batch, 3, 224, 224))
        export_torch_models.export(name, directory)


if __name__ == "__main__":
    main()
