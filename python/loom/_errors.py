"""The exceptions of the loom package.

Every failure of Loom raises a subclass of :class:`loom.Error` whose message
is the one line the command-line tools print (``loomc``'s diagnostics,
``loom-run``'s ``error:`` line without its prefix). Runtime failures are
sorted by the runtime's status codes (``loom_status_code_t`` of
``runtime/loom_runtime.h``).
"""


class Error(Exception):
    """Base class of every error Loom raises."""


class CompileError(Error):
    """The compiler rejected the model or an option.

    ``str(error)`` is the diagnostics, one per line, as ``loomc`` prints
    them (naming the model and the node or source line);
    ``error.diagnostics`` is the same as a list.
    """

    diagnostics = ()


class InvalidArgumentError(Error, ValueError):
    """Something passed was unusable: a wrong dtype, shape or count of
    inputs, an unknown driver option."""


class DataLossError(Error):
    """The data is corrupt or truncated, e.g. an artifact that fails
    validation or whose checksums do not match."""


class UnimplementedError(Error):
    """Well formed, but needs something this runtime lacks (a newer artifact
    schema, a device without a driver)."""


class NotFoundError(Error, FileNotFoundError):
    """A named thing, e.g. a file, does not exist."""


class OutOfRangeError(Error):
    """A value lies outside the accepted range."""


class ResourceExhaustedError(Error, MemoryError):
    """Memory or threads ran out."""


class AbortedError(Error):
    """A kernel or a collective failed while the model ran (the message
    names the device, the command and the reason)."""


class DeadlineExceededError(Error):
    """A run went past a limit set for it."""


class InternalError(Error):
    """A defect in Loom; the message says what. Please report it."""
