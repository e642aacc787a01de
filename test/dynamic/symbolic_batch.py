#!/usr/bin/env python3
"""Symbolic batch dimensions end to end (docs/dynamic-shapes.md, issue 15).

ResNet-18 from torchvision (seeded weights), exported with a symbolic batch
dimension, is compiled once by `loomc --max-dim=16` and run by loom-run at
batch 1, 5 and 16. Each result must equal, bit for bit, the result of the
model compiled for that batch alone (`--input-shape=input:Bx3x224x224`), and
be within a relative L2 error of 1e-4 of PyTorch's. A batch above the bound
fails with one line naming the input, its size and the bound.

Usage: symbolic_batch.py LOOMC LOOM_RUN
"""

import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torchvision

BOUND = 16
BATCHES = (1, 5, 16)


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n"
                 f"{result.stdout}{result.stderr}")
    return result


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    loomc, loom_run = sys.argv[1:]
    torch.manual_seed(0)
    model = torchvision.models.resnet18().eval()
    failures = []
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "resnet18.onnx")
        torch.onnx.export(model, (torch.randn(1, 3, 224, 224),), path,
                          opset_version=17, input_names=["input"],
                          output_names=["output"],
                          dynamic_axes={"input": {0: "batch"},
                                        "output": {0: "batch"}})
        symbolic = os.path.join(work, "symbolic.loom")
        report = run([loomc, path, f"--max-dim={BOUND}", "--report", "-o",
                      symbolic]).stdout
        if f"symbolic dimension: input:0, 1 to {BOUND}" not in report:
            failures.append(f"--report does not name the symbol:\n{report}")

        rng = np.random.default_rng(1)
        for batch in BATCHES:
            images = rng.standard_normal((batch, 3, 224, 224)).astype(np.float32)
            inputs = os.path.join(work, f"input{batch}.npy")
            np.save(inputs, images)
            static = os.path.join(work, f"static{batch}.loom")
            run([loomc, path, f"--input-shape=input:{batch}x3x224x224", "-o",
                 static])
            outputs = {}
            for name, artifact in (("symbolic", symbolic), ("static", static)):
                out = os.path.join(work, f"{name}{batch}.npy")
                ran = run([loom_run, artifact, f"--input=input=@{inputs}",
                           f"--output=@{out}"])
                outputs[name] = np.load(out)
                if name == "symbolic" and f"ran with input:0={batch}" not in ran.stderr:
                    failures.append(f"batch {batch}: loom-run did not say the "
                                    f"size it ran with:\n{ran.stderr}")
            with torch.no_grad():
                expected = model(torch.from_numpy(images)).numpy()
            got, alone = outputs["symbolic"], outputs["static"]
            error = np.linalg.norm(got - expected) / np.linalg.norm(expected)
            equal = got.shape == alone.shape and np.array_equal(got, alone)
            print(f"batch {batch}: shape {got.shape}, equal to the static "
                  f"compile: {equal}, rel L2 to PyTorch {error:.2e}")
            if not equal:
                failures.append(f"batch {batch}: differs from the static "
                                f"compile (max |diff| "
                                f"{np.abs(got - alone).max() if got.shape == alone.shape else 'shape'})")
            if error > 1e-4:
                failures.append(f"batch {batch}: rel L2 {error:.2e} to PyTorch")

        above = os.path.join(work, "above.npy")
        np.save(above, np.zeros((BOUND + 1, 3, 224, 224), np.float32))
        result = subprocess.run([loom_run, symbolic, f"--input=input=@{above}"],
                                capture_output=True, text=True)
        message = (f"input 'input' dimension 0 is {BOUND + 1}, above the bound "
                   f"{BOUND} the artifact was compiled for")
        if result.returncode == 0 or message not in result.stderr:
            failures.append(f"batch {BOUND + 1}: expected a failure saying "
                            f"'{message}', got exit {result.returncode}:\n"
                            f"{result.stderr}")
    if failures:
        sys.exit("\n".join(failures))
    print("ok")


if __name__ == "__main__":
    main()
