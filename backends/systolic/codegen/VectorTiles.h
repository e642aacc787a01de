//===- VectorTiles.h - Walking tensors one vector register at a time -*- C++ -*-===//
//
// Part of the Loom project.
//
// What the vector-unit generators (codegen/Elementwise.cpp,
// codegen/Reduction.cpp) share: the VMEM element type of a tensor, whole
// tensors moved between HBM and VMEM, dimensions coalesced over several
// operands, nested loops whose innermost levels become the sublanes and
// lanes of a register tile, and the loads of an ElementwiseChain's inputs
// for such a tile. Implemented in codegen/Elementwise.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_SYSTOLIC_CODEGEN_VECTORTILES_H
#define LOOM_BACKENDS_SYSTOLIC_CODEGEN_VECTORTILES_H

#include "backends/systolic/codegen/KernelCodegen.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace loom::systolic::codegen {

/// How a vld/vst holds an element of `type` in VMEM: f32, bf16, i1 (u8),
/// i32, i64; nullopt for anything else.
std::optional<ElementType> vmemElementType(mlir::Type type);

/// The store that converts f32 to the integer `type` as the evaluator's
/// cast does (toward zero, saturating to the type's range, NaN to 0): .u8
/// for ui8, .i8, .i32 and .i64 for the signed and signless types. None for
/// ui16 / ui32 / ui64 and other types, which no store saturates to.
std::optional<ElementType> convertingStore(mlir::Type type);

/// Bytes of a dense tensor of `type` in VMEM, rounded up to the 4-byte DMA
/// granularity.
int64_t vmemTensorBytes(mlir::RankedTensorType type);

/// Copies `bytes` (a multiple of 4) between the VMEM address in `vmemReg`
/// and the HBM address in `hbmReg` with as few DMAs as the field widths
/// allow, each raising `flag`; returns how many DMAs were issued.
int64_t emitDmaCopy(KernelEnv &env, DmaFunc func, int vmemReg, int hbmReg,
                    int flag, int64_t bytes);

/// One level of a loop nest: `size` positions walked `block` at a time (a
/// last, shorter block takes the remainder). The body sees the block size
/// of every level, so that the innermost two levels can be a tile's
/// sublanes and lanes.
struct TileLevel {
  int64_t size;
  int64_t block;
};

/// A scalar register holding an address that the nest advances: by
/// `strides[level]` bytes per position of each level.
struct TilePointer {
  int reg;
  llvm::SmallVector<int64_t> strides;
};

/// Emits the loop nest over `levels` (outermost first), calling `body`
/// with each level's current block size; every pointer is back at its
/// start when the nest ends. Fails when the body fails or scalar registers
/// run out (reported).
mlir::LogicalResult
emitTileLoops(KernelEnv &env, llvm::ArrayRef<TileLevel> levels,
              llvm::ArrayRef<TilePointer> pointers,
              llvm::function_ref<mlir::LogicalResult(llvm::ArrayRef<int64_t>)>
                  body);

/// An operand of a streamed loop nest (emitStreamed): a kernel argument
/// read (or, for `output`, written) at HBM byte offset `hbmOffset` from its
/// argument's address. With `chunkStride` > 0 it moves along the streamed
/// (outermost) level by that many bytes a position and is streamed through
/// two VMEM buffers of a chunk each; `span` is the bytes one position
/// reaches. With `chunkStride` 0 it is resident: `span` bytes loaded once.
struct StreamedOperand {
  unsigned argument;
  bool output;
  int64_t hbmOffset;
  int64_t chunkStride;
  int64_t span;
  /// Set by emitStreamed: the register with the VMEM address of the current
  /// chunk (or of the resident copy), valid inside `compute`.
  int reg = -1;
};

/// Walks `positions` positions of an outermost level in chunks, calling
/// `compute(chunkPositions)` for each with the operands' registers at the
/// chunk. When all operands fit VMEM, every chunk (64 KiB of streamed
/// operands) loads at once and each is computed as soon as its loads are
/// in; otherwise the operands are double buffered (chunks of up to 1 MiB
/// that fit): the next chunk loads while one is computed. Either way each
/// chunk's outputs are stored while the next is computed. Chunks are a
/// multiple of `granule` positions unless they are all of them; a kernel
/// whose single position does not fit is an error.
mlir::LogicalResult
emitStreamed(KernelEnv &env, mlir::Operation *op, int64_t positions,
             llvm::MutableArrayRef<StreamedOperand> operands,
             llvm::function_ref<mlir::LogicalResult(int64_t)> compute,
             int64_t granule = 1);

/// The bytes that elements at `strides` (elements, one per dimension of
/// `shape`) of `elementSize` bytes reach from the first one.
int64_t spanBytes(llvm::ArrayRef<int64_t> shape,
                  llvm::ArrayRef<int64_t> strides, int64_t elementSize);

