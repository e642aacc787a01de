//===- Dataset.cpp - Running a model over serialized batches --------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/dataset/Dataset.h"

#include "runtime/dataset/Npz.h"
#include "runtime/dataset/TFRecord.h"

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <limits>
#include <mutex>
#include <new>
#include <thread>

#include <fmt/format.h>

namespace loom::dataset {

namespace {

std::string inputLabel(const TensorSpec &spec) {
  return fmt::format("input '{}' ({})", spec.name,
                     shapeString(spec.shape, spec.dtype));
}

/// Elements of one record's share of `spec`.
int64_t rowElements(const TensorSpec &spec, const BatchLayout &layout) {
  int64_t count = numElementsOf(spec.shape);
  return layout.batched ? count / layout.batchSize : count;
}

std::string featureNames(const Example &example) {
  std::string text;
  size_t shown = 0;
  for (const auto &[name, feature] : example.features) {
    if (shown++ == 8) {
      text += fmt::format(" and {} more", example.features.size() - 8);
      break;
    }
    text += (text.empty() ? "'" : ", '") + printableName(name) + "'";
  }
  return text.empty() ? "no features" : "features " + text;
}

bool fitsInteger(DType type, int64_t value) {
  switch (type) {
  case DType::I1:
    return value == 0 || value == 1;
  case DType::I8:
    return value >= -128 && value <= 127;
  case DType::I32:
    return value >= std::numeric_limits<int32_t>::min() &&
           value <= std::numeric_limits<int32_t>::max();
  case DType::I16:
    return value >= std::numeric_limits<int16_t>::min() &&
           value <= std::numeric_limits<int16_t>::max();
  case DType::UI8:
    return value >= 0 && value <= std::numeric_limits<uint8_t>::max();
  case DType::UI16:
    return value >= 0 && value <= std::numeric_limits<uint16_t>::max();
  case DType::UI32:
    return value >= 0 && value <= std::numeric_limits<uint32_t>::max();
  case DType::UI64: // an int64 feature holds 0 to INT64_MAX of it
    return value >= 0;
  default:
    return true;
  }
}

} // namespace

BatchLayout batchLayout(const std::vector<TensorSpec> &inputs) {
  BatchLayout layout;
  if (inputs.empty())
    return layout;
  for (const TensorSpec &spec : inputs)
    if (spec.shape.empty() || spec.shape[0] < 1 ||
        spec.shape[0] != inputs[0].shape[0])
      return layout;
  layout.batchSize = inputs[0].shape[0];
  layout.batched = true;
  return layout;
}

Status fillRow(const Example &example, const std::vector<TensorSpec> &specs,
               const BatchLayout &layout, int64_t row,
               std::vector<Tensor> &inputs) {
  for (size_t i = 0; i < specs.size(); ++i) {
    const TensorSpec &spec = specs[i];
    const Feature *feature = example.find(spec.name);
    if (!feature)
      return invalidArgument(fmt::format(
          "no feature '{}' for {}; the record "
          "has {}",
          printableName(spec.name), inputLabel(spec), featureNames(example)));
    Tensor &tensor = inputs[i];
    const int64_t count = rowElements(spec, layout);
    const int64_t first = row * count;
    const size_t elementSize = dtypeSize(spec.dtype);
    auto wrongCount = [&](size_t got, const char *what) {
      return invalidArgument(fmt::format(
          "feature '{}' has {} {}; {} takes {} per record{}", spec.name, got,
          what, inputLabel(spec), count,
          layout.batched ? fmt::format(" (batches of {})", layout.batchSize)
                         : std::string()));
    };
    switch (feature->kind) {
    case Feature::Kind::Float:
      if (!isFloat(spec.dtype))
        return invalidArgument(fmt::format(
            "feature '{}' is a float_list; {} needs an int64_list (or a "
            "bytes_list of its raw values)",
            spec.name, inputLabel(spec)));
      if (feature->floats.size() != static_cast<size_t>(count))
        return wrongCount(feature->floats.size(), "values");
      if (spec.dtype == DType::F32) {
        if (count)
          std::memcpy(tensor.data<float>() + first, feature->floats.data(),
                      count * sizeof(float));
      } else {
        for (int64_t e = 0; e < count; ++e)
          tensor.setDouble(first + e, feature->floats[e]);
      }
      break;
    case Feature::Kind::Int64:
      if (!isInteger(spec.dtype))
        return invalidArgument(fmt::format(
            "feature '{}' is an int64_list; {} needs a float_list (or a "
            "bytes_list of its raw values)",
            spec.name, inputLabel(spec)));
      if (feature->ints.size() != static_cast<size_t>(count))
        return wrongCount(feature->ints.size(), "values");
      for (int64_t e = 0; e < count; ++e) {
        int64_t value = feature->ints[e];
        if (!fitsInteger(spec.dtype, value))
          return invalidArgument(
              fmt::format("feature '{}': value {} (element {}) does not fit {}",
                          spec.name, value, e, inputLabel(spec)));
        tensor.setInt(first + e, value);
      }
      break;
    case Feature::Kind::Bytes: {
      if (feature->bytes.size() != 1)
        return invalidArgument(fmt::format(
            "feature '{}' is a bytes_list of {} values; {} takes one value of "
            "{} bytes (its raw little-endian elements)",
            spec.name, feature->bytes.size(), inputLabel(spec),
            count * elementSize));
      const std::string &raw = feature->bytes[0];
      if (raw.size() != static_cast<size_t>(count) * elementSize)
        return wrongCount(raw.size(), "bytes, not the raw elements");
      if (spec.dtype == DType::I1)
        for (size_t b = 0; b < raw.size(); ++b)
          if (raw[b] != 0 && raw[b] != 1)
            return invalidArgument(fmt::format(
                "feature '{}': byte {} is {}, not a boolean (0 or 1) of {}",
                spec.name, b, static_cast<int>(static_cast<uint8_t>(raw[b])),
                inputLabel(spec)));
      if (!raw.empty())
        std::memcpy(tensor.bytes() + first * elementSize, raw.data(),
                    raw.size());
      break;
    }
    case Feature::Kind::None:
      if (count != 0)
        return wrongCount(0, "values (no list is set)");
      break;
    }
  }
  return Status::ok();
}

// ---------------------------------------------------------------------------
// Shuffling
// ---------------------------------------------------------------------------

uint64_t epochSeed(uint64_t seed, int64_t epoch) {
  uint64_t z = seed + static_cast<uint64_t>(epoch) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t uniformBelow(std::mt19937_64 &engine, uint64_t n) {
  // 2^64 mod n; draws at or above 2^64 - that would favour small values.
  const uint64_t excess = (0 - n) % n;
  for (;;) {
    uint64_t x = engine();
    if (x <= std::numeric_limits<uint64_t>::max() - excess)
      return x % n;
  }
}

std::vector<int64_t> shuffledOrder(int64_t n, uint64_t seed) {
  std::vector<int64_t> order(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    order[i] = i;
  std::mt19937_64 engine(seed);
  for (int64_t i = n - 1; i > 0; --i)
    std::swap(order[i], order[uniformBelow(engine, i + 1)]);
  return order;
}

// ---------------------------------------------------------------------------
// BatchReader
// ---------------------------------------------------------------------------

struct BatchReader::Impl {
  struct Item {
    std::vector<Tensor> batch;
    Status status;
    bool end = false;
  };

  TFRecordReader reader;
  /// An .npz file instead of a TFRecord one: its arrays, the one of each
  /// input, and their number of samples.
  bool npz = false;
  std::string npzName;
  NpzArrays arrays;
  std::vector<size_t> arrayOf;
  int64_t samples = 0;
  /// Shuffled .npz: the rows in the order they are visited.
  std::vector<int64_t> order;
  /// Shuffled TFRecord: the buffer of (record index, record) and whether
  /// the file's end was read.
  std::mt19937_64 engine;
  std::vector<std::pair<int64_t, std::string>> buffer;
  bool bufferFilled = false;
  bool fileEnded = false;
  std::vector<TensorSpec> specs;
  BatchLayout layout;
  Options options;
  int64_t produced = 0;
  int64_t leftOver = 0;
  // Set once next() returned an end or an error: what it returns again.
  bool finished = false;
  Status finalStatus;

  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Item> queue;
  bool stop = false;
  std::thread thread;

  /// Reads and assembles one batch (on the prefetch thread, or the
  /// caller's).
  Item produce() {
    Item item;
    TraceSpan span(options.trace, "read", "batch " + std::to_string(produced),
                   TraceRecorder::kHostProcess,
                   options.prefetch ? TraceRecorder::kReaderThread
                                    : TraceRecorder::kMainThread);
    try {
      if (options.maxBatches && produced == options.maxBatches) {
        item.end = true;
        return item;
      }
      if (npz)
        return produceFromNpz(std::move(item));
      for (const TensorSpec &spec : specs)
        item.batch.emplace_back(spec.dtype, spec.shape);
      std::string record;
      Example example;
      std::string error;
      for (int64_t row = 0; row < layout.batchSize; ++row) {
        bool end = false;
        int64_t index = 0;
        item.status = nextRecord(record, index, end);
        if (!item.status.isOk())
          return item;
        if (end) {
          leftOver = row;
          item.batch.clear();
          item.end = true;
          return item;
        }
        if (!parseExample(record, example, error)) {
          item.status =
              dataLoss(fmt::format("{}: record {}: not a tf.train.Example: {}",
                                   reader.name(), index, error));
          return item;
        }
        if (Status status = fillRow(example, specs, layout, row, item.batch);
            !status.isOk()) {
          item.status = Status(status.code(),
                               fmt::format("{}: record {}: {}", reader.name(),
                                           index, status.message()));
          return item;
        }
      }
      ++produced;
    } catch (const std::bad_alloc &) {
      item.status = resourceExhausted(fmt::format(
          "{}: record {}: out of memory", reader.name(), reader.recordIndex()));
    }
    return item;
  }

  /// The next record of the file, or of the shuffle buffer, and its index
  /// in the file.
  Status nextRecord(std::string &record, int64_t &index, bool &end) {
    if (!options.shuffle) {
      Status status = reader.next(record, end);
      index = reader.recordIndex() - 1;
      return status;
    }
    // Reads the file's next record into `slot`, or notes its end.
    auto read = [&](std::pair<int64_t, std::string> &slot, bool &got) {
      bool fileEnd = false;
      Status status = reader.next(slot.second, fileEnd);
      got = status.isOk() && !fileEnd;
      fileEnded = fileEnd;
      slot.first = reader.recordIndex() - 1;
      return status;
    };
    if (!bufferFilled) {
      bufferFilled = true;
      while (!fileEnded &&
             static_cast<int64_t>(buffer.size()) < options.shuffleBuffer) {
        std::pair<int64_t, std::string> slot;
        bool got = false;
        if (Status status = read(slot, got); !status.isOk())
          return status;
        if (got)
          buffer.push_back(std::move(slot));
      }
    }
    if (buffer.empty()) {
      end = true;
      return Status::ok();
    }
    const size_t j = uniformBelow(engine, buffer.size());
    index = buffer[j].first;
    record = std::move(buffer[j].second);
    if (!fileEnded) {
      bool got = false;
      if (Status status = read(buffer[j], got); !status.isOk())
        return status;
      if (got)
        return Status::ok();
    }
    buffer[j] = std::move(buffer.back());
    buffer.pop_back();
    return Status::ok();
  }

  /// The next batch: rows of the arrays (in `order` when shuffled).
  Item produceFromNpz(Item item) {
    const int64_t first = produced * layout.batchSize;
    if (samples - first < layout.batchSize) {
      leftOver = samples - first;
      item.end = true;
      return item;
    }
    for (size_t i = 0; i < specs.size(); ++i) {
      const Tensor &array = arrays[arrayOf[i]].second;
      Tensor tensor(specs[i].dtype, specs[i].shape);
      const size_t rowBytes = tensor.byteSize() / layout.batchSize;
      if (tensor.byteSize() && order.empty())
        std::memcpy(tensor.bytes(), array.bytes() + first * rowBytes,
                    tensor.byteSize());
      else if (tensor.byteSize())
        for (int64_t row = 0; row < layout.batchSize; ++row)
          std::memcpy(tensor.bytes() + row * rowBytes,
                      array.bytes() + order[first + row] * rowBytes,
                      rowBytes);
      item.batch.push_back(std::move(tensor));
    }
    ++produced;
    return item;
  }

  /// Reads the .npz file and matches its arrays with the inputs.
  Status openNpz(const std::string &path) {
    npz = true;
    npzName = path;
    std::ifstream file(path, std::ios::binary);
    if (!file)
      return notFound(path + ": cannot open the .npz file");
    std::string bytes((std::istreambuf_iterator<char>(file)),
                      std::istreambuf_iterator<char>());
    if (file.bad())
      return dataLoss(path + ": cannot read the .npz file");
    std::string error;
    if (!parseNpz(bytes, arrays, error))
      return dataLoss(path + ": " + error);
    for (size_t i = 0; i < specs.size(); ++i) {
      const TensorSpec &spec = specs[i];
      size_t a = 0;
      while (a < arrays.size() && arrays[a].first != spec.name)
        ++a;
      if (a == arrays.size()) {
        std::string names;
        for (const auto &[name, array] : arrays)
          names += (names.empty() ? "'" : ", '") + printableName(name) + "'";
        return invalidArgument(fmt::format(
            "{}: no array '{}' for {}; the file has {}", path, spec.name,
            inputLabel(spec), names.empty() ? "none" : "arrays " + names));
      }
      const Tensor &array = arrays[a].second;
      // One sample per row of the array's leading dimension.
      Shape row(spec.shape.begin() + (layout.batched ? 1 : 0),
                spec.shape.end());
      Shape wanted = row;
      wanted.insert(wanted.begin(), array.rank() ? array.shape()[0] : 0);
      if (array.dtype() != spec.dtype || array.rank() == 0 ||
          array.shape() != wanted)
        return invalidArgument(fmt::format(
            "{}: array '{}' is {}; {} takes Nx{} (a row a sample)", path,
            spec.name, shapeString(array.shape(), array.dtype()),
            inputLabel(spec), shapeString(row, spec.dtype)));
      if (i > 0 && array.shape()[0] != samples)
        return invalidArgument(
            fmt::format("{}: array '{}' has {} samples, array '{}' {}", path,
                        spec.name, array.shape()[0], specs[0].name, samples));
      samples = array.shape()[0];
      arrayOf.push_back(a);
    }
    return Status::ok();
  }

  void prefetchLoop() {
    for (;;) {
      Item item = produce();
      bool last = item.end || !item.status.isOk();
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return stop || queue.size() < 2; });
      if (stop)
        return;
      queue.push_back(std::move(item));
      changed.notify_all();
      if (last)
        return;
    }
  }
};

BatchReader::BatchReader(std::unique_ptr<Impl> impl) : impl(std::move(impl)) {}

BatchReader::~BatchReader() {
  if (impl->thread.joinable()) {
    {
      std::lock_guard<std::mutex> lock(impl->mutex);
      impl->stop = true;
    }
    impl->changed.notify_all();
    impl->thread.join();
  }
}

Status BatchReader::open(const std::string &path,
                         const std::vector<TensorSpec> &specs,
                         const Options &options,
                         std::unique_ptr<BatchReader> &out) {
  if (options.maxBatches < 0)
    return invalidArgument("the number of batches must not be negative");
  if (options.shuffle && options.shuffleBuffer < 1)
    return invalidArgument(fmt::format(
        "the shuffle buffer must hold at least 1 record, not {}",
        options.shuffleBuffer));
  auto impl = std::make_unique<Impl>();
  for (const TensorSpec &spec : specs)
    if (spec.name.empty())
      return invalidArgument(fmt::format(
          "{}: the model has an unnamed input, which no feature can match",
          path));
  impl->specs = specs;
  impl->layout = batchLayout(specs);
  impl->options = options;
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, ".npz") == 0) {
    if (Status status = impl->openNpz(path); !status.isOk())
      return status;
    if (options.shuffle)
      impl->order = shuffledOrder(impl->samples, options.shuffleSeed);
  } else if (Status status = TFRecordReader::open(path, impl->reader);
             !status.isOk()) {
    return status;
  }
  impl->engine.seed(options.shuffleSeed);
  if (options.trace)
    options.trace->nameThread(TraceRecorder::kHostProcess,
                              TraceRecorder::kReaderThread, "dataset reader");
  out.reset(new BatchReader(std::move(impl)));
  if (options.prefetch) {
    Impl *state = out->impl.get();
    try {
      state->thread = std::thread([state] { state->prefetchLoop(); });
    } catch (const std::system_error &error) {
      out.reset();
      return resourceExhausted(
          fmt::format("{}: cannot start the thread that reads ahead: {}", path,
                      error.what()));
    }
  }
  return Status::ok();
}

