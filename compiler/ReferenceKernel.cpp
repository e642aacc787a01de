//===- ReferenceKernel.cpp - One kernel on the reference evaluator --------===//
//
// Part of the Loom project.
//
// loom_reference_evaluate_kernel (compiler/loom_reference.h): each call
// parses the kernel's source in a context of its own, so calls share no
// state and may run on several threads; a kernel's source is small (its
// constants stay in @main), so the parse costs little beside evaluating.
//
//===----------------------------------------------------------------------===//

#include "compiler/loom_reference.h"

#include "evaluator/Evaluator.h"
#include "passes/Registration.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdlib>
#include <cstring>
#include <string>

using namespace mlir;

static_assert(int(loom::eval::Precision::Native) ==
                  LOOM_REFERENCE_PRECISION_NATIVE &&
              int(loom::eval::Precision::Bf16Matmul) ==
                  LOOM_REFERENCE_PRECISION_BF16_MATMUL);

namespace {

char *message(const std::string &text) {
  char *copy = static_cast<char *>(std::malloc(text.size() + 1));
  if (copy)
    std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
}

std::string evaluate(llvm::StringRef source, llvm::StringRef kernel,
                     int32_t precision, const void *const *inputs,
                     const uint64_t *inputSizes, uint32_t inputCount,
                     void *const *outputs, const uint64_t *outputSizes,
                     uint32_t outputCount, int32_t *outputDtypes,
                     uint64_t *outputBytes) {
  DialectRegistry registry;
  loom::registerLoomDialects(registry);
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  std::string diagnostics;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
    if (diagnostic.getSeverity() == DiagnosticSeverity::Error)
      diagnostics += (diagnostics.empty() ? "" : "; ") + diagnostic.str();
    return success();
  });
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(source, ParserConfig(&context));
  if (!module)
    return "cannot parse the kernel's source: " + diagnostics;
  auto function = module->lookupSymbol<func::FuncOp>(kernel);
  if (!function)
    return "the kernel's source has no function @" + kernel.str();
  FunctionType type = function.getFunctionType();
  if (type.getNumInputs() != inputCount || type.getNumResults() != outputCount)
    return "the kernel takes " + std::to_string(type.getNumInputs()) +
           " operands and has " + std::to_string(type.getNumResults()) +
           " results, but its launch has " + std::to_string(inputCount) +
           " and " + std::to_string(outputCount);
  std::vector<loom::Tensor> tensors;
  for (uint32_t i = 0; i < inputCount; ++i) {
    auto tensorType = dyn_cast<RankedTensorType>(type.getInput(i));
    std::optional<loom::DType> dtype =
        tensorType ? loom::eval::dtypeOf(tensorType.getElementType())
                   : std::nullopt;
    if (!dtype || !tensorType.hasStaticShape())
      return "operand " + std::to_string(i) + " is not a static tensor";
    loom::Tensor tensor(*dtype, loom::Shape(tensorType.getShape().begin(),
                                            tensorType.getShape().end()));
    if (tensor.byteSize() > inputSizes[i])
      return "operand " + std::to_string(i) + " has " +
             std::to_string(tensor.byteSize()) + " bytes, but its buffer " +
             std::to_string(inputSizes[i]);
    if (tensor.byteSize())
      std::memcpy(tensor.bytes(), inputs[i], tensor.byteSize());
    tensors.push_back(std::move(tensor));
  }
  loom::eval::Options options;
  options.precision = static_cast<loom::eval::Precision>(precision);
  FailureOr<std::vector<loom::Tensor>> results =
      loom::eval::evaluateFunction(function, tensors, options);
  if (failed(results))
    return "the reference evaluator failed: " + diagnostics;
  for (uint32_t i = 0; i < outputCount; ++i) {
    const loom::Tensor &result = (*results)[i];
    if (result.byteSize() > outputSizes[i])
      return "result " + std::to_string(i) + " has " +
             std::to_string(result.byteSize()) + " bytes, but its buffer " +
             std::to_string(outputSizes[i]);
    if (result.byteSize())
      std::memcpy(outputs[i], result.bytes(), result.byteSize());
    outputDtypes[i] = static_cast<int32_t>(result.dtype());
    outputBytes[i] = result.byteSize();
  }
  return {};
}

} // namespace

extern "C" char *loom_reference_evaluate_kernel(
    const char *source, size_t sourceSize, const char *kernel,
    int32_t precision, const void *const *inputs, const uint64_t *inputSizes,
    uint32_t inputCount, void *const *outputs, const uint64_t *outputSizes,
    uint32_t outputCount, int32_t *outputDtypes, uint64_t *outputBytes) {
  if (!source || !kernel || (inputCount && (!inputs || !inputSizes)) ||
      (outputCount &&
       (!outputs || !outputSizes || !outputDtypes || !outputBytes)))
    return message("loom_reference_evaluate_kernel: a null argument");
  if (precision != LOOM_REFERENCE_PRECISION_NATIVE &&
      precision != LOOM_REFERENCE_PRECISION_BF16_MATMUL)
    return message("loom_reference_evaluate_kernel: unknown precision " +
                   std::to_string(precision));
  std::string error =
      evaluate(llvm::StringRef(source, sourceSize), kernel, precision, inputs,
               inputSizes, inputCount, outputs, outputSizes, outputCount,
               outputDtypes, outputBytes);
  return error.empty() ? nullptr : message(error);
}

extern "C" void loom_reference_free(char *message) { std::free(message); }
