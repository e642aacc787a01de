//===- KernelCodegen.cpp - What every kernel generator shares -------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/codegen/KernelCodegen.h"

#include "mlir/IR/Diagnostics.h"

#include <cstring>

namespace loom::systolic::codegen {

using namespace mlir;

int64_t ConstantPool::add(const void *bytes, size_t size) {
  size_t offset = (data.size() + 63) / 64 * 64;
  data.resize(offset + size);
  if (size)
    std::memcpy(data.data() + offset, bytes, size);
  return static_cast<int64_t>(offset);
}

KernelEnv::KernelEnv(const ChipConfig &chip, ProgramBuilder &builder,
                     ConstantPool &constants, func::FuncOp kernel)
    : chip(chip), b(builder), constants(constants), kernel(kernel),
      regs(3 + static_cast<int>(kernel.getNumArguments() +
                                kernel.getNumResults()),
           chip.vector.registers),
      vmem(chip.vmemBytes) {}

unsigned KernelEnv::argumentCount() const {
  return kernel.getNumArguments() + kernel.getNumResults();
}

RankedTensorType KernelEnv::argumentType(unsigned index) const {
  FunctionType type = kernel.getFunctionType();
  if (index < type.getNumInputs())
    return cast<RankedTensorType>(type.getInput(index));
  return cast<RankedTensorType>(type.getResult(index - type.getNumInputs()));
}

int KernelEnv::argumentOf(Value value) const {
  if (auto argument = dyn_cast<BlockArgument>(value))
    if (argument.getOwner()->getParentOp() == kernel.getOperation())
      return static_cast<int>(argument.getArgNumber());
  Operation *terminator = kernel.front().getTerminator();
  for (OpOperand &operand : terminator->getOpOperands())
    if (operand.get() == value)
      return static_cast<int>(kernel.getNumArguments() +
                              operand.getOperandNumber());
  return -1;
}

LogicalResult KernelEnv::error(Operation *op, const Twine &message) {
  InFlightDiagnostic diag = (op ? op : kernel.getOperation())->emitError();
  diag << "systolic: kernel @" << kernel.getSymName();
  if (op)
    diag << " (" << op->getName() << ")";
  diag << " " << message;
  return failure();
}

const std::vector<KernelPattern> &kernelPatterns() {
  static const std::vector<KernelPattern> patterns = [] {
    std::vector<KernelPattern> list;
    addCollectivePatterns(list);
    addConvPatterns(list);
    addConvTransposePatterns(list);
    addMatmulPatterns(list);
    addReductionPatterns(list);
    addScalarComputePatterns(list);
    addElementwisePatterns(list);
    addDataMovementPatterns(list);
    return list;
  }();
  return patterns;
}

} // namespace loom::systolic::codegen
