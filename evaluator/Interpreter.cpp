//===- Interpreter.cpp - Walks loom functions and runs kernels ---------------===//
//
// Part of the Loom project.
//
// The interpreter binds values to tensors, widens operands to their compute
// types, runs each op's kernel and rounds its results back to the declared
// element types. The kernels themselves live in one file per op group.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Kernels.h"

#include "ir/LoomOps.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/BuiltinDialect.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

#include <cstring>

using namespace mlir;

namespace loom::eval {

//===----------------------------------------------------------------------===//
// Types and attributes
//===----------------------------------------------------------------------===//

std::optional<DType> dtypeOf(Type elementType) {
  if (elementType.isF32()) return DType::F32;
  if (elementType.isF16()) return DType::F16;
  if (elementType.isBF16()) return DType::BF16;
  if (elementType.isF64()) return DType::F64;
  if (elementType.isSignlessInteger(1)) return DType::I1;
  if (elementType.isSignlessInteger(8)) return DType::I8;
  if (elementType.isSignlessInteger(32)) return DType::I32;
  if (elementType.isSignlessInteger(64)) return DType::I64;
  if (elementType.isSignlessInteger(16)) return DType::I16;
  if (elementType.isUnsignedInteger(8)) return DType::UI8;
  if (elementType.isUnsignedInteger(16)) return DType::UI16;
  if (elementType.isUnsignedInteger(32)) return DType::UI32;
  if (elementType.isUnsignedInteger(64)) return DType::UI64;
  return std::nullopt;
}

Type elementTypeOf(MLIRContext *context, DType type) {
  Builder builder(context);
  switch (type) {
  case DType::F32: return builder.getF32Type();
  case DType::F16: return builder.getF16Type();
  case DType::BF16: return builder.getBF16Type();
  case DType::F64: return builder.getF64Type();
  case DType::I1: return builder.getI1Type();
  case DType::I8: return builder.getI8Type();
  case DType::I32: return builder.getI32Type();
  case DType::I64: return builder.getI64Type();
  case DType::I16: return builder.getI16Type();
  case DType::UI8: return builder.getIntegerType(8, /*isSigned=*/false);
  case DType::UI16: return builder.getIntegerType(16, /*isSigned=*/false);
  case DType::UI32: return builder.getIntegerType(32, /*isSigned=*/false);
  case DType::UI64: return builder.getIntegerType(64, /*isSigned=*/false);
  }
  return {};
}

namespace {

/// Copies raw little-endian element bytes (one element per dtypeSize).
Tensor tensorFromRawData(DType type, Shape shape, ArrayRef<char> data,
                         bool splat) {
  Tensor tensor(type, std::move(shape));
  size_t elementSize = dtypeSize(type);
  if (splat) {
    for (int64_t i = 0; i < tensor.numElements(); ++i)
      std::memcpy(tensor.bytes() + i * elementSize, data.data(), elementSize);
  } else if (tensor.byteSize()) { // an empty tensor has no buffer
    std::memcpy(tensor.bytes(), data.data(), tensor.byteSize());
  }
  return tensor;
}

} // namespace

FailureOr<Tensor> tensorFromAttr(ElementsAttr attr) {
  auto type = cast<ShapedType>(attr.getType());
  std::optional<DType> dtype = dtypeOf(type.getElementType());
  if (!dtype || !type.hasStaticShape())
    return failure();
  Shape shape(type.getShape().begin(), type.getShape().end());

  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || *dtype == DType::I1)
      return failure();
    ArrayRef<char> data = blob->getData();
    if (static_cast<int64_t>(data.size()) !=
        numElementsOf(shape) * static_cast<int64_t>(dtypeSize(*dtype)))
      return failure();
    return tensorFromRawData(*dtype, std::move(shape), data, /*splat=*/false);
  }

  auto dense = dyn_cast<DenseElementsAttr>(attr);
  if (!dense)
    return failure();
  // Raw storage matches Tensor's layout for every type but i1 (bit-packed).
  if (*dtype != DType::I1)
    return tensorFromRawData(*dtype, std::move(shape), dense.getRawData(),
                             dense.isSplat());
  Tensor tensor(*dtype, std::move(shape));
  int64_t index = 0;
  for (bool value : dense.getValues<bool>())
    tensor.data<uint8_t>()[index++] = value;
  return tensor;
}