Status BatchReader::next(std::vector<Tensor> &batch, bool &end) {
  end = false;
  if (impl->finished) {
    end = impl->finalStatus.isOk();
    return impl->finalStatus;
  }
  Impl::Item item;
  if (impl->options.prefetch) {
    std::unique_lock<std::mutex> lock(impl->mutex);
    impl->changed.wait(lock, [&] { return !impl->queue.empty(); });
    item = std::move(impl->queue.front());
    impl->queue.pop_front();
    impl->changed.notify_all();
  } else {
    item = impl->produce();
  }
  if (item.end || !item.status.isOk()) {
    if (impl->thread.joinable())
      impl->thread.join();
    impl->finished = true;
    impl->finalStatus = item.status;
    end = item.end;
    return item.status;
  }
  batch = std::move(item.batch);
  return Status::ok();
}

const BatchLayout &BatchReader::layout() const { return impl->layout; }

int64_t BatchReader::leftOver() const { return impl->leftOver; }

// ---------------------------------------------------------------------------
// Output sinks
// ---------------------------------------------------------------------------

namespace {

class Sink {
public:
  virtual ~Sink() = default;
  virtual Status write(const std::vector<Tensor> &outputs) = 0;
  virtual Status finish(int64_t batches) = 0;
};

/// One Example per sample (per batch when the layout is not batched).
class TFRecordSink : public Sink {
public:
  TFRecordSink(std::vector<TensorSpec> specs, BatchLayout layout)
      : specs(std::move(specs)), layout(layout) {}

