"""The loom package's API: compile, load, Artifact, Session.

See docs/python.md. Everything here is a thin layer over the native module
(``loom._loom``): the compiler's C++ API and the runtime's C API.
"""

import collections
import json
import os

import numpy as np

from . import _errors, _loom

TensorSpec = collections.namedtuple("TensorSpec", "name dtype shape")
TensorSpec.__doc__ = """An input or output of a compiled model.

``name``: its name in the model; ``dtype``: Loom's element type (``"f32"``,
``"f16"``, ``"bf16"``, ``"f64"``, ``"i1"``, ``"i8"``, ``"i16"``, ``"i32"``,
``"i64"``, ``"ui8"``, ``"ui16"``, ``"ui32"``, ``"ui64"``); ``shape``: a tuple
of ints, with None for a symbolic dimension (``compile(max_dim=...)``; its
bound is in :attr:`Artifact.dim_symbols`)."""

Signature = collections.namedtuple("Signature", "inputs outputs")
Signature.__doc__ = """The inputs and outputs of a compiled model, each a list
of :class:`TensorSpec` in the model's order."""

# NumPy's dtype for each element type; bf16 has none (see _to_buffer).
_NUMPY_DTYPES = {
    "f32": np.dtype(np.float32),
    "f16": np.dtype(np.float16),
    "bf16": np.dtype(np.uint16),
    "f64": np.dtype(np.float64),
    "i1": np.dtype(np.bool_),
    "i8": np.dtype(np.int8),
    "i32": np.dtype(np.int32),
    "i64": np.dtype(np.int64),
    "i16": np.dtype(np.int16),
    "ui8": np.dtype(np.uint8),
    "ui16": np.dtype(np.uint16),
    "ui32": np.dtype(np.uint32),
    "ui64": np.dtype(np.uint64),
}


def _shape_text(shape, dtype):
    return "x".join(["?" if d is None else str(d) for d in shape] + [dtype])


def float32_to_bf16_bits(array):
    """bf16 bit patterns (``uint16``) of a float32 array, rounded to nearest
    even (NaN stays NaN)."""
    bits = np.ascontiguousarray(array, dtype=np.float32).view(np.uint32)
    rounded = (bits + np.uint32(0x7FFF) + ((bits >> 16) & np.uint32(1))) >> 16
    rounded = rounded.astype(np.uint16)
    nan = np.isnan(np.asarray(array, dtype=np.float32))
    if nan.any():
        rounded[nan] = ((bits[nan] >> 16) | np.uint32(0x40)).astype(np.uint16)
    return rounded


def bf16_bits_to_float32(bits):
    """float32 values (exact) of bf16 bit patterns given as ``uint16``."""
    bits = np.ascontiguousarray(bits, dtype=np.uint16)
    return (bits.astype(np.uint32) << 16).view(np.float32)


class Artifact:
    """A compiled model: the bytes of a ``.loom`` file, validated.

    Made by :func:`compile` or :func:`load`; run it with :class:`Session`.

    Attributes:
      data: the artifact's bytes (``save`` writes them).
      signature: a :class:`Signature` of the model's inputs and outputs.
      report: the compile report as a dict (``loomc --report=json``: kernels,
        collectives, buffers, per device), or None for a loaded file.
      warnings: the compiler's warning lines (e.g. host fallbacks).
      dim_symbols: ``[(name, bound)]`` of the symbolic dimensions (a
        dimension None in a :class:`TensorSpec` runs at any size from 1 to
        its bound; docs/dynamic-shapes.md); empty for static shapes.
    """

    def __init__(self, data, report=None, warnings=()):
        """Validates ``data``, the bytes of an artifact (checksums included);
        raises DataLossError or UnimplementedError when they are damaged or
        too new."""
        self.data = bytes(data)
        self._loaded = _loom.LoadedArtifact(self.data)
        self.report = report
        self.warnings = list(warnings)
        self.dim_symbols = [tuple(s) for s in self._loaded.dim_symbols()]

        def spec(name, dtype, shape, symbols):
            return TensorSpec(name, dtype, tuple(
                None if symbol >= 0 else dim
                for dim, symbol in zip(shape, symbols)))

        inputs, outputs = self._loaded.inputs(), self._loaded.outputs()
        self.signature = Signature([spec(*s) for s in inputs],
                                   [spec(*s) for s in outputs])
        # Each output's shape at the bounds: the capacity a run writes into.
        self._output_capacity = [tuple(s[2]) for s in outputs]

    def save(self, path):
        """Writes the artifact to ``path`` (a ``.loom`` file that loom-run
        and :func:`load` read)."""
        with open(os.fspath(path), "wb") as file:
            file.write(self.data)

    def __repr__(self):
        def specs(items):
            return ", ".join(
                "%s: %s" % (s.name, _shape_text(s.shape, s.dtype)) for s in items
            )

        return "<loom.Artifact (%s) -> (%s), %d bytes>" % (
            specs(self.signature.inputs),
            specs(self.signature.outputs),
            len(self.data),
        )


