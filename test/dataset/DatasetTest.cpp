//===- DatasetTest.cpp - TFRecord, tf.train.Example and batches -----------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/Npy.h"
#include "runtime/dataset/Dataset.h"
#include "runtime/dataset/Example.h"
#include "runtime/dataset/Npz.h"
#include "runtime/dataset/TFRecord.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <set>
#include <unistd.h>

using namespace loom;
using namespace loom::dataset;
using namespace std::string_literals;

namespace {

std::string readAll(TFRecordReader &reader, std::vector<std::string> &records) {
  std::string record;
  for (;;) {
    bool end = false;
    Status status = reader.next(record, end);
    if (!status.isOk())
      return status.message();
    if (end)
      return {};
    records.push_back(record);
  }
}

std::string threeRecords() {
  return frameRecord("first") + frameRecord("") + frameRecord("third!");
}

Feature floats(std::vector<float> values) {
  Feature feature;
  feature.kind = Feature::Kind::Float;
  feature.floats = std::move(values);
  return feature;
}

Feature ints(std::vector<int64_t> values) {
  Feature feature;
  feature.kind = Feature::Kind::Int64;
  feature.ints = std::move(values);
  return feature;
}

TensorSpec spec(std::string name, DType type, Shape shape) {
  TensorSpec spec;
  spec.name = std::move(name);
  spec.dtype = type;
  spec.shape = std::move(shape);
  return spec;
}

/// A temporary file removed at the end of the test.
struct TempFile {
  explicit TempFile(const std::string &contents) {
    char name[] = "/tmp/loom-dataset-test-XXXXXX";
    int fd = mkstemp(name);
    path = name;
    close(fd);
    std::ofstream(path, std::ios::binary) << contents;
  }
  ~TempFile() { std::remove(path.c_str()); }
  std::string path;
};

} // namespace

TEST(Crc32c, MatchesTheStandardCheckValues) {
  EXPECT_EQ(crc32c("123456789", 9), 0xe3069283u);
  EXPECT_EQ(crc32c("", 0), 0u);
  // 32 zero bytes (RFC 3720, B.4).
  std::string zeros(32, '\0');
  EXPECT_EQ(crc32c(zeros.data(), zeros.size()), 0x8a9136aau);
  // In two pieces, the same.
  EXPECT_EQ(crc32c("6789", 4, crc32c("12345", 5)), 0xe3069283u);
}

TEST(Crc32, MatchesTheStandardCheckValue) {
  EXPECT_EQ(crc32("123456789"), 0xcbf43926u);
  EXPECT_EQ(crc32(""), 0u);
  EXPECT_EQ(crc32("6789", crc32("12345")), 0xcbf43926u);
}

static NpzArrays someArrays() {
  NpzArrays arrays;
  arrays.emplace_back("fc1.weight",
                      Tensor::fromDoubles(DType::F32, {2, 3},
                                          {1, -2.5, 3, 0.125, 5, -6}));
  arrays.emplace_back("labels", Tensor::fromDoubles(DType::I64, {3}, {0, 7, -1}));
  arrays.emplace_back("adam.step", Tensor::fromDoubles(DType::F32, {}, {4}));
  arrays.emplace_back("half", Tensor::fromDoubles(DType::F16, {2}, {0.5, -1}));
  arrays.emplace_back("empty", Tensor(DType::F64, {0, 2}));
  return arrays;
}

TEST(NpzWriter, ParsesBackToTheSameArrays) {
  NpzArrays arrays = someArrays(), back;
  std::string bytes, error;
  ASSERT_TRUE(serializeNpz(arrays, bytes, error)) << error;
  ASSERT_TRUE(parseNpz(bytes, back, error)) << error;
  ASSERT_EQ(back.size(), arrays.size());
  for (size_t i = 0; i < arrays.size(); ++i) {
    EXPECT_EQ(back[i].first, arrays[i].first);
    EXPECT_EQ(back[i].second.dtype(), arrays[i].second.dtype());
    EXPECT_EQ(back[i].second.shape(), arrays[i].second.shape());
    EXPECT_TRUE(back[i].second.bitwiseEqual(arrays[i].second)) << i;
  }
}