  Status open(const std::string &path) {
    for (size_t i = 0; i < specs.size(); ++i) {
      const TensorSpec &spec = specs[i];
      if (spec.name.empty())
        return invalidArgument(fmt::format(
            "{}: output {} has no name to call its feature", path, i));
      if (layout.batched &&
          (spec.shape.empty() || spec.shape[0] != layout.batchSize))
        return invalidArgument(fmt::format(
            "{}: output '{}' ({}) has no leading dimension of {} (the batch) "
            "to split into one record per sample; write it to an .npy file",
            path, spec.name, shapeString(spec.shape, spec.dtype),
            layout.batchSize));
    }
    return writer.open(path);
  }

  Status write(const std::vector<Tensor> &outputs) override {
    const int64_t rows = layout.batched ? layout.batchSize : 1;
    for (int64_t row = 0; row < rows; ++row) {
      Example example;
      for (size_t i = 0; i < specs.size(); ++i) {
        const Tensor &tensor = outputs[i];
        const int64_t count = tensor.numElements() / rows;
        const int64_t first = row * count;
        Feature feature;
        switch (tensor.dtype()) {
        case DType::F32:
          feature.kind = Feature::Kind::Float;
          feature.floats.assign(tensor.data<float>() + first,
                                tensor.data<float>() + first + count);
          break;
        case DType::F16:
        case DType::BF16:
        case DType::F64: {
          feature.kind = Feature::Kind::Bytes;
          size_t size = dtypeSize(tensor.dtype());
          feature.bytes.emplace_back(
              reinterpret_cast<const char *>(tensor.bytes()) + first * size,
              count * size);
          break;
        }
        default:
          feature.kind = Feature::Kind::Int64;
          for (int64_t e = 0; e < count; ++e)
            feature.ints.push_back(tensor.getInt(first + e));
          break;
        }
        example.features.emplace_back(specs[i].name, std::move(feature));
      }
      if (Status status = writer.write(serializeExample(example));
          !status.isOk())
        return status;
    }
    return Status::ok();
  }