def load(path):
    """Loads the artifact file at ``path`` (written by ``loomc -o`` or
    :meth:`Artifact.save`), validated and its checksums verified."""
    path = os.fspath(path)
    try:
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        raise _errors.NotFoundError("%s: no such file" % path) from None
    except OSError as error:
        raise _errors.InvalidArgumentError("%s: %s" % (path, error.strerror)) from None
    try:
        return Artifact(data)
    except _errors.Error as error:
        raise type(error)("%s: %s" % (path, error)) from None


def _join(value, separator=","):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return separator.join(str(v) for v in value)


def _mesh_text(mesh):
    if mesh is None:
        return ""
    if isinstance(mesh, str):
        return mesh
    return ",".join("%s=%d" % (axis, size) for axis, size in dict(mesh).items())


def _input_shapes(input_shapes):
    if input_shapes is None:
        return []
    if isinstance(input_shapes, dict):
        return [
            "%s:%s" % (key, "x".join(
                "?" if d in ("?", None) else str(int(d)) for d in dims))
            for key, dims in input_shapes.items()
        ]
    return [str(s) for s in input_shapes]


def _guess_format(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "onnx"
    return "mlir" if ("func.func" in text or text.lstrip().startswith("module")) else "onnx"


def compile(
    model,
    target="cpu",
    mesh=None,
    parallel=None,
    input_shapes=None,
    opt_level=3,
    *,
    shard=None,
    target_options=None,
    format=None,
    name=None,
    max_dim=None,
):
    """Compiles a model to an :class:`Artifact`, in this process (the GIL is
    released meanwhile); the Python form of ``loomc``.

    Args:
      model: the path of a ``.onnx`` or ``.mlir`` file, or the model's bytes
        (``format`` then says which: ``"onnx"`` or ``"mlir"``; by default
        UTF-8 text holding ``func.func`` or starting with ``module`` is MLIR,
        anything else ONNX).
      target: a registered target (``loomc --help-targets``): ``"cpu"``, the
        host CPU, or ``"systolic"``, the simulated accelerator.
      mesh: the device mesh, ``"data=2,model=4"`` or ``{"model": 2}``
        (``loomc --mesh``); None compiles for one device.
      parallel: sharding presets, ``"data"``, ``"tensor"`` or a list of both
        (``loomc --parallel``).
      input_shapes: shapes of inputs the model leaves dynamic, as a dict
        ``{"x": (1, 3, 224, 224)}`` (by name or position) or loomc's strings
        ``["x:1x3x224x224"]``.
      opt_level: 0 to 3, the optimization level of the generated code.
      shard: layouts of named tensors over the mesh, ``["x=[data,_]"]``
        (``loomc --shard``).
      target_options: options of the target by name, e.g. ``{"cpu":
        "x86-64-v3", "cpu-features": "+avx2,+fma", "runtime-checks":
        "false"}`` or the systolic target's ``chip-config`` and
        ``host-fallback``; a target refuses options it does not declare.
      name: names the model in diagnostics when it is given as bytes.
      max_dim: the bound of symbolic input dimensions (``loomc --max-dim``):
        a dimension given as ``"?"`` in ``input_shapes`` (``["x:?x3x224x224"]``
        or ``{"x": ("?", 3, 224, 224)}``), or one the model leaves unknown,
        stays symbolic, and the artifact runs at any size from 1 to
        ``max_dim`` (the cpu target; docs/dynamic-shapes.md).

    Raises CompileError with loomc's diagnostics when the model or an option
    is rejected.
    """
    if opt_level not in (0, 1, 2, 3):
        raise _errors.InvalidArgumentError(
            "opt_level must be 0, 1, 2 or 3, not %r" % (opt_level,)
        )
    if isinstance(model, (bytes, bytearray, memoryview)):
        data = bytes(model)
        if format is None:
            format = _guess_format(data)
        if format not in ("onnx", "mlir"):
            raise _errors.InvalidArgumentError(
                "format must be 'onnx' or 'mlir', not %r" % (format,)
            )
        args = (data, True, format, name or "<bytes>")
    else:
        if format is not None:
            raise _errors.InvalidArgumentError(
                "format applies to a model given as bytes; a file's extension "
                "(.onnx or .mlir) says what it is"
            )
        args = (os.fspath(model), False, "", "")
    if isinstance(parallel, str):
        parallel = parallel.split(",")
    options = {str(k): str(v) for k, v in (target_options or {}).items()}
    data, report, warnings = _loom.compile(
        *args,
        target,
        options,
        int(opt_level),
        _input_shapes(input_shapes),
        _mesh_text(mesh),
        [str(s) for s in (shard or [])],
        [str(p) for p in (parallel or [])],
        int(max_dim or 0),
    )
    return Artifact(data, json.loads(report) if report else None, warnings)


def _to_buffer(value, spec):
    """``value`` as a C-contiguous array of ``spec``'s dtype and shape."""
    expected = _NUMPY_DTYPES[spec.dtype]
    if not isinstance(value, np.ndarray):
        value = np.asarray(value, dtype=np.float32 if spec.dtype == "bf16" else expected)
    if spec.dtype == "bf16" and value.dtype == np.float32:
        value = float32_to_bf16_bits(value)
    if value.dtype != expected:
        wanted = expected.name if spec.dtype != "bf16" else "float32 or uint16 bf16 bits"
        raise _errors.InvalidArgumentError(
            "input '%s': expected %s (NumPy %s), got a %s array of shape %s"
            % (spec.name, _shape_text(spec.shape, spec.dtype), wanted,
               value.dtype.name, tuple(value.shape))
        )
    if len(value.shape) != len(spec.shape) or any(
            want is not None and got != want
            for got, want in zip(value.shape, spec.shape)):
        raise _errors.InvalidArgumentError(
            "input '%s': expected shape %s (%s), got %s"
            % (spec.name, tuple(spec.shape), _shape_text(spec.shape, spec.dtype),
               tuple(value.shape))
        )
    return np.ascontiguousarray(value)


class Session:
    """An artifact loaded for running: its kernel libraries loaded and a pool
    of worker threads. A multi-device artifact (compiled with ``mesh=``) runs
    every device of its mesh in this process; inputs and outputs are whole
    tensors.

    Args:
      artifact: an :class:`Artifact`, or the path of a ``.loom`` file.
      threads: host threads to run on, the caller's included (None: one per
        hardware thread).
      driver_options: settings of the runtime's drivers by key,
        ``{"systolic.chip-config": "chip.ini"}`` (``loom-run
        --driver-option``; docs/runtime.md lists the keys).

    Calls to :meth:`run` from several threads take turns; use one Session
    per thread to run concurrently.
    """

    def __init__(self, artifact, threads=None, driver_options=None):
        if not isinstance(artifact, Artifact):
            artifact = load(artifact)
        if threads is not None and (not isinstance(threads, int) or threads < 1):
            raise _errors.InvalidArgumentError(
                "threads must be a positive int or None, not %r" % (threads,)
            )
        self.artifact = artifact
        self.signature = artifact.signature
        options = {str(k): str(v) for k, v in (driver_options or {}).items()}
        self._executor = _loom.Executor(artifact._loaded, threads or 0, options)
        self._threads = threads or 0
        self._driver_options = options

    @property
    def input_names(self):
        return [spec.name for spec in self.signature.inputs]

    @property
    def output_names(self):
        return [spec.name for spec in self.signature.outputs]

    def run(self, *inputs, **named):
        """Runs the model once (the GIL released meanwhile) and returns its
        outputs as NumPy arrays: the array itself for a model with one
        output, else a tuple in the signature's order.

        Inputs are NumPy arrays (or nested lists) of the signature's dtypes
        and shapes, given in order (``run(x)``, ``run(x, y)``, or a list of
        arrays ``run([x, y])``), by name (``run({"x": x})``, ``run(x=x)``), or both (names
        first, the rest in order, as loom-run binds them). f16 is
        ``float16``; a bf16 input takes ``float32`` (rounded to nearest
        even) or ``uint16`` bit patterns, and a bf16 output comes back as
        ``float32`` (exact). Raises InvalidArgumentError naming the input
        for a wrong dtype, shape or count.
        """
        buffers = self._bind(inputs, named)
        outputs = [
            np.empty(capacity, dtype=_NUMPY_DTYPES[spec.dtype])
            for spec, capacity in zip(self.signature.outputs,
                                      self.artifact._output_capacity)
        ]
        self._executor.run(buffers, outputs)
        shapes = self._executor.output_shapes()
        if any(out.shape != tuple(shape)
               for out, shape in zip(outputs, shapes)):
            # An output with a symbolic dimension holds its run's slices at
            # the front of the capacity (the dimension is leading); one whose
            # size depends on the data (NonZero, Compress) its elements.
            outputs = [
                out.reshape(-1)[:int(np.prod(shape, dtype=np.int64))].reshape(shape)
                for out, shape in zip(outputs, shapes)
            ]
        results = [
            bf16_bits_to_float32(out) if spec.dtype == "bf16" else out
            for spec, out in zip(self.signature.outputs, outputs)
        ]
        return results[0] if len(results) == 1 else tuple(results)

    __call__ = run

    def compare_reference(self, *inputs, rtol=None, atol=None, **named):
        """Runs the model once, each kernel beside the reference evaluator
        on the very inputs it read, as ``loom-run --compare-reference``
        (docs/tools.md): inputs as for :meth:`run`. Returns the report, a
        line per kernel with the source nodes fused into it and a line per
        result with its max abs and rel error (and, for a sharded model,
        per device, with its collectives). At the first kernel beyond the
        tolerance (``|compiled - reference| <= atol + rtol * |reference|``,
        default 1e-4 and 1e-4 times max(1, the result's largest
        |reference|), an atol given unscaled) raises AbortedError naming the kernel and
        its nodes, with the report's lines up to it as ``diagnostics``.
        Needs the compiler library, which this package has.
        """
        buffers = self._bind(inputs, named)
        return _loom.compare_reference(
            self.artifact.data, buffers,
            -1.0 if rtol is None else float(rtol),
            -1.0 if atol is None else float(atol), self._threads,
            self._driver_options,
        )

    def _bind(self, inputs, named):
        """The input buffers, in signature order, of run()'s arguments."""
        if len(inputs) == 1 and isinstance(inputs[0], dict):
            named = dict(inputs[0], **named)
            inputs = ()
        elif (len(inputs) == 1 and isinstance(inputs[0], (list, tuple))
              and inputs[0]
              and all(isinstance(v, np.ndarray) for v in inputs[0])):
            # A list of arrays is the inputs in order; other lists are data.
            inputs = tuple(inputs[0])
        specs = self.signature.inputs
        unknown = [key for key in named if key not in self.input_names]
        if unknown:
            raise _errors.InvalidArgumentError(
                "no input named '%s'; the model's inputs are %s"
                % (unknown[0], ", ".join(self.input_names) or "none")
            )
        positional = list(inputs)
        buffers = []
        for spec in specs:
            if spec.name in named:
                value = named[spec.name]
            elif positional:
                value = positional.pop(0)
            else:
                raise _errors.InvalidArgumentError(
                    "input '%s' (%s) is missing; the model has %d inputs"
                    % (spec.name, _shape_text(spec.shape, spec.dtype), len(specs))
                )
            buffers.append(_to_buffer(value, spec))
        if positional:
            raise _errors.InvalidArgumentError(
                "%d inputs given; the model has %d"
                % (len(inputs) + len(named), len(specs))
            )
        return buffers

    def run_dataset(self, path, outputs=(), batches=None):
        """Runs the model over a TFRecord file of ``tf.train.Example``
        records, as ``loom-run --dataset`` (docs/datasets.md): one record a
        sample, its features matched to the inputs by name, batches of the
        inputs' shared leading dimension, read ahead on a thread of the
        runtime while the model runs (the GIL released throughout).

        Args:
          path: the TFRecord file, or an ``.npz`` file of ``np.savez`` with
            an array per input (by name), a row a sample.
          outputs: where the outputs go, a path or a list of them, each
            ``[NAME=]FILE``: ``FILE.tfrecord`` gets one Example a sample with
            a feature per output; ``FILE.npy`` gets output NAME (or the only
            one) with the batches stacked, ``[batches, ...shape]``.
          batches: stop after this many batches (None: every full batch).

        Returns a dict: ``records``, ``batches``, ``batch_size``,
        ``left_over`` (records at the end too few for a batch, not run),
        ``seconds`` and ``samples_per_second``. A damaged, truncated or
        mismatched record raises DataLossError or InvalidArgumentError with
        loom-run's line, ``FILE: record I: REASON``.
        """
        if isinstance(outputs, (str, os.PathLike)):
            outputs = [outputs]
        if batches is not None and (not isinstance(batches, int) or batches < 1):
            raise _errors.InvalidArgumentError(
                "batches must be a positive int or None, not %r" % (batches,)
            )
        return self._executor.run_dataset(
            os.fspath(path), [os.fspath(o) for o in outputs], batches or 0
        )

    @property
    def profile(self):
        """What the devices measured in the last run, as text (the systolic
        chip's cycles per kernel); empty for devices that measure nothing."""
        return self._executor.profile()

    def __repr__(self):
        return "<loom.Session of %r>" % (self.artifact,)


def _count(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _errors.InvalidArgumentError(
            "%s must be an int >= %d, not %r" % (name, minimum, value)
        )
    return value


def write_tfrecord(path, features):
    """Writes ``features`` to a TFRecord file of ``tf.train.Example``
    records, one a sample, as ``loom-run --dataset`` and :func:`train` read
    them (docs/datasets.md): the file a model's inputs and labels can be
    trained from without TensorFlow.

    Args:
      path: the file to write (replaced if it exists).
      features: a dict from feature name (a model input's or the labels'
        name) to an array whose first dimension runs over the samples;
        every array has the same number of samples, at least one. Floating
        arrays are written as float32 ``float_list`` features, integer and
        boolean ones as ``int64_list``; each sample's values in row-major
        order.

    Raises InvalidArgumentError for features that are not such arrays.
    """
    if not isinstance(features, dict) or not features:
        raise _errors.InvalidArgumentError(
            "features must be a non-empty dict of arrays, not %r" % (features,)
        )
    names, kinds, data, rows = [], [], [], None
    for name, value in features.items():
        array = np.asarray(value)
        if array.ndim < 1 or array.shape[0] < 1:
            raise _errors.InvalidArgumentError(
                "feature '%s': an array with samples along its first "
                "dimension, not shape %s" % (name, array.shape))
        if rows is None:
            rows = array.shape[0]
        elif array.shape[0] != rows:
            raise _errors.InvalidArgumentError(
                "feature '%s' has %d samples, the others %d"
                % (name, array.shape[0], rows))
        if np.issubdtype(array.dtype, np.floating):
            array, is_float = array.astype(np.float32), True
        elif np.issubdtype(array.dtype, np.integer) or array.dtype == np.bool_:
            array, is_float = array.astype(np.int64), False
        else:
            raise _errors.InvalidArgumentError(
                "feature '%s': %s is neither floating nor integer"
                % (name, array.dtype))
        names.append(str(name))
        kinds.append(is_float)
        data.append(np.ascontiguousarray(array).tobytes())
    _loom.write_tfrecord(os.fspath(path), names, kinds, data, rows)


def train(artifact_or_session, state, dataset, epochs=1, batches=None,
          checkpoint=None, save_every=0, log=None, on_epoch=None,
          threads=None, driver_options=None, shuffle=None,
          shuffle_buffer=None):
    """Trains a training step (``loomc --train``) over a dataset, as
    ``loom-run --train`` (docs/training.md, "The training loop"): the loop
    runs in the runtime, the GIL released throughout but for ``on_epoch``.

    The step's inputs that are also outputs by name are its *state*
    (parameters and optimizer state): loaded from ``state``, each step's
    state outputs fed to the next step. Every other input is filled by name
    from the batches of ``dataset``, read again from the start each epoch.

    Args:
      artifact_or_session: the training step: the path of a ``.loom`` file,
        an :class:`Artifact`, or a :class:`Session` (whose artifact, threads
        and driver options are used; the loop runs on an executor of its
        own).
      state: the initial state, an ``.npz`` file with an array per state
        input (``loomc --initial-state`` writes one, and so does a
        checkpoint: a run resumed from it continues exactly where it
        stopped).
      dataset: a TFRecord file of ``tf.train.Example`` records or an
        ``.npz`` file (docs/datasets.md).
      epochs: how many times to go over the dataset.
      batches: stop each epoch after this many batches (None: every full
        batch).
      checkpoint: where the final state goes, an ``.npz`` file with the
        state file's layout (None: nowhere).
      save_every: also write ``checkpoint`` every this many steps (0: only
        at the end).
      log: a JSON-lines file, ``{"step": S, "epoch": E, "loss": L}`` a step
        (None: none).
      shuffle: None: every epoch reads the dataset in file order; an int
        seed (0 to 2**64-1): each epoch visits the samples in its own
        pseudo-random order, derived from the seed and the epoch by a fixed
        generator, so the same seed trains the same batches on every
        machine (``loom-run --shuffle=SEED``; docs/datasets.md,
        "Shuffling"). An ``.npz`` dataset's rows are permuted whole, a
        TFRecord file's records go through a shuffle buffer.
      shuffle_buffer: records the TFRecord shuffle buffer holds (None:
        10000); needs ``shuffle``.
      on_epoch: called after every epoch, with the GIL, with that epoch's
        dict (below). An exception it raises stops training (no final
        checkpoint) and propagates.
      threads, driver_options: as for :class:`Session` (a Session's own are
        used when one is given).

    Returns a list of dicts, one per epoch: ``epoch`` (from 1), ``steps``,
    ``mean_loss``, ``steps_per_second``, ``seconds``, ``left_over``
    (records at the end too few for a batch, not run) and ``batch_size``.

    Errors are loom-run's one-line messages as :class:`loom.Error`
    subclasses, e.g. InvalidArgumentError ``init.npz: no array 'w' for
    state input 'w' (3xf32)`` for a state file without a state tensor, or
    for an artifact that is not a training step.
    """
    if isinstance(artifact_or_session, Session):
        artifact = artifact_or_session.artifact
        name = ""
        threads = artifact_or_session._threads
        options = artifact_or_session._driver_options
    else:
        if threads is not None and (not isinstance(threads, int) or threads < 1):
            raise _errors.InvalidArgumentError(
                "threads must be a positive int or None, not %r" % (threads,)
            )
        options = {str(k): str(v) for k, v in (driver_options or {}).items()}
        if isinstance(artifact_or_session, Artifact):
            artifact, name = artifact_or_session, ""
        else:
            name = os.fspath(artifact_or_session)
            artifact = load(name)
    _count(epochs, "epochs", 1)
    if batches is not None:
        _count(batches, "batches", 1)
    _count(save_every, "save_every", 0)
    if save_every and checkpoint is None:
        raise _errors.InvalidArgumentError("save_every needs checkpoint")
    if shuffle is not None and (
        isinstance(shuffle, bool) or not isinstance(shuffle, int)
        or not 0 <= shuffle < 2**64
    ):
        raise _errors.InvalidArgumentError(
            "shuffle must be None or an int seed from 0 to 2**64-1, not %r"
            % (shuffle,)
        )
    if shuffle_buffer is not None:
        _count(shuffle_buffer, "shuffle_buffer", 1)
        if shuffle is None:
            raise _errors.InvalidArgumentError("shuffle_buffer needs shuffle")
    if on_epoch is not None and not callable(on_epoch):
        raise _errors.InvalidArgumentError(
            "on_epoch must be callable or None, not %r" % (on_epoch,)
        )
    return _loom.train(
        artifact.data, name, os.fspath(state), os.fspath(dataset), epochs,
        batches or 0, "" if checkpoint is None else os.fspath(checkpoint),
        save_every, "" if log is None else os.fspath(log), threads or 0,
        options, on_epoch, shuffle is not None, shuffle or 0,
        shuffle_buffer or 0,
    )
