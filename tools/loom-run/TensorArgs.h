//===- TensorArgs.h - Tensors named on a command line ------------*- C++ -*-===//
//
// Part of the Loom project.
//
// The tensor arguments of loom-run (and the tools built on it): the
// `[NAME=](@FILE.npy | DIMSxDTYPE=VALUES)` syntax of --input, --output and
// --expected, literal tensors such as `2x3xf32=1,2,3,4,5,6`, and the printed
// form of tensors. No LLVM: loom-run links the runtime only.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TOOLS_LOOMRUN_TENSORARGS_H
#define LOOM_TOOLS_LOOMRUN_TENSORARGS_H

#include "runtime/Tensor.h"

#include <optional>
#include <string>
#include <string_view>

namespace loom::runner {

/// One `[NAME=](@FILE | LITERAL)` argument, not yet read.
struct TensorArg {
  /// The model input or output it names; empty when it binds by position.
  std::string name;
  /// The .npy file after '@', or empty for a literal.
  std::string file;
  /// `DIMSxDTYPE=VALUES` when `file` is empty.
  std::string literal;
};

/// Splits `text` into its parts. The text before the first '=' is a type
/// (`2x3xf32`, `f32` for a scalar) when it parses as one, which makes the
/// whole text a literal; otherwise it is a name. Returns nullopt with
/// `error` set when the text has neither form.
std::optional<TensorArg> parseTensorArg(std::string_view text,
                                        std::string &error);

/// Parses `DIMSxDTYPE=VALUES`: VALUES is a comma-separated list with one
/// value per element in row-major order, or a single value that fills every
/// element. Floats accept `nan`, `inf` and `-inf` and round to the dtype
/// once; integers must fit their dtype; i1 takes 0, 1, true or false.
std::optional<Tensor> parseTensorLiteral(std::string_view text,
                                         std::string &error);

/// The tensor an argument denotes: the .npy file read, or the literal
/// parsed. Errors are one line naming the file or the literal.
std::optional<Tensor> loadTensorArg(const TensorArg &arg, std::string &error);

/// Element `index` of `tensor` as text: floats in the shortest form that
/// reads back to the same value of the dtype, integers in decimal, i1 as
/// true/false.
std::string formatElement(const Tensor &tensor, int64_t index);

/// A row-major element index as its coordinates, e.g. "[1, 0, 2]".
std::string formatCoordinates(const Shape &shape, int64_t index);

/// "2x3xf32 [1, 2, 3, 4, 5, 6]", listing at most `maxElements` elements and
/// then how many more there are.
std::string formatTensor(const Tensor &tensor, int64_t maxElements = 16);

} // namespace loom::runner

#endif // LOOM_TOOLS_LOOMRUN_TENSORARGS_H