  Status finish(int64_t) override { return writer.close(); }

private:
  std::vector<TensorSpec> specs;
  BatchLayout layout;
  TFRecordWriter writer;
};

/// One output's batches stacked into an .npy file of shape
/// [batches, ...shape]; the header, written first with room for any count,
/// is rewritten with the count at the end.
class NpySink : public Sink {
public:
  NpySink(TensorSpec spec, size_t index)
      : spec(std::move(spec)), index(index) {}

  Status open(const std::string &path) {
    fileName = path;
    file.open(path, std::ios::binary | std::ios::trunc);
    if (!file)
      return invalidArgument(path + ": cannot create the .npy file");
    headerSize = header(std::numeric_limits<int64_t>::max(), 0).size();
    std::string initial = header(0, headerSize);
    if (!file.write(initial.data(),
                    static_cast<std::streamsize>(initial.size())))
      return invalidArgument(path + ": cannot write the .npy file");
    return Status::ok();
  }

  Status write(const std::vector<Tensor> &outputs) override {
    const Tensor &tensor = outputs[index];
    if (!file.write(reinterpret_cast<const char *>(tensor.bytes()),
                    static_cast<std::streamsize>(tensor.byteSize())))
      return invalidArgument(fileName + ": cannot write the .npy file");
    return Status::ok();
  }

