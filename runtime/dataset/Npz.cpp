//===- Npz.cpp - NumPy .npz files -----------------------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/dataset/Npz.h"

#include "runtime/Npy.h"
#include "runtime/dataset/Example.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <unordered_set>

#include <fmt/format.h>

namespace loom::dataset {

namespace {

uint64_t readLe(std::string_view bytes, size_t at, int size) {
  uint64_t value = 0;
  for (int i = size - 1; i >= 0; --i)
    value = value << 8 | static_cast<uint8_t>(bytes[at + i]);
  return value;
}

constexpr uint32_t kEndOfDirectory = 0x06054b50;
constexpr uint32_t kZip64EndOfDirectory = 0x06064b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint32_t kDirectoryEntry = 0x02014b50;
constexpr uint32_t kLocalHeader = 0x04034b50;

void writeLe(std::string &out, uint64_t value, int size) {
  for (int i = 0; i < size; ++i)
    out.push_back(static_cast<char>(value >> (8 * i) & 0xff));
}

/// The reflected CRC-32 table of polynomial 0xedb88320 (zip's); no zlib
/// in the runtime for one checksum.
const std::array<uint32_t, 256> &crcTable() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k)
        c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  return table;
}

} // namespace

uint32_t crc32(std::string_view bytes, uint32_t crc) {
  const std::array<uint32_t, 256> &table = crcTable();
  crc = ~crc;
  for (char byte : bytes)
    crc = table[(crc ^ static_cast<uint8_t>(byte)) & 0xff] ^ (crc >> 8);
  return ~crc;
}

bool serializeNpz(const NpzArrays &arrays, std::string &out,
                  std::string &error) {
  out.clear();
  auto fail = [&](std::string reason) {
    error = std::move(reason);
    return false;
  };
  // 1980-01-01 00:00, the earliest DOS date: a fixed time keeps the file a
  // function of the arrays alone.
  constexpr uint64_t kDate = (0 << 9) | (1 << 5) | 1;
  std::string directory;
  for (const auto &[name, tensor] : arrays) {
    std::string entry = name + ".npy";
    std::string data = serializeNpy(tensor);
    if (entry.size() > 0xffff)
      return fail(
          fmt::format("array name '{}' is too long", printableName(name)));
    const uint64_t offset = out.size();
    if (data.size() >= 0xffffffffu || offset >= 0xffffffffu)
      return fail("the arrays need more than 4 GiB, which the .npz writer "
                  "does not write (zip64)");
    const uint32_t crc = crc32(data);
    // The fields a local header and its central directory entry share:
    // needs version 2.0, flags, method 0 (stored), time, date, CRC, sizes,
    // name and extra lengths.
    auto entryFields = [&](std::string &to) {
      writeLe(to, 20, 2);
      writeLe(to, 0, 2);
      writeLe(to, 0, 2);
      writeLe(to, 0, 2);
      writeLe(to, kDate, 2);
      writeLe(to, crc, 4);
      writeLe(to, data.size(), 4);
      writeLe(to, data.size(), 4);
      writeLe(to, entry.size(), 2);
      writeLe(to, 0, 2);
    };
    writeLe(out, kLocalHeader, 4);
    entryFields(out);
    out += entry;
    out += data;
    // Its central directory entry: made by version 2.0, the same fields, no
    // comment, attributes 0, the local header's offset.
    writeLe(directory, kDirectoryEntry, 4);
    writeLe(directory, 20, 2);
    entryFields(directory);
    writeLe(directory, 0, 2); // comment
    writeLe(directory, 0, 2); // disk
    writeLe(directory, 0, 2); // internal attributes
    writeLe(directory, 0, 4); // external attributes
    writeLe(directory, offset, 4);
    directory += entry;
  }
  const uint64_t directoryOffset = out.size();
  if (arrays.size() >= 0xffff || directoryOffset >= 0xffffffffu ||
      directory.size() >= 0xffffffffu)
    return fail("the arrays need more than 4 GiB or 65535 entries, which "
                "the .npz writer does not write (zip64)");
  out += directory;
  writeLe(out, kEndOfDirectory, 4);
  writeLe(out, 0, 2); // this disk
  writeLe(out, 0, 2); // the directory's disk
  writeLe(out, arrays.size(), 2);
  writeLe(out, arrays.size(), 2);
  writeLe(out, directory.size(), 4);
  writeLe(out, directoryOffset, 4);
  writeLe(out, 0, 2); // comment
  return true;
}

bool writeNpz(const std::string &path, const NpzArrays &arrays,
              std::string &error) {
  std::string bytes;
  if (!serializeNpz(arrays, bytes, error)) {
    error = path + ": " + error;
    return false;
  }
  const std::string temporary = path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file ||
        !file.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) ||
        !file.flush()) {
      std::remove(temporary.c_str());
      error = path + ": cannot write the file";
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    error = path + ": cannot write the file (renaming it into place failed)";
    return false;
  }
  return true;
}

