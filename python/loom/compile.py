"""``python3 -m loom.compile``: loomc.

Takes exactly loomc's command line and behaves as loomc does (the same
flags, outputs, messages and exit codes; docs/tools.md)::

    python3 -m loom.compile model.onnx -o model.loom --report

As a function, ``loom.compile`` compiles a model in this process and returns
a :class:`loom.Artifact`; importing this module as ``loom.compile`` keeps
that function callable.
"""

import sys
import types


def main(argv=None):
    """Runs loomc with ``argv`` (default ``sys.argv[1:]``); returns its exit
    code."""
    from . import _loomc

    args = list(sys.argv[1:] if argv is None else argv)
    sys.stdout.flush()
    sys.stderr.flush()
    return _loomc.main(["loomc"] + args)


if __name__ == "__main__":
    sys.exit(main())
else:
    # `import loom.compile` binds this module to the package's attribute
    # `compile`; the module stays callable as the function it shadows.
    class _CallableModule(types.ModuleType):
        def __call__(self, *args, **kwargs):
            from . import _api

            return _api.compile(*args, **kwargs)

    sys.modules[__name__].__class__ = _CallableModule
