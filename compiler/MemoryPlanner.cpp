//===- MemoryPlanner.cpp - Buffers for every tensor of @main --------------===//
//
// Part of the Loom project.
//
// The plan is built on "storages": the sets of values that share one buffer
// (a value, its reshape views, and the results of elementwise kernels
// written over it, which have its shape and element size). Storages of
// kernel results that are not returned go to the arena, where a storage
// occupies its bytes from the call that defines its first value to the last
// use of any of its values; both ends count, as a kernel reads its
// arguments while it writes its results. Offsets are
// chosen greedily, largest storage first, each into the smallest gap between
// the storages already placed that are alive at the same time (best fit).
//
//===----------------------------------------------------------------------===//

#include "compiler/MemoryPlanner.h"

#include "evaluator/Evaluator.h"
#include "ir/LoomDialect.h"
#include "ir/LoomOps.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <limits>

using namespace mlir;

namespace loom {

FailureOr<uint64_t> tensorByteSize(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return failure();
  std::optional<DType> dtype = eval::dtypeOf(tensor.getElementType());
  if (!dtype)
    return failure();
  uint64_t bytes = dtypeSize(*dtype);
  for (int64_t dim : tensor.getShape())
    if (__builtin_mul_overflow(bytes, static_cast<uint64_t>(dim), &bytes))
      return failure();
  return bytes;
}

bool isConstantSlice(Value value) {
  if (value.getDefiningOp<ConstantOp>())
    return true;
  if (auto slice = value.getDefiningOp<shard::AllSliceOp>())
    return isConstantSlice(slice.getInput());
  return false;
}

namespace {

/// Values that share one buffer.
struct Storage {
  PlannedBufferKind kind = PlannedBufferKind::Arena;
  /// The input or output number for Input and Output storages.
  uint64_t number = 0;
  uint64_t byteSize = 0;
  /// Whether its values carry the symbolic dimension.
  bool sliced = false;
  unsigned firstUse = 0, lastUse = 0;
  SmallVector<Value> values;
  /// Set when the storage was merged into another one.
  bool merged = false;
};

class Planner {
public:
  Planner(func::FuncOp function, uint32_t alignment)
      : function(function), alignment(alignment) {}

  FailureOr<MemoryPlan> run();

private:
  LogicalResult numberOps();
  LogicalResult findSlices();
  /// The bytes `value` takes in the plan: at the bound when it is sliced.
  uint64_t plannedBytes(Value value) {
    uint64_t bytes = *tensorByteSize(value.getType());
    return sliced.contains(value) ? bytes * static_cast<uint64_t>(bound)
                                  : bytes;
  }
  unsigned newStorage(Value value, PlannedBufferKind kind, unsigned position);
  void addAlias(Value view, Value source);
  bool isElementwiseKernel(func::CallOp call);
  void writeInPlace(func::CallOp call);
  void assignOutputs();
  void placeArena();

