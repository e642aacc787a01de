//===- Npy.cpp - NumPy .npy files -----------------------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/Npy.h"

#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

namespace loom {

namespace {

constexpr std::string_view kMagic = "\x93NUMPY";

struct DescrInfo {
  std::string_view descr;
  DType type;
};
constexpr DescrInfo kDescrs[] = {
    {"<f4", DType::F32}, {"<f2", DType::F16}, {"<u2", DType::BF16},
    {"<f8", DType::F64}, {"|b1", DType::I1},  {"|i1", DType::I8},
    {"<i4", DType::I32}, {"<i8", DType::I64}, {"<i2", DType::I16},
    {"|u1", DType::UI8}, {"<u4", DType::UI32}, {"<u8", DType::UI64},
};

/// The value of `key` in the header's Python dict literal, as written
/// (quotes and parentheses included); empty when absent.
std::string_view dictValue(std::string_view header, std::string_view key) {
  std::string quoted = "'" + std::string(key) + "'";
  size_t at = header.find(quoted);
  if (at == std::string_view::npos)
    return {};
  at = header.find(':', at + quoted.size());
  if (at == std::string_view::npos)
    return {};
  ++at;
  while (at < header.size() && header[at] == ' ')
    ++at;
  size_t end = at;
  if (at < header.size() && header[at] == '(') {
    end = header.find(')', at);
    return end == std::string_view::npos ? std::string_view()
                                         : header.substr(at, end - at + 1);
  }
  if (at < header.size() && header[at] == '\'') {
    end = header.find('\'', at + 1);
    return end == std::string_view::npos ? std::string_view()
                                         : header.substr(at, end - at + 1);
  }
  while (end < header.size() && header[end] != ',' && header[end] != '}')
    ++end;
  return header.substr(at, end - at);
}

/// Parses "(2, 3)", "(5,)" or "()".
std::optional<Shape> parseShape(std::string_view text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    return std::nullopt;
  Shape shape;
  std::string_view body = text.substr(1, text.size() - 2);
  size_t at = 0;
  while (at < body.size()) {
    while (at < body.size() && (body[at] == ' ' || body[at] == ','))
      ++at;
    if (at == body.size())
      break;
    int64_t dim = 0;
    size_t digits = 0;
    while (at < body.size() && body[at] >= '0' && body[at] <= '9') {
      if (dim > (std::numeric_limits<int64_t>::max() - 9) / 10)
        return std::nullopt;
      dim = dim * 10 + (body[at++] - '0');
      ++digits;
    }
    if (digits == 0)
      return std::nullopt;
    shape.push_back(dim);
  }
  return shape;
}

/// `text` for a message: bytes outside printable ASCII as \xNN, so that a
/// damaged header cannot break the one-line error.
std::string printable(std::string_view text) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out += c;
      continue;
    }
    out += "\\x";
    out += digits[byte >> 4];
    out += digits[byte & 15];
  }
  return out;
}

} // namespace

