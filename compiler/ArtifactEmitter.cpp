//===- ArtifactEmitter.cpp - Writes the artifact of a compiled model ------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "compiler/ArtifactEmitter.h"

#include "backends/target/Collectives.h"

#include "evaluator/Evaluator.h"
#include "ir/LoomOps.h"
#include "ir/ShardingAttr.h"
#include "passes/sharding/Mesh.h"
#include "runtime/ArtifactWriter.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"

#include <cstring>
#include <map>
#include <optional>

using namespace mlir;

namespace loom {
namespace {

artifact::BufferKind bufferKind(PlannedBufferKind kind) {
  switch (kind) {
  case PlannedBufferKind::Input:
    return artifact::BufferKind_Input;
  case PlannedBufferKind::Output:
    return artifact::BufferKind_Output;
  case PlannedBufferKind::Constant:
    return artifact::BufferKind_Constant;
  case PlannedBufferKind::Arena:
    return artifact::BufferKind_Arena;
  }
  llvm_unreachable("unknown buffer kind");
}

/// The dtype and shape of a tensor type the planner accepted.
std::pair<DType, Shape> specOf(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return {*eval::dtypeOf(tensor.getElementType()),
          Shape(tensor.getShape().begin(), tensor.getShape().end())};
}

std::string nameOr(StringAttr name, StringRef prefix, unsigned index) {
  if (name && !name.getValue().empty())
    return name.getValue().str();
  return (prefix + Twine(index)).str();
}


ByteBuffer bytesOf(const Tensor &tensor) {
  const auto *bytes = reinterpret_cast<const uint8_t *>(tensor.bytes());
  return ByteBuffer(bytes, bytes + tensor.byteSize());
}

/// The bytes of a constant as the artifact stores them, where its attribute
/// holds them in that layout already (dense, not a splat, not i1): a view of
/// the context's storage, so a model's weights reach the file in one copy.
std::optional<ArrayRef<char>> storedBytesOf(Operation *op) {
  auto constant = dyn_cast<ConstantOp>(op);
  if (!constant)
    return std::nullopt;
  auto dense = dyn_cast<DenseElementsAttr>(constant.getValue());
  if (!dense || dense.isSplat())
    return std::nullopt;
  std::optional<DType> dtype = eval::dtypeOf(dense.getElementType());
  if (!dtype || *dtype == DType::I1)
    return std::nullopt;
  ArrayRef<char> raw = dense.getRawData();
  if (raw.size() != size_t(dense.getNumElements()) * dtypeSize(*dtype))
    return std::nullopt;
  return raw;
}

/// The coordinates of `device` on a mesh of `sizes`, row-major.
std::vector<int64_t> coordinatesOf(uint64_t device,
                                   const std::vector<uint32_t> &sizes) {
  std::vector<int64_t> coordinates(sizes.size());
  for (size_t axis = sizes.size(); axis-- > 0;) {
    coordinates[axis] = device % sizes[axis];
    device /= sizes[axis];
  }
  return coordinates;
}

/// The block a device at `coordinates` takes at each `shard.all_slice` from
/// a constant to `op` (outermost first); empty for the constant itself.
std::vector<int64_t> sliceBlocks(Operation *op,
                                 const std::vector<int64_t> &coordinates,
                                 const std::vector<uint32_t> &sizes) {
  std::vector<int64_t> blocks;
  while (auto slice = dyn_cast<shard::AllSliceOp>(op)) {
    int64_t block = 0;
    for (int16_t axis : slice.getGridAxes())
      block = block * sizes[axis] + coordinates[axis];
    blocks.insert(blocks.begin(), block);
    op = slice.getInput().getDefiningOp();
  }
  return blocks;
}

/// Block `block` of `count` equal blocks of `tensor` along `dim`.
Tensor sliceTensor(const Tensor &tensor, int64_t dim, int64_t block,
                   int64_t count) {
  Shape shape = tensor.shape();
  int64_t outer = 1, inner = dtypeSize(tensor.dtype());
  for (int64_t d = 0; d < dim; ++d)
    outer *= shape[d];
  for (size_t d = dim + 1; d < shape.size(); ++d)
    inner *= shape[d];
  int64_t whole = shape[dim];
  shape[dim] /= count;
  Tensor result(tensor.dtype(), shape);
  const auto *from = reinterpret_cast<const uint8_t *>(tensor.bytes());
  auto *to = reinterpret_cast<uint8_t *>(result.bytes());
  int64_t run = shape[dim] * inner;
  for (int64_t o = 0; o < outer; ++o)
    std::memcpy(to + o * run, from + (o * whole + block * shape[dim]) * inner,
                run);
  return result;
}

/// The value a device at `coordinates` holds for `op`, a `loom.constant`
/// or a chain of `shard.all_slice`s of one. Tensor storage is the
/// artifact's: row-major, little-endian, i1 as a byte, f16/bf16 as their
/// bits, splats expanded.
FailureOr<Tensor> constantValue(Operation *op,
                                const std::vector<int64_t> &coordinates,
                                const std::vector<uint32_t> *sizes = nullptr) {
  if (auto constant = dyn_cast<ConstantOp>(op)) {
    FailureOr<Tensor> tensor =
        eval::tensorFromAttr(cast<ElementsAttr>(constant.getValue()));
    if (failed(tensor))
      return constant.emitError("cannot read the value of this constant");
    return tensor;
  }
  auto slice = cast<shard::AllSliceOp>(op);
  FailureOr<Tensor> whole =
      constantValue(slice.getInput().getDefiningOp(), coordinates, sizes);
  if (failed(whole))
    return failure();
  int64_t block = 0, count = 1;
  for (int16_t axis : slice.getGridAxes()) {
    block = block * (*sizes)[axis] + coordinates[axis];
    count *= (*sizes)[axis];
  }
  return sliceTensor(*whole, slice.getSliceAxis().getSExtValue(), block,
                     count);
}

artifact::ReductionKind reductionOf(shard::ReductionKind kind) {
  switch (kind) {
  case shard::ReductionKind::Max:
    return artifact::ReductionKind_Max;
  case shard::ReductionKind::Min:
    return artifact::ReductionKind_Min;
  case shard::ReductionKind::Product:
    return artifact::ReductionKind_Product;
  default:
    return artifact::ReductionKind_Sum;
  }
}

/// The Collective command of a `shard` collective of the program; none for
/// any other op (a slice of a constant is each device's constant).
std::optional<ArtifactWriter::Collective> collectiveOf(Operation *op,
                                                       const MemoryPlan &plan) {
  std::optional<CollectiveView> view = viewCollective(op);
  if (!view)
    return std::nullopt;
  ArtifactWriter::Collective collective;
  collective.kind = view->kind;
  collective.reduction = reductionOf(view->reduction);
  collective.meshAxes.assign(view->meshAxes.begin(), view->meshAxes.end());
  collective.source = plan.bufferOfValue(view->input);
  collective.destination = plan.bufferOfValue(view->result);
  auto [dtype, shape] = specOf(view->input.getType());
  collective.dtype = dtype;
  collective.shape = shape;
  collective.axis = view->axis;
  collective.concatAxis = view->concatAxis;
  return collective;
}

FailureOr<ByteBuffer> emitMeshArtifact(func::FuncOp function,
                                       shard::GridOp grid,
                                       const MemoryPlan &plan,
                                       artifact::Target target,
                                       ArrayRef<KernelLibrary> libraries,
                                       StringRef producer,
                                       const KernelSources *sources);
} // namespace

std::string inputName(func::FuncOp function, unsigned index) {
  return nameOr(function.getArgAttrOfType<StringAttr>(index, "loom.name"),
                "input_", index);
}

/// A grid the artifact can hold and that runs its kernel: a workgroup
/// count of zero would make the launch silently do nothing.
static LogicalResult checkGrid(func::CallOp call,
                               const std::array<uint32_t, 3> &grid) {
  if (!llvm::is_contained(grid, 0u))
    return success();
  return call.emitError("kernel @")
         << call.getCallee() << " has a workgroup grid of " << grid[0] << "x"
         << grid[1] << "x" << grid[2]
         << "; every dimension needs at least one workgroup";
}

std::string outputName(func::FuncOp function, unsigned index) {
  return nameOr(function.getResultAttrOfType<StringAttr>(index, "loom.name"),
                "output_", index);
}

namespace {

/// Where a kernel is: its library in the artifact and its entry there.
struct KernelEntry {
  uint32_t library = 0;
  uint32_t entry = 0;
  const KernelInfo *info = nullptr;
};

/// The commands of one device's program, the same for every device: a
/// Launch per kernel call and a Collective per collective, in program
/// order, then the plan's copies. Buffer numbers are the plan's.
LogicalResult emitCommands(func::FuncOp function, const MemoryPlan &plan,
                           const llvm::StringMap<KernelEntry> &entryOf,
                           uint32_t device, ArtifactWriter &writer) {
  for (Operation &op : function.front()) {
    if (auto call = dyn_cast<func::CallOp>(op)) {
      auto entry = entryOf.find(call.getCallee());
      if (entry == entryOf.end())
        return call.emitError("kernel @")
               << call.getCallee() << " is missing from the kernel library";
      // Operands are read; results are written (docs/artifact.md).
      std::vector<uint32_t> arguments;
      std::vector<artifact::ArgumentAccess> access;
      for (Value operand : call.getOperands()) {
        arguments.push_back(plan.bufferOfValue(operand));
        access.push_back(artifact::ArgumentAccess_Read);
      }
      for (Value result : call.getResults()) {
        arguments.push_back(plan.bufferOfValue(result));
        access.push_back(artifact::ArgumentAccess_Write);
      }
      const std::array<uint32_t, 3> &grid = entry->second.info->workgroupCount;
      if (failed(checkGrid(call, grid)))
        return failure();
      writer.addLaunch(device, entry->second.library, entry->second.entry,
                       std::move(arguments),
                       std::vector<uint32_t>(grid.begin(), grid.end()),
                       std::move(access));
      if (!entry->second.info->blockSize.empty())
        writer.setLastLaunchBlock(device, entry->second.info->blockSize,
                                  entry->second.info->sharedMemoryBytes);
      continue;
    }
    std::optional<ArtifactWriter::Collective> collective =
        collectiveOf(&op, plan);
    if (collective)
      writer.addCollective(device, std::move(*collective));
  }
  for (const PlannedCopy &copy : plan.copies)
    writer.addCopy(device, copy.source, copy.destination, copy.byteSize,
                   copy.symbol);
  return success();
}

void addSignature(func::FuncOp function, ArtifactWriter &writer,
                  const sharding::Mesh *mesh) {
  auto shardingOf = [](DictionaryAttr attrs) {
    return attrs ? attrs.getAs<ShardingAttr>(
                       LoomDialect::ShardingAttrHelper::getNameStr())
                 : ShardingAttr();
  };
  DimSymbolAttr symbol =
      LoomDialect::DimSymbolAttrHelper(function.getContext()).getAttr(function);
  StringRef slicedDim =
      LoomDialect::SlicedDimAttrHelper(function.getContext()).getName();
  auto add = [&](Type type, const std::string &name, ShardingAttr layout,
                 bool isInput, IntegerAttr sliced) {
    auto [dtype, shape] = specOf(type);
    // A sliced input or output holds one slice in the program; the
    // signature gives its shape at the bound.
    if (symbol && sliced)
      shape[sliced.getInt()] *= symbol.getBound();
    std::vector<std::vector<uint32_t>> dims(shape.size());
    if (layout)
      for (auto [dim, axes] : llvm::enumerate(layout.getSplitAxes()))
        for (int16_t axis : axes.asArrayRef()) {
          dims[dim].push_back(axis);
          shape[dim] *= mesh->sizes[axis];
        }
    uint32_t index = isInput ? writer.addInput(name, dtype, shape)
                             : writer.addOutput(name, dtype, shape);
    if (!mesh)
      return;
    if (isInput)
      writer.setInputSharding(index, std::move(dims));
    else
      writer.setOutputSharding(index, std::move(dims));
  };
  for (auto [index, type] : llvm::enumerate(function.getArgumentTypes()))
    add(type, inputName(function, index),
        mesh ? shardingOf(function.getArgAttrDict(index)) : ShardingAttr(),
        true, function.getArgAttrOfType<IntegerAttr>(index, slicedDim));
  SmallVector<bool> hidden = dimsResults(function);
  for (auto [index, resultType] : llvm::enumerate(function.getResultTypes())) {
    if (hidden[index])
      continue;
    // A data-shaped output is flat in the program; the signature gives its
    // bounds.
    Type type = resultType;
    if (auto shape = function.getResultAttrOfType<DataShapeAttr>(
            index, LoomDialect::DataShapeAttrHelper::getNameStr()))
      type = RankedTensorType::get(
          shape.getBounds(), cast<RankedTensorType>(type).getElementType());
    add(type, outputName(function, index),
        mesh ? shardingOf(function.getResultAttrDict(index)) : ShardingAttr(),
        false, function.getResultAttrOfType<IntegerAttr>(index, slicedDim));
  }
}

/// Each data-shaped output's dims: the plan's buffer of the result that
/// holds them (docs/dynamic-shapes.md, phase 3).
LogicalResult addDataShapes(func::FuncOp function, const MemoryPlan &plan,
                            ArtifactWriter &writer) {
  SmallVector<bool> hidden = dimsResults(function);
  auto returnOp = cast<func::ReturnOp>(function.front().getTerminator());
  uint32_t output = 0;
  for (unsigned index = 0; index < function.getNumResults(); ++index) {
    if (hidden[index])
      continue;
    if (auto shape = function.getResultAttrOfType<DataShapeAttr>(
            index, LoomDialect::DataShapeAttrHelper::getNameStr())) {
      if (LoomDialect::DimSymbolAttrHelper(function.getContext())
              .getAttr(function))
        return function.emitError("output '")
               << outputName(function, index)
               << "' has a size that depends on data, which a program with "
                  "a symbolic dimension cannot have yet";
      writer.setOutputDataShape(
          output, plan.bufferOfValue(returnOp.getOperand(shape.getDims())), 0,
          shape.getElements());
    }
    ++output;
  }
  return success();
}

/// The symbolic dimension of the program of one slice (`loom.dim_symbol`;
/// docs/dynamic-shapes.md): the artifact's symbol 0, and the inputs and
/// outputs that carry it, whose signature shapes become those at the bound.
void addDimSymbol(func::FuncOp function, ArtifactWriter &writer) {
  MLIRContext *context = function.getContext();
  DimSymbolAttr symbol =
      LoomDialect::DimSymbolAttrHelper(context).getAttr(function);
  if (!symbol)
    return;
  int32_t index = static_cast<int32_t>(
      writer.addDimSymbol(symbol.getName().str(), symbol.getBound()));
  StringRef slicedDim = LoomDialect::SlicedDimAttrHelper(context).getName();
  auto symbolsOf = [&](Type type, IntegerAttr dim) {
    std::vector<int32_t> symbols(cast<RankedTensorType>(type).getRank(), -1);
    symbols[dim.getInt()] = index;
    return symbols;
  };
  for (unsigned i = 0; i < function.getNumArguments(); ++i)
    if (auto dim = function.getArgAttrOfType<IntegerAttr>(i, slicedDim))
      writer.setInputDimSymbols(
          i, symbolsOf(function.getArgument(i).getType(), dim));
  for (unsigned i = 0; i < function.getNumResults(); ++i)
    if (auto dim = function.getResultAttrOfType<IntegerAttr>(i, slicedDim))
      writer.setOutputDimSymbols(
          i, symbolsOf(function.getResultTypes()[i], dim));
}

/// Adds every library that has kernels and maps each kernel's name to its
/// library and entry.
void addLibraries(ArrayRef<KernelLibrary> libraries, ArtifactWriter &writer,
                  llvm::StringMap<KernelEntry> &entryOf,
                  const KernelSources *sources) {
  for (const KernelLibrary &library : libraries) {
    if (library.kernels.empty())
      continue;
    std::vector<std::string> entryPoints;
    for (const KernelInfo &kernel : library.kernels)
      entryPoints.push_back(kernel.name);
    uint32_t index = writer.addLibrary(library.target, library.format,
                                       library.code, entryPoints);
    for (auto [entry, kernel] : llvm::enumerate(library.kernels))
      entryOf[kernel.name] = {index, static_cast<uint32_t>(entry), &kernel};
    if (!sources)
      continue;
    std::vector<ArtifactWriter::KernelSource> kept;
    for (const KernelInfo &kernel : library.kernels) {
      auto found = sources->find(kernel.name);
      kept.push_back(found == sources->end() ? ArtifactWriter::KernelSource()
                                             : found->second);
    }
    writer.setLibrarySources(index, std::move(kept));
  }
}

} // namespace

FailureOr<ByteBuffer> emitArtifact(func::FuncOp function,
                                   const MemoryPlan &plan,
                                   artifact::Target target,
                                   const KernelLibrary &library,
                                   StringRef producer) {
  return emitArtifact(function, plan, target, ArrayRef<KernelLibrary>(library),
                      producer);
}

FailureOr<ByteBuffer> emitArtifact(func::FuncOp function,
                                   const MemoryPlan &plan,
                                   artifact::Target target,
                                   ArrayRef<KernelLibrary> libraries,
                                   StringRef producer,
                                   const KernelSources *sources) {
  auto module = function->getParentOfType<ModuleOp>();
  auto grids = module.getOps<shard::GridOp>();
  if (!grids.empty())
    return emitMeshArtifact(function, *grids.begin(), plan, target, libraries,
                            producer, sources);

  ArtifactWriter writer(producer.str());
  addSignature(function, writer, /*mesh=*/nullptr);
  addDimSymbol(function, writer);
  for (Operation *op : plan.constants) {
    if (std::optional<ArrayRef<char>> raw = storedBytesOf(op)) {
      writer.addConstantView(reinterpret_cast<const uint8_t *>(raw->data()),
                             raw->size());
      continue;
    }
    FailureOr<Tensor> tensor = constantValue(op, {});
    if (failed(tensor))
      return failure();
    writer.addConstant(bytesOf(*tensor));
  }
  for (const PlannedBuffer &buffer : plan.buffers)
    writer.addBuffer(bufferKind(buffer.kind), buffer.index, buffer.byteSize,
                     buffer.alignment, buffer.symbol);
  writer.setArenaSize(plan.arenaSize);
  if (failed(addDataShapes(function, plan, writer)))
    return failure();
  llvm::StringMap<KernelEntry> entryOf;
  addLibraries(libraries, writer, entryOf, sources);
  uint32_t device = writer.addDevice(target, 0);
  if (failed(emitCommands(function, plan, entryOf, device, writer)))
    return failure();
  return writer.finish();
}

namespace {

FailureOr<ByteBuffer> emitMeshArtifact(func::FuncOp function,
                                       shard::GridOp grid,
                                       const MemoryPlan &plan,
                                       artifact::Target target,
                                       ArrayRef<KernelLibrary> libraries,
                                       StringRef producer,
                                       const KernelSources *sources) {
  std::string error;
  std::optional<sharding::Mesh> mesh = sharding::meshOfGrid(grid, error);
  if (!mesh)
    return grid.emitError(error);
  if (llvm::is_contained(dimsResults(function), true))
    return function.emitError("an output whose size depends on data "
                              "(NonZero, Compress, Unique, "
                              "NonMaxSuppression) cannot be computed on a "
                              "mesh yet; compile for one device");
  ArtifactWriter writer(producer.str());
  std::vector<uint32_t> sizes(mesh->sizes.begin(), mesh->sizes.end());
  writer.setMesh(std::vector<std::string>(mesh->names.begin(),
                                          mesh->names.end()),
                 sizes);
  addSignature(function, writer, &*mesh);
  llvm::StringMap<KernelEntry> entryOf;
  addLibraries(libraries, writer, entryOf, sources);

  // Each device's constants: a replicated one is stored once for all; a
  // sliced one once per distinct slice.
  uint64_t devices = 1;
  for (uint32_t size : sizes)
    devices *= size;
  std::vector<std::vector<uint32_t>> constantOf(
      plan.constants.size(), std::vector<uint32_t>(devices));
  for (auto [number, op] : llvm::enumerate(plan.constants)) {
    std::map<std::vector<int64_t>, uint32_t> stored;
    for (uint64_t device = 0; device < devices; ++device) {
      std::vector<int64_t> coordinates = coordinatesOf(device, sizes);
      std::vector<int64_t> blocks = sliceBlocks(op, coordinates, sizes);
      auto found = stored.find(blocks);
      if (found == stored.end()) {
        FailureOr<Tensor> tensor = constantValue(op, coordinates, &sizes);
        if (failed(tensor))
          return failure();
        found = stored.emplace(blocks, writer.addConstant(bytesOf(*tensor)))
                    .first;
      }
      constantOf[number][device] = found->second;
    }
  }

  for (uint64_t device = 0; device < devices; ++device) {
    uint32_t program = writer.addDevice(target, device);
    for (const PlannedBuffer &buffer : plan.buffers)
      writer.addProgramBuffer(program, bufferKind(buffer.kind),
                              buffer.kind == PlannedBufferKind::Constant
                                  ? constantOf[buffer.index][device]
                                  : buffer.index,
                              buffer.byteSize, buffer.alignment);
    writer.setProgramArenaSize(program, plan.arenaSize);
    if (failed(emitCommands(function, plan, entryOf, program, writer)))
      return failure();
  }
  return writer.finish();
}

} // namespace

} // namespace loom