  func::FuncOp function;
  /// Of arena buffers and the arena (PlannerConstraints).
  uint32_t alignment;
  MemoryPlan plan;
  std::vector<Storage> storages;
  llvm::DenseMap<Value, unsigned> storageOf;
  llvm::DenseMap<Operation *, unsigned> position;
  /// The last position at which each value is used (its definition when it
  /// has no use).
  llvm::DenseMap<Value, unsigned> lastUse;
  /// Storages holding a returned value (with reshape aliasing only), which
  /// must not be written over by another kernel.
  llvm::DenseSet<unsigned> returned;
  /// The plan's buffer of each storage, filled by assignOutputs.
  std::vector<unsigned> bufferOfStorage;
  /// The symbolic dimension's bound, 0 without one, and the values that
  /// carry it.
  int64_t bound = 0;
  llvm::DenseSet<Value> sliced;
};

/// The values of `callee`'s body that depend on the arguments in `inputs`
/// (`inputs` included).
llvm::DenseSet<Value> dependents(func::FuncOp callee,
                                 const llvm::DenseSet<Value> &inputs) {
  llvm::DenseSet<Value> reached = inputs;
  for (Operation &op : callee.getBody().front()) {
    bool reads = false;
    op.walk([&](Operation *inner) {
      for (Value operand : inner->getOperands())
        reads |= reached.contains(operand);
    });
    if (reads)
      for (Value result : op.getResults())
        reached.insert(result);
  }
  return reached;
}

LogicalResult Planner::findSlices() {
  MLIRContext *context = function.getContext();
  DimSymbolAttr symbol =
      LoomDialect::DimSymbolAttrHelper(context).getAttr(function);
  if (!symbol)
    return success();
  bound = symbol.getBound();
  if (bound < 1)
    return function.emitError("symbolic dimension '")
           << symbol.getName() << "' has bound " << bound
           << "; it needs at least 1";
  StringRef slicedDim = LoomDialect::SlicedDimAttrHelper(context).getName();
  for (BlockArgument argument : function.getArguments())
    if (function.getArgAttr(argument.getArgNumber(), slicedDim))
      sliced.insert(argument);
  for (Operation &op : function.front()) {
    if (auto reshape = dyn_cast<ReshapeOp>(op)) {
      if (sliced.contains(reshape.getInput()))
        sliced.insert(reshape.getResult());
      continue;
    }
    auto call = dyn_cast<func::CallOp>(op);
    if (!call || llvm::none_of(call.getOperands(), [&](Value operand) {
          return sliced.contains(operand);
        }))
      continue;
    auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
        call, call.getCalleeAttr());
    llvm::DenseSet<Value> inputs;
    for (auto [operand, argument] :
         llvm::zip(call.getOperands(), callee.getArguments()))
      if (sliced.contains(operand))
        inputs.insert(argument);
    llvm::DenseSet<Value> reached = dependents(callee, inputs);
    auto returnOp =
        cast<func::ReturnOp>(callee.getBody().front().getTerminator());
    for (auto [index, value] : llvm::enumerate(returnOp.getOperands())) {
      if (!reached.contains(value))
        return call.emitError("kernel @")
               << call.getCallee() << " computes result #" << index
               << " without symbolic dimension '" << symbol.getName()
               << "' beside results with it; each kernel of a sliced "
                  "program must be wholly sliced or not at all";
      sliced.insert(call.getResult(index));
    }
  }
  auto returnOp = cast<func::ReturnOp>(function.front().getTerminator());
  for (auto [index, value] : llvm::enumerate(returnOp.getOperands())) {
    bool carries = function.getResultAttr(index, slicedDim) != nullptr;
    if (carries && !sliced.contains(value))
      return function.emitError("output #")
             << index << " carries symbolic dimension '" << symbol.getName()
             << "' but is not computed from an input that has it";
    if (!carries && sliced.contains(value))
      return function.emitError("output #")
             << index << " is computed slice by slice but does not carry "
             << "symbolic dimension '" << symbol.getName() << "'";
  }
  return success();
}

LogicalResult Planner::numberOps() {
  if (!function.getBody().hasOneBlock())
    return function.emitError("memory planning needs @")
           << function.getSymName() << " to have a single block";
  auto checkType = [](Operation *op, Value value) -> LogicalResult {
    if (failed(tensorByteSize(value.getType())))
      return op->emitError("memory planning needs statically shaped tensors "
                           "of a Loom element type, not ")
             << value.getType();
    return success();
  };
  for (BlockArgument argument : function.getArguments())
    if (failed(checkType(function, argument)))
      return failure();
  unsigned next = 0;
  for (Operation &op : function.front()) {
    position[&op] = next++;
    if (!isa<func::CallOp, ConstantOp, ReshapeOp, func::ReturnOp,
             shard::AllReduceOp, shard::AllGatherOp, shard::ReduceScatterOp,
             shard::AllToAllOp, shard::AllSliceOp>(op))
      return op.emitError("memory planning expects @")
             << function.getSymName()
             << " to hold only kernel calls, loom.constant, loom.reshape, "
                "collectives and func.return after fusion";
    if (auto slice = dyn_cast<shard::AllSliceOp>(op);
        slice && !isConstantSlice(slice.getResult()))
      return op.emitError("a device-local slice of a computed tensor has no "
                          "artifact command; only constants are sliced");
    if (auto call = dyn_cast<func::CallOp>(op)) {
      auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
          call, call.getCalleeAttr());
      if (!callee || !isKernel(callee))
        return call.emitError("memory planning expects calls of `loom.kernel` "
                              "functions, and @")
               << call.getCallee() << " is not one";
    }
    for (Value result : op.getResults())
      if (failed(checkType(&op, result)))
        return failure();
  }
  for (BlockArgument argument : function.getArguments())
    lastUse[argument] = 0;
  for (Operation &op : function.front())
    for (Value result : op.getResults())
      lastUse[result] = position[&op];
  for (Operation &op : function.front())
    for (Value operand : op.getOperands())
      lastUse[operand] = std::max(lastUse[operand], position[&op]);
  return success();
}

