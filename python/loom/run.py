"""``python3 -m loom.run``: loom-run.

Takes exactly loom-run's command line and behaves as loom-run does in one
process (the same flags, outputs, messages and exit codes; docs/tools.md)::

    python3 -m loom.run model.loom --input=@x.npy --output=@y.npy

MPI jobs need the ``loom-run`` executable (``mpirun -np P loom-run ...``).
"""

import sys


def main(argv=None):
    """Runs loom-run with ``argv`` (default ``sys.argv[1:]``); returns its
    exit code."""
    from . import _loom

    args = list(sys.argv[1:] if argv is None else argv)
    sys.stdout.flush()
    sys.stderr.flush()
    return _loom.run_tool(args)


if __name__ == "__main__":
    sys.exit(main())
