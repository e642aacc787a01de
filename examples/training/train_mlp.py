"""Trains a model end to end from a TFRecord file with Loom.

The worked example of docs/training.md, run by ctest (example-train-mlp)
so that it stays true:

1. a PyTorch MLP classifier (2 -> 64 -> ReLU -> 64 -> ReLU -> 3) is
   exported to ONNX in training mode;
2. a labelled dataset (three noisy spirals, 3000 points) is written to a
   TFRecord file with loom.write_tfrecord, one tf.train.Example a sample
   with the features `x` (2 floats) and `labels` (one int64);
3. `loomc --train` (here `python3 -m loom.compile`, the same command line)
   compiles the training step with a cross-entropy loss and Adam, and
   writes the initial state;
4. loom.train runs 20 epochs over the TFRecord file (the loop of `loom-run
   --train`) and writes the trained state as a checkpoint;
5. the checkpoint's parameters are loaded back into the PyTorch model,
   which is evaluated on the training points.

usage: train_mlp.py WORK_DIR   (needs the loom package on PYTHONPATH)
"""

import os
import subprocess
import sys

import numpy as np
import torch

import loom

BATCH = 50


def spirals(count, rng):
    """`count` points of three interleaved spirals, with their arm as label."""
    labels = rng.integers(0, 3, count)
    radius = rng.uniform(0.1, 1.0, count)
    angle = 4.0 * radius + labels * (2.0 * np.pi / 3.0)
    points = np.stack([radius * np.cos(angle), radius * np.sin(angle)], 1)
    points += rng.normal(0.0, 0.03, points.shape)
    return points.astype(np.float32), labels.astype(np.int64)


def main():
    work = sys.argv[1]
    os.makedirs(work, exist_ok=True)
    path = lambda name: os.path.join(work, name)  # noqa: E731

    # 1. The model, exported as --train imports it: training mode, no
    # constant folding, the batch size the step will take.
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 64), torch.nn.ReLU(),
                              torch.nn.Linear(64, 64), torch.nn.ReLU(),
                              torch.nn.Linear(64, 3))
    torch.onnx.export(net, torch.zeros(BATCH, 2), path("mlp.onnx"),
                      training=torch.onnx.TrainingMode.TRAINING,
                      do_constant_folding=False, input_names=["x"],
                      output_names=["logits"], opset_version=17)

    # 2. The dataset, a TFRecord file.
    points, labels = spirals(3000, np.random.default_rng(0))
    loom.write_tfrecord(path("train.tfrecord"), {"x": points, "labels": labels})

    # 3. The training step and its initial state.
    subprocess.run([sys.executable, "-m", "loom.compile", path("mlp.onnx"),
                    "--train", "--loss=cross_entropy:logits,labels",
                    "--optimizer=adam:lr=0.01", "--initial-state=" + path("init.npz"),
                    "-o", path("step.loom")], check=True)

    # 4. Training, as loom-run step.loom --train --state=init.npz
    # --dataset=train.tfrecord --epochs=20 --checkpoint=trained.npz does.
    epochs = loom.train(path("step.loom"), state=path("init.npz"),
                        dataset=path("train.tfrecord"), epochs=20,
                        checkpoint=path("trained.npz"))
    for stats in (epochs[0], epochs[-1]):
        print("epoch %d: %d steps, mean loss %.4f"
              % (stats["epoch"], stats["steps"], stats["mean_loss"]))

    # 5. The trained parameters back in PyTorch.
    trained = np.load(path("trained.npz"))
    net.load_state_dict({name: torch.from_numpy(trained[name])
                         for name in net.state_dict()})
    with torch.no_grad():
        predicted = net(torch.from_numpy(points)).argmax(1).numpy()
    accuracy = float((predicted == labels).mean())
    print("accuracy on the training points: %.3f" % accuracy)
    if not (epochs[-1]["mean_loss"] < 0.5 * epochs[0]["mean_loss"]
            and accuracy > 0.9):
        print("FAIL: the model did not learn")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