  Status finish(int64_t batches) override {
    std::string final = header(batches, headerSize);
    file.seekp(0);
    file.write(final.data(), static_cast<std::streamsize>(final.size()));
    file.close();
    if (!file)
      return invalidArgument(fileName + ": cannot write the .npy file");
    return Status::ok();
  }

private:
  /// The .npy 1.0 header for `batches` batches, padded with spaces to
  /// `size` bytes (0: to the next multiple of 64).
  std::string header(int64_t batches, size_t size) const {
    static const char *const kDescr[] = {"<f4", "<f2", "<u2", "<f8",
                                         "|b1", "|i1", "<i4", "<i8"};
    std::string shape = std::to_string(batches);
    for (int64_t dim : spec.shape)
      shape += ", " + std::to_string(dim);
    if (spec.shape.empty())
      shape += ",";
    std::string dict = fmt::format(
        "{{'descr': '{}', 'fortran_order': False, 'shape': ({}), }}",
        kDescr[static_cast<int>(spec.dtype)], shape);
    size_t total = size ? size : (10 + dict.size() + 1 + 63) / 64 * 64;
    dict.append(total - 10 - dict.size() - 1, ' ');
    dict.push_back('\n');
    std::string out("\x93NUMPY\x01\x00", 8);
    out.push_back(static_cast<char>(dict.size() & 0xff));
    out.push_back(static_cast<char>(dict.size() >> 8));
    return out + dict;
  }