TEST(NpzWriter, StoresEntriesWithTheirCrc) {
  NpzArrays arrays = someArrays();
  std::string bytes, error;
  ASSERT_TRUE(serializeNpz(arrays, bytes, error)) << error;
  // The first local header: "PK\3\4", method 0 at 8, CRC at 14, sizes at
  // 18 and 22, the name at 30, then the .npy bytes.
  auto le = [&](size_t at, int size) {
    uint64_t value = 0;
    for (int i = size - 1; i >= 0; --i)
      value = value << 8 | static_cast<uint8_t>(bytes[at + i]);
    return value;
  };
  ASSERT_EQ(bytes.substr(0, 4), "PK\x03\x04"s);
  EXPECT_EQ(le(8, 2), 0u);
  std::string npy = serializeNpy(arrays[0].second);
  EXPECT_EQ(le(18, 4), npy.size());
  EXPECT_EQ(le(22, 4), npy.size());
  EXPECT_EQ(bytes.substr(30, le(26, 2)), "fc1.weight.npy");
  EXPECT_EQ(bytes.substr(30 + le(26, 2), npy.size()), npy);
  EXPECT_EQ(le(14, 4), crc32(npy));
}

TEST(NpzWriter, WritesAndReadsFiles) {
  TempFile file("");
  std::string error;
  ASSERT_TRUE(writeNpz(file.path, someArrays(), error)) << error;
  NpzArrays back;
  ASSERT_TRUE(readNpz(file.path, back, error)) << error;
  EXPECT_EQ(back.size(), 5u);
  std::ifstream temporary(file.path + ".tmp");
  EXPECT_FALSE(temporary.good());
  EXPECT_FALSE(writeNpz("/nonexistent-dir/x.npz", someArrays(), error));
  EXPECT_EQ(error, "/nonexistent-dir/x.npz: cannot write the file");
  EXPECT_FALSE(readNpz("/nonexistent-dir/x.npz", back, error));
  EXPECT_EQ(error, "/nonexistent-dir/x.npz: cannot open the .npz file");
}

TEST(TFRecord, ReadsWhatItFrames) {
  TFRecordReader reader =
      TFRecordReader::fromBytes("t.tfrecord", threeRecords());
  std::vector<std::string> records;
  EXPECT_EQ(readAll(reader, records), "");
  EXPECT_EQ(records, (std::vector<std::string>{"first", "", "third!"}));
  EXPECT_EQ(reader.recordIndex(), 3);
}

TEST(TFRecord, FramingIsTensorFlows) {
  // Length 1, record "a": TensorFlow's masked CRCs of the 8 length bytes and
  // of "a" (from tensorflow's own writer).
  std::string framed = frameRecord("a");
  ASSERT_EQ(framed.size(), 17u);
  EXPECT_EQ(framed.substr(0, 8), std::string("\x01\0\0\0\0\0\0\0", 8));
  uint32_t lengthCrc, dataCrc;
  std::memcpy(&lengthCrc, framed.data() + 8, 4);
  std::memcpy(&dataCrc, framed.data() + 13, 4);
  EXPECT_EQ(lengthCrc, maskCrc(crc32c(framed.data(), 8)));
  EXPECT_EQ(dataCrc, maskCrc(crc32c("a", 1)));
  EXPECT_EQ(maskCrc(0), 0xa282ead8u);
}

TEST(TFRecord, TruncatedFilesAreOneLine) {
  std::string bytes = threeRecords();
  std::vector<std::string> records;
  // Cut in the last record's data: records 0 and 1 (21 + 16 bytes) read.
  TFRecordReader cut = TFRecordReader::fromBytes(
      "t.tfrecord", bytes.substr(0, bytes.size() - 5));
  EXPECT_EQ(readAll(cut, records),
            "t.tfrecord: record 2 at byte 37: truncated: the record's 6 bytes "
            "and its CRC need 10, but only 5 are left in the file");
  EXPECT_EQ(records.size(), 2u);
  // Cut in the header.
  records.clear();
  TFRecordReader header =
      TFRecordReader::fromBytes("t.tfrecord", bytes.substr(0, 40));
  EXPECT_EQ(readAll(header, records),
            "t.tfrecord: record 2 at byte 37: truncated: the file ends 3 bytes "
            "into the record's 12-byte header");
}

