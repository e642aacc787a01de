//===- TFRecordFuzzer.cpp - Fuzz target for the TFRecord dataset reader ---===//
//
// Part of the Loom project.
//
// libFuzzer entry point for runtime/dataset: the input is read twice, as a
// TFRecord file (loom::dataset::TFRecordReader, whose CRCs stop most
// mutations) and as one serialized tf.train.Example (parseExample, which
// mutations reach directly); every record of the file is decoded as an
// Example too, and every Example that decodes is written into the rows of a
// small model's inputs (fillRow). Any byte string must decode or be
// rejected with a one-line message, never crash, hang, abort or allocate
// beyond its size; an Example that decodes must encode
// (serializeExample) to bytes that decode to the same Example. In the normal
// build FuzzReplayMain.cpp runs it over test/fuzz/corpus/tfrecord and
// mutations of those files.
//
//===----------------------------------------------------------------------===//

#include "runtime/dataset/Dataset.h"
#include "runtime/dataset/Example.h"
#include "runtime/dataset/TFRecord.h"
#include "test/fuzz/FuzzCheck.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using namespace loom;
using namespace loom::dataset;

TensorSpec spec(const char *name, DType type, Shape shape) {
  TensorSpec spec;
  spec.name = name;
  spec.dtype = type;
  spec.shape = std::move(shape);
  return spec;
}

void checkExample(std::string_view bytes) {
  Example example;
  std::string error;
  if (!parseExample(bytes, example, error)) {
    LOOM_FUZZ_CHECK_MESSAGE(error);
    return;
  }
  Example again;
  std::string againError;
  LOOM_FUZZ_CHECK(parseExample(serializeExample(example), again, againError),
                  "a decoded Example encodes to one that decodes", againError);
  LOOM_FUZZ_CHECK(again == example,
                  "a decoded Example encodes to the same Example", "");
  // The corpus's features: x (2 floats a row), n (i8), h (bf16 as bytes).
  static const std::vector<TensorSpec> specs = {spec("x", DType::F32, {2, 2}),
                                                spec("n", DType::I8, {2}),
                                                spec("h", DType::BF16, {2, 1})};
  BatchLayout layout = batchLayout(specs);
  std::vector<Tensor> inputs;
  for (const TensorSpec &s : specs)
    inputs.emplace_back(s.dtype, s.shape);
  Status status = fillRow(example, specs, layout, 1, inputs);
  if (!status.isOk())
    LOOM_FUZZ_CHECK_MESSAGE(status.message());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string bytes(reinterpret_cast<const char *>(data), size);
  checkExample(bytes);
  TFRecordReader reader = TFRecordReader::fromBytes("fuzz.tfrecord", bytes);
  std::string record;
  for (;;) {
    bool end = false;
    Status status = reader.next(record, end);
    if (!status.isOk()) {
      LOOM_FUZZ_CHECK_MESSAGE(status.message());
      break;
    }
    if (end)
      break;
    checkExample(record);
  }
  return 0;
}