  TensorSpec spec;
  size_t index;
  std::string fileName;
  std::ofstream file;
  size_t headerSize = 0;
};

} // namespace

OutputTarget OutputTarget::parse(const std::string &text) {
  OutputTarget target;
  size_t split = text.find('=');
  if (split == std::string::npos) {
    target.path = text;
  } else {
    target.name = text.substr(0, split);
    target.path = text.substr(split + 1);
  }
  return target;
}

namespace {

bool endsWith(const std::string &text, const char *suffix) {
  size_t n = std::strlen(suffix);
  return text.size() >= n && text.compare(text.size() - n, n, suffix) == 0;
}

Status openSinks(const Artifact &artifact, const BatchLayout &layout,
                 const std::vector<OutputTarget> &targets,
                 std::vector<std::unique_ptr<Sink>> &sinks) {
  const std::vector<TensorSpec> &outputs = artifact.outputs();
  for (const OutputTarget &target : targets) {
    if (target.path.empty())
      return invalidArgument("an output dataset needs a file name");
    if (!endsWith(target.path, ".npy")) {
      if (!target.name.empty())
        return invalidArgument(fmt::format(
            "{}: a TFRecord output holds every output; NAME= is for .npy "
            "files",
            target.path));
      auto sink = std::make_unique<TFRecordSink>(outputs, layout);
      if (Status status = sink->open(target.path); !status.isOk())
        return status;
      sinks.push_back(std::move(sink));
      continue;
    }
    size_t index = 0;
    if (target.name.empty()) {
      if (outputs.size() != 1)
        return invalidArgument(fmt::format(
            "{}: the model has {} outputs; name the one for this .npy file "
            "as NAME={}",
            target.path, outputs.size(), target.path));
    } else {
      while (index < outputs.size() && outputs[index].name != target.name)
        ++index;
      if (index == outputs.size())
        return invalidArgument(fmt::format("{}: the model has no output '{}'",
                                           target.path, target.name));
    }
    auto sink = std::make_unique<NpySink>(outputs[index], index);
    if (Status status = sink->open(target.path); !status.isOk())
      return status;
    sinks.push_back(std::move(sink));
  }
  return Status::ok();
}

} // namespace

