//===- TensorArgs.cpp - Tensors named on a command line --------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-run/TensorArgs.h"

#include "runtime/Npy.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace loom::runner {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ')
    text.remove_suffix(1);
  return text;
}

/// Parses "2x3xf32" (or "f32", a scalar) into `shape` and `dtype`.
bool parseTypeSpec(std::string_view text, Shape &shape, DType &dtype) {
  shape.clear();
  size_t start = 0;
  while (true) {
    size_t x = text.find('x', start);
    if (x == std::string_view::npos)
      break;
    std::string_view digits = text.substr(start, x - start);
    if (digits.empty() || digits.size() > 18 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
    shape.push_back(std::stoll(std::string(digits)));
    start = x + 1;
  }
  std::optional<DType> parsed = parseDType(text.substr(start));
  if (!parsed)
    return false;
  dtype = *parsed;
  return true;
}

/// The range of an integer dtype a literal may write (ui64 up to INT64_MAX).
std::pair<int64_t, int64_t> integerRange(DType dtype) {
  switch (dtype) {
  case DType::I8: return {INT8_MIN, INT8_MAX};
  case DType::I16: return {INT16_MIN, INT16_MAX};
  case DType::I32: return {INT32_MIN, INT32_MAX};
  case DType::UI8: return {0, UINT8_MAX};
  case DType::UI16: return {0, UINT16_MAX};
  case DType::UI32: return {0, UINT32_MAX};
  case DType::UI64: return {0, INT64_MAX};
  default: return {INT64_MIN, INT64_MAX};
  }
}

/// Stores the text of one value into element `index`; false with `error`
/// set when it is not a value of the dtype.
bool setElement(Tensor &tensor, int64_t index, std::string_view text,
                std::string &error) {
  std::string value(trim(text));
  DType dtype = tensor.dtype();
  auto bad = [&](std::string_view why) {
    error = fmt::format("'{}' is not {}", value, why);
    return false;
  };
  if (value.empty())
    return bad(fmt::format("a value of {}", dtypeName(dtype)));
  if (dtype == DType::I1) {
    if (value == "1" || value == "true")
      tensor.setInt(index, 1);
    else if (value == "0" || value == "false")
      tensor.setInt(index, 0);
    else
      return bad("a boolean (0, 1, true or false)");
    return true;
  }
  char *end = nullptr;
  errno = 0;
  if (isFloat(dtype)) {
    double parsed = std::strtod(value.c_str(), &end);
    if (*end != '\0')
      return bad(fmt::format("a value of {}", dtypeName(dtype)));
    tensor.setDouble(index, parsed);
    return true;
  }
  long long parsed = std::strtoll(value.c_str(), &end, 10);
  auto [lowest, highest] = integerRange(dtype);
  if (*end != '\0')
    return bad(fmt::format("an integer of {}", dtypeName(dtype)));
  if (errno == ERANGE || parsed < lowest || parsed > highest)
    return bad(fmt::format("in the range of {}", dtypeName(dtype)));
  tensor.setInt(index, parsed);
  return true;
}

} // namespace

std::optional<TensorArg> parseTensorArg(std::string_view text,
                                        std::string &error) {
  TensorArg arg;
  auto fileOrLiteral = [&](std::string_view rest) {
    if (!rest.empty() && rest.front() == '@') {
      arg.file = std::string(rest.substr(1));
      if (arg.file.empty()) {
        error = fmt::format("'{}': '@' must be followed by a file", text);
        return false;
      }
      return true;
    }
    size_t equals = rest.find('=');
    Shape shape;
    DType dtype;
    if (equals == std::string_view::npos ||
        !parseTypeSpec(rest.substr(0, equals), shape, dtype)) {
      error = fmt::format("'{}' is neither @FILE, NAME=@FILE, DIMSxDTYPE=VALUES "
                          "nor NAME=DIMSxDTYPE=VALUES",
                          text);
      return false;
    }
    arg.literal = std::string(rest);
    return true;
  };
  size_t equals = text.find('=');
  Shape shape;
  DType dtype;
  if (text.empty() || text.front() == '@' || equals == std::string_view::npos ||
      parseTypeSpec(text.substr(0, equals), shape, dtype)) {
    if (!fileOrLiteral(text))
      return std::nullopt;
    return arg;
  }
  arg.name = std::string(text.substr(0, equals));
  if (!fileOrLiteral(text.substr(equals + 1)))
    return std::nullopt;
  return arg;
}

