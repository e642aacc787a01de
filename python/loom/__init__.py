"""Loom from Python: compile a model, run it on NumPy arrays.

    import loom
    session = loom.Session(loom.compile("model.onnx"))
    y = session(x)

``loom.compile`` is ``loomc`` (the compiler, in this process), ``Session``
runs an artifact through the runtime, ``loom.train`` is ``loom-run
--train``'s training loop; ``python3 -m loom.compile`` and ``python3 -m
loom.run`` are the tools' command lines. See docs/python.md.
"""

from ._errors import (
    AbortedError,
    CompileError,
    DataLossError,
    DeadlineExceededError,
    Error,
    InternalError,
    InvalidArgumentError,
    NotFoundError,
    OutOfRangeError,
    ResourceExhaustedError,
    UnimplementedError,
)
from ._api import (
    Artifact,
    Session,
    Signature,
    TensorSpec,
    bf16_bits_to_float32,
    compile,
    float32_to_bf16_bits,
    load,
    train,
    write_tfrecord,
)
from ._loom import __version__

__all__ = [
    "AbortedError",
    "Artifact",
    "CompileError",
    "DataLossError",
    "DeadlineExceededError",
    "Error",
    "InternalError",
    "InvalidArgumentError",
    "NotFoundError",
    "OutOfRangeError",
    "ResourceExhaustedError",
    "Session",
    "Signature",
    "TensorSpec",
    "UnimplementedError",
    "bf16_bits_to_float32",
    "compile",
    "float32_to_bf16_bits",
    "load",
    "train",
    "write_tfrecord",
]
