//===- PackedConstants.h - Kernel arguments stored pre-packed ---*- C++ -*-===//
//
// Part of the Loom project.
//
// What the preparation passes that store constants in a micro-kernel's
// layout share (loom-cpu-pack-matmul-weights, loom-cpu-pack-conv-filters):
// replacing a kernel argument that every call passes as a dense constant by
// its packed form.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_CPU_PACKEDCONSTANTS_H
#define LOOM_BACKENDS_CPU_PACKEDCONSTANTS_H

#include "ir/LoomOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace loom::cpu {

/// Where every call of `kernel` passes a dense loom.constant as argument
/// `index`, replaces it in each call by the constant `pack` makes of its
/// value (once per constant: `packed` maps an original to its packed twin,
/// across kernels), erases the originals left unused, makes the argument
/// the packed type and returns that type. Returns nullopt, the module
/// unchanged, when some call passes another value or `pack` returns null.
std::optional<mlir::RankedTensorType> packConstantArgument(
    mlir::func::FuncOp kernel, unsigned index, mlir::SymbolUserMap &users,
    llvm::DenseMap<mlir::Operation *, ConstantOp> &packed,
    llvm::function_ref<mlir::DenseElementsAttr(mlir::DenseElementsAttr)> pack);

/// For every kernel of `module` in which `packable` names an argument (a
/// number >= 0), packConstantArgument with `pack` (one map of packed twins
/// for the whole module), then, where that succeeded, `restore(kernel,
/// index, originalType, packedType)`, which gives the argument's uses the
/// original value back.
void packKernelArguments(
    mlir::ModuleOp module, llvm::function_ref<int(mlir::func::FuncOp)> packable,
    llvm::function_ref<mlir::DenseElementsAttr(mlir::DenseElementsAttr)> pack,
    llvm::function_ref<void(mlir::func::FuncOp, int, mlir::RankedTensorType,
                            mlir::RankedTensorType)>
        restore);

} // namespace loom::cpu

#endif // LOOM_BACKENDS_CPU_PACKEDCONSTANTS_H
