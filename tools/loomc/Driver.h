//===- Driver.h - The loomc driver -------------------------------*- C++ -*-===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TOOLS_LOOMC_DRIVER_H
#define LOOM_TOOLS_LOOMC_DRIVER_H

namespace loom {

/// Runs loomc with the command line `argv`; returns the process exit code.
int loomcMain(int argc, char **argv);

} // namespace loom

#endif // LOOM_TOOLS_LOOMC_DRIVER_H