TEST(TFRecord, FlippedBitsAreCaught) {
  std::string bytes = threeRecords();
  std::vector<std::string> records;
  std::string data = bytes;
  data[12 + 2] ^= 0x10; // in "first"
  TFRecordReader damagedData = TFRecordReader::fromBytes("t.tfrecord", data);
  std::string message = readAll(damagedData, records);
  EXPECT_EQ(message.rfind("t.tfrecord: record 0 at byte 0: the data's CRC-32C "
                          "does not match (stored 0x",
                          0),
            0u)
      << message;
  EXPECT_NE(message.find("): damaged data"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);

  std::string length = bytes;
  length[21 + 3] ^= 0x01; // record 1's length: 2^24 bytes now
  records.clear();
  TFRecordReader damagedLength =
      TFRecordReader::fromBytes("t.tfrecord", length);
  message = readAll(damagedLength, records);
  EXPECT_EQ(message.rfind("t.tfrecord: record 1 at byte 21: the length's "
                          "CRC-32C does not match",
                          0),
            0u)
      << message;
  EXPECT_EQ(records.size(), 1u);
}

TEST(TFRecord, MissingFileIsNotFound) {
  TFRecordReader reader;
  Status status = TFRecordReader::open("/nonexistent/x.tfrecord", reader);
  EXPECT_EQ(status.code(), StatusCode::NotFound);
  EXPECT_EQ(status.message(),
            "/nonexistent/x.tfrecord: cannot open the TFRecord file");
}

TEST(Example, RoundTripsEveryKind) {
  Example example;
  example.features.emplace_back("x", floats({1.5f, -2.0f, 0.0f}));
  example.features.emplace_back("label", ints({-1, 0, 1LL << 40}));
  Feature raw;
  raw.kind = Feature::Kind::Bytes;
  raw.bytes = {std::string("\0\x01\xff", 3), ""};
  example.features.emplace_back("raw", raw);
  example.features.emplace_back("empty", Feature());
  Example parsed;
  std::string error;
  ASSERT_TRUE(parseExample(serializeExample(example), parsed, error)) << error;
  EXPECT_EQ(parsed, example);
  EXPECT_EQ(parsed.find("label")->ints[2], 1LL << 40);
  EXPECT_EQ(parsed.find("nope"), nullptr);
}

TEST(Example, ReadsUnpackedListsAndSkipsUnknownFields) {
  // Example{features{feature{key:"v" value{float_list{value:1 value:2}}}}}
  // with the floats unpacked (wire type 5), plus an unknown varint field 7
  // in the Example and an unknown fixed64 field 9 in the Feature.
  std::string list = std::string("\x0d\x00\x00\x80\x3f", 5) +
                     std::string("\x0d\x00\x00\x00\x40", 5);
  std::string feature = "\x12" + std::string(1, char(list.size())) + list +
                        std::string("\x49\0\0\0\0\0\0\0\0", 9);
  std::string entry =
      "\x0a\x01v\x12" + std::string(1, char(feature.size())) + feature;
  std::string features = "\x0a" + std::string(1, char(entry.size())) + entry;
  std::string bytes =
      "\x38\x05\x0a" + std::string(1, char(features.size())) + features;
  Example parsed;
  std::string error;
  ASSERT_TRUE(parseExample(bytes, parsed, error)) << error;
  ASSERT_NE(parsed.find("v"), nullptr);
  EXPECT_EQ(parsed.find("v")->floats, (std::vector<float>{1.0f, 2.0f}));
}

TEST(Example, MalformedBytesAreOneLineReasons) {
  struct Case {
    std::string bytes;
    std::string error;
  };
  std::string entryX = "\x0a\x01x"s;
  const Case cases[] = {
      {"\x0a\x05\x0a"s, "a field of 5 bytes runs past the end of its message "
                        "(1 bytes left) at byte 2 of the record"},
      {"\x10\xff"s, "a varint runs past the end of its message at byte 2 of "
                    "the record"},
      {"\x13"s, "wire type 3 is not supported (groups are not part of "
                "tf.train.Example) at byte 1 of the record"},
      {"\x00"s, "field number 0 is not valid at byte 1 of the record"},
      {"\x10\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f"s,
       "a varint does not fit 64 bits at byte 11 of the record"},
      // Features{x: float_list, x: float_list}
      {"\x0a\x0a\x0a\x03"s + entryX + "\x0a\x03" + entryX,
       "feature 'x' is given twice at byte 12 of the record"},
      // Feature{float_list{}, int64_list{}}
      {"\x0a\x0b\x0a\x09"s + entryX + "\x12\x04\x12\x00\x1a\x00"s,
       "feature 'x' holds both a float_list and an int64_list at byte 12 of "
       "the record"},
      // A packed float_list of 3 bytes.
      {"\x0a\x0e\x0a\x0c"s + entryX + "\x12\x07\x12\x05\x0a\x03\x01\x02\x03"s,
       "a packed float_list of 3 bytes is not a whole number of floats at "
       "byte 16 of the record"},
      // A name with a newline stays one line.
      {"\x0a\x0a\x0a\x03\x0a\x01\n\x0a\x03\x0a\x01\n"s,
       "feature '\\x0a' is given twice at byte 12 of the record"},
  };
  for (const Case &c : cases) {
    Example parsed;
    std::string error;
    EXPECT_FALSE(parseExample(c.bytes, parsed, error));
    EXPECT_EQ(error, c.error);
  }
}

TEST(Batches, FillRowsByName) {
  std::vector<TensorSpec> specs = {spec("x", DType::F32, {2, 3}),
                                   spec("ids", DType::I32, {2}),
                                   spec("h", DType::F16, {2, 1})};
  BatchLayout layout = batchLayout(specs);
  EXPECT_TRUE(layout.batched);
  EXPECT_EQ(layout.batchSize, 2);
  std::vector<Tensor> inputs;
  for (const TensorSpec &s : specs)
    inputs.emplace_back(s.dtype, s.shape);
  Example example;
  example.features.emplace_back("label", ints({7})); // not an input: ignored
  example.features.emplace_back("ids", ints({-5}));
  example.features.emplace_back("x", floats({1, 2, 3}));
  Feature half;
  half.kind = Feature::Kind::Bytes;
  half.bytes = {std::string("\x00\x3c", 2)}; // f16 1.0
  example.features.emplace_back("h", half);
  ASSERT_TRUE(fillRow(example, specs, layout, 1, inputs).isOk());
  EXPECT_EQ(inputs[0].getDouble(3), 1);
  EXPECT_EQ(inputs[0].getDouble(5), 3);
  EXPECT_EQ(inputs[1].getInt(1), -5);
  EXPECT_EQ(inputs[2].getDouble(1), 1.0);
  EXPECT_EQ(inputs[0].getDouble(0), 0); // row 0 untouched
}

TEST(Batches, WrongFeaturesAreNamed) {
  std::vector<TensorSpec> specs = {spec("x", DType::F32, {4, 2}),
                                   spec("n", DType::I8, {4})};
  BatchLayout layout = batchLayout(specs);
  std::vector<Tensor> inputs = {Tensor(DType::F32, {4, 2}),
                                Tensor(DType::I8, {4})};
  auto message = [&](Example example) {
    Status status = fillRow(example, specs, layout, 0, inputs);
    EXPECT_FALSE(status.isOk());
    return status.message();
  };
  Example missing;
  missing.features.emplace_back("y", floats({1, 2}));
  EXPECT_EQ(message(missing), "no feature 'x' for input 'x' (4x2xf32); the "
                              "record has features 'y'");
  Example count;
  count.features.emplace_back("x", floats({1, 2, 3}));
  EXPECT_EQ(message(count), "feature 'x' has 3 values; input 'x' (4x2xf32) "
                            "takes 2 per record (batches of 4)");
  Example kind;
  kind.features.emplace_back("x", ints({1, 2}));
  EXPECT_EQ(message(kind), "feature 'x' is an int64_list; input 'x' "
                           "(4x2xf32) needs a float_list (or a bytes_list of "
                           "its raw values)");
  Example range;
  range.features.emplace_back("x", floats({1, 2}));
  range.features.emplace_back("n", ints({300}));
  EXPECT_EQ(message(range), "feature 'n': value 300 (element 0) does not fit "
                            "input 'n' (4xi8)");
}

TEST(Batches, UnbatchedInputsTakeWholeTensors) {
  BatchLayout layout =
      batchLayout({spec("a", DType::F32, {2, 2}), spec("b", DType::F32, {3})});
  EXPECT_FALSE(layout.batched);
  EXPECT_EQ(layout.batchSize, 1);
  EXPECT_FALSE(batchLayout({spec("s", DType::F32, {})}).batched);
}

class BatchReaderTest : public ::testing::TestWithParam<bool> {};

TEST_P(BatchReaderTest, ReadsFullBatchesAndCountsTheRest) {
  std::string file;
  for (int r = 0; r < 10; ++r) {
    Example example;
    example.features.emplace_back("x", floats({float(r), float(-r)}));
    file += frameRecord(serializeExample(example));
  }
  TempFile tfrecord(file);
  std::vector<TensorSpec> specs = {spec("x", DType::F32, {4, 2})};
  BatchReader::Options options;
  options.prefetch = GetParam();
  std::unique_ptr<BatchReader> reader;
  ASSERT_TRUE(BatchReader::open(tfrecord.path, specs, options, reader).isOk());
  std::vector<Tensor> batch;
  int batches = 0;
  for (;;) {
    bool end = false;
    Status status = reader->next(batch, end);
    ASSERT_TRUE(status.isOk()) << status.message();
    if (end)
      break;
    ASSERT_EQ(batch.size(), 1u);
    for (int row = 0; row < 4; ++row) {
      EXPECT_EQ(batch[0].getDouble(2 * row), batches * 4 + row);
      EXPECT_EQ(batch[0].getDouble(2 * row + 1), -(batches * 4 + row));
    }
    ++batches;
  }
  EXPECT_EQ(batches, 2);
  EXPECT_EQ(reader->leftOver(), 2);
  bool end = false;
  EXPECT_TRUE(reader->next(batch, end).isOk());
  EXPECT_TRUE(end);

  options.maxBatches = 1;
  ASSERT_TRUE(BatchReader::open(tfrecord.path, specs, options, reader).isOk());
  ASSERT_TRUE(reader->next(batch, end).isOk());
  EXPECT_FALSE(end);
  ASSERT_TRUE(reader->next(batch, end).isOk());
  EXPECT_TRUE(end);
}

TEST_P(BatchReaderTest, ABadRecordStopsWithItsIndex) {
  std::string file;
  for (int r = 0; r < 6; ++r) {
    Example example;
    example.features.emplace_back(r == 5 ? "y" : "x", floats({float(r)}));
    file += frameRecord(serializeExample(example));
  }
  TempFile tfrecord(file);
  BatchReader::Options options;
  options.prefetch = GetParam();
  std::unique_ptr<BatchReader> reader;
  ASSERT_TRUE(BatchReader::open(tfrecord.path, {spec("x", DType::F32, {2})},
                                options, reader)
                  .isOk());
  std::vector<Tensor> batch;
  bool end = false;
  ASSERT_TRUE(reader->next(batch, end).isOk());
  ASSERT_TRUE(reader->next(batch, end).isOk());
  Status status = reader->next(batch, end);
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message(),
            tfrecord.path + ": record 5: no feature 'x' for input 'x' (2xf32); "
                            "the record has features 'y'");
  // And again, without waiting for a thread that is gone.
  EXPECT_EQ(reader->next(batch, end).message(), status.message());
}