DenseElementsAttr attrFromTensor(const Tensor &tensor, RankedTensorType type) {
  if (tensor.dtype() == DType::I1) {
    SmallVector<bool> values(tensor.data<uint8_t>(),
                             tensor.data<uint8_t>() + tensor.numElements());
    return DenseElementsAttr::get(type, values);
  }
  ArrayRef<char> raw(reinterpret_cast<const char *>(tensor.bytes()),
                     tensor.byteSize());
  return DenseElementsAttr::getFromRawBuffer(type, raw);
}

//===----------------------------------------------------------------------===//
// Kernel helpers
//===----------------------------------------------------------------------===//

DType computeType(DType declared, Precision precision) {
  if (!isFloat(declared))
    return declared;
  if (precision == Precision::F64)
    return DType::F64;
  return declared == DType::F64 ? DType::F64 : DType::F32;
}

Tensor convertTensor(const Tensor &tensor, DType type) {
  if (tensor.dtype() == type)
    return tensor;
  Tensor result(type, tensor.shape());
  bool exactIntegers = isInteger(type) && isInteger(tensor.dtype());
  for (int64_t i = 0; i < tensor.numElements(); ++i) {
    if (exactIntegers)
      result.setInt(i, tensor.getInt(i));
    else
      result.setDouble(i, tensor.getDouble(i));
  }
  return result;
}

Shape broadcastStrides(const Shape &shape, const Shape &target) {
  Shape strides(target.size(), 0);
  Shape own = rowMajorStrides(shape);
  size_t offset = target.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i)
    strides[offset + i] = shape[i] == 1 ? 0 : own[i];
  return strides;
}

llvm::Error kernelError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

DType KernelContext::declaredResultType(unsigned index) const {
  return *dtypeOf(getElementTypeOrSelf(op->getResult(index).getType()));
}

DType KernelContext::resultType(unsigned index) const {
  return computeType(declaredResultType(index), precision);
}

Shape KernelContext::resultShape(unsigned index) const {
  auto type = cast<RankedTensorType>(op->getResult(index).getType());
  return Shape(type.getShape().begin(), type.getShape().end());
}

const KernelFn *KernelRegistry::lookup(Operation *op) const {
  std::optional<RegisteredOperationName> name = op->getRegisteredInfo();
  if (!name)
    return nullptr;
  auto it = kernels.find(name->getTypeID());
  return it == kernels.end() ? nullptr : &it->second;
}

const KernelRegistry &kernelRegistry() {
  static const KernelRegistry registry = [] {
    KernelRegistry registry;
    registerElementwiseKernels(registry);
    registerNNKernels(registry);
    registerReductionKernels(registry);
    registerDataMovementKernels(registry);
    registerIndexingKernels(registry);
    registerDataShapedKernels(registry);
    registerDataShapedAxesKernels(registry);
    registerDataShapedViewKernels(registry);
    registerDataShapedGeneratorKernels(registry);
    return registry;
  }();
  return registry;
}

bool hasKernel(Operation *op) { return kernelRegistry().lookup(op) != nullptr; }

namespace {
/// a * b, or INT64_MAX when that overflows.
int64_t saturatingMul(int64_t a, int64_t b) {
  int64_t product;
  return __builtin_mul_overflow(a, b, &product) ? INT64_MAX : product;
}
int64_t saturatingAdd(int64_t a, int64_t b) {
  int64_t sum;
  return __builtin_add_overflow(a, b, &sum) ? INT64_MAX : sum;
}
int64_t elementsOf(Type type) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType || !tensorType.hasStaticShape())
    return INT64_MAX;
  int64_t count = 1;
  for (int64_t dim : tensorType.getShape())
    count = saturatingMul(count, dim);
  return count;
}
int64_t productOf(ArrayRef<int64_t> values) {
  int64_t count = 1;
  for (int64_t value : values)
    count = saturatingMul(count, value);
  return count;
}
} // namespace