bool readNpz(const std::string &path, NpzArrays &out, std::string &error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = path + ": cannot open the .npz file";
    return false;
  }
  std::string bytes((std::istreambuf_iterator<char>(file)),
                    std::istreambuf_iterator<char>());
  if (file.bad()) {
    error = path + ": cannot read the .npz file";
    return false;
  }
  if (!parseNpz(bytes, out, error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

bool parseNpz(std::string_view bytes, NpzArrays &out, std::string &error) {
  out.clear();
  auto fail = [&](const std::string &reason) {
    error = reason;
    return false;
  };
  // The end-of-central-directory record: the last 22 bytes, or before a
  // comment of at most 65535 bytes.
  if (bytes.size() < 22)
    return fail("not a zip archive (np.savez's format): too short");
  size_t end = std::string_view::npos;
  size_t lowest = bytes.size() > 22 + 65535 ? bytes.size() - 22 - 65535 : 0;
  for (size_t at = bytes.size() - 22;; --at) {
    if (readLe(bytes, at, 4) == kEndOfDirectory) {
      end = at;
      break;
    }
    if (at == lowest)
      break;
  }
  if (end == std::string_view::npos)
    return fail("not a zip archive (np.savez's format): no end of central "
                "directory");
  uint64_t entries = readLe(bytes, end + 10, 2);
  uint64_t directorySize = readLe(bytes, end + 12, 4);
  uint64_t directoryOffset = readLe(bytes, end + 16, 4);
  if (entries == 0xffff || directoryOffset == 0xffffffff ||
      directorySize == 0xffffffff) {
    // Zip64: a locator just before points at the zip64 end record.
    if (end < 20 || readLe(bytes, end - 20, 4) != kZip64Locator)
      return fail("the zip64 end of central directory locator is missing");
    uint64_t record = readLe(bytes, end - 20 + 8, 8);
    if (record > bytes.size() || bytes.size() - record < 56 ||
        readLe(bytes, record, 4) != kZip64EndOfDirectory)
      return fail("the zip64 end of central directory is damaged");
    entries = readLe(bytes, record + 32, 8);
    directorySize = readLe(bytes, record + 40, 8);
    directoryOffset = readLe(bytes, record + 48, 8);
  }
  if (directoryOffset > bytes.size() ||
      directorySize > bytes.size() - directoryOffset)
    return fail(fmt::format("the central directory ({} bytes at {}) lies "
                            "outside the {}-byte file",
                            directorySize, directoryOffset, bytes.size()));
  std::unordered_set<std::string> names;
  size_t at = directoryOffset;
  const size_t directoryEnd = directoryOffset + directorySize;
  for (uint64_t e = 0; e < entries; ++e) {
    if (directoryEnd - at < 46 || readLe(bytes, at, 4) != kDirectoryEntry)
      return fail(fmt::format("central directory entry {} is damaged", e));
    uint64_t method = readLe(bytes, at + 10, 2);
    uint64_t compressed = readLe(bytes, at + 20, 4);
    uint64_t size = readLe(bytes, at + 24, 4);
    uint64_t nameLength = readLe(bytes, at + 28, 2);
    uint64_t extraLength = readLe(bytes, at + 30, 2);
    uint64_t commentLength = readLe(bytes, at + 32, 2);
    uint64_t local = readLe(bytes, at + 42, 4);
    if (directoryEnd - at - 46 < nameLength + extraLength + commentLength)
      return fail(fmt::format("central directory entry {} is damaged", e));
    std::string name(bytes.substr(at + 46, nameLength));
    // Zip64 extra field (id 1): the 8-byte values whose 4-byte fields are
    // all ones, in the order size, compressed size, local header offset.
    size_t extra = at + 46 + nameLength;
    const size_t extraEnd = extra + extraLength;
    while (extraEnd - extra >= 4) {
      uint64_t id = readLe(bytes, extra, 2);
      uint64_t length = readLe(bytes, extra + 2, 2);
      if (extraEnd - extra - 4 < length)
        break;
      if (id == 1) {
        size_t field = extra + 4;
        const size_t fieldEnd = field + length;
        for (uint64_t *value : {&size, &compressed, &local}) {
          if (*value != 0xffffffff)
            continue;
          if (fieldEnd - field < 8)
            return fail(fmt::format("entry '{}': its zip64 sizes are damaged",
                                    printableName(name)));
          *value = readLe(bytes, field, 8);
          field += 8;
        }
      }
      extra += 4 + length;
    }
    at += 46 + nameLength + extraLength + commentLength;
    if (method != 0)
      return fail(fmt::format("entry '{}' is compressed (method {}); write "
                              "the file with np.savez, not "
                              "np.savez_compressed",
                              printableName(name), method));
    if (compressed != size)
      return fail(fmt::format("entry '{}' is stored with {} bytes but holds "
                              "{}",
                              printableName(name), compressed, size));
    if (local > bytes.size() || bytes.size() - local < 30 ||
        readLe(bytes, local, 4) != kLocalHeader)
      return fail(fmt::format("entry '{}': its local header is damaged",
                              printableName(name)));
    uint64_t data = local + 30 + readLe(bytes, local + 26, 2) +
                    readLe(bytes, local + 28, 2);
    if (data > bytes.size() || size > bytes.size() - data)
      return fail(fmt::format("entry '{}' ({} bytes) runs past the end of "
                              "the file",
                              printableName(name), size));
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".npy") != 0)
      return fail(
          fmt::format("entry '{}' is not an .npy file", printableName(name)));
    std::string npyError;
    std::optional<Tensor> tensor = parseNpy(bytes.substr(data, size), npyError);
    if (!tensor)
      return fail(fmt::format("entry '{}': {}", printableName(name), npyError));
    name.resize(name.size() - 4);
    if (!names.insert(name).second)
      return fail(
          fmt::format("array '{}' is given twice", printableName(name)));
    out.emplace_back(std::move(name), std::move(*tensor));
  }
  return true;
}

} // namespace loom::dataset
