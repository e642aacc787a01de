//===- ShardingAttr.h - Reading and writing tensor shardings ------*- C++ -*-===//
//
// Part of the Loom project.
//
// Where `#loom.sharding` attributes live in IR and how a later stage
// (partitioning) reads them: per value, from its producer or function
// argument, and per operand, the layout an op reads it in.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_IR_SHARDINGATTR_H
#define LOOM_IR_SHARDINGATTR_H

#include "ir/LoomDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace loom {

/// The sharding of a tensor value: `loom.sharding` of a block argument of a
/// function, or of the op that defines it (`loom.result_shardings` when
/// the op has several results). Null when it has none.
ShardingAttr getValueSharding(mlir::Value value);

/// Records the shardings of an op's results: `loom.sharding` for one
/// result, `loom.result_shardings` for several.
void setResultShardings(mlir::Operation *op,
                        llvm::ArrayRef<ShardingAttr> shardings);

/// The layout `use`'s owner reads its operand in: the entry of
/// `loom.operand_shardings` when present, otherwise the value's own.
ShardingAttr getOperandSharding(mlir::OpOperand &use);

/// The sharding recorded for result `index` of `function` (what a caller
/// receives), null when none is recorded.
ShardingAttr getFunctionResultSharding(mlir::func::FuncOp function,
                                       unsigned index);

} // namespace loom

#endif // LOOM_IR_SHARDINGATTR_H