int64_t evaluationCost(Operation *op) {
  int64_t elements = 0;
  for (Type type : op->getOperandTypes())
    elements = saturatingAdd(elements, elementsOf(type));
  for (Type type : op->getResultTypes())
    elements = saturatingAdd(elements, elementsOf(type));
  int64_t result = op->getNumResults() ? elementsOf(op->getResultTypes()[0]) : 0;
  // Per result element: the extent each one reduces over.
  int64_t extent = 1;
  if (isa<MatmulOp, MatmulIntegerOp>(op)) {
    extent = cast<RankedTensorType>(op->getOperand(0).getType()).getShape().back();
  } else if (isa<ConvOp, ConvIntegerOp>(op)) {
    auto filter = cast<RankedTensorType>(op->getOperand(1).getType());
    extent = productOf(filter.getShape().drop_front());
  } else if (auto convT = dyn_cast<ConvTransposeOp>(op)) {
    // Each input element scatters into O/groups x K outputs.
    auto filter = cast<RankedTensorType>(convT.getFilter().getType());
    result = elementsOf(convT.getInput().getType());
    extent = productOf(filter.getShape().drop_front());
  } else if (auto pool = dyn_cast<MaxPoolOp>(op)) {
    extent = productOf(pool.getKernel());
  } else if (auto pool = dyn_cast<AvgPoolOp>(op)) {
    extent = productOf(pool.getKernel());
  }
  return saturatingAdd(elements, saturatingMul(result, extent));
}

//===----------------------------------------------------------------------===//
// Interpretation
//===----------------------------------------------------------------------===//

namespace {

/// The declared dtype and static shape of a value, or failure with a reason.
FailureOr<std::pair<DType, Shape>> staticTypeOf(Type type, std::string &why) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType) {
    why = "is not a ranked tensor";
    return failure();
  }
  std::optional<DType> dtype = dtypeOf(tensorType.getElementType());
  if (!dtype) {
    why = "has an element type the evaluator does not support";
    return failure();
  }
  if (!tensorType.hasStaticShape()) {
    why = "has a dynamic shape; run loom-refine-shapes first";
    return failure();
  }
  return std::make_pair(
      *dtype, Shape(tensorType.getShape().begin(), tensorType.getShape().end()));
}

/// The type the evaluator keeps a value of declared type `declared` in
/// between ops: f64 for floats at Precision::F64, else the declared type.
DType storedType(DType declared, const Options &options) {
  return options.precision == Precision::F64 && isFloat(declared)
             ? DType::F64
             : declared;
}

/// Runs the ops of `block` (every op but its terminator) on `arguments`,
/// which are in their stored types; returns the terminator's operands in
/// their stored types.
FailureOr<std::vector<Tensor>> evaluateBlock(Block &block,
                                             std::vector<Tensor> arguments,
                                             const Options &options,
                                             bool emitErrors) {
  llvm::DenseMap<Value, Tensor> values;
  for (auto [argument, tensor] : llvm::zip(block.getArguments(), arguments))
    values[argument] = std::move(tensor);
  for (Operation &op : block.without_terminator()) {
    // Sharding annotations say where a value lives, not what it is.
    if (isa<shard::ShardingOp>(op))
      continue;
    if (auto annotation = dyn_cast<shard::ShardOp>(op)) {
      values[annotation.getResult()] = values[annotation.getSrc()];
      continue;
    }
    SmallVector<Tensor> operands;
    for (Value operand : op.getOperands())
      operands.push_back(values[operand]);
    FailureOr<std::vector<Tensor>> results =
        evaluateOp(&op, operands, options, emitErrors);
    if (failed(results))
      return failure();
    for (auto [result, tensor] : llvm::zip(op.getResults(), *results))
      values[result] = std::move(tensor);
  }
  std::vector<Tensor> yielded;
  for (Value operand : block.getTerminator()->getOperands())
    yielded.push_back(values[operand]);
  return yielded;
}

/// Entry `t` of `stacked` along dimension 0, which has `length` entries.
Tensor entryOf(const Tensor &stacked, int64_t length, int64_t t) {
  Shape shape(stacked.shape().begin() + 1, stacked.shape().end());
  Tensor entry(stacked.dtype(), shape);
  size_t bytes = stacked.byteSize() / static_cast<size_t>(length);
  if (bytes)
    std::memcpy(entry.bytes(), stacked.bytes() + t * bytes, bytes);
  return entry;
}

