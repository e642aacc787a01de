//===- TensorProto.cpp - ONNX TensorProto to host tensors --------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/TensorProto.h"

#include "onnx/onnx_pb.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstring>
#include <limits>

namespace loom::onnx_import {

std::optional<DType> dtypeFromOnnx(int dataType) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT: return DType::F32;
  case onnx::TensorProto::FLOAT16: return DType::F16;
  case onnx::TensorProto::BFLOAT16: return DType::BF16;
  case onnx::TensorProto::DOUBLE: return DType::F64;
  case onnx::TensorProto::BOOL: return DType::I1;
  case onnx::TensorProto::INT8: return DType::I8;
  case onnx::TensorProto::INT32: return DType::I32;
  case onnx::TensorProto::INT64: return DType::I64;
  case onnx::TensorProto::INT16: return DType::I16;
  case onnx::TensorProto::UINT8: return DType::UI8;
  case onnx::TensorProto::UINT16: return DType::UI16;
  case onnx::TensorProto::UINT32: return DType::UI32;
  case onnx::TensorProto::UINT64: return DType::UI64;
  default: return std::nullopt;
  }
}

std::string onnxTypeName(int dataType) {
  if (onnx::TensorProto::DataType_IsValid(dataType)) {
    std::string name = onnx::TensorProto::DataType_Name(
        static_cast<onnx::TensorProto::DataType>(dataType));
    for (char &c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name;
  }
  return "data type " + std::to_string(dataType);
}

namespace {

/// Reads the external data of `proto` (location/offset/length keys).
std::optional<std::string> readExternalData(const onnx::TensorProto &proto,
                                            llvm::StringRef baseDirectory,
                                            std::string &error) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const onnx::StringStringEntryProto &entry : proto.external_data()) {
    if (entry.key() == "location") {
      location = entry.value();
    } else if (entry.key() == "offset" || entry.key() == "length") {
      llvm::StringRef text = entry.value();
      int64_t value;
      if (text.getAsInteger(10, value) || value < 0) {
        error = "external data " + entry.key() + " '" + entry.value() +
                "' is not a non-negative integer";
        return std::nullopt;
      }
      (entry.key() == "offset" ? offset : length) = value;
    }
  }
  if (location.empty()) {
    error = "external data has no location";
    return std::nullopt;
  }
  // The file must lie beside the model: no absolute paths, no "..".
  if (llvm::sys::path::is_absolute(location) ||
      llvm::StringRef(location).contains("..")) {
    error = "external data location '" + location +
            "' must be a relative path inside the model's directory";
    return std::nullopt;
  }
  llvm::SmallString<256> path(baseDirectory);
  llvm::sys::path::append(path, location);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!file) {
    error = "cannot read external data '" + std::string(path) +
            "': " + file.getError().message();
    return std::nullopt;
  }
  int64_t size = static_cast<int64_t>((*file)->getBufferSize());
  if (offset > size || (length >= 0 && length > size - offset)) {
    error = "external data '" + location + "' is " + std::to_string(size) +
            " bytes, too short for offset " + std::to_string(offset) +
            " and length " + std::to_string(length);
    return std::nullopt;
  }
  if (length < 0)
    length = size - offset;
  return std::string((*file)->getBufferStart() + offset, length);
}

/// Copies typed repeated-field values into the tensor, converting each.
template <typename Field, typename Store>
bool copyField(const Field &field, Tensor &tensor, const char *name,
               std::string &error, Store store) {
  if (field.size() != tensor.numElements()) {
    error = std::string(name) + " holds " + std::to_string(field.size()) +
            " values but the shape needs " +
            std::to_string(tensor.numElements());
    return false;
  }
  for (int64_t i = 0; i < tensor.numElements(); ++i)
    store(i, field.Get(static_cast<int>(i)));
  return true;
}

} // namespace

