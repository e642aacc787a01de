//===- DataShapedToUkernel.cpp - Data-shaped ops to micro-kernel calls ----===//
//
// Part of the Loom project.
//
// loom-cpu-data-shaped-to-ukernel: a kernel whose op has a result size that
// depends on data (loom.nonzero, loom.compress, loom.unique,
// loom.non_max_suppression, loom.reshape_to_shape, loom.runtime_slice,
// loom.runtime_topk, loom.runtime_split, the generators of
// ir/LoomDataShapedGeneratorOps.td (OneHot and Resize included) and the ops of run-time axes or pads of
// ir/LoomDataShapedAxesOps.td; docs/dynamic-shapes.md) becomes a function
// on buffers that calls the op's micro-kernel (backends/cpu/ukernels/
// data_shaped.c, data_shaped_views.c, data_shaped_generators.c,
// data_shaped_resize.c, data_shaped_axes.c). Such an op is
// never fused, so its kernel holds it alone; there is nothing to tile (the
// result's layout is only known once it is counted), and linalg has no op
// for it, so the kernel is written straight in the form the later passes
// expect of a bufferized kernel: its arguments and then its results as
// memrefs, no results, one workgroup.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "backends/cpu/ukernels/loom_ukernels.h"
#include "ir/LoomOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUDATASHAPEDTOUKERNEL
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

#define DEBUG_TYPE "loom-cpu-data-shaped-to-ukernel"

using namespace mlir;

namespace loom::cpu {
namespace {

/// Builds the calls; `values` maps the op's operands and results to their
/// buffers.
class CallBuilder {
public:
  CallBuilder(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  /// The address of `memref`'s first element (identity layout, offset 0).
  Value pointer(Value memref) {
    Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, memref);
    Value address = arith::IndexCastOp::create(b, loc, b.getI64Type(), base);
    return LLVM::IntToPtrOp::create(
        b, loc, LLVM::LLVMPointerType::get(b.getContext()), address);
  }

  /// The i64 constant `value`, one of each.
  Value i64(int64_t value) {
    Value &constant = constants[value];
    if (!constant)
      constant = arith::ConstantIntOp::create(b, loc, value, 64);
    return constant;
  }

  /// A null pointer.
  Value null() {
    return LLVM::ZeroOp::create(b, loc,
                                LLVM::LLVMPointerType::get(b.getContext()));
  }

  /// The address of `values` stored in a stack array of i64.
  Value array(ArrayRef<int64_t> values) {
    SmallVector<Value> constants;
    for (int64_t value : values)
      constants.push_back(i64(value));
    return stored(b.getI64Type(), constants);
  }

  /// The address of `values` stored in a stack array of f64.
  Value doubles(ArrayRef<double> values) {
    SmallVector<Value> constants;
    for (double value : values)
      constants.push_back(arith::ConstantFloatOp::create(
          b, loc, b.getF64Type(), APFloat(value)));
    return stored(b.getF64Type(), constants);
  }

  /// Declares `name` (taking `arguments`, returning nothing) in `module`
  /// once, and calls it.
  void call(ModuleOp module, StringRef name, ArrayRef<Value> arguments) {
    if (!module.lookupSymbol<func::FuncOp>(name)) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToEnd(module.getBody());
      auto declaration = func::FuncOp::create(
          b, module.getLoc(), name,
          b.getFunctionType(ValueRange(arguments).getTypes(), {}));
      declaration.setPrivate();
    }
    func::CallOp::create(b, loc, name, TypeRange(), arguments);
  }

private:
  /// The address of a stack array of `element` holding `values` (at least
  /// one entry, so that an empty array still has an address).
  Value stored(Type element, ArrayRef<Value> values) {
    auto type =
        MemRefType::get({std::max<int64_t>(values.size(), 1)}, element);
    Value slot = memref::AllocaOp::create(b, loc, type);
    for (auto [index, value] : llvm::enumerate(values))
      memref::StoreOp::create(
          b, loc, value, slot,
          ValueRange{arith::ConstantIndexOp::create(b, loc, index)});
    return pointer(slot);
  }

