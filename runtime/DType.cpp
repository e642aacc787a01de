//===- DType.cpp - Element types of Loom tensors --------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/DType.h"

namespace loom {

namespace {
struct DTypeInfo {
  DType type;
  std::string_view name;
  size_t size;
};
constexpr DTypeInfo kDTypes[] = {
    {DType::F32, "f32", 4}, {DType::F16, "f16", 2}, {DType::BF16, "bf16", 2},
    {DType::F64, "f64", 8}, {DType::I1, "i1", 1},   {DType::I8, "i8", 1},
    {DType::I32, "i32", 4}, {DType::I64, "i64", 8},   {DType::I16, "i16", 2},
    {DType::UI8, "ui8", 1}, {DType::UI16, "ui16", 2}, {DType::UI32, "ui32", 4},
    {DType::UI64, "ui64", 8},
};
} // namespace

size_t dtypeSize(DType type) { return kDTypes[static_cast<int>(type)].size; }

std::string_view dtypeName(DType type) {
  return kDTypes[static_cast<int>(type)].name;
}

std::optional<DType> parseDType(std::string_view name) {
  for (const DTypeInfo &info : kDTypes)
    if (info.name == name)
      return info.type;
  return std::nullopt;
}

} // namespace loom
