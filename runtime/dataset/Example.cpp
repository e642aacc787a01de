//===- Example.cpp - tf.train.Example records -----------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/dataset/Example.h"

#include <cstring>
#include <unordered_set>

#include <fmt/format.h>

namespace loom::dataset {

namespace {

enum WireType { Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5 };

/// Reads the wire format of one message (bytes [begin, end) of the record);
/// every read is checked against `end`, and the first failure is kept.
class Reader {
public:
  Reader(std::string_view bytes, size_t begin, size_t end, std::string &error)
      : bytes(bytes), pos(begin), end(end), error(error) {}

  bool done() const { return pos >= end; }
  size_t offset() const { return pos; }

  bool fail(const std::string &reason) {
    if (error.empty())
      error = fmt::format("{} at byte {} of the record", reason, pos);
    return false;
  }

  bool varint(uint64_t &value) {
    value = 0;
    for (int i = 0; i < 10; ++i) {
      if (pos >= end)
        return fail("a varint runs past the end of its message");
      uint8_t byte = static_cast<uint8_t>(bytes[pos++]);
      if (i == 9 && byte > 1)
        return fail("a varint does not fit 64 bits");
      value |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
      if (!(byte & 0x80))
        return true;
    }
    return fail("a varint is longer than 10 bytes");
  }

  /// A tag: field number and wire type.
  bool tag(uint32_t &field, int &wireType) {
    uint64_t value;
    if (!varint(value))
      return false;
    field = static_cast<uint32_t>(value >> 3);
    wireType = static_cast<int>(value & 7);
    if (value >> 3 == 0 || value >> 3 > 0x1fffffff)
      return fail(fmt::format("field number {} is not valid", value >> 3));
    return true;
  }

  /// A length-delimited field's extent: [begin, end) within the record.
  bool delimited(size_t &begin, size_t &stop) {
    uint64_t length;
    if (!varint(length))
      return false;
    if (length > end - pos)
      return fail(fmt::format("a field of {} bytes runs past the end of its "
                              "message ({} bytes left)",
                              length, end - pos));
    begin = pos;
    stop = pos + static_cast<size_t>(length);
    pos = stop;
    return true;
  }

  bool fixed32(uint32_t &value) {
    if (end - pos < 4)
      return fail("a 32-bit value runs past the end of its message");
    value = 0;
    for (int i = 3; i >= 0; --i)
      value = value << 8 | static_cast<uint8_t>(bytes[pos + i]);
    pos += 4;
    return true;
  }

  /// Skips a field of an unknown number.
  bool skip(int wireType) {
    uint64_t ignored;
    size_t b, e;
    switch (wireType) {
    case Varint:
      return varint(ignored);
    case Fixed64:
      if (end - pos < 8)
        return fail("a 64-bit value runs past the end of its message");
      pos += 8;
      return true;
    case LengthDelimited:
      return delimited(b, e);
    case Fixed32:
      if (end - pos < 4)
        return fail("a 32-bit value runs past the end of its message");
      pos += 4;
      return true;
    default:
      return fail(fmt::format("wire type {} is not supported (groups are "
                              "not part of tf.train.Example)",
                              wireType));
    }
  }

