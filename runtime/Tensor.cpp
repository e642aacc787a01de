//===- Tensor.cpp - Host tensors -------------------------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/Tensor.h"

#include "runtime/Float16.h"

#include <cmath>
#include <cstring>
#include <sstream>

namespace loom {

int64_t numElementsOf(const Shape &shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

Shape rowMajorStrides(const Shape &shape) {
  Shape strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

std::string shapeString(const Shape &shape, DType type) {
  std::string result;
  for (int64_t dim : shape)
    result += std::to_string(dim) + "x";
  result += dtypeName(type);
  return result;
}

Tensor::Tensor(DType type, Shape shape)
    : type(type), dims(std::move(shape)), count(numElementsOf(dims)),
      storage(static_cast<size_t>(count) * dtypeSize(type)) {}

Tensor Tensor::fromDoubles(DType type, Shape shape,
                           const std::vector<double> &values) {
  Tensor tensor(type, std::move(shape));
  assert(static_cast<int64_t>(values.size()) == tensor.numElements() &&
         "value count must match the shape");
  for (size_t i = 0; i < values.size(); ++i)
    tensor.setDouble(static_cast<int64_t>(i), values[i]);
  return tensor;
}

double Tensor::getDouble(int64_t index) const {
  switch (type) {
  case DType::F32: return data<float>()[index];
  case DType::F16: return halfToFloat(data<uint16_t>()[index]);
  case DType::BF16: return bfloat16ToFloat(data<uint16_t>()[index]);
  case DType::F64: return data<double>()[index];
  case DType::I1: return data<uint8_t>()[index];
  case DType::I8: return data<int8_t>()[index];
  case DType::I32: return data<int32_t>()[index];
  case DType::I64: return static_cast<double>(data<int64_t>()[index]);
  case DType::I16: return data<int16_t>()[index];
  case DType::UI8: return data<uint8_t>()[index];
  case DType::UI16: return data<uint16_t>()[index];
  case DType::UI32: return data<uint32_t>()[index];
  case DType::UI64: return static_cast<double>(data<uint64_t>()[index]);
  }
  return 0;
}

int64_t Tensor::getInt(int64_t index) const {
  switch (type) {
  case DType::I1: return data<uint8_t>()[index];
  case DType::I8: return data<int8_t>()[index];
  case DType::I32: return data<int32_t>()[index];
  case DType::I64: return data<int64_t>()[index];
  case DType::I16: return data<int16_t>()[index];
  case DType::UI8: return data<uint8_t>()[index];
  case DType::UI16: return data<uint16_t>()[index];
  case DType::UI32: return data<uint32_t>()[index];
  // Values past INT64_MAX wrap: the caller reads the bits as unsigned.
  case DType::UI64: return static_cast<int64_t>(data<uint64_t>()[index]);
  default: return static_cast<int64_t>(getDouble(index));
  }
}

void Tensor::setDouble(int64_t index, double value) {
  switch (type) {
  case DType::F32: data<float>()[index] = static_cast<float>(value); return;
  case DType::F16: data<uint16_t>()[index] = doubleToHalf(value); return;
  case DType::BF16: data<uint16_t>()[index] = doubleToBFloat16(value); return;
  case DType::F64: data<double>()[index] = value; return;
  case DType::I1: data<uint8_t>()[index] = value != 0; return;
  case DType::UI64:
    // Past INT64_MAX the value does not fit the signed path below.
    data<uint64_t>()[index] = value >= 0x1p63
                                  ? static_cast<uint64_t>(value)
                                  : static_cast<uint64_t>(
                                        static_cast<int64_t>(value));
    return;
  default: setInt(index, static_cast<int64_t>(value)); return;
  }
}

void Tensor::setInt(int64_t index, int64_t value) {
  switch (type) {
  case DType::I1: data<uint8_t>()[index] = value != 0; return;
  case DType::I8: data<int8_t>()[index] = static_cast<int8_t>(value); return;
  case DType::I32: data<int32_t>()[index] = static_cast<int32_t>(value); return;
  case DType::I64: data<int64_t>()[index] = value; return;
  case DType::I16: data<int16_t>()[index] = static_cast<int16_t>(value); return;
  case DType::UI8: data<uint8_t>()[index] = static_cast<uint8_t>(value); return;
  case DType::UI16: data<uint16_t>()[index] = static_cast<uint16_t>(value); return;
  case DType::UI32: data<uint32_t>()[index] = static_cast<uint32_t>(value); return;
  case DType::UI64: data<uint64_t>()[index] = static_cast<uint64_t>(value); return;
  default: setDouble(index, static_cast<double>(value)); return;
  }
}

bool Tensor::bitwiseEqual(const Tensor &other) const {
  // memcmp must not see the null data of an empty tensor.
  return type == other.type && dims == other.dims &&
         storage.size() == other.storage.size() &&
         (storage.empty() ||
          std::memcmp(storage.data(), other.storage.data(), storage.size()) ==
              0);
}

std::string Tensor::toString(int64_t maxElements) const {
  std::ostringstream out;
  out << shapeString(dims, type) << " [";
  for (int64_t i = 0; i < count && i < maxElements; ++i) {
    if (i)
      out << ", ";
    if (isFloat(type))
      out << getDouble(i);
    else
      out << getInt(i);
  }
  if (count > maxElements)
    out << ", ...";
  out << "]";
  return out.str();
}

} // namespace loom