std::optional<Tensor> parseNpy(std::string_view bytes, std::string &error) {
  if (bytes.size() < 10 || bytes.substr(0, kMagic.size()) != kMagic) {
    error = "not an .npy file (bad magic)";
    return std::nullopt;
  }
  uint8_t major = static_cast<uint8_t>(bytes[6]);
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = static_cast<uint8_t>(bytes[8]) |
                   static_cast<size_t>(static_cast<uint8_t>(bytes[9])) << 8;
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) {
      error = "truncated .npy header";
      return std::nullopt;
    }
    headerLength = 0;
    for (int i = 0; i < 4; ++i)
      headerLength |= static_cast<size_t>(static_cast<uint8_t>(bytes[8 + i]))
                      << (8 * i);
    headerStart = 12;
  } else {
    error = "unsupported .npy format version " + std::to_string(major);
    return std::nullopt;
  }
  if (headerLength > bytes.size() - headerStart) {
    error = "truncated .npy header";
    return std::nullopt;
  }
  std::string_view header = bytes.substr(headerStart, headerLength);

  std::string_view descr = dictValue(header, "descr");
  if (descr.size() < 2) {
    error = "the .npy header has no 'descr'";
    return std::nullopt;
  }
  descr = descr.substr(1, descr.size() - 2);
  std::optional<DType> type;
  for (const DescrInfo &info : kDescrs)
    if (info.descr == descr)
      type = info.type;
  // Single-byte types may be written with '<' or '|'.
  if (!type && descr == "<b1")
    type = DType::I1;
  if (!type && descr == "<i1")
    type = DType::I8;
  if (!type && descr == "<u1")
    type = DType::UI8;
  if (!type) {
    error = "dtype '" + printable(descr) +
            "' is not supported (Loom reads <f4 <f2 <f8 <u2 (bf16 or ui16) "
            "|b1 |i1 <i2 <i4 <i8 |u1 <u4 <u8)";
    return std::nullopt;
  }
  if (dictValue(header, "fortran_order") != "False") {
    error = "Fortran-ordered arrays are not supported";
    return std::nullopt;
  }
  std::optional<Shape> shape = parseShape(dictValue(header, "shape"));
  if (!shape) {
    error = "the .npy header has no valid 'shape'";
    return std::nullopt;
  }
  size_t dataStart = headerStart + headerLength;
  size_t available = bytes.size() - dataStart;
  size_t elementSize = dtypeSize(*type);
  size_t count = 1, needed = 0;
  for (int64_t dim : *shape) {
    if (__builtin_mul_overflow(count, static_cast<size_t>(dim), &count)) {
      error = "shape " + shapeString(*shape, *type) + " is too large";
      return std::nullopt;
    }
  }
  if (__builtin_mul_overflow(count, elementSize, &needed) || needed != available) {
    error = "the data has " + std::to_string(available) + " bytes but shape " +
            shapeString(*shape, *type) + " needs " +
            (needed || !count ? std::to_string(needed) : std::string("more"));
    return std::nullopt;
  }
  Tensor tensor(*type, *shape);
  if (tensor.byteSize()) // an empty tensor has no buffer to copy into
    std::memcpy(tensor.bytes(), bytes.data() + dataStart, tensor.byteSize());
  if (*type == DType::I1)
    for (int64_t i = 0; i < tensor.numElements(); ++i)
      tensor.data<uint8_t>()[i] = tensor.data<uint8_t>()[i] != 0;
  return tensor;
}

std::optional<Tensor> readNpy(const std::string &path, std::string &error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = path + ": cannot open the file";
    return std::nullopt;
  }
  std::ostringstream contents;
  contents << file.rdbuf();
  std::optional<Tensor> tensor = parseNpy(contents.str(), error);
  if (!tensor)
    error = path + ": " + error;
  return tensor;
}

std::string serializeNpy(const Tensor &tensor) {
  std::string descr;
  for (const DescrInfo &info : kDescrs)
    if (info.type == tensor.dtype())
      descr = std::string(info.descr);
  // NumPy has no bf16: both bf16 and ui16 are written as <u2, and a reader
  // that expects ui16 takes a bf16 tensor's bits (loom-run does).
  if (tensor.dtype() == DType::UI16)
    descr = "<u2";
  std::string shape = "(";
  for (int64_t dim : tensor.shape())
    shape += std::to_string(dim) + ", ";
  if (tensor.rank() > 1)
    shape.resize(shape.size() - 2);
  else if (tensor.rank() == 1)
    shape.resize(shape.size() - 1); // "(5,)"
  shape += ")";
  std::string header = "{'descr': '" + descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad with spaces so that the data starts 64-byte aligned; end with \n.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string bytes(kMagic);
  bytes += '\x01';
  bytes += '\x00';
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>(header.size() >> 8);
  bytes += header;
  bytes.append(reinterpret_cast<const char *>(tensor.bytes()), tensor.byteSize());
  return bytes;
}

bool writeNpy(const std::string &path, const Tensor &tensor, std::string &error) {
  std::ofstream file(path, std::ios::binary);
  std::string bytes = serializeNpy(tensor);
  if (!file || !file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    error = path + ": cannot write the file";
    return false;
  }
  return true;
}

} // namespace loom
