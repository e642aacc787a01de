//===- ArtifactEmitter.cpp - Writes the artifact of a compiled model ------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "compiler/ArtifactEmitter.h"

#include "evaluator/Evaluator.h"
#include "ir/LoomOps.h"
#include "runtime/ArtifactWriter.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"

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

} // namespace

std::string inputName(func::FuncOp function, unsigned index) {
  return nameOr(function.getArgAttrOfType<StringAttr>(index, "loom.name"),
                "input_", index);
}

std::string outputName(func::FuncOp function, unsigned index) {
  return nameOr(function.getResultAttrOfType<StringAttr>(index, "loom.name"),
                "output_", index);
}

FailureOr<ByteBuffer> emitArtifact(func::FuncOp function,
                                   const MemoryPlan &plan,
                                   artifact::Target target,
                                   const KernelLibrary &library,
                                   StringRef producer) {
  ArtifactWriter writer(producer.str());
  for (auto [index, type] : llvm::enumerate(function.getArgumentTypes())) {
    auto [dtype, shape] = specOf(type);
    writer.addInput(inputName(function, index), dtype, shape);
  }
  for (auto [index, type] : llvm::enumerate(function.getResultTypes())) {
    auto [dtype, shape] = specOf(type);
    writer.addOutput(outputName(function, index), dtype, shape);
  }
  // Tensor storage is the artifact's: row-major, little-endian, i1 as a
  // byte, f16/bf16 as their bits, splats expanded.
  for (Operation *op : plan.constants) {
    auto constant = cast<ConstantOp>(op);
    FailureOr<Tensor> tensor =
        eval::tensorFromAttr(cast<ElementsAttr>(constant.getValue()));
    if (failed(tensor))
      return constant.emitError("cannot read the value of this constant");
    const auto *bytes = reinterpret_cast<const uint8_t *>(tensor->bytes());
    writer.addConstant(ByteBuffer(bytes, bytes + tensor->byteSize()));
  }
  for (const PlannedBuffer &buffer : plan.buffers)
    writer.addBuffer(bufferKind(buffer.kind), buffer.index, buffer.byteSize,
                     buffer.alignment);
  writer.setArenaSize(plan.arenaSize);

  llvm::StringMap<unsigned> entryOf;
  std::vector<std::string> entryPoints;
  for (const KernelInfo &kernel : library.kernels) {
    entryOf[kernel.name] = entryPoints.size();
    entryPoints.push_back(kernel.name);
  }
  uint32_t device = writer.addDevice(target, 0);
  uint32_t libraryIndex = 0;
  if (!entryPoints.empty())
    libraryIndex = writer.addLibrary(library.target, library.format,
                                     library.code, entryPoints);
  for (auto call : function.front().getOps<func::CallOp>()) {
    auto entry = entryOf.find(call.getCallee());
    if (entry == entryOf.end())
      return call.emitError("kernel @")
             << call.getCallee() << " is missing from the kernel library";
    std::vector<uint32_t> arguments;
    for (Value operand : call.getOperands())
      arguments.push_back(plan.bufferOfValue(operand));
    for (Value result : call.getResults())
      arguments.push_back(plan.bufferOfValue(result));
    const std::array<uint32_t, 3> &grid =
        library.kernels[entry->second].workgroupCount;
    writer.addLaunch(device, libraryIndex, entry->second, std::move(arguments),
                     std::vector<uint32_t>(grid.begin(), grid.end()));
  }
  for (const PlannedCopy &copy : plan.copies)
    writer.addCopy(device, copy.source, copy.destination, copy.byteSize);
  return writer.finish();
}

} // namespace loom
