//===- TFRecord.cpp - TFRecord files --------------------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/dataset/TFRecord.h"

#include <array>

#include <fmt/format.h>

namespace loom::dataset {

namespace {

/// The byte-at-a-time table of CRC-32C's reflected polynomial 0x82f63b78.
constexpr std::array<uint32_t, 256> makeCrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc >> 1) ^ (crc & 1 ? 0x82f63b78u : 0);
    table[i] = crc;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kCrcTable = makeCrcTable();

uint64_t readLe64(const unsigned char *p) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i)
    value = value << 8 | p[i];
  return value;
}

uint32_t readLe32(const unsigned char *p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

void appendLe(std::string &out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(static_cast<char>(value >> (8 * i) & 0xff));
}

} // namespace

uint32_t crc32c(const void *data, size_t size, uint32_t crc) {
  const auto *p = static_cast<const unsigned char *>(data);
  crc = ~crc;
  for (size_t i = 0; i < size; ++i)
    crc = kCrcTable[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

std::string frameRecord(std::string_view data) {
  std::string out;
  out.reserve(data.size() + 16);
  appendLe(out, data.size(), 8);
  appendLe(out, maskCrc(crc32c(out.data(), 8)), 4);
  out.append(data);
  appendLe(out, maskCrc(crc32c(data.data(), data.size())), 4);
  return out;
}

TFRecordReader::TFRecordReader() = default;
TFRecordReader::TFRecordReader(TFRecordReader &&) = default;
TFRecordReader &TFRecordReader::operator=(TFRecordReader &&) = default;
TFRecordReader::~TFRecordReader() = default;

Status TFRecordReader::open(const std::string &path, TFRecordReader &out) {
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file)
    return notFound(path + ": cannot open the TFRecord file");
  file->seekg(0, std::ios::end);
  std::streamoff size = file->tellg();
  file->seekg(0, std::ios::beg);
  if (size < 0 || !*file)
    return dataLoss(path + ": cannot read the TFRecord file's size");
  out.fileName = path;
  out.stream = std::move(file);
  out.size = static_cast<uint64_t>(size);
  out.position = 0;
  out.index = 0;
  return Status::ok();
}

TFRecordReader TFRecordReader::fromBytes(std::string name, std::string bytes) {
  TFRecordReader reader;
  reader.fileName = std::move(name);
  reader.size = bytes.size();
  reader.stream = std::make_unique<std::istringstream>(std::move(bytes));
  return reader;
}

Status TFRecordReader::next(std::string &record, bool &end) {
  end = false;
  auto fail = [&](const std::string &reason) {
    return dataLoss(fmt::format("{}: record {} at byte {}: {}", fileName, index,
                                position, reason));
  };
  if (!stream)
    return invalidArgument("the TFRecord reader has no file");
  uint64_t left = size - position;
  if (left == 0) {
    end = true;
    return Status::ok();
  }
  if (left < 12)
    return fail(fmt::format("truncated: the file ends {} bytes into the "
                            "record's 12-byte header",
                            left));
  unsigned char header[12];
  if (!stream->read(reinterpret_cast<char *>(header), 12))
    return fail("cannot read the record's header");
  uint64_t length = readLe64(header);
  uint32_t stored = readLe32(header + 8);
  uint32_t computed = maskCrc(crc32c(header, 8));
  if (stored != computed)
    return fail(fmt::format("the length's CRC-32C does not match (stored "
                            "{:#010x}, computed {:#010x}): a damaged length",
                            stored, computed));
  left -= 12;
  if (left < 4 || length > left - 4)
    return fail(fmt::format("truncated: the record's {} bytes and its CRC "
                            "need {}, but only {} are left in the file",
                            length, length + 4, left));
  record.resize(length);
  unsigned char footer[4];
  if (!stream->read(record.data(), static_cast<std::streamsize>(length)) ||
      !stream->read(reinterpret_cast<char *>(footer), 4))
    return fail("cannot read the record's data");
  stored = readLe32(footer);
  computed = maskCrc(crc32c(record.data(), record.size()));
  if (stored != computed)
    return fail(fmt::format("the data's CRC-32C does not match (stored "
                            "{:#010x}, computed {:#010x}): damaged data",
                            stored, computed));
  position += 16 + length;
  ++index;
  return Status::ok();
}

Status TFRecordWriter::open(const std::string &path) {
  fileName = path;
  file.open(path, std::ios::binary | std::ios::trunc);
  if (!file)
    return invalidArgument(path + ": cannot create the TFRecord file");
  return Status::ok();
}

Status TFRecordWriter::write(std::string_view record) {
  std::string framed = frameRecord(record);
  if (!file.write(framed.data(), static_cast<std::streamsize>(framed.size())))
    return invalidArgument(fileName + ": cannot write the TFRecord file");
  return Status::ok();
}

Status TFRecordWriter::close() {
  file.close();
  if (!file)
    return invalidArgument(fileName + ": cannot write the TFRecord file");
  return Status::ok();
}

} // namespace loom::dataset
