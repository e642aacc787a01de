//===- Example.h - tf.train.Example records ----------------------*- C++
//-*-===//
//
// Part of the Loom project.
//
// The protobuf messages of TensorFlow's serialized samples, decoded from and
// encoded to the protobuf wire format by hand (docs/datasets.md says why
// not with libprotobuf):
//
//   Example  { Features features = 1; }
//   Features { map<string, Feature> feature = 1; }
//   Feature  { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2;
//                           Int64List int64_list = 3; } }
//   BytesList { repeated bytes value = 1; }
//   FloatList { repeated float value = 1 [packed = true]; }
//   Int64List { repeated int64 value = 1 [packed = true]; }
//
// The decoder accepts packed and unpacked lists, skips unknown fields as
// protobuf does, and checks every varint and length against the bytes left
// before it reads or allocates; anything else is a one-line reason with its
// byte offset. A Feature with two different kinds and a feature name given
// twice are refused (protobuf would keep the last silently).
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DATASET_EXAMPLE_H
#define LOOM_RUNTIME_DATASET_EXAMPLE_H

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loom::dataset {

struct Feature {
  /// None: a Feature with no list set, which TensorFlow reads as empty.
  enum class Kind { None, Bytes, Float, Int64 };
  Kind kind = Kind::None;
  std::vector<std::string> bytes;
  std::vector<float> floats;
  std::vector<int64_t> ints;

  /// Number of values in the list that is set.
  size_t size() const;
  /// Same kind and values, floats compared bit for bit.
  bool operator==(const Feature &other) const;
};

/// "bytes_list", "float_list", "int64_list" or "no list".
const char *featureKindName(Feature::Kind kind);

struct Example {
  /// The features in the order the record has them.
  std::vector<std::pair<std::string, Feature>> features;

  /// The feature called `name`, or null.
  const Feature *find(std::string_view name) const;
  bool operator==(const Example &other) const {
    return features == other.features;
  }
};

/// `name` with bytes outside printable ASCII (and backslashes) written as
/// \xNN, so that a feature name from a damaged file keeps a message on one
/// line.
std::string printableName(std::string_view name);

/// Decodes a serialized tf.train.Example; false with `error` (one line, no
/// file name) when the bytes are not one.
bool parseExample(std::string_view bytes, Example &out, std::string &error);

/// Encodes `example` (lists packed, as TensorFlow writes them).
std::string serializeExample(const Example &example);

} // namespace loom::dataset

#endif // LOOM_RUNTIME_DATASET_EXAMPLE_H
