//===- OutlineCollectives.cpp - Collectives as kernels of their own -------===//
//
// Part of the Loom project.
//
// loom-systolic-outline-collectives (Passes.td): on the simulated torus a
// collective is code, not a runtime command: every chip runs the same
// kernel at the same time (s0 = its chip id) and moves the data over the
// links with send/recv (codegen/Collective.cpp). So each collective of the
// partitioned program becomes a call of a `loom.kernel` function that holds
// only that collective, and the artifact launches it like any other kernel.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/Passes.h"
#include "backends/target/Collectives.h"

#include "ir/LoomDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

namespace loom::systolic {
#define GEN_PASS_DEF_LOOMSYSTOLICOUTLINECOLLECTIVES
#include "backends/systolic/Passes.h.inc"
} // namespace loom::systolic

using namespace mlir;

namespace loom::systolic {
namespace {

struct LoomSystolicOutlineCollectivesPass
    : impl::LoomSystolicOutlineCollectivesBase<
          LoomSystolicOutlineCollectivesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> callers;
    for (func::FuncOp function : module.getOps<func::FuncOp>())
      if (!isKernel(function) && !function.isExternal())
        callers.push_back(function);
    for (func::FuncOp caller : callers) {
      SmallVector<Operation *> collectives;
      for (Operation &op : caller.front())
        if (viewCollective(&op))
          collectives.push_back(&op);
      for (Operation *op : collectives)
        outline(op, caller, symbols);
    }
  }

  /// Moves `op` into a new kernel `@<caller>_<mnemonic>_<n>`, placed after
  /// the kernel called before it (kernels stay in call order), and calls
  /// it in its place.
  void outline(Operation *op, func::FuncOp caller, SymbolTable &symbols) {
    CollectiveView view = *viewCollective(op);
    MLIRContext *context = op->getContext();
    OpBuilder builder(context);
    std::string name;
    for (int n = 0; name.empty() || symbols.lookup(name); ++n)
      name = (caller.getSymName() + "_" + view.name + "_" + Twine(n)).str();
    auto kernel = func::FuncOp::create(
        builder, op->getLoc(), name,
        builder.getFunctionType({view.input.getType()},
                                {view.result.getType()}));
    kernel.setPrivate();
    LoomDialect::KernelAttrHelper(context).setAttr(
        kernel, KernelAttr::get(context, KernelKind::generic));
    Operation *after = caller;
    for (Operation *previous = op->getPrevNode(); previous;
         previous = previous->getPrevNode())
      if (auto call = dyn_cast<func::CallOp>(previous)) {
        if (Operation *callee = symbols.lookup(call.getCallee()))
          after = callee;
        break;
      }
    symbols.insert(kernel, std::next(after->getIterator()));

    Block *body = kernel.addEntryBlock();
    builder.setInsertionPointToStart(body);
    IRMapping mapping;
    mapping.map(view.input, body->getArgument(0));
    Operation *inner = builder.clone(*op, mapping);
    func::ReturnOp::create(builder, op->getLoc(), inner->getResult(0));

    builder.setInsertionPoint(op);
    auto call = func::CallOp::create(builder, op->getLoc(), kernel,
                                     ValueRange{view.input});
    op->getResult(0).replaceAllUsesWith(call.getResult(0));
    op->erase();
  }
};

} // namespace
} // namespace loom::systolic
