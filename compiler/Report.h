//===- Report.h - The compile report (loomc --report) -----------*- C++ -*-===//
//
// Part of the Loom project.
//
// A plain-text summary of a compiled model: one row per kernel launch in
// program order (kernel, workgroup grid, arithmetic operations from
// compiler/Cost.h, bytes read and written), then the buffer plan — buffer
// counts by kind, constant bytes, the peak arena size and what reuse saved.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_COMPILER_REPORT_H
#define LOOM_COMPILER_REPORT_H

#include "backends/target/Target.h"
#include "compiler/MemoryPlanner.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>

namespace loom {

std::string formatReport(mlir::func::FuncOp function, const MemoryPlan &plan,
                         const KernelLibrary &library);

} // namespace loom

#endif // LOOM_COMPILER_REPORT_H
