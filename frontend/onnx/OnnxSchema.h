//===- OnnxSchema.h - ONNX operator schemas, queried safely ------*- C++ -*-===//
//
// Part of the Loom project.
//
// What ONNX's own schema says about an operator at an opset: how many inputs
// and outputs a node may have and which inputs are required. ONNX's schema
// headers need C++ exceptions, which Loom's compiler code is built without,
// so this one translation unit is compiled with them and hands back plain
// data.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_FRONTEND_ONNX_ONNXSCHEMA_H
#define LOOM_FRONTEND_ONNX_ONNXSCHEMA_H

#include <optional>
#include <string>
#include <vector>

namespace loom::onnx_import {

struct OperatorSignature {
  int minInputs = 0, maxInputs = 0;
  int minOutputs = 0, maxOutputs = 0;
  /// Names of the formal inputs; `required[i]` when input i is neither
  /// optional nor variadic.
  std::vector<std::string> inputNames;
  std::vector<bool> required;
};

/// The signature of `opType` in the default domain at `opset`; nullopt when
/// the operator does not exist there.
/// ONNX's schema of `opType` at `opset` of `domain` ("" is the default
/// domain, ai.onnx).
std::optional<OperatorSignature> lookupOperator(const std::string &opType,
                                                int opset,
                                                const std::string &domain = "");

} // namespace loom::onnx_import

#endif // LOOM_FRONTEND_ONNX_ONNXSCHEMA_H
