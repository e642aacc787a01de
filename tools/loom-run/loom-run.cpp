//===- loom-run.cpp - Run a compiled Loom artifact --------------------------===//
//
// Part of the Loom project.
//
// Runs an artifact's CPU program on inputs from .npy files or literals; see
// `loom-run --help` and docs/tools.md.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-run/RunTool.h"

#include <iostream>

int main(int argc, char **argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return loom::runner::runLoomRun(args, std::cout, std::cerr);
}
