//===- MemoryPlanner.h - Buffers for every tensor of @main ------*- C++ -*-===//
//
// Part of the Loom project.
//
// After fusion, @main holds only kernel calls, `loom.constant`s,
// `loom.reshape`s, its return and, in a partitioned program, `shard`
// collectives and `shard.all_slice`s of constants. The planner gives every
// tensor value a buffer of the artifact's plan (docs/compiler.md, "Memory
// planning"): function arguments are Input buffers, constants (and a
// device's slices of them) Constant buffers, returned values Output buffers
// and everything else, collective results included, an Arena buffer at a
// static offset. Arena buffers whose lifetimes (over @main's program order)
// do not overlap share bytes; a reshape is a view of its operand's buffer;
// the result of an elementwise kernel may be written over an argument that
// dies at that call and has the result's shape and element size (never over
// a broadcast operand, whatever its byte size). Outputs that cannot own
// their storage (a returned argument or constant, a value returned twice)
// are filled by Copy commands at the end. The dims of a data-shaped result
// (#loom.data_shape) are no output: they keep their arena buffer, and the
// output numbers skip them.
//
// The program of one slice (an entry with `loom.dim_symbol`; docs/dynamic-
// shapes.md): every value computed from an argument with `loom.sliced_dim`
// is sliced, planned at the bound (its bytes times the bound) and run slice
// by slice; the others are planned once. A sliced and an unsliced value
// never share a buffer.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_COMPILER_MEMORYPLANNER_H
#define LOOM_COMPILER_MEMORYPLANNER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/DenseMap.h"

#include <cstdint>
#include <vector>

namespace loom {

/// The default alignment of arena buffers and of the arena itself, which the
/// artifact format also gives constants: one cache line, enough for any
/// vector load. A target may ask for more (PlannerConstraints).
constexpr uint32_t kPlanAlignment = 64;

enum class PlannedBufferKind { Input, Output, Constant, Arena };

/// One entry of the artifact's buffer plan.
struct PlannedBuffer {
  PlannedBufferKind kind;
  /// The input, output or constant number, or the arena byte offset.
  uint64_t index;
  uint64_t byteSize;
  uint32_t alignment;
  /// For arena buffers: the positions (in @main's program order) of the
  /// first definition and the last use of any value stored in it.
  unsigned firstUse = 0, lastUse = 0;
  /// 0 when the buffer is sliced: it holds values that carry the entry's
  /// symbolic dimension (`loom.dim_symbol`), byteSize is their size at the
  /// bound, and each slice is byteSize / bound bytes; -1 otherwise.
  int32_t symbol = -1;
};

/// A Copy command, run after every launch: it fills output buffers whose
/// values live elsewhere.
struct PlannedCopy {
  unsigned source, destination;
  uint64_t byteSize;
  /// As PlannedBuffer::symbol: 0 when byteSize is the size at the bound of
  /// a sliced value.
  int32_t symbol = -1;
};

struct MemoryPlan {
  std::vector<PlannedBuffer> buffers;
  /// The buffer of every tensor value of @main (arguments, results of
  /// constants, reshapes and calls).
  llvm::DenseMap<mlir::Value, unsigned> bufferOf;
  /// The constants of @main in the order of their constant numbers: a
  /// `loom.constant`, or a `shard.all_slice` of one (each device's slice;
  /// isConstantSlice).
  std::vector<mlir::Operation *> constants;
  std::vector<PlannedCopy> copies;
  /// Bytes of scratch memory the plan needs: the highest end of an arena
  /// buffer, rounded up to the plan's alignment.
  uint64_t arenaSize = 0;
  /// Sum of the arena buffers' sizes: the arena without any reuse.
  uint64_t arenaBytesWithoutReuse = 0;
  /// Kernel results that were given the buffer of a dying argument.
  unsigned inPlaceResults = 0;

  unsigned bufferOfValue(mlir::Value value) const {
    return bufferOf.find(value)->second;
  }
};

/// True for a `loom.constant`'s result and for `shard.all_slice`s of it: a
/// value every device knows before the program runs.
bool isConstantSlice(mlir::Value value);

/// The bytes a statically shaped tensor type occupies (i1 as one byte an
/// element); failure for types Loom does not store.
mlir::FailureOr<uint64_t> tensorByteSize(mlir::Type type);

/// Plans the buffers of `function`, which must be in the post-fusion form
/// above with static shapes. Anything else (another op, a dynamic shape, a
/// callee that is not a `loom.kernel` function) is emitted as an error at
/// the offending op and the result is failure.
mlir::FailureOr<MemoryPlan> planMemory(mlir::func::FuncOp function,
                                       uint32_t alignment = kPlanAlignment);

} // namespace loom

#endif // LOOM_COMPILER_MEMORYPLANNER_H