Status runDataset(const Executor &executor, const Artifact &artifact,
                  const RunOptions &options, RunStats &stats) {
  stats = RunStats();
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<BatchReader> reader;
  BatchReader::Options readerOptions;
  readerOptions.maxBatches = options.maxBatches;
  readerOptions.prefetch = options.prefetch;
  readerOptions.trace = options.trace;
  if (Status status = BatchReader::open(options.path, artifact.inputs(),
                                        readerOptions, reader);
      !status.isOk())
    return status;
  stats.batchSize = reader->layout().batchSize;
  std::vector<std::unique_ptr<Sink>> sinks;
  if (Status status =
          openSinks(artifact, reader->layout(), options.outputs, sinks);
      !status.isOk())
    return status;
  // A failure stops the run cleanly: the output files are completed with
  // the batches that ran (an .npy's header says how many).
  auto stop = [&](Status status) {
    for (std::unique_ptr<Sink> &sink : sinks)
      (void)sink->finish(stats.batches);
    return status;
  };
  std::vector<Tensor> batch, outputs;
  for (;;) {
    bool end = false;
    if (Status status = reader->next(batch, end); !status.isOk())
      return stop(status);
    if (end)
      break;
    TraceSpan span(options.trace, "run", "run " + std::to_string(stats.batches),
                   TraceRecorder::kHostProcess, TraceRecorder::kMainThread);
    Status ran = executor.run(batch, outputs);
    span.end();
    if (Status status = std::move(ran); !status.isOk())
      return stop(Status(status.code(),
                         fmt::format("{}: batch {} (records {} to {}): {}",
                                     options.path, stats.batches, stats.records,
                                     stats.records + stats.batchSize - 1,
                                     status.message())));
    for (std::unique_ptr<Sink> &sink : sinks)
      if (Status status = sink->write(outputs); !status.isOk())
        return stop(status);
    ++stats.batches;
    stats.records += stats.batchSize;
  }
  for (std::unique_ptr<Sink> &sink : sinks)
    if (Status status = sink->finish(stats.batches); !status.isOk())
      return status;
  stats.leftOver = reader->leftOver();
  stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return Status::ok();
}

} // namespace loom::dataset