/// loom.scan: the body once per iteration, values kept in their stored
/// types from one iteration to the next (so Precision::F64 carries f64).
FailureOr<std::vector<Tensor>> evaluateScan(ScanOp scan,
                                            ArrayRef<Tensor> operands,
                                            const Options &options,
                                            bool emitErrors) {
  auto stored = [&](const Tensor &tensor) {
    return convertTensor(tensor, storedType(tensor.dtype(), options));
  };
  int64_t length = scan.getLength();
  unsigned numCarried = scan.getInits().size();
  unsigned numScanned = scan.getScanned().size();
  std::vector<Tensor> carried, scanned, invariants;
  for (unsigned i = 0; i < operands.size(); ++i)
    (i < numCarried ? carried
     : i < numCarried + numScanned ? scanned
                                   : invariants)
        .push_back(stored(operands[i]));
  std::vector<Tensor> stacks;
  for (Value result : scan.getStacked()) {
    auto type = cast<RankedTensorType>(result.getType());
    DType declared = *dtypeOf(type.getElementType());
    stacks.emplace_back(storedType(declared, options),
                        Shape(type.getShape().begin(), type.getShape().end()));
  }
  for (int64_t s = 0; s < length; ++s) {
    int64_t t = scan.getReverse() ? length - 1 - s : s;
    std::vector<Tensor> arguments;
    Tensor position(DType::I64, {});
    position.setInt(0, t);
    arguments.push_back(std::move(position));
    for (Tensor &value : carried)
      arguments.push_back(std::move(value));
    for (const Tensor &value : scanned)
      arguments.push_back(entryOf(value, length, t));
    for (const Tensor &value : invariants)
      arguments.push_back(value);
    FailureOr<std::vector<Tensor>> yielded = evaluateBlock(
        scan.getBodyBlock(), std::move(arguments), options, emitErrors);
    if (failed(yielded))
      return failure();
    for (unsigned i = 0; i < numCarried; ++i)
      carried[i] = std::move((*yielded)[i]);
    for (auto [stack, step] :
         llvm::zip(stacks, llvm::drop_begin(*yielded, numCarried))) {
      Tensor value = convertTensor(step, stack.dtype());
      if (value.byteSize())
        std::memcpy(stack.bytes() + t * value.byteSize(), value.bytes(),
                    value.byteSize());
    }
  }
  std::vector<Tensor> results = std::move(carried);
  for (Tensor &stack : stacks)
    results.push_back(std::move(stack));
  return results;
}

/// loom.if: the region the condition chooses, on the invariants.
FailureOr<std::vector<Tensor>> evaluateIf(IfOp choice,
                                          ArrayRef<Tensor> operands,
                                          const Options &options,
                                          bool emitErrors) {
  std::vector<Tensor> invariants;
  for (const Tensor &operand : operands.drop_front())
    invariants.push_back(
        convertTensor(operand, storedType(operand.dtype(), options)));
  Region &region = operands.front().getInt(0) != 0 ? choice.getThenRegion()
                                                   : choice.getElseRegion();
  return evaluateBlock(region.front(), std::move(invariants), options,
                       emitErrors);
}

} // namespace

FailureOr<std::vector<Tensor>> evaluateOp(Operation *op,
                                          ArrayRef<Tensor> operands,
                                          const Options &options,
                                          bool emitErrors) {
  auto fail = [&](const Twine &message) -> FailureOr<std::vector<Tensor>> {
    if (emitErrors)
      op->emitError() << "evaluator: " << message;
    return failure();
  };
  if (auto scan = dyn_cast<ScanOp>(op))
    return evaluateScan(scan, operands, options, emitErrors);
  if (auto choice = dyn_cast<IfOp>(op))
    return evaluateIf(choice, operands, options, emitErrors);
  const KernelFn *kernel = kernelRegistry().lookup(op);
  if (!kernel)
    return fail("no kernel for '" + op->getName().getStringRef() + "'");
  std::string why;
  for (auto [index, result] : llvm::enumerate(op->getResults()))
    if (failed(staticTypeOf(result.getType(), why)))
      return fail("result #" + Twine(index) + " " + why);

  std::vector<Tensor> widened;
  widened.reserve(operands.size());
  for (const Tensor &operand : operands)
    widened.push_back(
        convertTensor(operand, computeType(operand.dtype(), options.precision)));

  KernelContext context(op, options.precision);
  KernelResult results = (*kernel)(context, widened);
  if (!results)
    return fail(llvm::toString(results.takeError()));

  // Round to the declared element types (native precision), or keep f64.
  for (auto [result, value] : llvm::zip(op->getResults(), *results)) {
    DType declared = *dtypeOf(getElementTypeOrSelf(result.getType()));
    DType stored = options.precision == Precision::F64 && isFloat(declared)
                       ? DType::F64
                       : declared;
    value = convertTensor(value, stored);
  }
  return std::move(*results);
}

