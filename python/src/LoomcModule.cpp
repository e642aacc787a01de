//===- LoomcModule.cpp - The loom._loomc Python extension ------------------===//
//
// Part of the Loom project.
//
// loomc's driver (tools/loomc/Driver.cpp) for `python3 -m loom.compile`. It
// is a module of its own because loomc's flags are LLVM command-line options,
// registered when the module loads: `import loom` never loads it, so the
// package's own compiles see no loomc flags.
//
//===----------------------------------------------------------------------===//

#include "tools/loomc/Driver.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

namespace py = pybind11;

PYBIND11_MODULE(_loomc, m) {
  m.doc() = "loomc's command line, for python3 -m loom.compile.";
  m.def(
      "main",
      [](std::vector<std::string> args) {
        std::vector<char *> argv;
        for (std::string &arg : args)
          argv.push_back(arg.data());
        argv.push_back(nullptr);
        py::gil_scoped_release release;
        return loom::loomcMain(static_cast<int>(args.size()), argv.data());
      },
      py::arg("argv"),
      "Runs loomc with `argv` (argv[0] first); returns the exit code. "
      "Call it once per process: loomc's flags are global.");
}