  OpBuilder &b;
  Location loc;
  DenseMap<int64_t, Value> constants;
};

/// The byte size of an element of `type` (i1 takes a byte).
int64_t elementBytes(Type type) {
  return (type.getIntOrFloatBitWidth() + 7) / 8;
}

void buildNonZero(CallBuilder &c, ModuleOp module, NonZeroOp op,
                  Value input, Value values, Value dims) {
  auto type = cast<MemRefType>(input.getType());
  c.call(module, "loom_ukernel_nonzero",
         {c.pointer(input), c.i64(elementBytes(type.getElementType())),
          c.i64(isa<FloatType>(type.getElementType())),
          c.array(type.getShape()), c.i64(type.getRank()), c.pointer(values),
          c.i64(cast<MemRefType>(values.getType()).getNumElements()),
          c.pointer(dims)});
}

void buildCompress(CallBuilder &c, ModuleOp module, CompressOp op,
                   Value input, Value condition, Value values, Value dims) {
  auto type = cast<MemRefType>(input.getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t outer = 1, size = type.getNumElements(), inner = 1, axis = 0;
  SmallVector<int64_t> bounds;
  int64_t slices = CompressOp::sliceBound(
      cast<RankedTensorType>(op.getInput().getType()),
      cast<RankedTensorType>(op.getCondition().getType()),
      op.getAxis() ? std::optional<int64_t>(*op.getAxis()) : std::nullopt);
  if (std::optional<uint64_t> attr = op.getAxis()) {
    axis = static_cast<int64_t>(*attr);
    size = shape[axis];
    for (int64_t d = 0; d < axis; ++d)
      outer *= shape[d];
    for (int64_t d = axis + 1; d < type.getRank(); ++d)
      inner *= shape[d];
    bounds.assign(shape.begin(), shape.end());
    bounds[axis] = slices;
  } else {
    bounds = {slices};
  }
  c.call(module, "loom_ukernel_compress",
         {c.pointer(input), c.pointer(condition),
          c.i64(cast<MemRefType>(condition.getType()).getNumElements()),
          c.i64(outer), c.i64(size), c.i64(inner),
          c.i64(elementBytes(type.getElementType())), c.pointer(values),
          c.i64(cast<MemRefType>(values.getType()).getNumElements()),
          c.array(bounds), c.i64(static_cast<int64_t>(bounds.size())),
          c.i64(axis), c.pointer(dims)});
}

/// How loom_ukernel_unique compares elements of `type`.
int64_t elementKind(Type type) {
  if (type.isF16())
    return LOOM_UKERNEL_F16;
  if (type.isBF16())
    return LOOM_UKERNEL_BF16;
  if (isa<FloatType>(type))
    return LOOM_UKERNEL_FLOAT;
  if (type.isUnsignedInteger() || type.isInteger(1))
    return LOOM_UKERNEL_UNSIGNED;
  return LOOM_UKERNEL_SIGNED;
}

void buildUnique(CallBuilder &c, ModuleOp module, UniqueOp op,
                 DenseMap<Value, Value> &buffers) {
  Value input = buffers[op.getInput()];
  auto type = cast<MemRefType>(input.getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t outer = 1, slices = type.getNumElements(), inner = 1, axis = 0;
  SmallVector<int64_t> bounds = {slices};
  if (std::optional<uint64_t> attr = op.getAxis()) {
    axis = static_cast<int64_t>(*attr);
    slices = shape[axis];
    for (int64_t d = 0; d < axis; ++d)
      outer *= shape[d];
    for (int64_t d = axis + 1; d < type.getRank(); ++d)
      inner *= shape[d];
    bounds.assign(shape.begin(), shape.end());
  }
  Value values = buffers[op.getValues()];
  c.call(module, "loom_ukernel_unique",
         {c.pointer(input), c.i64(elementBytes(type.getElementType())),
          c.i64(elementKind(type.getElementType())), c.i64(outer),
          c.i64(slices), c.i64(inner), c.i64(op.getSorted()),
          c.pointer(values),
          c.i64(cast<MemRefType>(values.getType()).getNumElements()),
          c.array(bounds), c.i64(static_cast<int64_t>(bounds.size())),
          c.i64(axis), c.pointer(buffers[op.getDims()]),
          c.pointer(buffers[op.getIndices()]),
          c.pointer(buffers[op.getInverse()]),
          c.pointer(buffers[op.getCounts()]),
          c.pointer(buffers[op.getCountDims()])});
}

LogicalResult buildNonMaxSuppression(OpBuilder &b, CallBuilder &c,
                                     ModuleOp module, NonMaxSuppressionOp op,
                                     DenseMap<Value, Value> &buffers) {
  SmallVector<Value> floats = {op.getBoxes(), op.getScores(),
                               op.getIouThreshold()};
  if (op.getScoreThreshold())
    floats.push_back(op.getScoreThreshold());
  for (Value value : floats)
    if (!cast<RankedTensorType>(value.getType()).getElementType().isF32())
      return op.emitOpError("has no CPU micro-kernel for ")
             << value.getType() << "; boxes, scores and thresholds must be f32";
  auto scores = cast<RankedTensorType>(op.getScores().getType());
  Value selected = buffers[op.getSelected()];
  Value scratch = memref::AllocOp::create(
      b, op.getLoc(),
      MemRefType::get({std::max<int64_t>(scores.getDimSize(2), 1)},
                      b.getI64Type()));
  Type pointer = LLVM::LLVMPointerType::get(b.getContext());
  Value threshold =
      op.getScoreThreshold()
          ? c.pointer(buffers[op.getScoreThreshold()])
          : LLVM::ZeroOp::create(b, op.getLoc(), pointer).getResult();
  c.call(module, "loom_ukernel_non_max_suppression",
         {c.pointer(buffers[op.getBoxes()]), c.pointer(buffers[op.getScores()]),
          c.i64(scores.getDimSize(0)), c.i64(scores.getDimSize(1)),
          c.i64(scores.getDimSize(2)),
          c.pointer(buffers[op.getMaxOutputBoxesPerClass()]),
          c.pointer(buffers[op.getIouThreshold()]), threshold,
          c.i64(op.getCenterPointBox()), c.pointer(selected),
          c.i64(cast<MemRefType>(selected.getType()).getNumElements() / 3),
          c.pointer(scratch), c.pointer(buffers[op.getDims()])});
  return success();
}

/// The ukernel's code for a Range or window element type: f32/f64 as
/// LOOM_UKERNEL_FLOAT, integers by signedness; nullopt for f16/bf16, which
/// these micro-kernels do not write.
std::optional<int64_t> generatedKind(Type type) {
  if (type.isF32() || type.isF64())
    return LOOM_UKERNEL_FLOAT;
  if (isa<FloatType>(type))
    return std::nullopt;
  return type.isUnsignedInteger() ? LOOM_UKERNEL_UNSIGNED : LOOM_UKERNEL_SIGNED;
}

/// The bits of `value`'s one element, in the low bytes of an i64.
int64_t elementBits(ElementsAttr value) {
  auto dense = cast<DenseElementsAttr>(value);
  APInt bits = isa<FloatType>(dense.getElementType())
                   ? (*dense.value_begin<APFloat>()).bitcastToAPInt()
                   : *dense.value_begin<APInt>();
  return static_cast<int64_t>(bits.getZExtValue());
}

/// A generator of a run-time size (ConstantOfShape, Range, a window,
/// ir/LoomDataShapedGeneratorOps.td) as a call of its micro-kernel
/// (backends/cpu/ukernels/data_shaped_generators.c); nullopt when `root` is
/// none.
std::optional<LogicalResult> buildGenerator(CallBuilder &c, ModuleOp module,
                                            Operation *root,
                                            DenseMap<Value, Value> &buffers) {
  auto unsupported = [&](Type type) {
    return root->emitOpError("has no CPU micro-kernel for ")
           << type << " elements (f32, f64 and integers only)";
  };
  if (auto op = dyn_cast<ConstantOfShapeOp>(root)) {
    Value values = buffers[op.getValues()];
    auto type = cast<MemRefType>(values.getType());
    if (!isa<DenseElementsAttr>(op.getValue()))
      return op.emitOpError("has no CPU micro-kernel for a value that is not "
                            "a dense attribute");
    c.call(module, "loom_ukernel_constant_of_shape",
           {c.pointer(buffers[op.getShape()]),
            c.i64(cast<RankedTensorType>(op.getShape().getType()).getDimSize(0)),
            c.array({elementBits(op.getValue())}),
            c.i64(elementBytes(type.getElementType())),
            c.i64(static_cast<int64_t>(op.getBound())), c.pointer(values),
            c.i64(type.getNumElements()), c.pointer(buffers[op.getDims()])});
    return success();
  }
  if (auto op = dyn_cast<RangeOp>(root)) {
    Value values = buffers[op.getValues()];
    Type element = cast<MemRefType>(values.getType()).getElementType();
    std::optional<int64_t> kind = generatedKind(element);
    if (!kind)
      return unsupported(element);
    c.call(module, "loom_ukernel_range",
           {c.pointer(buffers[op.getStart()]), c.pointer(buffers[op.getLimit()]),
            c.pointer(buffers[op.getDelta()]), c.i64(*kind),
            c.i64(elementBytes(element)),
            c.i64(static_cast<int64_t>(op.getBound())), c.pointer(values),
            c.pointer(buffers[op.getDims()])});
    return success();
  }
  if (auto op = dyn_cast<WindowOp>(root)) {
    Value values = buffers[op.getValues()], size = buffers[op.getSize()];
    Type element = cast<MemRefType>(values.getType()).getElementType();
    std::optional<int64_t> kind = generatedKind(element);
    if (!kind)
      return unsupported(element);
    static_assert(LOOM_UKERNEL_WINDOW_HANN ==
                          static_cast<int>(WindowKind::hann) &&
                      LOOM_UKERNEL_WINDOW_BLACKMAN ==
                          static_cast<int>(WindowKind::blackman),
                  "the micro-kernel's window codes are WindowKind's");
    c.call(module, "loom_ukernel_window",
           {c.pointer(size),
            c.i64(elementBytes(cast<MemRefType>(size.getType()).getElementType())),
            c.i64(static_cast<int64_t>(op.getKind())), c.i64(op.getPeriodic()),
            c.i64(*kind), c.i64(elementBytes(element)),
            c.i64(static_cast<int64_t>(op.getBound())), c.pointer(values),
            c.pointer(buffers[op.getDims()])});
    return success();
  }
  if (auto op = dyn_cast<ExpandToShapeOp>(root)) {
    Value input = buffers[op.getInput()], values = buffers[op.getValues()];
    auto type = cast<MemRefType>(input.getType());
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    int64_t length =
        cast<RankedTensorType>(op.getShape().getType()).getDimSize(0);
    SmallVector<int64_t> bounds = ExpandToShapeOp::dimBounds(
        inputType, length, static_cast<int64_t>(op.getBound()));
    if (bounds.size() > LOOM_UKERNEL_EXPAND_MAX_RANK)
      return op.emitOpError("has no CPU micro-kernel for more than ")
             << LOOM_UKERNEL_EXPAND_MAX_RANK << " dimensions";
    c.call(module, "loom_ukernel_expand_to_shape",
           {c.pointer(input), c.array(type.getShape()), c.i64(type.getRank()),
            c.i64(elementBytes(type.getElementType())),
            c.pointer(buffers[op.getShape()]), c.i64(length), c.array(bounds),
            c.i64(static_cast<int64_t>(bounds.size())), c.pointer(values),
            c.i64(cast<MemRefType>(values.getType()).getNumElements()),
            c.pointer(buffers[op.getDims()])});
    return success();
  }
  if (auto op = dyn_cast<TileToRepeatsOp>(root)) {
    Value input = buffers[op.getInput()], values = buffers[op.getValues()];
    auto type = cast<MemRefType>(input.getType());
    SmallVector<int64_t> bounds = TileToRepeatsOp::dimBounds(
        cast<RankedTensorType>(op.getInput().getType()),
        static_cast<int64_t>(op.getBound()));
    if (type.getRank() > LOOM_UKERNEL_EXPAND_MAX_RANK)
      return op.emitOpError("has no CPU micro-kernel for more than ")
             << LOOM_UKERNEL_EXPAND_MAX_RANK << " dimensions";
    c.call(module, "loom_ukernel_tile_to_repeats",
           {c.pointer(input), c.array(type.getShape()), c.i64(type.getRank()),
            c.i64(elementBytes(type.getElementType())),
            c.pointer(buffers[op.getRepeats()]), c.array(bounds),
            c.pointer(values),
            c.i64(cast<MemRefType>(values.getType()).getNumElements()),
            c.pointer(buffers[op.getDims()])});
    return success();
  }
  if (auto op = dyn_cast<RuntimeOneHotOp>(root)) {
    auto type = cast<RankedTensorType>(op.getIndices().getType());
    int64_t axis = static_cast<int64_t>(op.getAxis()), outer = 1, inner = 1;
    for (int64_t d = 0; d < type.getRank(); ++d)
      (d < axis ? outer : inner) *= type.getDimSize(d);
    Value values = buffers[op.getValues()];
    c.call(module, "loom_ukernel_runtime_one_hot",
           {c.pointer(buffers[op.getIndices()]), c.i64(outer), c.i64(inner),
            c.pointer(buffers[op.getDepth()]),
            c.pointer(buffers[op.getOffOn()]),
            c.i64(elementBytes(
                cast<MemRefType>(values.getType()).getElementType())),
            c.array(type.getShape()), c.i64(type.getRank() + 1), c.i64(axis),
            c.i64(static_cast<int64_t>(op.getBound())), c.pointer(values),
            c.i64(cast<MemRefType>(values.getType()).getNumElements()),
            c.pointer(buffers[op.getDims()])});
    return success();
  }
  return std::nullopt;
}

void buildReshapeToShape(CallBuilder &c, ModuleOp module, ReshapeToShapeOp op,
                         Value input, Value shape, Value values, Value dims) {
  auto type = cast<MemRefType>(input.getType());
  c.call(module, "loom_ukernel_reshape_to_shape",
         {c.pointer(input), c.array(type.getShape()), c.i64(type.getRank()),
          c.i64(type.getNumElements()),
          c.i64(elementBytes(type.getElementType())), c.pointer(shape),
          c.i64(cast<MemRefType>(shape.getType()).getNumElements()),
          c.i64(op.getAllowzero()),
          c.i64(ReshapeToShapeOp::dimBound(
              cast<RankedTensorType>(op.getInput().getType()))),
          c.pointer(values), c.pointer(dims)});
}

/// An op of run-time axes (ir/LoomDataShapedAxesOps.td) as a call of its
/// micro-kernel (backends/cpu/ukernels/data_shaped_axes.c); false when
/// `root` is none.
bool buildRuntimeAxes(CallBuilder &c, ModuleOp module, Operation *root,
                      DenseMap<Value, Value> &buffers) {
  if (auto op = dyn_cast<RuntimePadOp>(root)) {
    static_assert(LOOM_UKERNEL_PAD_REFLECT ==
                          static_cast<int>(PadMode::reflect) &&
                      LOOM_UKERNEL_PAD_EDGE == static_cast<int>(PadMode::edge),
                  "the micro-kernel's pad modes are PadMode's");
    auto type = cast<MemRefType>(buffers[op.getInput()].getType());
    Value values = buffers[op.getValues()];
    Value value = op.getValue()
                      ? c.pointer(buffers[op.getValue()])
                      : c.null();
    c.call(module, "loom_ukernel_runtime_pad",
           {c.pointer(buffers[op.getInput()]), c.array(type.getShape()),
            c.i64(type.getRank()), c.i64(elementBytes(type.getElementType())),
            c.pointer(buffers[op.getPads()]), value,
            c.i64(static_cast<int64_t>(op.getMode())),
            c.i64(static_cast<int64_t>(op.getBound())),
            c.array(SmallVector<int64_t>(type.getRank(), 0)),
            c.pointer(values),
            c.i64(cast<MemRefType>(values.getType()).getNumElements()),
            c.pointer(buffers[op.getDims()])});
    return true;
  }
  Value input, axes, values, dims;
  if (auto op = dyn_cast<RuntimeUnsqueezeOp>(root))
    input = op.getInput(), axes = op.getAxes(), values = op.getValues(),
    dims = op.getDims();
  else if (auto op = dyn_cast<RuntimeSqueezeOp>(root))
    input = op.getInput(), axes = op.getAxes(), values = op.getValues(),
    dims = op.getDims();
  else if (auto op = dyn_cast<RuntimeReduceSumOp>(root))
    input = op.getInput(), axes = op.getAxes(), values = op.getValues(),
    dims = op.getDims();
  else
    return false;
  auto type = cast<MemRefType>(buffers[input].getType());
  int64_t count = cast<RankedTensorType>(axes.getType()).getDimSize(0);
  int64_t rank = type.getRank();
  // Scratch: a flag per dimension (of the result for Unsqueeze), and the
  // reduction's index.
  SmallVector<int64_t> scratch(rank + count, 0);
  Value marked = c.array(scratch);
  if (auto op = dyn_cast<RuntimeReduceSumOp>(root)) {
    Type element = type.getElementType();
    auto valuesType = cast<MemRefType>(buffers[values].getType());
    c.call(module, "loom_ukernel_runtime_reduce_sum",
           {c.pointer(buffers[input]), c.array(type.getShape()), c.i64(rank),
            c.i64(type.getNumElements()),
            c.i64(isa<FloatType>(element) ? LOOM_UKERNEL_FLOAT
                                          : LOOM_UKERNEL_SIGNED),
            c.i64(elementBytes(element)), c.pointer(buffers[axes]),
            c.i64(count), c.i64(op.getKeepdims()), marked, c.array(scratch),
            c.pointer(buffers[values]), c.i64(valuesType.getNumElements()),
            c.pointer(buffers[dims])});
    return true;
  }
  c.call(module, "loom_ukernel_runtime_reshape_axes",
         {c.pointer(buffers[input]), c.array(type.getShape()), c.i64(rank),
          c.i64(type.getNumElements()),
          c.i64(elementBytes(type.getElementType())), c.pointer(buffers[axes]),
          c.i64(count), c.i64(isa<RuntimeSqueezeOp>(root)), marked,
          c.pointer(buffers[values]), c.pointer(buffers[dims])});
  return true;
}

/// `type` read as [outer, size, inner] around `axis`.
struct AxisSplit {
  int64_t outer = 1, size = 1, inner = 1;
  AxisSplit(MemRefType type, int64_t axis) : size(type.getDimSize(axis)) {
    for (int64_t d = 0; d < axis; ++d)
      outer *= type.getDimSize(d);
    for (int64_t d = axis + 1; d < type.getRank(); ++d)
      inner *= type.getDimSize(d);
  }
};

void buildRuntimeSlice(CallBuilder &c, ModuleOp module, RuntimeSliceOp op,
                       DenseMap<Value, Value> &buffers) {
  Value input = buffers[op.getInput()], values = buffers[op.getValues()];
  auto type = cast<MemRefType>(input.getType());
  c.call(module, "loom_ukernel_runtime_slice",
         {c.pointer(input), c.array(type.getShape()), c.i64(type.getRank()),
          c.i64(elementBytes(type.getElementType())),
          c.pointer(buffers[op.getStarts()]), c.pointer(buffers[op.getEnds()]),
          c.pointer(buffers[op.getAxes()]), c.pointer(buffers[op.getSteps()]),
          c.i64(cast<RankedTensorType>(op.getStarts().getType()).getDimSize(0)),
          c.pointer(values),
          c.i64(cast<MemRefType>(values.getType()).getNumElements()),
          c.pointer(buffers[op.getDims()])});
}

void buildRuntimeTopK(OpBuilder &b, CallBuilder &c, ModuleOp module,
                      RuntimeTopKOp op, DenseMap<Value, Value> &buffers) {
  Value input = buffers[op.getInput()], values = buffers[op.getValues()];
  auto type = cast<MemRefType>(input.getType());
  int64_t axis = static_cast<int64_t>(op.getAxis());
  AxisSplit view(type, axis);
  Value scratch = memref::AllocOp::create(
      b, op.getLoc(),
      MemRefType::get({std::max<int64_t>(2 * view.size, 1)}, b.getI64Type()));
  c.call(module, "loom_ukernel_runtime_topk",
         {c.pointer(input), c.i64(elementBytes(type.getElementType())),
          c.i64(elementKind(type.getElementType())), c.i64(view.outer),
          c.i64(view.size), c.i64(view.inner), c.array(type.getShape()),
          c.i64(type.getRank()), c.i64(axis), c.pointer(buffers[op.getK()]),
          c.i64(op.getLargest()), c.pointer(values),
          c.pointer(buffers[op.getIndices()]),
          c.i64(cast<MemRefType>(values.getType()).getNumElements()),
          c.pointer(scratch), c.pointer(buffers[op.getDims()])});
}

/// One call per part, each checking the sizes and copying its part.
void buildRuntimeSplit(CallBuilder &c, ModuleOp module, RuntimeSplitOp op,
                       DenseMap<Value, Value> &buffers) {
  Value input = buffers[op.getInput()];
  auto type = cast<MemRefType>(input.getType());
  int64_t axis = static_cast<int64_t>(op.getAxis());
  AxisSplit view(type, axis);
  int64_t parts = static_cast<int64_t>(op.getOutputs().size());
  Value shape = c.array(type.getShape());
  for (int64_t part = 0; part < parts; ++part) {
    Value values = buffers[op.getOutputs()[part]];
    c.call(module, "loom_ukernel_runtime_split",
           {c.pointer(input), c.i64(elementBytes(type.getElementType())),
            c.i64(view.outer), c.i64(view.size), c.i64(view.inner),
            shape, c.i64(type.getRank()), c.i64(axis),
            c.pointer(buffers[op.getSplit()]), c.i64(parts), c.i64(part),
            c.pointer(values),
            c.i64(cast<MemRefType>(values.getType()).getNumElements()),
            c.pointer(buffers[op.getDims()[part]])});
  }
}

/// Resize by run-time scales or sizes: f32 and f64 only, its tap tables in
/// heap scratch (a dimension's bound can be large).
LogicalResult buildRuntimeResize(OpBuilder &b, CallBuilder &c, ModuleOp module,
                                 RuntimeResizeOp op,
                                 DenseMap<Value, Value> &buffers) {
  static_assert(LOOM_UKERNEL_RESIZE_CUBIC ==
                        static_cast<int>(ResizeMode::cubic) &&
                    LOOM_UKERNEL_RESIZE_TF_CROP_AND_RESIZE ==
                        static_cast<int>(
                            CoordinateTransform::tf_crop_and_resize) &&
                    LOOM_UKERNEL_ROUND_FLOOR_GROWING_CEIL_SHRINKING ==
                        static_cast<int>(
                            NearestRounding::floor_growing_ceil_shrinking),
                "the micro-kernel's resize options are the dialect's enums");
  Value input = buffers[op.getInput()], values = buffers[op.getValues()];
  auto type = cast<MemRefType>(input.getType());
  Type element = type.getElementType();
  if (!element.isF32() && !element.isF64())
    return op.emitOpError("has no CPU micro-kernel for ")
           << element << " elements (f32 and f64 only)";
  int64_t rank = type.getRank();
  SmallVector<int64_t> bounds = RuntimeResizeOp::dimBounds(
      cast<RankedTensorType>(op.getInput().getType()),
      static_cast<int64_t>(op.getBound()));
  int64_t stride = *llvm::max_element(bounds);
  Location loc = op.getLoc();
  auto scratch = [&](Type type, int64_t length) {
    return c.pointer(memref::AllocOp::create(
        b, loc, MemRefType::get({length}, type)));
  };
  SmallVector<int64_t> options(LOOM_UKERNEL_RESIZE_OPTIONS, 0);
  options[LOOM_UKERNEL_RESIZE_OPTION_MODE] = static_cast<int64_t>(op.getMode());
  options[LOOM_UKERNEL_RESIZE_OPTION_TRANSFORM] =
      static_cast<int64_t>(op.getCoordinateTransform());
  options[LOOM_UKERNEL_RESIZE_OPTION_ROUNDING] =
      static_cast<int64_t>(op.getNearestRounding());
  options[LOOM_UKERNEL_RESIZE_OPTION_EXCLUDE_OUTSIDE] = op.getExcludeOutside();
  options[LOOM_UKERNEL_RESIZE_OPTION_BY_SIZES] = op.bySizes();
  options[LOOM_UKERNEL_RESIZE_OPTION_ENLARGE_ONLY] = op.getEnlargeOnly();
  c.call(module, "loom_ukernel_runtime_resize",
         {c.pointer(input), c.array(type.getShape()), c.i64(rank),
          c.i64(elementBytes(element)), c.pointer(buffers[op.getTarget()]),
          op.getRoi() ? c.pointer(buffers[op.getRoi()]) : c.null(),
          c.array(options),
          c.doubles({op.getCubicCoeffA().convertToDouble(),
                     op.getExtrapolationValue().convertToDouble()}),
          c.array(bounds), c.i64(stride),
          scratch(b.getI64Type(), rank * stride * 4),
          scratch(b.getF64Type(), rank * stride * 4),
          scratch(b.getI64Type(), rank * stride),
          c.array(SmallVector<int64_t>(2 * rank, 0)), c.pointer(values),
          c.i64(cast<MemRefType>(values.getType()).getNumElements()),
          c.pointer(buffers[op.getDims()])});
  return success();
}

/// Rewrites `kernel` when it holds a data-shaped op.
LogicalResult lowerKernel(func::FuncOp kernel, ModuleOp module) {
  Block &body = kernel.getBody().front();
  Operation *root = nullptr;
  for (Operation &op : body.without_terminator())
    if (isDataShaped(&op))
      root = &op;
  if (!root)
    return success();
  for (Operation &op : body.without_terminator())
    if (&op != root)
      return op.emitOpError("shares a kernel with ")
             << root->getName()
             << ", whose result size depends on data; such an op must be "
                "alone in its kernel";

  MLIRContext *context = kernel.getContext();
  auto bufferOf = [](Type type) -> Type {
    auto tensor = cast<RankedTensorType>(type);
    return MemRefType::get(tensor.getShape(), tensor.getElementType());
  };
  SmallVector<Type> arguments;
  for (Type type : kernel.getArgumentTypes())
    arguments.push_back(bufferOf(type));
  for (Type type : kernel.getResultTypes())
    arguments.push_back(bufferOf(type));

  // The new body is built after the old one, which then goes.
  auto *block = new Block();
  kernel.getBody().push_back(block);
  for (Type type : arguments)
    block->addArgument(type, kernel.getLoc());
  OpBuilder b = OpBuilder::atBlockBegin(block);
  Location loc = root->getLoc();
  // Each operand's buffer; each result's output buffer, or a temporary
  // when the kernel does not return it.
  DenseMap<Value, Value> buffers;
  for (BlockArgument argument : body.getArguments())
    buffers[argument] = block->getArgument(argument.getArgNumber());
  auto returned = cast<func::ReturnOp>(body.getTerminator());
  for (auto [index, value] : llvm::enumerate(returned.getOperands()))
    buffers[value] = block->getArgument(kernel.getNumArguments() + index);
  for (Value result : root->getResults())
    if (!buffers.count(result))
      buffers[result] = memref::AllocOp::create(
          b, loc, cast<MemRefType>(bufferOf(result.getType())));

  CallBuilder c(b, loc);
  if (std::optional<LogicalResult> built =
          buildGenerator(c, module, root, buffers)) {
    if (failed(*built))
      return failure();
  } else if (auto op = dyn_cast<NonZeroOp>(root))
    buildNonZero(c, module, op, buffers[op.getInput()],
                 buffers[op.getValues()], buffers[op.getDims()]);
  else if (auto op = dyn_cast<CompressOp>(root))
    buildCompress(c, module, op, buffers[op.getInput()],
                  buffers[op.getCondition()], buffers[op.getValues()],
                  buffers[op.getDims()]);
  else if (auto op = dyn_cast<UniqueOp>(root))
    buildUnique(c, module, op, buffers);
  else if (auto op = dyn_cast<ReshapeToShapeOp>(root))
    buildReshapeToShape(c, module, op, buffers[op.getInput()],
                        buffers[op.getShape()], buffers[op.getValues()],
                        buffers[op.getDims()]);
  else if (auto op = dyn_cast<RuntimeSliceOp>(root))
    buildRuntimeSlice(c, module, op, buffers);
  else if (auto op = dyn_cast<RuntimeResizeOp>(root)) {
    if (failed(buildRuntimeResize(b, c, module, op, buffers)))
      return failure();
  }
  else if (auto op = dyn_cast<RuntimeTopKOp>(root))
    buildRuntimeTopK(b, c, module, op, buffers);
  else if (auto op = dyn_cast<RuntimeSplitOp>(root))
    buildRuntimeSplit(c, module, op, buffers);
  else if (auto op = dyn_cast<NonMaxSuppressionOp>(root)) {
    if (failed(buildNonMaxSuppression(b, c, module, op, buffers)))
      return failure();
  } else if (!buildRuntimeAxes(c, module, root, buffers))
    return root->emitOpError("has no CPU micro-kernel");
  func::ReturnOp::create(b, kernel.getLoc());

  body.dropAllDefinedValueUses();
  body.dropAllReferences();
  body.erase();
  kernel.setType(FunctionType::get(context, arguments, {}));
  kernel.removeArgAttrsAttr();
  kernel.removeResAttrsAttr();
  return success();
}

struct LoomCpuDataShapedToUkernelPass
    : impl::LoomCpuDataShapedToUkernelBase<LoomCpuDataShapedToUkernelPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> kernels;
    for (auto function : module.getOps<func::FuncOp>())
      if (isKernel(function) && !function.isExternal())
        kernels.push_back(function);
    for (func::FuncOp kernel : kernels)
      if (failed(lowerKernel(kernel, module)))
        return signalPassFailure();
  }
};

} // namespace
} // namespace loom::cpu