TEST_P(BatchReaderTest, StopsEarlyWithoutWaiting) {
  // The caller leaves after one batch; the reader's thread must not hold
  // up its destruction.
  std::string file;
  for (int r = 0; r < 100; ++r) {
    Example example;
    example.features.emplace_back("x", floats({float(r)}));
    file += frameRecord(serializeExample(example));
  }
  TempFile tfrecord(file);
  BatchReader::Options options;
  options.prefetch = GetParam();
  std::unique_ptr<BatchReader> reader;
  ASSERT_TRUE(BatchReader::open(tfrecord.path, {spec("x", DType::F32, {1})},
                                options, reader)
                  .isOk());
  std::vector<Tensor> batch;
  bool end = false;
  ASSERT_TRUE(reader->next(batch, end).isOk());
  reader.reset();
}


// ---------------------------------------------------------------------------
// Shuffling
// ---------------------------------------------------------------------------

namespace {

/// Every sample's id (its feature `x`'s value) in the order a reader of
/// `path` with `options` returns them, and the reader's left-over count.
std::vector<int64_t> visit(const std::string &path, int64_t batchSize,
                           const BatchReader::Options &options,
                           int64_t &leftOver) {
  std::unique_ptr<BatchReader> reader;
  std::vector<int64_t> ids;
  Status status = BatchReader::open(
      path, {spec("x", DType::F32, {batchSize, 2})}, options, reader);
  EXPECT_TRUE(status.isOk()) << status.message();
  if (!status.isOk())
    return ids;
  std::vector<Tensor> batch;
  for (;;) {
    bool end = false;
    status = reader->next(batch, end);
    EXPECT_TRUE(status.isOk()) << status.message();
    if (end || !status.isOk())
      break;
    for (int64_t row = 0; row < batchSize; ++row) {
      // The row moves whole: its second value belongs to its first.
      EXPECT_EQ(batch[0].getDouble(2 * row + 1),
                -batch[0].getDouble(2 * row));
      ids.push_back(static_cast<int64_t>(batch[0].getDouble(2 * row)));
    }
  }
  leftOver = reader->leftOver();
  return ids;
}

/// Samples 0..n-1, sample r with x = [r, -r].
std::string tfrecordOfIds(int n) {
  std::string file;
  for (int r = 0; r < n; ++r) {
    Example example;
    example.features.emplace_back("x", floats({float(r), float(-r)}));
    file += frameRecord(serializeExample(example));
  }
  return file;
}

/// The same samples as an .npz file, removed at the end of the test.
struct NpzOfIds {
  explicit NpzOfIds(int n) : file("") {
    path = file.path + ".npz";
    std::vector<double> values;
    for (int r = 0; r < n; ++r) {
      values.push_back(r);
      values.push_back(-r);
    }
    std::string error;
    EXPECT_TRUE(writeNpz(
        path, {{"x", Tensor::fromDoubles(DType::F32, {n, 2}, values)}},
        error))
        << error;
  }
  ~NpzOfIds() { std::remove(path.c_str()); }
  TempFile file;
  std::string path;
};

std::vector<int64_t> sorted(std::vector<int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<int64_t> iota(int64_t n) {
  std::vector<int64_t> ids(n);
  for (int64_t i = 0; i < n; ++i)
    ids[i] = i;
  return ids;
}

} // namespace

TEST(Shuffle, TheGeneratorIsFixed) {
  // Pinned: the orders of a seed must not change between builds, standard
  // libraries or machines (docs/datasets.md, "Shuffling").
  EXPECT_EQ(epochSeed(0, 1), 0xE220A8397B1DCDAFull);
  EXPECT_EQ(epochSeed(0, 2), 0x6E789E6AA1B965F4ull);
  EXPECT_EQ(shuffledOrder(10, 42),
            (std::vector<int64_t>{1, 7, 9, 0, 3, 8, 4, 2, 5, 6}));
  std::mt19937_64 engine(7);
  for (uint64_t n : {1ull, 2ull, 3ull, 1000ull, (1ull << 63) + 1})
    for (int i = 0; i < 100; ++i)
      EXPECT_LT(uniformBelow(engine, n), n);
  EXPECT_EQ(sorted(shuffledOrder(1000, 5)), iota(1000));
  EXPECT_NE(shuffledOrder(1000, 5), shuffledOrder(1000, 6));
  EXPECT_TRUE(shuffledOrder(0, 5).empty());
}

TEST_P(BatchReaderTest, ShufflesAnNpzFileWhole) {
  NpzOfIds npz(103);
  BatchReader::Options options;
  options.prefetch = GetParam();
  int64_t leftOver = -1;
  EXPECT_EQ(visit(npz.path, 4, options, leftOver), iota(100));
  EXPECT_EQ(leftOver, 3);

  options.shuffle = true;
  options.shuffleSeed = 11;
  std::vector<int64_t> first = visit(npz.path, 4, options, leftOver);
  EXPECT_EQ(leftOver, 3);
  ASSERT_EQ(first.size(), 100u);
  // The rows of shuffledOrder(103, seed), its last 3 left over.
  std::vector<int64_t> order = shuffledOrder(103, 11);
  EXPECT_EQ(first, std::vector<int64_t>(order.begin(), order.begin() + 100));
  EXPECT_EQ(visit(npz.path, 4, options, leftOver), first);
  options.shuffleSeed = 12;
  EXPECT_NE(visit(npz.path, 4, options, leftOver), first);
  // A batch size that divides the file: every sample exactly once.
  std::vector<int64_t> all = visit(npz.path, 1, options, leftOver);
  EXPECT_EQ(leftOver, 0);
  EXPECT_NE(all, iota(103));
  EXPECT_EQ(sorted(all), iota(103));
}

TEST_P(BatchReaderTest, ShufflesATFRecordFileThroughItsBuffer) {
  TempFile tfrecord(tfrecordOfIds(100));
  BatchReader::Options options;
  options.prefetch = GetParam();
  options.shuffle = true;
  options.shuffleSeed = 3;
  int64_t leftOver = -1;
  for (int64_t buffer : {1, 2, 10, 100, 1000}) {
    options.shuffleBuffer = buffer;
    std::vector<int64_t> ids = visit(tfrecord.path, 5, options, leftOver);
    EXPECT_EQ(leftOver, 0);
    EXPECT_EQ(sorted(ids), iota(100)) << "buffer " << buffer;
    // Record p is read into the buffer as the (p - K + 1)-th sample is
    // drawn, so none comes more than K - 1 places before its place in
    // the file; a buffer of 1 keeps the file's order.
    for (size_t i = 0; i < ids.size(); ++i)
      EXPECT_LE(ids[i], static_cast<int64_t>(i) + buffer - 1) << buffer;
    if (buffer == 1)
      EXPECT_EQ(ids, iota(100));
    else
      EXPECT_NE(ids, iota(100)) << buffer;
    EXPECT_EQ(visit(tfrecord.path, 5, options, leftOver), ids);
  }
  options.shuffleBuffer = 10;
  std::vector<int64_t> seed3 = visit(tfrecord.path, 5, options, leftOver);
  options.shuffleSeed = 4;
  EXPECT_NE(visit(tfrecord.path, 5, options, leftOver), seed3);
  // Left over: the last records drawn, however many the batches leave.
  std::vector<int64_t> ids = visit(tfrecord.path, 8, options, leftOver);
  EXPECT_EQ(ids.size(), 96u);
  EXPECT_EQ(leftOver, 4);
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), 96u);
}

