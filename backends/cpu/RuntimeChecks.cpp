//===- RuntimeChecks.cpp - A kernel's assertions as its ABI status -------===//
//
// Part of the Loom project.
//
// loom-cpu-runtime-checks: the lowering states what the evaluator reports
// as an error (an index outside its dimension, an integer division by zero)
// as cf.asserts. A kernel cannot abort the process, so each assertion
// becomes a numbered check that records its number in a status argument
// the first time it fails, and loom-cpu-kernel-abi returns that status to
// the executor, which prints the check's message from the library's table.
// The kernel runs on after a failure: the checked code is defined anyway
// (clamped reads, skipped writes), and a branch out of every loop would
// cost more than the select that records the status, which LLVM keeps in a
// register once the implementation is inlined into its entry.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#include "ir/LoomDialect.h"

#include "runtime/KernelAbi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPURUNTIMECHECKS
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

/// Replaces `assertion` by: status = (status == 0 && !holds) ? code : status.
void recordFailure(cf::AssertOp assertion, Value status, int32_t code) {
  OpBuilder b(assertion);
  Location loc = assertion.getLoc();
  Type i32 = b.getI32Type();
  Value old = memref::LoadOp::create(b, loc, status, ValueRange{});
  Value zero = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
  Value clean =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, old, zero);
  Value fails = arith::XOrIOp::create(
      b, loc, assertion.getArg(),
      arith::ConstantOp::create(b, loc, b.getBoolAttr(true)));
  Value first = arith::AndIOp::create(b, loc, clean, fails);
  Value updated = arith::SelectOp::create(
      b, loc, first,
      arith::ConstantOp::create(b, loc, b.getIntegerAttr(i32, code)), old);
  memref::StoreOp::create(b, loc, updated, status, ValueRange{});
  assertion.erase();
}

struct LoomCpuRuntimeChecksPass
    : impl::LoomCpuRuntimeChecksBase<LoomCpuRuntimeChecksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    // The messages, in the order of the checks' numbers.
    std::string table;
    int32_t code = 0;
    for (auto kernel : module.getOps<func::FuncOp>()) {
      if (!isKernel(kernel) || kernel.isExternal())
        continue;
      SmallVector<cf::AssertOp> assertions;
      kernel.walk([&](cf::AssertOp op) { assertions.push_back(op); });
      if (assertions.empty())
        continue;
      unsigned index = kernel.getNumArguments();
      auto statusType = MemRefType::get({}, IntegerType::get(context, 32));
      if (failed(kernel.insertArgument(index, statusType, {}, kernel.getLoc())))
        return signalPassFailure();
      Value status = kernel.getArgument(index);
      for (cf::AssertOp assertion : assertions) {
        table += assertion.getMsg();
        table.push_back('\0');
        recordFailure(assertion, status, ++code);
      }
    }

    OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
    Location loc = module.getLoc();
    auto bytes = LLVM::LLVMArrayType::get(IntegerType::get(context, 8),
                                          table.size());
    LLVM::GlobalOp::create(builder, loc, bytes, /*isConstant=*/true,
                           LLVM::Linkage::External, LOOM_KERNEL_CHECKS_SYMBOL,
                           builder.getStringAttr(table));
    LLVM::GlobalOp::create(
        builder, loc, builder.getI32Type(), /*isConstant=*/true,
        LLVM::Linkage::External, LOOM_KERNEL_CHECKS_SIZE_SYMBOL,
        builder.getI32IntegerAttr(static_cast<int32_t>(table.size())));
  }
};

} // namespace
} // namespace loom::cpu