unsigned Planner::newStorage(Value value, PlannedBufferKind kind, unsigned at) {
  Storage storage;
  storage.kind = kind;
  storage.byteSize = plannedBytes(value);
  storage.sliced = sliced.contains(value);
  storage.firstUse = at;
  storage.lastUse = lastUse[value];
  storage.values.push_back(value);
  storages.push_back(std::move(storage));
  storageOf[value] = storages.size() - 1;
  return storages.size() - 1;
}

void Planner::addAlias(Value view, Value source) {
  unsigned index = storageOf[source];
  storageOf[view] = index;
  storages[index].values.push_back(view);
  storages[index].lastUse = std::max(storages[index].lastUse, lastUse[view]);
}

bool Planner::isElementwiseKernel(func::CallOp call) {
  auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
      call, call.getCalleeAttr());
  KernelAttr kind = getKernelAttr(callee);
  return kind && kind.isElementwise();
}

/// Whether an elementwise kernel reads `operand` at exactly the offsets at
/// which it writes `result`, element for element: the same shape (so no
/// broadcasting: the kernel's ops all produce the result's shape, and an
/// operand of that shape is read at each element's own index) and the same
/// element size (so element i of both starts at the same byte). Equal byte
/// sizes alone are not enough: a tensor<8xf64> broadcast into a
/// tensor<8x8xi1> has the result's 64 bytes, and writing row 0 of the
/// result would overwrite values that rows 1 to 7 still read.
bool readsInWriteOrder(Value operand, Value result) {
  auto operandType = cast<RankedTensorType>(operand.getType());
  auto resultType = cast<RankedTensorType>(result.getType());
  return operandType.getShape() == resultType.getShape() &&
         dtypeSize(*eval::dtypeOf(operandType.getElementType())) ==
             dtypeSize(*eval::dtypeOf(resultType.getElementType()));
}

/// Gives each result of an elementwise kernel the storage of an argument
/// that dies at this call, when that storage is arena memory and the kernel
/// reads the argument in the order it writes the result
/// (readsInWriteOrder): element i of every argument is read before element
/// i of the results is written, so the argument may be overwritten.
/// Inputs, constants and outputs are never written over, and neither is a
/// storage that another argument of the call reads through another view.
void Planner::writeInPlace(func::CallOp call) {
  unsigned here = position[call];
  llvm::SmallDenseSet<unsigned> taken;
  for (Value result : call.getResults()) {
    unsigned resultStorage = storageOf[result];
    if (returned.contains(resultStorage))
      continue;
    for (Value operand : call.getOperands()) {
      unsigned candidate = storageOf[operand];
      Storage &storage = storages[candidate];
      if (storage.kind != PlannedBufferKind::Arena ||
          returned.contains(candidate) || taken.contains(candidate) ||
          storage.lastUse != here ||
          storage.byteSize != storages[resultStorage].byteSize ||
          storage.sliced != storages[resultStorage].sliced ||
          !readsInWriteOrder(operand, result))
        continue;
      bool otherView = llvm::any_of(call.getOperands(), [&](Value other) {
        return other != operand && storageOf[other] == candidate;
      });
      if (otherView)
        continue;
      Storage &source = storages[resultStorage];
      for (Value value : source.values) {
        storageOf[value] = candidate;
        storage.values.push_back(value);
      }
      storage.lastUse = std::max(storage.lastUse, source.lastUse);
      source.merged = true;
      source.values.clear();
      taken.insert(candidate);
      ++plan.inPlaceResults;
      break;
    }
  }
}

