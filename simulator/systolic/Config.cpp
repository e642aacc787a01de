//===- Config.cpp - Architecture of the simulated systolic chip ------------===//
//
// Part of the Loom project.
//
// One table describes every config key: its section, name, kind, range and
// where it lands in ChipConfig. Parsing, range checks and formatting all read
// that table, so a key cannot be parsed but left undocumented in the output.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Config.h"

#include "simulator/systolic/IniFile.h"

#include <cmath>
#include <functional>
#include <type_traits>

#include <fmt/format.h>

namespace loom::systolic {

std::string_view dataflowName(Dataflow dataflow) {
  switch (dataflow) {
  case Dataflow::WeightStationary:
    return "ws";
  case Dataflow::OutputStationary:
    return "os";
  case Dataflow::InputStationary:
    return "is";
  }
  return "ws";
}

bool parseDataflow(std::string_view text, Dataflow &dataflow) {
  std::string lowered = toLower(trim(text));
  if (lowered == "ws")
    dataflow = Dataflow::WeightStationary;
  else if (lowered == "os")
    dataflow = Dataflow::OutputStationary;
  else if (lowered == "is")
    dataflow = Dataflow::InputStationary;
  else
    return false;
  return true;
}

std::string torusName(const std::vector<int> &torus) {
  std::string name;
  for (size_t i = 0; i < torus.size(); ++i)
    name += (i ? "x" : "") + std::to_string(torus[i]);
  return name;
}

bool parseTorus(std::string_view text, std::vector<int> &torus) {
  std::vector<int> dims;
  text = trim(text);
  while (true) {
    size_t cross = text.find('x');
    int64_t extent;
    if (!parseIntegerLiteral(text.substr(0, cross), extent) || extent < 1 ||
        extent > 64)
      return false;
    dims.push_back(static_cast<int>(extent));
    if (cross == std::string_view::npos)
      break;
    text.remove_prefix(cross + 1);
  }
  if (dims.empty() || dims.size() > 3)
    return false;
  int64_t chips = 1;
  for (int extent : dims)
    chips *= extent;
  if (chips > 4096)
    return false;
  torus = dims;
  return true;
}

int ChipConfig::numChips() const {
  int chips = 1;
  for (int extent : ici.torus)
    chips *= extent;
  return chips;
}

int64_t ChipConfig::hopLatencyCycles() const {
  return static_cast<int64_t>(std::llround(ici.hopLatencyNs * frequencyGHz));
}

int ChipConfig::linksPerDirection() const {
  int directions = 2 * static_cast<int>(ici.torus.size());
  return ici.links / directions;
}

Status ChipConfig::validate() const {
  if (numChips() > 1 && linksPerDirection() < 1)
    return invalidArgument(fmt::format(
        "ici.links = {} is too few for a {}-D torus: each of its {} "
        "directions needs at least one link",
        ici.links, ici.torus.size(), 2 * ici.torus.size()));
  if (vector.lanes % vector.sublanes != 0)
    return invalidArgument(fmt::format(
        "vector.lanes = {} must be a multiple of vector.sublanes = {} (the "
        "transpose unit works on lanes x lanes tiles held in lanes/sublanes "
        "registers)",
        vector.lanes, vector.sublanes));
  return Status::ok();
}

namespace {

enum class KeyKind { Integer, Size, Real, Boolean, DataflowKind, TorusKind };

/// One config key. `get` renders the current value; `set` stores a value
/// that already passed the range check.
struct KeyInfo {
  const char *section;
  const char *key;
  KeyKind kind;
  double min;
  double max;
  std::function<void(ChipConfig &, const std::string &, int64_t, double)> set;
  std::function<std::string(const ChipConfig &)> get;
};

template <typename Field>
KeyInfo integerKey(const char *section, const char *key, KeyKind kind,
                   double min, double max, Field field) {
  return {section, key, kind, min, max,
          [field](ChipConfig &c, const std::string &, int64_t v, double) {
            field(c) = static_cast<std::remove_reference_t<decltype(field(c))>>(v);
          },
          [field](const ChipConfig &c) {
            return std::to_string(field(const_cast<ChipConfig &>(c)));
          }};
}

template <typename Field>
KeyInfo realKey(const char *section, const char *key, double min, double max,
                Field field) {
  return {section, key, KeyKind::Real, min, max,
          [field](ChipConfig &c, const std::string &, int64_t, double v) {
            field(c) = v;
          },
          [field](const ChipConfig &c) {
            return fmt::format("{}", field(const_cast<ChipConfig &>(c)));
          }};
}

const std::vector<KeyInfo> &keyTable() {
  using K = KeyKind;
  static const std::vector<KeyInfo> table = {
      realKey("chip", "frequency_ghz", 1e-3, 100,
              [](ChipConfig &c) -> double & { return c.frequencyGHz; }),
      integerKey("chip", "queue_depth", K::Integer, 1, 1024,
                 [](ChipConfig &c) -> int & { return c.queueDepth; }),
      integerKey("mxu", "count", K::Integer, 1, 8,
                 [](ChipConfig &c) -> int & { return c.mxu.count; }),
      integerKey("mxu", "rows", K::Integer, 8, 256,
                 [](ChipConfig &c) -> int & { return c.mxu.rows; }),
      integerKey("mxu", "cols", K::Integer, 8, 256,
                 [](ChipConfig &c) -> int & { return c.mxu.cols; }),
      {"mxu", "dataflow", K::DataflowKind, 0, 0,
       [](ChipConfig &c, const std::string &text, int64_t, double) {
         parseDataflow(text, c.mxu.dataflow);
       },
       [](const ChipConfig &c) {
         return std::string(dataflowName(c.mxu.dataflow));
       }},
      integerKey("mxu", "accumulator_rows", K::Integer, 8, double(1 << 24),
                 [](ChipConfig &c) -> int64_t & {
                   return c.mxu.accumulatorRows;
                 }),
      {"mxu", "overlap_weight_load", K::Boolean, 0, 1,
       [](ChipConfig &c, const std::string &, int64_t v, double) {
         c.mxu.overlapWeightLoad = v != 0;
       },
       [](const ChipConfig &c) {
         return std::string(c.mxu.overlapWeightLoad ? "true" : "false");
       }},
      integerKey("vmem", "bytes", K::Size, 4096, double(int64_t(1) << 40),
                 [](ChipConfig &c) -> int64_t & { return c.vmemBytes; }),
      integerKey("vector", "sublanes", K::Integer, 1, 64,
                 [](ChipConfig &c) -> int & { return c.vector.sublanes; }),
      integerKey("vector", "lanes", K::Integer, 8, 1024,
                 [](ChipConfig &c) -> int & { return c.vector.lanes; }),
      integerKey("vector", "registers", K::Integer, 1, 32,
                 [](ChipConfig &c) -> int & { return c.vector.registers; }),
      integerKey("vector", "load_latency", K::Integer, 1, 1000,
                 [](ChipConfig &c) -> int & { return c.vector.loadLatency; }),
      integerKey("vector", "alu_latency", K::Integer, 1, 1000,
                 [](ChipConfig &c) -> int & { return c.vector.aluLatency; }),
      integerKey("vector", "transcendental_latency", K::Integer, 1, 1000,
                 [](ChipConfig &c) -> int & {
                   return c.vector.transcendentalLatency;
                 }),
      integerKey("vector", "cross_lane_latency", K::Integer, 1, 1000,
                 [](ChipConfig &c) -> int & {
                   return c.vector.crossLaneLatency;
                 }),
      integerKey("hbm", "bytes", K::Size, 4096, double(int64_t(1) << 40),
                 [](ChipConfig &c) -> int64_t & { return c.hbm.bytes; }),
      realKey("hbm", "bandwidth_gbps", 1e-3, 1e6,
              [](ChipConfig &c) -> double & { return c.hbm.bandwidthGBps; }),
      integerKey("hbm", "latency_cycles", K::Integer, 0, 1e6,
                 [](ChipConfig &c) -> int64_t & {
                   return c.hbm.latencyCycles;
                 }),
      integerKey("hbm", "dma_alignment", K::Integer, 1, 4096,
                 [](ChipConfig &c) -> int64_t & { return c.hbm.dmaAlignment; }),
      integerKey("hbm", "burst_bytes", K::Integer, 1, 4096,
                 [](ChipConfig &c) -> int64_t & { return c.hbm.burstBytes; }),
      integerKey("ici", "links", K::Integer, 0, 64,
                 [](ChipConfig &c) -> int & { return c.ici.links; }),
      realKey("ici", "link_bandwidth_gbps", 1e-3, 1e6,
              [](ChipConfig &c) -> double & {
                return c.ici.linkBandwidthGBps;
              }),
      realKey("ici", "hop_latency_ns", 0, 1e9,
              [](ChipConfig &c) -> double & { return c.ici.hopLatencyNs; }),
      {"ici", "torus", K::TorusKind, 0, 0,
       [](ChipConfig &c, const std::string &text, int64_t, double) {
         parseTorus(text, c.ici.torus);
       },
       [](const ChipConfig &c) { return torusName(c.ici.torus); }},
  };
  return table;
}

const KeyInfo *findKey(std::string_view section, std::string_view key) {
  for (const KeyInfo &info : keyTable())
    if (section == info.section && key == info.key)
      return &info;
  return nullptr;
}

/// Parses and range-checks one value; the message says what was expected.
Status applyKey(const KeyInfo &info, const IniFile &file,
                const IniEntry &entry, ChipConfig &config) {
  std::string name = fmt::format("{}.{}", info.section, info.key);
  auto bad = [&](const std::string &expected) {
    return file.errorAt(entry.line, fmt::format("{} = '{}': expected {}", name,
                                                entry.value, expected));
  };
  switch (info.kind) {
  case KeyKind::Integer:
  case KeyKind::Size: {
    int64_t value;
    bool parsed = info.kind == KeyKind::Size
                      ? parseSizeLiteral(entry.value, value)
                      : parseIntegerLiteral(entry.value, value);
    std::string range = fmt::format("an integer in [{}, {}]",
                                    static_cast<int64_t>(info.min),
                                    static_cast<int64_t>(info.max));
    if (info.kind == KeyKind::Size)
      range += " (a KiB/MiB/GiB suffix is allowed)";
    if (!parsed || value < info.min || value > info.max)
      return bad(range);
    info.set(config, entry.value, value, 0);
    return Status::ok();
  }
  case KeyKind::Real: {
    double value;
    if (!parseFloatLiteral(entry.value, value) || value < info.min ||
        value > info.max)
      return bad(fmt::format("a number in [{}, {}]", info.min, info.max));
    info.set(config, entry.value, 0, value);
    return Status::ok();
  }
  case KeyKind::Boolean: {
    std::string lowered = toLower(entry.value);
    if (lowered != "true" && lowered != "false")
      return bad("true or false");
    info.set(config, entry.value, lowered == "true", 0);
    return Status::ok();
  }
  case KeyKind::DataflowKind: {
    Dataflow dataflow;
    if (!parseDataflow(entry.value, dataflow))
      return bad("ws, os or is");
    info.set(config, entry.value, 0, 0);
    return Status::ok();
  }
  case KeyKind::TorusKind: {
    std::vector<int> torus;
    if (!parseTorus(entry.value, torus))
      return bad("1 to 3 extents in [1, 64] joined by 'x' (at most 4096 "
                 "chips), e.g. 8, 4x2 or 2x2x2");
    info.set(config, entry.value, 0, 0);
    return Status::ok();
  }
  }
  return Status::ok();
}

} // namespace

Result<ChipConfig> parseChipConfig(std::string_view text,
                                   const std::string &path) {
  Result<IniFile> file = parseIni(text, path);
  if (!file.isOk())
    return file.status();
  ChipConfig config;
  for (const IniSection &section : file->sections) {
    bool known = false;
    for (const KeyInfo &info : keyTable())
      known |= section.name == info.section;
    if (!known)
      return file->errorAt(
          section.line,
          fmt::format("unknown section [{}]; expected chip, mxu, vmem, "
                      "vector, hbm or ici",
                      section.name));
    for (const IniEntry &entry : section.entries) {
      const KeyInfo *info = findKey(section.name, entry.key);
      if (!info)
        return file->errorAt(entry.line,
                             fmt::format("unknown key '{}' in section [{}]",
                                         entry.key, section.name));
      LOOM_RETURN_IF_ERROR(applyKey(*info, *file, entry, config));
    }
  }
  Status valid = config.validate();
  if (!valid.isOk())
    return invalidArgument(fmt::format("{}: {}", path, valid.message()));
  return config;
}

Result<ChipConfig> loadChipConfig(const std::string &path) {
  Result<std::string> text = readTextFile(path);
  if (!text.isOk())
    return text.status();
  return parseChipConfig(*text, path);
}

std::string formatChipConfig(const ChipConfig &config) {
  std::string out;
  std::string section;
  for (const KeyInfo &info : keyTable()) {
    if (section != info.section) {
      section = info.section;
      out += fmt::format("{}[{}]\n", out.empty() ? "" : "\n", section);
    }
    out += fmt::format("{} = {}\n", info.key, info.get(config));
  }
  return out;
}

} // namespace loom::systolic
