//===- KernelSources.cpp - Each kernel's source, kept in the artifact -----===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "compiler/KernelSources.h"

#include "ir/LoomDialect.h"
#include "ir/LoomOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace loom {
namespace {

/// The names of every NameLoc in `loc`, in order.
void collectNames(Location loc, llvm::SetVector<StringRef> &names) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    names.insert(name.getName().getValue());
    return;
  }
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location part : fused.getLocations())
      collectNames(part, names);
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    collectNames(callSite.getCallee(), names);
}

} // namespace

KernelSources collectKernelSources(ModuleOp module) {
  KernelSources sources;
  for (auto function : module.getOps<func::FuncOp>()) {
    if (!isKernel(function))
      continue;
    ArtifactWriter::KernelSource &source = sources[function.getSymName()];
    llvm::SetVector<StringRef> names;
    function.walk([&](Operation *op) {
      // A constant's name is an initializer's, not a node's.
      if (!isa<func::FuncOp, func::ReturnOp, ConstantOp>(op))
        collectNames(op->getLoc(), names);
    });
    for (StringRef name : names)
      source.nodes.push_back(name.str());
    // A module of its own, so that it parses alone; public, as the entry
    // point it is.
    OwningOpRef<ModuleOp> alone = ModuleOp::create(function.getLoc());
    auto copy = cast<func::FuncOp>(function->clone());
    copy.setPublic();
    alone->push_back(copy);
    llvm::raw_string_ostream os(source.mlir);
    alone->print(os);
  }
  return sources;
}

LogicalResult miscompileKernel(ModuleOp module, StringRef name) {
  auto function = module.lookupSymbol<func::FuncOp>(name);
  if (!function || !isKernel(function))
    return module.emitError("--debug-miscompile-kernel: no kernel @") << name;
  auto ret = cast<func::ReturnOp>(function.front().getTerminator());
  for (OpOperand &operand : ret->getOpOperands()) {
    auto type = dyn_cast<RankedTensorType>(operand.get().getType());
    if (!type || !isa<FloatType>(type.getElementType()))
      continue;
    OpBuilder b(ret);
    Value one = ConstantOp::create(
        b, ret.getLoc(),
        DenseElementsAttr::get(type, FloatAttr::get(type.getElementType(), 1)));
    operand.set(AddOp::create(b, ret.getLoc(), operand.get(), one));
    return success();
  }
  return module.emitError("--debug-miscompile-kernel: kernel @")
         << name << " has no floating-point result";
}

} // namespace loom
