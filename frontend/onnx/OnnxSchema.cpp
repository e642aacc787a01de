//===- OnnxSchema.cpp - ONNX operator schemas, queried safely ----------------===//
//
// Part of the Loom project.
//
// Compiled with -fexceptions (see CMakeLists.txt); includes no LLVM header.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/OnnxSchema.h"

#include "onnx/defs/schema.h"

namespace loom::onnx_import {

std::optional<OperatorSignature> lookupOperator(const std::string &opType,
                                                int opset,
                                                const std::string &domain) {
  const onnx::OpSchema *schema =
      onnx::OpSchemaRegistry::Schema(opType, opset, domain);
  if (!schema)
    return std::nullopt;
  OperatorSignature signature;
  signature.minInputs = schema->min_input();
  signature.maxInputs = schema->max_input();
  signature.minOutputs = schema->min_output();
  signature.maxOutputs = schema->max_output();
  for (const onnx::OpSchema::FormalParameter &input : schema->inputs()) {
    signature.inputNames.push_back(input.GetName());
    signature.required.push_back(input.GetOption() == onnx::OpSchema::Single);
  }
  return signature;
}

} // namespace loom::onnx_import