/// A returned storage of kernel results becomes the output's buffer, so the
/// kernel writes the caller's tensor directly. Outputs whose storage is an
/// input, a constant or another output get a buffer of their own and a
/// Copy.
void Planner::assignOutputs() {
  auto returnOp = cast<func::ReturnOp>(function.front().getTerminator());
  bufferOfStorage.assign(storages.size(), ~0u);
  // Inputs and constants first, in their numbering.
  for (auto [index, storage] : llvm::enumerate(storages)) {
    if (storage.kind == PlannedBufferKind::Arena || storage.merged)
      continue;
    bufferOfStorage[index] = plan.buffers.size();
    Type type = storage.values.front().getType();
    uint32_t bufferAlignment = alignment;
    if (storage.kind == PlannedBufferKind::Input)
      bufferAlignment = dtypeSize(*eval::dtypeOf(getElementTypeOrSelf(type)));
    plan.buffers.push_back({storage.kind, storage.number, storage.byteSize,
                            bufferAlignment, storage.firstUse,
                            storage.lastUse, storage.sliced ? 0 : -1});
  }
  std::vector<std::pair<unsigned, unsigned>> pendingCopies;
  // The dims of data-shaped results are no outputs: they stay where they
  // are computed (arena storages that live to the end) and the output
  // numbers skip them.
  SmallVector<bool> hidden = dimsResults(function);
  unsigned number = 0;
  for (auto [position, value] : llvm::enumerate(returnOp.getOperands())) {
    if (hidden[position])
      continue;
    unsigned index = storageOf[value];
    Storage &storage = storages[index];
    uint64_t bytes = plannedBytes(value);
    int32_t symbol = sliced.contains(value) ? 0 : -1;
    uint32_t alignment =
        dtypeSize(*eval::dtypeOf(getElementTypeOrSelf(value.getType())));
    if (storage.kind == PlannedBufferKind::Arena) {
      storage.kind = PlannedBufferKind::Output;
      storage.number = number;
      bufferOfStorage[index] = plan.buffers.size();
      plan.buffers.push_back({PlannedBufferKind::Output, number, bytes,
                              alignment, storage.firstUse, storage.lastUse,
                              symbol});
      ++number;
      continue;
    }
    unsigned output = plan.buffers.size();
    plan.buffers.push_back(
        {PlannedBufferKind::Output, number, bytes, alignment, 0, 0, symbol});
    pendingCopies.push_back({index, output});
    ++number;
  }
  // The arena storages, in the order of their definitions.
  for (auto [index, storage] : llvm::enumerate(storages)) {
    if (storage.kind != PlannedBufferKind::Arena || storage.merged)
      continue;
    bufferOfStorage[index] = plan.buffers.size();
    plan.buffers.push_back({PlannedBufferKind::Arena, 0, storage.byteSize,
                            alignment, storage.firstUse, storage.lastUse,
                            storage.sliced ? 0 : -1});
    plan.arenaBytesWithoutReuse +=
        llvm::alignTo(storage.byteSize, alignment);
  }
  for (auto [storage, output] : pendingCopies)
    plan.copies.push_back({bufferOfStorage[storage], output,
                           plan.buffers[output].byteSize,
                           plan.buffers[output].symbol});
  for (auto [value, storage] : storageOf)
    plan.bufferOf[value] = bufferOfStorage[storage];
}

