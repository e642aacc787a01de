//===- Report.cpp - The compile report (loomc --report) -------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "compiler/Report.h"

#include "compiler/Cost.h"

#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>

using namespace mlir;

namespace loom {
namespace {

uint64_t bytesOf(TypeRange types) {
  uint64_t total = 0;
  for (Type type : types)
    total += *tensorByteSize(type);
  return total;
}

} // namespace

std::string formatReport(func::FuncOp function, const MemoryPlan &plan,
                         const KernelLibrary &library) {
  llvm::StringMap<std::array<uint32_t, 3>> gridOf;
  for (const KernelInfo &kernel : library.kernels)
    gridOf[kernel.name] = kernel.workgroupCount;

  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0,-32} {1,-12} {2,14} {3,14} {4,14}\n", "kernel",
                      "workgroups", "flops", "bytes read", "bytes written");
  int64_t totalFlops = 0;
  uint64_t totalRead = 0, totalWritten = 0;
  for (auto call : function.front().getOps<func::CallOp>()) {
    auto kernel = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
        call, call.getCalleeAttr());
    int64_t flops = 0;
    kernel.walk([&](Operation *op) {
      if (llvm::AddOverflow(flops, flopCount(op), flops))
        flops = std::numeric_limits<int64_t>::max();
    });
    std::array<uint32_t, 3> grid = gridOf.lookup(call.getCallee());
    uint64_t read = bytesOf(call.getOperandTypes());
    uint64_t written = bytesOf(call.getResultTypes());
    os << llvm::formatv("{0,-32} {1,-12} {2,14} {3,14} {4,14}\n",
                        call.getCallee(),
                        llvm::formatv("{0}x{1}x{2}", grid[0], grid[1], grid[2]),
                        flops, read, written);
    totalFlops += flops;
    totalRead += read;
    totalWritten += written;
  }
  os << llvm::formatv("{0,-32} {1,-12} {2,14} {3,14} {4,14}\n", "total", "",
                      totalFlops, totalRead, totalWritten);

  unsigned counts[4] = {0, 0, 0, 0};
  uint64_t constantBytes = 0;
  for (const PlannedBuffer &buffer : plan.buffers) {
    ++counts[static_cast<int>(buffer.kind)];
    if (buffer.kind == PlannedBufferKind::Constant)
      constantBytes += buffer.byteSize;
  }
  os << llvm::formatv("buffers: {0} ({1} input, {2} output, {3} constant, "
                      "{4} arena)\n",
                      plan.buffers.size(), counts[0], counts[1], counts[2],
                      counts[3]);
  os << "constant bytes: " << constantBytes << "\n";
  os << llvm::formatv("peak arena bytes: {0} ({1} without reuse; {2} kernel "
                      "results written in place)\n",
                      plan.arenaSize, plan.arenaBytesWithoutReuse,
                      plan.inPlaceResults);
  os << "output copies: " << plan.copies.size() << "\n";
  return text;
}

} // namespace loom
