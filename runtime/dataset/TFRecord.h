//===- TFRecord.h - TFRecord files --------------------------------*- C++
//-*-===//
//
// Part of the Loom project.
//
// TFRecord, the record framing of TensorFlow's serialized batches
// (docs/datasets.md): each record is
//
//   uint64 length, uint32 masked CRC-32C of those 8 bytes,
//   `length` bytes of data, uint32 masked CRC-32C of the data
//
// all little-endian; a mask is ((crc >> 15) | (crc << 17)) + 0xa282ead8.
// The reader checks both CRCs and every length against the bytes left in
// the file before it allocates anything, so a damaged or truncated file is
// one line naming the file, the record (0-based) and its byte offset, never a
// large allocation or a crash. LLVM-free, like the rest of the runtime.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DATASET_TFRECORD_H
#define LOOM_RUNTIME_DATASET_TFRECORD_H

#include "runtime/Status.h"

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

namespace loom::dataset {

/// CRC-32C (Castagnoli) of `size` bytes, continuing from `crc` (0 to start).
uint32_t crc32c(const void *data, size_t size, uint32_t crc = 0);

/// TFRecord's masked form of a CRC-32C.
inline uint32_t maskCrc(uint32_t crc) {
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

/// The TFRecord framing of one record: header, data and footer.
std::string frameRecord(std::string_view data);

/// Reads the records of one TFRecord file (or of bytes in memory) in order.
class TFRecordReader {
public:
  TFRecordReader();
  TFRecordReader(TFRecordReader &&);
  TFRecordReader &operator=(TFRecordReader &&);
  ~TFRecordReader();

  /// Opens `path`: NotFound when it cannot be opened.
  static Status open(const std::string &path, TFRecordReader &out);
  /// Reads `bytes` as if they were a file called `name`.
  static TFRecordReader fromBytes(std::string name, std::string bytes);

  /// Reads the next record into `record`. At a clean end of the file (no
  /// byte left) sets `end` and returns Ok. A truncated or damaged record is
  /// DataLoss: "NAME: record I at byte B: REASON"; the reader is not to be
  /// used after an error.
  Status next(std::string &record, bool &end);

  /// The file's name, as messages give it.
  const std::string &name() const { return fileName; }
  /// The index of the next record (the number read so far).
  int64_t recordIndex() const { return index; }
  /// The byte offset of the next record.
  uint64_t offset() const { return position; }

private:
  std::string fileName;
  std::unique_ptr<std::istream> stream;
  uint64_t size = 0;
  uint64_t position = 0;
  int64_t index = 0;
};

/// Writes records to a TFRecord file.
class TFRecordWriter {
public:
  /// Creates (truncates) `path`; InvalidArgument when it cannot be written.
  Status open(const std::string &path);
  Status write(std::string_view record);
  /// Flushes and closes; the first write error if any.
  Status close();

private:
  std::string fileName;
  std::ofstream file;
};

} // namespace loom::dataset

#endif // LOOM_RUNTIME_DATASET_TFRECORD_H