TEST_P(BatchReaderTest, ShuffledBadRecordsKeepTheirIndex) {
  std::string file;
  for (int r = 0; r < 6; ++r) {
    Example example;
    example.features.emplace_back(r == 4 ? "y" : "x", floats({float(r)}));
    file += frameRecord(serializeExample(example));
  }
  TempFile tfrecord(file);
  BatchReader::Options options;
  options.prefetch = GetParam();
  options.shuffle = true;
  options.shuffleBuffer = 3;
  std::unique_ptr<BatchReader> reader;
  ASSERT_TRUE(BatchReader::open(tfrecord.path, {spec("x", DType::F32, {1})},
                                options, reader)
                  .isOk());
  std::vector<Tensor> batch;
  Status status;
  for (int i = 0; i < 6 && status.isOk(); ++i) {
    bool end = false;
    status = reader->next(batch, end);
  }
  EXPECT_EQ(status.message(),
            tfrecord.path + ": record 4: no feature 'x' for input 'x' (1xf32); "
                            "the record has features 'y'");
}

TEST(Shuffle, AnEmptyBufferIsAnError) {
  TempFile tfrecord(tfrecordOfIds(4));
  BatchReader::Options options;
  options.shuffle = true;
  options.shuffleBuffer = 0;
  std::unique_ptr<BatchReader> reader;
  Status status = BatchReader::open(
      tfrecord.path, {spec("x", DType::F32, {1, 2})}, options, reader);
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message(),
            "the shuffle buffer must hold at least 1 record, not 0");
}

INSTANTIATE_TEST_SUITE_P(Prefetch, BatchReaderTest, ::testing::Bool());