FailureOr<std::vector<Tensor>> evaluateFunction(func::FuncOp function,
                                                ArrayRef<Tensor> inputs,
                                                const Options &options) {
  if (function.isExternal())
    return function.emitError("evaluator: function has no body");
  if (inputs.size() != function.getNumArguments())
    return function.emitError("evaluator: expected ")
           << function.getNumArguments() << " inputs, got " << inputs.size();

  llvm::DenseMap<Value, Tensor> values;
  for (auto [index, argument] : llvm::enumerate(function.getArguments())) {
    std::string why;
    FailureOr<std::pair<DType, Shape>> expected =
        staticTypeOf(argument.getType(), why);
    if (failed(expected))
      return function.emitError("evaluator: argument #") << index << " " << why;
    const Tensor &input = inputs[index];
    if (input.dtype() != expected->first || input.shape() != expected->second)
      return function.emitError("evaluator: input #")
             << index << " is " << shapeString(input.shape(), input.dtype())
             << " but the function expects "
             << shapeString(expected->second, expected->first);
    DType stored = options.precision == Precision::F64 && isFloat(input.dtype())
                       ? DType::F64
                       : input.dtype();
    values[argument] = convertTensor(input, stored);
  }

  std::vector<Tensor> arguments;
  for (BlockArgument argument : function.getArguments())
    arguments.push_back(std::move(values[argument]));
  Block &body = function.getBody().front();
  if (!isa<func::ReturnOp>(body.getTerminator()))
    return function.emitError("evaluator: function body has no return");
  FailureOr<std::vector<Tensor>> returned =
      evaluateBlock(body, std::move(arguments), options, /*emitErrors=*/true);
  if (failed(returned))
    return failure();
  std::vector<Tensor> results;
  for (auto [operand, value] :
       llvm::zip(body.getTerminator()->getOperands(), *returned)) {
    DType declared = *dtypeOf(getElementTypeOrSelf(operand.getType()));
    results.push_back(convertTensor(value, declared));
  }
  return results;
}

} // namespace loom::eval

namespace loom::eval {

FailureOr<std::vector<Tensor>> modelOutputs(func::FuncOp function,
                                            std::vector<Tensor> results) {
  SmallVector<bool> hidden = dimsResults(function);
  std::vector<Tensor> outputs;
  for (unsigned i = 0; i < results.size(); ++i) {
    if (hidden[i])
      continue;
    auto shape = function.getResultAttrOfType<DataShapeAttr>(
        i, LoomDialect::DataShapeAttrHelper::getNameStr());
    if (!shape) {
      outputs.push_back(std::move(results[i]));
      continue;
    }
    const Tensor &dims = results[shape.getDims()];
    Shape actual;
    for (int64_t d = 0; d < dims.numElements(); ++d) {
      int64_t size = dims.getInt(d);
      if (size < 0 || size > shape.getBounds()[d])
        return function.emitError("result #")
               << i << " has dimension " << d << " of size " << size
               << ", outside its bounds 0 to " << shape.getBounds()[d];
      actual.push_back(size);
    }
    Tensor trimmed(results[i].dtype(), actual);
    if (trimmed.numElements() > shape.getElementBound())
      return function.emitError("result #")
             << i << " has " << trimmed.numElements()
             << " elements, above its element bound "
             << shape.getElementBound();
    if (trimmed.byteSize())
      std::memcpy(trimmed.bytes(), results[i].bytes(), trimmed.byteSize());
    outputs.push_back(std::move(trimmed));
  }
  return outputs;
}

} // namespace loom::eval
