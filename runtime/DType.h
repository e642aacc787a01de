//===- DType.h - Element types of Loom tensors -------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// The element types a Loom tensor can hold, shared by the runtime, the
// reference evaluator and (through the dialect's type constraints) the
// compiler. F64 also serves as the evaluator's wide accumulation type.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DTYPE_H
#define LOOM_RUNTIME_DTYPE_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace loom {

/// Appended only (the artifact schema and the C API share the numbering).
/// The unsigned types keep MLIR's `ui8`... spelling, so ops that depend on
/// signedness (division, comparison, casts, shifts) know it.
enum class DType : uint8_t {
  F32, F16, BF16, F64, I1, I8, I32, I64, I16, UI8, UI16, UI32, UI64
};

/// Bytes one element occupies in memory; i1 is stored as one byte (0 or 1).
size_t dtypeSize(DType type);

/// The MLIR spelling of the element type: "f32", "i1", ...
std::string_view dtypeName(DType type);

/// Parses an MLIR element type spelling; nullopt when it is not a Loom dtype.
std::optional<DType> parseDType(std::string_view name);

inline bool isFloat(DType type) {
  return type == DType::F32 || type == DType::F16 || type == DType::BF16 ||
         type == DType::F64;
}
inline bool isInteger(DType type) { return !isFloat(type); }
inline bool isUnsigned(DType type) {
  return type == DType::UI8 || type == DType::UI16 || type == DType::UI32 ||
         type == DType::UI64;
}

} // namespace loom

#endif // LOOM_RUNTIME_DTYPE_H