/// Merges adjacent dimensions of `shape` wherever every stride vector in
/// `strides` (one per operand, element strides per dimension) is
/// contiguous across them, and drops dimensions of size 1. Rewrites
/// `shape` and `strides` in place; the result has at least one dimension.
void coalesceDimensions(llvm::SmallVectorImpl<int64_t> &shape,
                        llvm::MutableArrayRef<llvm::SmallVector<int64_t>>
                            strides);

/// The element strides of a tensor of shape `from` broadcast (NumPy, right
/// aligned) to `to`: 0 along broadcast dimensions.
llvm::SmallVector<int64_t> broadcastStrides(llvm::ArrayRef<int64_t> from,
                                            llvm::ArrayRef<int64_t> to);

/// Loads a tile of `sublanes` x `lanes` elements of a tensor of element
/// `type` at the VMEM address in `addressReg`, sublanes `sublaneStride` and
/// lanes `laneStride` elements apart, into a new vector register; -1 when
/// none is left (reported).
int loadTile(KernelEnv &env, int addressReg, ElementType type,
             int64_t sublaneStride, int64_t laneStride, int64_t sublanes,
             int64_t lanes);

class ElementwiseOps;

/// A tile of an operand in VMEM: its address register, element type, and
/// the elements from one sublane to the next and one lane to the next.
struct TileInput {
  int reg;
  ElementType element;
  int64_t sublaneStride, laneStride;
};

/// The epilogue of one tile of `sublanes` x `lanes` f32 results (a pool's,
/// a conv_transpose's): `chain` applied to `anchor` and a tile of each of
/// `inputs`, stored at the VMEM address in `outputReg`, `rowBytes` from one
/// sublane to the next. Releases `anchor` and every register it takes;
/// failure when registers run out (reported).
mlir::LogicalResult storeChainTile(KernelEnv &env, const ElementwiseOps &chain,
                                   int anchor, llvm::ArrayRef<TileInput> inputs,
                                   int outputReg, int64_t rowBytes,
                                   int64_t sublanes, int64_t lanes);

/// The machinery of ElementwiseChain for any value of a kernel: the
/// elementwise ops that compute `result` from `anchor` (null: from the
/// kernel's arguments and splat constants only), e.g. the ops in front of
/// a reduction. Every intermediate value must broadcast to `result`'s
/// shape; the tile holds each value broadcast to it.
class ElementwiseOps {
public:
  static mlir::FailureOr<ElementwiseOps>
  analyze(KernelEnv &env, mlir::Value anchor, mlir::Value result);
  /// Several results of one shape (a fused kernel's results). With
  /// `halfFloats`, values may also be f16 or bf16: each op computes in f32
  /// and rounds its result to its type (v.f16, v.bf16), as the evaluator
  /// does; only a caller that loads and stores every value as its own type
  /// (the elementwise kernels) may allow them.
  static mlir::FailureOr<ElementwiseOps>
  analyze(KernelEnv &env, mlir::Value anchor, mlir::ValueRange results,
          bool halfFloats = false);

  bool empty() const { return ops.empty(); }
  llvm::ArrayRef<ChainInput> inputs() const { return chainInputs; }
  mlir::RankedTensorType resultType() const { return type; }
  /// As ElementwiseChain::emit.
  int emit(KernelEnv &env, int anchorRegister,
           llvm::ArrayRef<int> inputRegisters) const;
  /// The registers of every result, in order; the caller releases those
  /// that are neither the anchor nor an input register.
  mlir::LogicalResult emit(KernelEnv &env, int anchorRegister,
                           llvm::ArrayRef<int> inputRegisters,
                           llvm::SmallVectorImpl<int> &resultRegisters) const;
  /// The ops for several tiles at once, op by op across the tiles (as
  /// ElementwiseChain::emitTiles): `resultRegisters[t]` are tile t's.
  mlir::LogicalResult
  emitTiles(KernelEnv &env, llvm::ArrayRef<int> anchorRegisters,
            llvm::ArrayRef<llvm::ArrayRef<int>> inputRegisters,
            llvm::SmallVectorImpl<llvm::SmallVector<int>> &resultRegisters)
      const;

  /// Puts every constant the ops use (splat operands, and the zeros, ones
  /// and bounds of relu, clamp, sigmoid, gelu, ...) into registers once,
  /// for every later emit, instead of once per tile.
  mlir::LogicalResult hoistConstants(KernelEnv &env);
  void releaseConstants(KernelEnv &env);

private:
  mlir::Value anchor;
  llvm::SmallVector<mlir::Value> results;
  bool halfFloats = false;
  llvm::DenseMap<uint32_t, int> hoisted;
  llvm::SmallVector<mlir::Operation *> ops;
  llvm::SmallVector<ChainInput> chainInputs;
  mlir::RankedTensorType type;
  friend class ElementwiseChain;
};

/// Whether `op` is an elementwise op the vector unit computes.
bool isVectorElementwiseOp(mlir::Operation *op);

/// A vector register with `value` in every lane (s.lif + v.splat); -1 when
/// registers run out (reported).
int splatRegister(KernelEnv &env, float value);

} // namespace loom::systolic::codegen

#endif // LOOM_BACKENDS_SYSTOLIC_CODEGEN_VECTORTILES_H
