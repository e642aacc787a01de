"""What the Python tests share: paths, the PyTorch models of test/models."""

import importlib.util
import os

import numpy as np

SOURCE_DIR = os.environ["LOOM_SOURCE_DIR"]
MODELS_DIR = os.environ.get("LOOM_MODELS_DIR", "")
MLP_MLIR = os.path.join(SOURCE_DIR, "examples", "mlp.mlir")


def torch_model(name):
    """test/models' model NAME with the weights of its ONNX export
    (scripts/export_torch_models.py seeds PyTorch with 0 before making it)."""
    import torch

    spec = importlib.util.spec_from_file_location(
        "export_torch_models",
        os.path.join(SOURCE_DIR, "scripts", "export_torch_models.py"),
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    torch.manual_seed(0)
    return module.MODELS[name][0]().eval()


def torch_output(model, x):
    import torch

    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy()


def rel_l2(actual, expected):
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    return float(np.linalg.norm(actual - expected) / np.linalg.norm(expected))


def model_path(name):
    return os.path.join(MODELS_DIR, name + ".onnx")