  std::string_view bytes;
  size_t pos, end;
  std::string &error;
};

std::string withArticle(Feature::Kind kind) {
  return std::string(kind == Feature::Kind::Int64 ? "an " : "a ") +
         featureKindName(kind);
}

bool wrongType(Reader &in, const char *field, int wireType) {
  return in.fail(fmt::format("{} has wire type {}", field, wireType));
}

/// A BytesList, FloatList or Int64List in [begin, end), added to `feature`.
bool parseList(std::string_view bytes, size_t begin, size_t end,
               Feature::Kind kind, Feature &feature, std::string &error) {
  Reader in(bytes, begin, end, error);
  while (!in.done()) {
    uint32_t field;
    int wireType;
    if (!in.tag(field, wireType))
      return false;
    if (field != 1) {
      if (!in.skip(wireType))
        return false;
      continue;
    }
    switch (kind) {
    case Feature::Kind::Bytes: {
      size_t b, e;
      if (wireType != LengthDelimited)
        return wrongType(in, "a bytes_list value", wireType);
      if (!in.delimited(b, e))
        return false;
      feature.bytes.emplace_back(bytes.substr(b, e - b));
      break;
    }
    case Feature::Kind::Float: {
      uint32_t bits;
      if (wireType == Fixed32) {
        if (!in.fixed32(bits))
          return false;
        float value;
        std::memcpy(&value, &bits, 4);
        feature.floats.push_back(value);
      } else if (wireType == LengthDelimited) {
        size_t b, e;
        if (!in.delimited(b, e))
          return false;
        if ((e - b) % 4)
          return in.fail(fmt::format("a packed float_list of {} bytes is not "
                                     "a whole number of floats",
                                     e - b));
        Reader packed(bytes, b, e, error);
        feature.floats.reserve(feature.floats.size() + (e - b) / 4);
        while (!packed.done()) {
          (void)packed.fixed32(bits); // cannot fail: a multiple of 4 bytes
          float value;
          std::memcpy(&value, &bits, 4);
          feature.floats.push_back(value);
        }
      } else {
        return wrongType(in, "a float_list value", wireType);
      }
      break;
    }
    case Feature::Kind::Int64: {
      uint64_t value;
      if (wireType == Varint) {
        if (!in.varint(value))
          return false;
        feature.ints.push_back(static_cast<int64_t>(value));
      } else if (wireType == LengthDelimited) {
        size_t b, e;
        if (!in.delimited(b, e))
          return false;
        Reader packed(bytes, b, e, error);
        while (!packed.done()) {
          if (!packed.varint(value))
            return false;
          feature.ints.push_back(static_cast<int64_t>(value));
        }
      } else {
        return wrongType(in, "an int64_list value", wireType);
      }
      break;
    }
    case Feature::Kind::None:
      break;
    }
  }
  return true;
}

bool parseFeature(std::string_view bytes, size_t begin, size_t end,
                  const std::string &name, Feature &feature,
                  std::string &error) {
  Reader in(bytes, begin, end, error);
  while (!in.done()) {
    uint32_t field;
    int wireType;
    if (!in.tag(field, wireType))
      return false;
    if (field < 1 || field > 3) {
      if (!in.skip(wireType))
        return false;
      continue;
    }
    if (wireType != LengthDelimited)
      return wrongType(in, "a Feature's list", wireType);
    Feature::Kind kind = field == 1   ? Feature::Kind::Bytes
                         : field == 2 ? Feature::Kind::Float
                                      : Feature::Kind::Int64;
    if (feature.kind != Feature::Kind::None && feature.kind != kind)
      return in.fail(fmt::format("feature '{}' holds both {} and {}",
                                 printableName(name), withArticle(feature.kind),
                                 withArticle(kind)));
    feature.kind = kind;
    size_t b, e;
    if (!in.delimited(b, e) || !parseList(bytes, b, e, kind, feature, error))
      return false;
  }
  return true;
}

/// One entry of the Features map: key = 1, value = 2.
bool parseEntry(std::string_view bytes, size_t begin, size_t end, Example &out,
                std::unordered_set<std::string> &names, std::string &error) {
  Reader in(bytes, begin, end, error);
  std::string name;
  size_t valueBegin = 0, valueEnd = 0;
  bool hasValue = false;
  while (!in.done()) {
    uint32_t field;
    int wireType;
    if (!in.tag(field, wireType))
      return false;
    if (field != 1 && field != 2) {
      if (!in.skip(wireType))
        return false;
      continue;
    }
    if (wireType != LengthDelimited)
      return wrongType(in, field == 1 ? "a feature's name" : "a Feature",
                       wireType);
    size_t b, e;
    if (!in.delimited(b, e))
      return false;
    if (field == 1) {
      name.assign(bytes.substr(b, e - b));
    } else {
      // A map entry's value may come before its key; parsed once both are
      // known, the last of repeated values (protobuf merges them, which
      // does not happen in files TensorFlow writes).
      valueBegin = b;
      valueEnd = e;
      hasValue = true;
    }
  }
  if (!names.insert(name).second)
    return in.fail(
        fmt::format("feature '{}' is given twice", printableName(name)));
  Feature feature;
  if (hasValue &&
      !parseFeature(bytes, valueBegin, valueEnd, name, feature, error))
    return false;
  out.features.emplace_back(std::move(name), std::move(feature));
  return true;
}

void appendVarint(std::string &out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void appendDelimited(std::string &out, uint32_t field,
                     const std::string &payload) {
  appendVarint(out, field << 3 | LengthDelimited);
  appendVarint(out, payload.size());
  out += payload;
}

} // namespace

size_t Feature::size() const {
  switch (kind) {
  case Kind::Bytes:
    return bytes.size();
  case Kind::Float:
    return floats.size();
  case Kind::Int64:
    return ints.size();
  case Kind::None:
    break;
  }
  return 0;
}

bool Feature::operator==(const Feature &other) const {
  return kind == other.kind && bytes == other.bytes && ints == other.ints &&
         floats.size() == other.floats.size() &&
         (floats.empty() || std::memcmp(floats.data(), other.floats.data(),
                                        floats.size() * sizeof(float)) == 0);
}

const char *featureKindName(Feature::Kind kind) {
  switch (kind) {
  case Feature::Kind::Bytes:
    return "bytes_list";
  case Feature::Kind::Float:
    return "float_list";
  case Feature::Kind::Int64:
    return "int64_list";
  case Feature::Kind::None:
    break;
  }
  return "no list";
}

std::string printableName(std::string_view name) {
  std::string out;
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f || c == '\\')
      out += fmt::format("\\x{:02x}", byte);
    else
      out.push_back(c);
  }
  return out;
}

