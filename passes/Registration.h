//===- Registration.h - Everything a Loom tool registers --------*- C++ -*-===//
//
// Part of the Loom project.
//
// The dialects and passes Loom's tools make available, in one place so that
// every tool (loom-opt, loomc) agrees on them.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_PASSES_REGISTRATION_H
#define LOOM_PASSES_REGISTRATION_H

#include "mlir/IR/DialectRegistry.h"

namespace loom {

/// The loom dialect and the upstream dialects Loom's pipelines use.
void registerLoomDialects(mlir::DialectRegistry &registry);

/// Loom's passes and the upstream passes its pipelines use.
void registerLoomPasses();

} // namespace loom

#endif // LOOM_PASSES_REGISTRATION_H
