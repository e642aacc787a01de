//===- loomc.cpp - The Loom compiler driver ----------------------------------===//
//
// Part of the Loom project.
//
// loomc MODEL(.onnx|.mlir) --emit=loom [-o FILE] [--input-shape=NAME:DIMS]
//
// Imports the model, fixes its input shapes, simplifies the graph and writes
// it as MLIR. Code generation (other --emit kinds, artifacts) is not built
// yet. Every error names the model and the node or location, and the exit
// code is 1.
//
//===----------------------------------------------------------------------===//

#include "tools/loomc/Driver.h"

int main(int argc, char **argv) { return loom::loomcMain(argc, argv); }