const Feature *Example::find(std::string_view name) const {
  for (const auto &[key, feature] : features)
    if (key == name)
      return &feature;
  return nullptr;
}

bool parseExample(std::string_view bytes, Example &out, std::string &error) {
  out.features.clear();
  error.clear();
  Reader example(bytes, 0, bytes.size(), error);
  std::unordered_set<std::string> names;
  while (!example.done()) {
    uint32_t field;
    int wireType;
    if (!example.tag(field, wireType))
      return false;
    if (field != 1) {
      if (!example.skip(wireType))
        return false;
      continue;
    }
    if (wireType != LengthDelimited)
      return wrongType(example, "Example.features", wireType);
    size_t b, e;
    if (!example.delimited(b, e))
      return false;
    Reader features(bytes, b, e, error);
    while (!features.done()) {
      if (!features.tag(field, wireType))
        return false;
      if (field != 1) {
        if (!features.skip(wireType))
          return false;
        continue;
      }
      if (wireType != LengthDelimited)
        return wrongType(features, "a Features entry", wireType);
      size_t eb, ee;
      if (!features.delimited(eb, ee) ||
          !parseEntry(bytes, eb, ee, out, names, error))
        return false;
    }
  }
  return true;
}

std::string serializeExample(const Example &example) {
  std::string features;
  for (const auto &[name, feature] : example.features) {
    std::string list;
    switch (feature.kind) {
    case Feature::Kind::Bytes:
      for (const std::string &value : feature.bytes)
        appendDelimited(list, 1, value);
      break;
    case Feature::Kind::Float:
      if (!feature.floats.empty()) {
        std::string packed;
        for (float value : feature.floats) {
          uint32_t bits;
          std::memcpy(&bits, &value, 4);
          for (int i = 0; i < 4; ++i)
            packed.push_back(static_cast<char>(bits >> (8 * i) & 0xff));
        }
        appendDelimited(list, 1, packed);
      }
      break;
    case Feature::Kind::Int64:
      if (!feature.ints.empty()) {
        std::string packed;
        for (int64_t value : feature.ints)
          appendVarint(packed, static_cast<uint64_t>(value));
        appendDelimited(list, 1, packed);
      }
      break;
    case Feature::Kind::None:
      break;
    }
    std::string value;
    if (feature.kind != Feature::Kind::None)
      appendDelimited(value, static_cast<uint32_t>(feature.kind), list);
    std::string entry;
    appendDelimited(entry, 1, name);
    appendDelimited(entry, 2, value);
    appendDelimited(features, 1, entry);
  }
  std::string out;
  appendDelimited(out, 1, features);
  return out;
}

} // namespace loom::dataset
