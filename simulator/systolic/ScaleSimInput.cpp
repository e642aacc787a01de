//===- ScaleSimInput.cpp - SCALE-Sim v2 config and topology files ----------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/ScaleSimInput.h"

#include "simulator/systolic/IniFile.h"

#include <fmt/format.h>

namespace loom::systolic {

namespace {

/// Looks up a required key of a SCALE-Sim config (keys are case-insensitive).
Result<const IniEntry *> requireKey(const IniFile &file, const char *section,
                                    const char *key) {
  const IniSection *found = file.find(section);
  if (!found)
    return invalidArgument(
        fmt::format("{}: missing section [{}]", file.path, section));
  const IniEntry *entry = found->find(toLower(key));
  if (!entry)
    return invalidArgument(fmt::format("{}:{}: section [{}] has no '{}'",
                                       file.path, found->line, section, key));
  return entry;
}

Status readInteger(const IniFile &file, const char *section, const char *key,
                   int64_t min, int64_t max, int64_t &value, bool required) {
  const IniSection *found = file.find(section);
  const IniEntry *entry = found ? found->find(toLower(key)) : nullptr;
  if (!entry) {
    if (!required)
      return Status::ok();
    Result<const IniEntry *> missing = requireKey(file, section, key);
    return missing.status();
  }
  if (!parseIntegerLiteral(entry->value, value) || value < min || value > max)
    return file.errorAt(entry->line,
                        fmt::format("{} = '{}': expected an integer in [{}, "
                                    "{}]",
                                    key, entry->value, min, max));
  return Status::ok();
}

std::vector<std::string> splitCsvRow(std::string_view row) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    size_t comma = row.find(',', start);
    cells.emplace_back(trim(row.substr(start, comma - start)));
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  // SCALE-Sim rows end with a comma; tolerate rows that do not.
  if (cells.size() > 1 && cells.back().empty())
    cells.pop_back();
  return cells;
}

} // namespace

Result<ScaleSimConfig> parseScaleSimConfig(std::string_view text,
                                           const std::string &path) {
  Result<IniFile> file = parseIni(text, path);
  if (!file.isOk())
    return file.status();
  ScaleSimConfig config;
  config.path = path;

  Result<const IniEntry *> runName = requireKey(*file, "general", "run_name");
  if (!runName.isOk())
    return runName.status();
  config.runName = (*runName)->value;
  if (config.runName.empty() ||
      config.runName.find_first_of("/\\") != std::string::npos ||
      config.runName == "." || config.runName == "..")
    return file->errorAt((*runName)->line,
                         fmt::format("run_name '{}' must be a plain, non-empty "
                                     "directory name",
                                     config.runName));

  const char *arch = "architecture_presets";
  int64_t rows = 0, cols = 0;
  LOOM_RETURN_IF_ERROR(
      readInteger(*file, arch, "ArrayHeight", 8, 256, rows, true));
  LOOM_RETURN_IF_ERROR(
      readInteger(*file, arch, "ArrayWidth", 8, 256, cols, true));
  config.arrayRows = static_cast<int>(rows);
  config.arrayCols = static_cast<int>(cols);
  const int64_t big = int64_t(1) << 40;
  LOOM_RETURN_IF_ERROR(readInteger(*file, arch, "IfmapSramSzkB", 1, big,
                                   config.ifmapSramKB, true));
  LOOM_RETURN_IF_ERROR(readInteger(*file, arch, "FilterSramSzkB", 1, big,
                                   config.filterSramKB, true));
  LOOM_RETURN_IF_ERROR(readInteger(*file, arch, "OfmapSramSzkB", 1, big,
                                   config.ofmapSramKB, true));
  LOOM_RETURN_IF_ERROR(readInteger(*file, arch, "IfmapOffset", 0, big,
                                   config.ifmapOffset, false));
  LOOM_RETURN_IF_ERROR(readInteger(*file, arch, "FilterOffset", 0, big,
                                   config.filterOffset, false));
  LOOM_RETURN_IF_ERROR(readInteger(*file, arch, "OfmapOffset", 0, big,
                                   config.ofmapOffset, false));
  Result<const IniEntry *> dataflow = requireKey(*file, arch, "Dataflow");
  if (!dataflow.isOk())
    return dataflow.status();
  if (!parseDataflow((*dataflow)->value, config.dataflow))
    return file->errorAt((*dataflow)->line,
                         fmt::format("Dataflow = '{}': expected os, ws or is",
                                     (*dataflow)->value));

  Result<const IniEntry *> mode =
      requireKey(*file, "run_presets", "InterfaceBandwidth");
  if (!mode.isOk())
    return mode.status();
  if ((*mode)->value == "USER")
    config.userBandwidth = true;
  else if ((*mode)->value != "CALC")
    return file->errorAt((*mode)->line,
                         fmt::format("InterfaceBandwidth = '{}': expected USER "
                                     "or CALC",
                                     (*mode)->value));
  if (config.userBandwidth) {
    Result<const IniEntry *> bandwidth = requireKey(*file, arch, "Bandwidth");
    if (!bandwidth.isOk())
      return bandwidth.status();
    std::string_view list = (*bandwidth)->value;
    while (true) {
      size_t comma = list.find(',');
      int64_t value;
      if (!parseIntegerLiteral(list.substr(0, comma), value) || value < 1)
        return file->errorAt((*bandwidth)->line,
                             fmt::format("Bandwidth = '{}': expected positive "
                                         "integers separated by commas",
                                         (*bandwidth)->value));
      config.bandwidths.push_back(value);
      if (comma == std::string_view::npos)
        break;
      list.remove_prefix(comma + 1);
    }
  }
  return config;
}

