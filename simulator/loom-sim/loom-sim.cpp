//===- loom-sim.cpp - Run programs on the simulated systolic chip ----------===//
//
// Part of the Loom project.
//
// Assembles, disassembles and runs programs for Loom's systolic accelerator,
// and replays SCALE-Sim topologies; see `loom-sim help` and docs/systolic.md.
//
//===----------------------------------------------------------------------===//

#include "loom/Version.h"
#include "simulator/systolic/Tool.h"

#include <iostream>

int main(int argc, char **argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 1 && args[0] == "--version") {
    std::cout << "loom-sim (Loom) " << LOOM_VERSION << "\n";
    return 0;
  }
  return loom::systolic::runLoomSim(args, std::cout, std::cerr);
}
