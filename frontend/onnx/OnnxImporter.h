//===- OnnxImporter.h - Imports ONNX models into the loom dialect -*- C++ -*-===//
//
// Part of the Loom project.
//
// Reads an ONNX ModelProto (opsets 7 to 17 of the default domain; 1 to 6
// are upgraded to 7 with ONNX's version converter first) into a
// module holding one `func.func @main` of `loom` ops. Graph inputs and
// outputs keep their names as `loom.name` argument and result attributes
// (a sequence of N tensors is N of them, NAME.0 to NAME.N-1; an empty
// optional none); every op carries its ONNX node's name as its location,
// so diagnostics from any later stage can name the node.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_FRONTEND_ONNX_ONNXIMPORTER_H
#define LOOM_FRONTEND_ONNX_ONNXIMPORTER_H

#include "runtime/Tensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace loom::onnx_import {

/// A user-given shape for a graph input, by name or by position.
struct InputShape {
  std::string name;            ///< Input name; empty when `index` is used.
  std::optional<size_t> index; ///< Position among the non-initializer inputs.
  std::vector<int64_t> dims;
  /// For a sequence input, the shape of each of its tensors, which fixes
  /// its length ("NAME:2x3,4x3"; "NAME:empty" for none). A single shape is
  /// given in `dims` and is a sequence of one tensor.
  std::optional<std::vector<std::vector<int64_t>>> sequence;
  /// For an optional input: compiled without a value ("NAME:none").
  bool absent = false;
};

/// Parses "NAME:1x3x224x224" or "0:1x3x224x224" (a bare number is an input
/// index); a dimension written `?` is symbolic (mlir::ShapedType::kDynamic,
/// docs/dynamic-shapes.md), and `scalar` is the shape of rank 0. A sequence
/// input takes one shape per tensor, "NAME:2x3,4x3", or "NAME:empty"; an
/// optional input "NAME:none" for no value. On failure returns nullopt and
/// sets `error`.
std::optional<InputShape> parseInputShape(llvm::StringRef text,
                                          std::string &error);

struct ImportOptions {
  std::vector<InputShape> inputShapes;
  /// Graph inputs to import as constants with these values instead of as
  /// function arguments (the conformance runner binds shape inputs so).
  std::map<std::string, Tensor> constantInputs;
  /// Largest result (in elements) folded into a constant while importing.
  int64_t maxFoldElements = 1 << 22;
  /// Whether ops that read a parameter (a float initializer of rank >= 1)
  /// may be folded. `loomc --train` turns it off: a folded parameter (a
  /// transposed weight) would stop being one constant of its own name that
  /// the training step updates. Shape computations and every other
  /// constant subgraph still fold.
  bool foldParameters = true;
  /// Whether the updated running statistics of a training-mode
  /// BatchNormalization (its outputs 1 and 2) that are no graph outputs
  /// become extra results of the function, named after the initializers
  /// they update (its inputs 3 and 4). `loomc --train` turns it on: the
  /// training step then keeps them as state.
  bool returnRunningStatistics = false;
  /// The bound of symbolic dimensions (loomc --max-dim), 0 for none. With
  /// a bound, an input dimension given as `?` in --input-shape, or one the
  /// model leaves unknown that no --input-shape fixes, is imported at the
  /// bound and listed in its argument's `loom.symbolic_dims` attribute
  /// (docs/dynamic-shapes.md); without one such a dimension is an error.
  int64_t symbolicDimBound = 0;
};

/// Imports the model at `path`; external data files are found relative to
/// its directory. Every problem — an unreadable or malformed file, an
/// unsupported opset or domain, every unsupported node, an input dimension
/// left unknown — is reported through the context's diagnostics as
/// `PATH: ...` and the result is null.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxFile(llvm::StringRef path,
                                                 mlir::MLIRContext &context,
                                                 const ImportOptions &options);

/// Imports a model from memory. `displayName` names it in messages and
/// `baseDirectory` is where external data files are looked up.
mlir::OwningOpRef<mlir::ModuleOp>
importOnnxBytes(llvm::StringRef bytes, llvm::StringRef displayName,
                llvm::StringRef baseDirectory, mlir::MLIRContext &context,
                const ImportOptions &options);

} // namespace loom::onnx_import

#endif // LOOM_FRONTEND_ONNX_ONNXIMPORTER_H
