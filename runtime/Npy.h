//===- Npy.h - NumPy .npy files -----------------------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// Reading and writing NumPy's .npy format (versions 1 to 3, little-endian,
// C order) for the dtypes Loom has: f32 '<f4', f16 '<f2', f64 '<f8',
// i1 '|b1', i8 '|i1', i16 '<i2', i32 '<i4', i64 '<i8', ui8 '|u1', ui32
// '<u4', ui64 '<u8', and bf16, which NumPy lacks, as its bit patterns '<u2'.
// ui16 is written as '<u2' too and read back as bf16: a reader that expects
// ui16 takes the bits as they are (loom-run does). Every size in the header is checked against
// the bytes present before anything is read.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_NPY_H
#define LOOM_RUNTIME_NPY_H

#include "runtime/Tensor.h"

#include <optional>
#include <string>
#include <string_view>

namespace loom {

/// Parses the bytes of an .npy file; on failure returns nullopt and sets
/// `error` to a one-line reason.
std::optional<Tensor> parseNpy(std::string_view bytes, std::string &error);

/// Reads an .npy file; errors name the file.
std::optional<Tensor> readNpy(const std::string &path, std::string &error);

/// The .npy encoding of `tensor` (format version 1.0).
std::string serializeNpy(const Tensor &tensor);

/// Writes `tensor` as an .npy file; false (with `error` set) on failure.
bool writeNpy(const std::string &path, const Tensor &tensor, std::string &error);

} // namespace loom

#endif // LOOM_RUNTIME_NPY_H
