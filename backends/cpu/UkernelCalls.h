//===- UkernelCalls.h - Building calls of the micro-kernels -----*- C++ -*-===//
//
// Part of the Loom project.
//
// What the passes that turn linalg ops into micro-kernel calls share
// (loom-cpu-matmul-to-ukernel, loom-cpu-depthwise-conv-to-ukernel): the
// operand checks, the zero fill a call replaces, and each operand as a
// pointer with its strides.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_CPU_UKERNELCALLS_H
#define LOOM_BACKENDS_CPU_UKERNELCALLS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

#include <cstdint>

#include <limits>
#include <optional>
#include <utility>

namespace loom::cpu {

/// An f32 memref of rank at least `minRank` whose innermost dimension is
/// contiguous.
bool isF32WithUnitInnerStride(mlir::Value value, int64_t minRank);

/// A memref of rank at least `minRank` with elements of `elementType`
/// whose innermost dimension is contiguous.
bool hasUnitInnerStride(mlir::Value value, int64_t minRank,
                        mlir::Type elementType);

/// The signedness of the operands of an 8-bit integer contraction (what
/// loom.matmul_integer and loom.conv_integer lower to): two i8 inputs and
/// an i32 output whose body extends each input, arith.extui for an
/// unsigned one and arith.extsi for a signed one, and uses it nowhere
/// else. The caller checks that the op is a contraction.
struct Int8Operands {
  bool lhsUnsigned, rhsUnsigned;
};
std::optional<Int8Operands> int8ContractionOperands(mlir::linalg::LinalgOp op);

/// The linalg.fill of zero that `op`'s output got just before it, with
/// nothing in between that could read or write memory; null otherwise.
mlir::linalg::FillOp precedingZeroFill(mlir::linalg::LinalgOp op);

/// The accumulate flag of a micro-kernel call that replaces `op`: when
/// `op`'s output was just filled with zero (precedingZeroFill), the fill is
/// erased and the call overwrites the output (0); otherwise it accumulates
/// (LOOM_UKERNEL_ACCUMULATE).
uint32_t accumulateUnlessZeroFilled(mlir::linalg::LinalgOp op);

/// i64 constants for a call's arguments, each made once, where the builder
/// stands at its first use.
class I64Constants {
public:
  I64Constants(mlir::OpBuilder &builder, mlir::Location loc)
      : builder(builder), loc(loc) {}
  mlir::Value get(int64_t value);

private:
  mlir::OpBuilder &builder;
  mlir::Location loc;
  llvm::DenseMap<int64_t, mlir::Value> constants;
};

/// Whether `op` allocates memory and does nothing else with memory (a
/// temporary's memref.alloc).
bool onlyAllocates(mlir::Operation *op);

/// Whether `value` is a view of a memref.alloc that nothing but `users`
/// (and views of it, and its dealloc) touches.
bool isTemporaryOnlyUsedBy(mlir::Value value,
                           llvm::ArrayRef<mlir::Operation *> users);

/// The constant of an f32 arith.constant, if `value` is one.
std::optional<float> constantFloat(mlir::Value value);

/// A padded copy of `source` made for one reader, which a micro-kernel that
/// pads implicitly reads in place instead: a memref.alloc filled with one
/// constant (linalg.fill, or a linalg.map without inputs), then given
/// `source` by a memref.copy into a subview at static offsets, zero but in
/// the last two dimensions (padTop rows, padLeft columns), of unit strides
/// and the source's sizes, with no other use than the reader (and a
/// dealloc).
struct PaddedCopy {
  mlir::Value source;
  int64_t padTop = 0, padLeft = 0;
  /// The fill, the copy, the subview, the deallocs and the alloc, in the
  /// order to erase them.
  llvm::SmallVector<mlir::Operation *> ops;
};

/// The padded copy that `input` (read by `reader`) is, when its padding is
/// the f32 `padding`, bit for bit (+0 and -0 differ).
std::optional<PaddedCopy> matchPaddedCopy(mlir::Value input,
                                          mlir::Operation *reader,
                                          float padding);

/// Erases the copy's ops once its reader is gone.
void erasePaddedCopy(PaddedCopy &copy);

/// The unit dimensions before a memref's first other one.
unsigned leadingUnitDims(mlir::MemRefType type);

/// The elementwise generic folded into a call: out = min(max(silu((result +
/// bias[c]) + residual), lo), hi), each part optional (silu(x) = x *
/// sigmoid(x), as loom.sigmoid and loom.mul lower it).
struct Epilogue {
  mlir::linalg::GenericOp op;
  mlir::Value output;
  mlir::Value bias; // a rank-1 memref over the channels, or null
  bool biasPerColumn = false; // the bias is over the columns instead
  std::optional<float> biasConstant; // the same bias for every channel
  mlir::Value residual; // added after the bias, of the output's shape, or null
  bool silu = false; // x * (1 / (1 + exp(-x))) after the residual
  float lo = -std::numeric_limits<float>::infinity();
  float hi = std::numeric_limits<float>::infinity();
};

/// The elementwise generic that follows `producer` (only side-effect-free
/// ops and allocations between) and computes min(max(result + bias[c], lo),
/// hi) of `producer`'s output buffer `result`, or of a memref.expand_shape
/// of it that keeps its first dimension (after unit ones), or (with
/// `channelFirst`) of another dense view of the same buffer with that
/// dimension and its elements, each of the three parts optional but in
/// this order, into an output of that shape. The channel c is the
/// epilogue's first dimension after unit ones with `channelFirst` (a
/// matmul's rows: a convolution tile's filters, [1, F, OH, OW] in a batch's
/// tile), else its third from last (a depthwise convolution's [.., C, OH,
/// OW]). When that output is another buffer,
/// `result` must be (a view of) a temporary that nothing else reads, and
/// `producer` must overwrite it (`overwrites`): the call then writes the
/// epilogue's output instead. With `allowResidual`, the generic may also
/// add, after the bias, a residual: another buffer of its shape read
/// element by element (not a view of the output's or the result's). With
/// `allowSilu`, the value may then go through x * (1 / (1 + exp(-x)))
/// (arith.negf, math.exp, arith.addf of 1, arith.divf of 1 by it,
/// arith.mulf by x) before the max and min. With `allowColumnBias` and
/// `channelFirst`, where the epilogue has two dimensions after unit ones (a
/// matmul's rows and columns), the bias may instead be one per column (a
/// dense layer's, indexed by the last dimension; `biasPerColumn`).
std::optional<Epilogue> followingEpilogue(mlir::Operation *producer,
                                          mlir::Value result, bool overwrites,
                                          bool channelFirst,
                                          bool allowResidual = false,
                                          bool allowSilu = false,
                                          bool allowColumnBias = false);

/// The bias of `epilogue` as a call's (pointer, stride) arguments: its
/// memref's address and stride, a constant's address (on the stack of the
/// function around `op`) and stride 0, or `nullPointer()` and 0.
std::pair<mlir::Value, mlir::Value>
biasPointerAndStride(mlir::OpBuilder &b, mlir::Location loc,
                     mlir::Operation *op, const Epilogue &epilogue,
                     llvm::function_ref<mlir::Value()> nullPointer);

/// Declares the micro-kernel `name` (a private func.func taking
/// `arguments`, returning nothing) at the end of `module`, unless it is.
void declareUkernel(mlir::ModuleOp module, llvm::StringRef name,
                    llvm::ArrayRef<mlir::Type> arguments);

/// The address of an f32 holding `value`, on the stack of the function
/// around `op` (allocated at its entry, so not once per loop iteration).
mlir::Value constantInMemory(mlir::OpBuilder &b, mlir::Operation *op,
                             float value);

/// The address of `memref`'s first element as an !llvm.ptr, and its
/// strides in elements as i64.
std::pair<mlir::Value, llvm::SmallVector<mlir::Value>>
pointerAndStrides(mlir::OpBuilder &b, mlir::Location loc, mlir::Value memref);

/// The same with only the stride of `memref`'s first dimension (a
/// matrix's rows).
std::pair<mlir::Value, mlir::Value>
pointerAndRowStride(mlir::OpBuilder &b, mlir::Location loc, mlir::Value memref);

/// The last `keep` dimensions of `operand` (indexed by `map`, whose leading
/// results are batch loops) at the batch position `batchIndex` (loop
/// dimension -> index value): `operand` itself when it has no others.
mlir::Value
trailingSlice(mlir::OpBuilder &b, mlir::Location loc, mlir::Value operand,
              mlir::AffineMap map,
              const llvm::DenseMap<unsigned, mlir::Value> &batchIndex,
              unsigned keep);

/// `expr` as `a * d_outer + b * d_window` with positive constants a and b
/// and nothing else: a window's (stride, dilation) along one dimension.
std::optional<std::pair<int64_t, int64_t>>
windowSteps(mlir::AffineExpr expr, unsigned outer, unsigned window);

/// Loops over the leading dimensions of `output` whose loop dimensions are
/// `batch` (in the output's order), nested at the builder's insertion
/// point, which is left inside the innermost: loop dimension -> its index,
/// for trailingSlice. None for an empty `batch`.
llvm::DenseMap<unsigned, mlir::Value>
batchLoops(mlir::OpBuilder &b, mlir::Location loc, mlir::Value output,
           llvm::ArrayRef<unsigned> batch);

/// Columns per panel of a matmul weight stored pre-packed
/// (LOOM_UKERNEL_RHS_PANEL; loom-cpu-pack-matmul-weights).
constexpr int64_t kWeightPanel = 32;
/// The fewest rows (K) of a weight worth packing: shallower products are
/// cheap to pack at run time.
constexpr int64_t kMinWeightPanelDepth = 16;

/// Whether `op` restores a pre-packed weight (loom-cpu-fold-weight-panels):
/// a copy of every element with one input of shape [P, K, kWeightPanel]
/// and an output [K, N], out[k][n] = in[n floordiv kWeightPanel][k][n mod
/// kWeightPanel].
bool isWeightPanelUnpack(mlir::linalg::GenericOp op);

/// The indexing map of that input: (k, n) -> (n floordiv kWeightPanel, k,
/// n mod kWeightPanel).
mlir::AffineMap weightPanelMap(mlir::MLIRContext *context);

/// Whether `op` restores pre-packed convolution filters
/// (loom-cpu-fold-weight-panels): a copy of every element with one input
/// of shape [P, C * KH * KW, kWeightPanel] and an output [F, C, KH, KW],
/// out[f][c][i][j] = in[f floordiv kWeightPanel][(c * KH + i) * KW +
/// j][f mod kWeightPanel], or [F, C] for a 1x1 window.
bool isFilterPanelUnpack(mlir::linalg::GenericOp op);

/// The indexing map of that input for a window of `kernelH` x `kernelW`.
mlir::AffineMap filterPanelMap(mlir::MLIRContext *context, int64_t kernelH,
                               int64_t kernelW);

/// The map of a 1x1 convolution's filters once the lowering folded their
/// unit window away (an output [F, C]): (f, c) -> (f floordiv
/// kWeightPanel, c, f mod kWeightPanel).
mlir::AffineMap pointwiseFilterPanelMap(mlir::MLIRContext *context);

/// Whether `map` reads pre-packed filters into `output`: filterPanelMap for
/// an output [F, C, KH, KW] (static window), pointwiseFilterPanelMap for
/// [F, C].
bool isFilterPanelMap(mlir::AffineMap map, mlir::ShapedType output);

/// The window of an im2col: `kernelH` x `kernelW` taps at strides
/// `strideH`, `strideW`, undilated.
struct Im2colWindow {
  int64_t kernelH, kernelW, strideH, strideW;
};

/// The window when `op` (on tensors or buffers) copies `input[.., c, oh *
/// strideH + i, ow * strideW + j]` into `output[c, i, j, .., oh, ow]`: the
/// im2col of an undilated 2-D convolution (LowerToLinalgNN.cpp). The loops
/// between the window and the output rows (a batch) must be unit ones
/// unless `allowBatch`, and so must the input's leading dimensions.
std::optional<Im2colWindow> matchIm2col(mlir::linalg::GenericOp op,
                                        bool allowBatch);

/// The tile of a 2-D convolution as loom-cpu-contractions-to-matmul leaves
/// it after bufferization: a linalg.matmul of the filter [F, C, KH, KW]
/// collapsed to [F, C*KH*KW] by the patches [C, KH, KW, units.., OH, OW]
/// (a temporary that an im2col fills from the padded input just before,
/// with nothing between that writes memory, and that nothing else reads)
/// collapsed to [C*KH*KW, OH*OW], into an output with rows of unit stride.
/// A 1x1 convolution's filter is [F, C] itself, its patches [C, units..,
/// OH, OW] (strided) or, at unit strides, none: the matmul reads the input
/// [units.., C, H, W] collapsed to [C, H * W].
struct Im2colConv {
  mlir::linalg::MatmulOp matmul;
  mlir::linalg::GenericOp im2col;  // null without patches
  mlir::memref::AllocOp patches;   // null without patches
  mlir::Value padded; // [units.., C, H, W], read from its origin
  mlir::Value filter; // [F, C, KH, KW], or [F, C] for a 1x1 window
  Im2colWindow window;
  int64_t filters, channels, height, width; // F, C, OH, OW
};
std::optional<Im2colConv> matchIm2colConv(mlir::linalg::MatmulOp matmul);

/// `memref` without its leading unit dimensions down to rank `rank` (a
/// rank-reduced subview), or itself when it has that rank.
mlir::Value withoutLeadingUnits(mlir::OpBuilder &b, mlir::Location loc,
                                mlir::Value memref, int64_t rank);

} // namespace loom::cpu

#endif // LOOM_BACKENDS_CPU_UKERNELCALLS_H
