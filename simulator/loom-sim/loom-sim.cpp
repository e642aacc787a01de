//===- loom-sim.cpp - Run programs on the simulated systolic chip ----------===//
//
// Part of the Loom project.
//
// Assembles, disassembles and runs programs for Loom's systolic accelerator,
// and replays SCALE-Sim topologies; see `loom-sim help` and docs/systolic.md.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Tool.h"

#include <iostream>

int main(int argc, char **argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return loom::systolic::runLoomSim(args, std::cout, std::cerr);
}
