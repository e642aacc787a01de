//===- TensorProto.h - ONNX TensorProto to host tensors ----------*- C++ -*-===//
//
// Part of the Loom project.
//
// Decoding of ONNX tensors: initializers, Constant values and the .pb files
// of the ONNX test suite. Every size is checked against the bytes present
// before anything is read.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_FRONTEND_ONNX_TENSORPROTO_H
#define LOOM_FRONTEND_ONNX_TENSORPROTO_H

#include "runtime/Tensor.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace onnx {
class TensorProto;
} // namespace onnx

namespace loom::onnx_import {

/// The Loom dtype of an ONNX TensorProto::DataType; nullopt when Loom has
/// none (strings, unsigned and complex types, ...).
std::optional<DType> dtypeFromOnnx(int dataType);

/// The ONNX name of a data type ("float", "uint8", ...), for messages.
std::string onnxTypeName(int dataType);

/// Decodes `proto`. External data is read relative to `baseDirectory`
/// (which must contain it: absolute paths and ".." are refused). On failure
/// returns nullopt and sets `error` to a one-line reason.
std::optional<Tensor> tensorFromProto(const onnx::TensorProto &proto,
                                      llvm::StringRef baseDirectory,
                                      std::string &error);

} // namespace loom::onnx_import

#endif // LOOM_FRONTEND_ONNX_TENSORPROTO_H
