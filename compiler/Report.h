//===- Report.h - The compile report (loomc --report) -----------*- C++ -*-===//
//
// Part of the Loom project.
//
// A summary of a compiled model, as text or as one JSON object: one row per
// kernel launch in program order (kernel, workgroup grid, arithmetic
// operations from compiler/Cost.h, bytes read and written), where the
// target reads them from its code each kernel's use of the device's
// resources per compiled image (KernelResourceUse), the buffer plan
// (buffer counts by kind, constant bytes, the peak arena size and what
// reuse saved), and for a model partitioned over a mesh the mesh, what
// each device holds, and every collective with its kind, mesh axes,
// element count, bytes and the bytes each device sends for it. Every
// device runs the same program on equal parts, so the per-kernel and
// per-device figures hold for each device. Kernels a target left to its
// host fallback (backends/target/Target.h) get a row each in a section of
// their own: the kernel, its ops, the reason and the generator's message.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_COMPILER_REPORT_H
#define LOOM_COMPILER_REPORT_H

#include "backends/target/Target.h"
#include "compiler/MemoryPlanner.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>

namespace loom {

enum class ReportFormat { Text, Json };

/// `libraries` are the target's and, where the target left kernels to its
/// host fallback, the fallback's: each kernel placed on the host is listed
/// with its ops, the reason and the generator's message.
std::string formatReport(mlir::func::FuncOp function, const MemoryPlan &plan,
                         llvm::ArrayRef<KernelLibrary> libraries,
                         ReportFormat format = ReportFormat::Text);

} // namespace loom

#endif // LOOM_COMPILER_REPORT_H