std::optional<Tensor> parseTensorLiteral(std::string_view text,
                                         std::string &error) {
  size_t equals = text.find('=');
  Shape shape;
  DType dtype;
  if (equals == std::string_view::npos ||
      !parseTypeSpec(text.substr(0, equals), shape, dtype)) {
    error = fmt::format("literal '{}' does not start with DIMSxDTYPE=", text);
    return std::nullopt;
  }
  // A literal is typed on a command line; beyond 64 MiB it is a mistake (a
  // larger tensor belongs in an .npy file), and the check keeps the size
  // computation from overflowing.
  constexpr int64_t kMaxBytes = int64_t(1) << 26;
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim != 0 && count > kMaxBytes / dim) {
      count = kMaxBytes + 1;
      break;
    }
    count *= dim;
  }
  if (count > kMaxBytes / static_cast<int64_t>(dtypeSize(dtype))) {
    error = fmt::format("literal '{}': the shape is too large (a literal "
                        "holds at most 64 MiB; use an .npy file)",
                        text);
    return std::nullopt;
  }
  std::vector<std::string_view> values;
  std::string_view rest = text.substr(equals + 1);
  if (!trim(rest).empty()) {
    size_t start = 0;
    while (true) {
      size_t comma = rest.find(',', start);
      values.push_back(rest.substr(start, comma - start));
      if (comma == std::string_view::npos)
        break;
      start = comma + 1;
    }
  }
  // One value fills the tensor, as a splat.
  if (values.size() != static_cast<size_t>(count) &&
      !(values.size() == 1 && count > 0)) {
    error = fmt::format("literal '{}': {} values for the {} elements of {}",
                        text, values.size(), count, shapeString(shape, dtype));
    return std::nullopt;
  }
  Tensor tensor(dtype, shape);
  // A splat's value is parsed once and copied.
  bool splat = values.size() == 1;
  for (int64_t i = 0; i < (splat ? std::min<int64_t>(count, 1) : count); ++i) {
    std::string why;
    if (!setElement(tensor, i, values[i], why)) {
      error = fmt::format("literal '{}': {}", text, why);
      return std::nullopt;
    }
  }
  size_t total = tensor.byteSize();
  for (size_t filled = dtypeSize(dtype); splat && filled < total; filled *= 2)
    std::memcpy(tensor.bytes() + filled, tensor.bytes(),
                std::min(filled, total - filled));
  return tensor;
}

std::optional<Tensor> loadTensorArg(const TensorArg &arg, std::string &error) {
  if (!arg.file.empty())
    return readNpy(arg.file, error);
  return parseTensorLiteral(arg.literal, error);
}

std::string formatElement(const Tensor &tensor, int64_t index) {
  switch (tensor.dtype()) {
  case DType::F64: return fmt::format("{}", tensor.getDouble(index));
  case DType::F32:
  case DType::F16:
  case DType::BF16:
    // f16 and bf16 values are exact in f32, whose shortest form reads back
    // to the same 16-bit value.
    return fmt::format("{}", static_cast<float>(tensor.getDouble(index)));
  case DType::I1: return tensor.getInt(index) ? "true" : "false";
  case DType::UI64:
    return fmt::format("{}", static_cast<uint64_t>(tensor.getInt(index)));
  default: return fmt::format("{}", tensor.getInt(index));
  }
}

std::string formatCoordinates(const Shape &shape, int64_t index) {
  Shape strides = rowMajorStrides(shape);
  std::string text = "[";
  for (size_t d = 0; d < shape.size(); ++d) {
    if (d)
      text += ", ";
    text += std::to_string(index / strides[d]);
    index %= strides[d];
  }
  return text + "]";
}

std::string formatTensor(const Tensor &tensor, int64_t maxElements) {
  std::string text = shapeString(tensor.shape(), tensor.dtype()) + " [";
  int64_t shown = std::min(tensor.numElements(), maxElements);
  for (int64_t i = 0; i < shown; ++i) {
    if (i)
      text += ", ";
    text += formatElement(tensor, i);
  }
  if (tensor.numElements() > shown)
    text += fmt::format(", ... ({} more)", tensor.numElements() - shown);
  return text + "]";
}

} // namespace loom::runner