void Planner::placeArena() {
  SmallVector<unsigned> order;
  for (auto [index, buffer] : llvm::enumerate(plan.buffers))
    if (buffer.kind == PlannedBufferKind::Arena)
      order.push_back(index);
  llvm::stable_sort(order, [&](unsigned a, unsigned b) {
    return plan.buffers[a].byteSize > plan.buffers[b].byteSize;
  });
  SmallVector<unsigned> placed;
  uint64_t arenaEnd = 0;
  for (unsigned index : order) {
    PlannedBuffer &buffer = plan.buffers[index];
    uint64_t size = llvm::alignTo(buffer.byteSize, alignment);
    // The byte ranges of the placed buffers alive at the same time.
    SmallVector<std::pair<uint64_t, uint64_t>> busy;
    for (unsigned other : placed) {
      const PlannedBuffer &o = plan.buffers[other];
      if (o.lastUse < buffer.firstUse || buffer.lastUse < o.firstUse)
        continue;
      busy.push_back(
          {o.index, o.index + llvm::alignTo(o.byteSize, alignment)});
    }
    llvm::sort(busy);
    uint64_t bestOffset = 0, bestGap = std::numeric_limits<uint64_t>::max();
    uint64_t free = 0;
    for (auto [begin, end] : busy) {
      if (begin >= free && begin - free >= size && begin - free < bestGap) {
        bestGap = begin - free;
        bestOffset = free;
      }
      free = std::max(free, end);
    }
    if (bestGap == std::numeric_limits<uint64_t>::max())
      bestOffset = free;
    buffer.index = bestOffset;
    arenaEnd = std::max(arenaEnd, bestOffset + size);
    placed.push_back(index);
  }
  plan.arenaSize = llvm::alignTo(arenaEnd, alignment);
}

FailureOr<MemoryPlan> Planner::run() {
  if (failed(numberOps()) || failed(findSlices()))
    return failure();
  for (auto [number, argument] : llvm::enumerate(function.getArguments()))
    storages[newStorage(argument, PlannedBufferKind::Input, 0)].number = number;
  for (Operation &op : function.front()) {
    if (isa<ConstantOp, shard::AllSliceOp>(op)) {
      // A constant (or a device's slice of one) that only feeds further
      // slices is never stored.
      Value value = op.getResult(0);
      if (llvm::all_of(value.getUsers(), [](Operation *user) {
            return isa<shard::AllSliceOp>(user);
          }) && !value.use_empty())
        continue;
      unsigned index =
          newStorage(value, PlannedBufferKind::Constant, position[&op]);
      storages[index].number = plan.constants.size();
      plan.constants.push_back(&op);
    } else if (auto reshape = dyn_cast<ReshapeOp>(op)) {
      addAlias(reshape.getResult(), reshape.getInput());
    } else if (isa<func::CallOp, shard::AllReduceOp, shard::AllGatherOp,
                   shard::ReduceScatterOp, shard::AllToAllOp>(op)) {
      for (Value result : op.getResults())
        newStorage(result, PlannedBufferKind::Arena, position[&op]);
    }
  }
  auto returnOp = cast<func::ReturnOp>(function.front().getTerminator());
  for (Value value : returnOp.getOperands())
    returned.insert(storageOf[value]);
  for (auto call : function.front().getOps<func::CallOp>())
    if (isElementwiseKernel(call))
      writeInPlace(call);
  assignOutputs();
  placeArena();
  return std::move(plan);
}

} // namespace

FailureOr<MemoryPlan> planMemory(func::FuncOp function, uint32_t alignment) {
  return Planner(function, alignment).run();
}

} // namespace loom