Result<ScaleSimConfig> loadScaleSimConfig(const std::string &path) {
  Result<std::string> text = readTextFile(path);
  if (!text.isOk())
    return text.status();
  return parseScaleSimConfig(*text, path);
}

Result<std::vector<ScaleSimLayer>>
parseScaleSimTopology(std::string_view text, const std::string &path,
                      TopologyFormat format) {
  std::vector<ScaleSimLayer> layers;
  int lineNumber = 0;
  bool header = true;
  size_t position = 0;
  while (position <= text.size()) {
    size_t newline = text.find('\n', position);
    if (newline == std::string_view::npos)
      newline = text.size();
    std::string_view row = trim(text.substr(position, newline - position));
    position = newline + 1;
    ++lineNumber;
    if (row.empty())
      continue;
    if (header) { // the first non-empty line names the columns
      header = false;
      continue;
    }
    auto bad = [&](const std::string &message) {
      return invalidArgument(
          fmt::format("{}:{}: {}", path, lineNumber, message));
    };
    std::vector<std::string> cells = splitCsvRow(row);
    // An optional last cell "N:M" is SCALE-Sim v3's sparsity ratio.
    if (cells.size() > 1 && cells.back().find(':') != std::string::npos) {
      std::string ratio = cells.back();
      cells.pop_back();
      if (ratio != "1:1")
        return bad(fmt::format("sparsity ratio '{}' is not supported (only "
                               "dense 1:1 layers)",
                               ratio));
    }
    size_t numbers = cells.size() - 1;
    bool gemm = format == TopologyFormat::Gemm;
    if ((gemm && numbers != 3) || (!gemm && numbers != 7 && numbers != 8))
      return bad(fmt::format(
          "expected {}, got {} cell(s)",
          gemm ? "'Layer, M, N, K,'"
               : "'Layer name, IFMAP Height, IFMAP Width, Filter Height, "
                 "Filter Width, Channels, Num Filter, Strides,' (optionally a "
                 "second stride for the width)",
          cells.size()));
    if (cells[0].empty())
      return bad("the layer name is empty");
    std::vector<int64_t> values;
    for (size_t i = 1; i < cells.size(); ++i) {
      int64_t value;
      if (!parseIntegerLiteral(cells[i], value) || value < 1 ||
          value > (int64_t(1) << 24))
        return bad(fmt::format("cell {} ('{}') must be an integer in [1, {}]",
                               i + 1, cells[i], int64_t(1) << 24));
      values.push_back(value);
    }
    ScaleSimLayer layer;
    layer.name = cells[0];
    layer.line = lineNumber;
    if (gemm) {
      layer.ifmapHeight = values[0]; // M
      layer.ifmapWidth = values[2];  // K
      layer.filterHeight = 1;
      layer.filterWidth = values[2];
      layer.channels = 1;
      layer.numFilters = values[1]; // N
    } else {
      layer.ifmapHeight = values[0];
      layer.ifmapWidth = values[1];
      layer.filterHeight = values[2];
      layer.filterWidth = values[3];
      layer.channels = values[4];
      layer.numFilters = values[5];
      layer.strideHeight = values[6];
      layer.strideWidth = numbers == 8 ? values[7] : values[6];
    }
    if (layer.filterHeight > layer.ifmapHeight ||
        layer.filterWidth > layer.ifmapWidth)
      return bad(fmt::format("the {}x{} filter is larger than the {}x{} ifmap",
                             layer.filterHeight, layer.filterWidth,
                             layer.ifmapHeight, layer.ifmapWidth));
    if (!gemm && layer.name.find("DP") != std::string::npos) {
      int64_t channels = layer.channels;
      for (int64_t c = 0; c < channels; ++c) {
        ScaleSimLayer single = layer;
        single.name = fmt::format("{}Channel_{}", layer.name, c);
        single.channels = 1;
        layers.push_back(single);
      }
      continue;
    }
    layers.push_back(layer);
  }
  if (layers.empty())
    return invalidArgument(
        fmt::format("{}: the topology has no layers (the first line is the "
                    "header)",
                    path));
  return layers;
}

Result<std::vector<ScaleSimLayer>>
loadScaleSimTopology(const std::string &path, TopologyFormat format) {
  Result<std::string> text = readTextFile(path);
  if (!text.isOk())
    return text.status();
  return parseScaleSimTopology(*text, path, format);
}

} // namespace loom::systolic