std::optional<Tensor> tensorFromProto(const onnx::TensorProto &proto,
                                      llvm::StringRef baseDirectory,
                                      std::string &error) {
  std::optional<DType> dtype = dtypeFromOnnx(proto.data_type());
  if (!dtype) {
    error = "element type " + onnxTypeName(proto.data_type()) +
            " is not supported";
    return std::nullopt;
  }
  Shape shape;
  int64_t count = 1;
  for (int64_t dim : proto.dims()) {
    if (dim < 0) {
      error = "dimension " + std::to_string(dim) + " is negative";
      return std::nullopt;
    }
    // Refuse sizes whose byte count would overflow before allocating.
    if (dim != 0 && count > std::numeric_limits<int64_t>::max() / 16 / dim) {
      error = "shape is too large";
      return std::nullopt;
    }
    count *= dim;
    shape.push_back(dim);
  }
  if (proto.has_segment()) {
    error = "segmented tensors are not supported";
    return std::nullopt;
  }

  std::optional<std::string> external;
  const std::string *raw = proto.has_raw_data() ? &proto.raw_data() : nullptr;
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    external = readExternalData(proto, baseDirectory, error);
    if (!external)
      return std::nullopt;
    raw = &*external;
  }

  size_t elementSize = dtypeSize(*dtype);
  if (raw) {
    if (raw->size() != static_cast<size_t>(count) * elementSize) {
      error = "raw data has " + std::to_string(raw->size()) +
              " bytes but the shape needs " +
              std::to_string(count * elementSize);
      return std::nullopt;
    }
    Tensor tensor(*dtype, std::move(shape));
    if (!raw->empty()) // an empty tensor has no buffer to copy into
      std::memcpy(tensor.bytes(), raw->data(), raw->size());
    if (*dtype == DType::I1) // normalise any non-zero byte to 1
      for (int64_t i = 0; i < count; ++i)
        tensor.data<uint8_t>()[i] = tensor.data<uint8_t>()[i] != 0;
    return tensor;
  }

  // Check the typed field holds exactly the elements before allocating, so
  // a hostile shape cannot make us allocate what the file does not contain.
  int64_t available;
  switch (*dtype) {
  case DType::F32: available = proto.float_data_size(); break;
  case DType::F64: available = proto.double_data_size(); break;
  case DType::I64: available = proto.int64_data_size(); break;
  // ONNX keeps uint32 and uint64 in uint64_data; the narrower integers in
  // int32_data.
  case DType::UI32:
  case DType::UI64: available = proto.uint64_data_size(); break;
  default: available = proto.int32_data_size(); break;
  }
  if (available != count) {
    error = "holds " + std::to_string(available) +
            " values but its shape needs " + std::to_string(count);
    return std::nullopt;
  }
  Tensor tensor(*dtype, std::move(shape));
  bool ok = true;
  switch (*dtype) {
  case DType::F32:
    ok = copyField(proto.float_data(), tensor, "float_data", error,
                   [&](int64_t i, float v) { tensor.data<float>()[i] = v; });
    break;
  case DType::F64:
    ok = copyField(proto.double_data(), tensor, "double_data", error,
                   [&](int64_t i, double v) { tensor.data<double>()[i] = v; });
    break;
  case DType::I64:
    ok = copyField(proto.int64_data(), tensor, "int64_data", error,
                   [&](int64_t i, int64_t v) { tensor.data<int64_t>()[i] = v; });
    break;
  case DType::UI32:
  case DType::UI64:
    ok = copyField(proto.uint64_data(), tensor, "uint64_data", error,
                   [&](int64_t i, uint64_t v) {
                     tensor.setInt(i, static_cast<int64_t>(v));
                   });
    break;
  case DType::F16:
  case DType::BF16:
    // 16-bit floats travel as their bit patterns in int32_data.
    ok = copyField(proto.int32_data(), tensor, "int32_data", error,
                   [&](int64_t i, int32_t v) {
                     tensor.data<uint16_t>()[i] = static_cast<uint16_t>(v);
                   });
    break;
  default:
    ok = copyField(proto.int32_data(), tensor, "int32_data", error,
                   [&](int64_t i, int32_t v) { tensor.setInt(i, v); });
    break;
  }
  if (!ok)
    return std::nullopt;
  return tensor;
}

} // namespace loom::onnx_import
