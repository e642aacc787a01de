//===- IniFile.cpp - The INI dialect of Loom and SCALE-Sim configs ---------===//
//
// Part of the Loom project.
//
// A strict line-based reader: anything it does not understand is an error
// with the line number, never silently skipped, because a misspelt key in a
// hardware description would otherwise give plausible but wrong cycle counts.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/IniFile.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace loom::systolic {

std::string_view trim(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin])))
    ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1])))
    --end;
  return text.substr(begin, end - begin);
}

std::string toLower(std::string_view text) {
  std::string lowered(text);
  for (char &c : lowered)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lowered;
}

const IniEntry *IniSection::find(std::string_view key) const {
  for (const IniEntry &entry : entries)
    if (entry.key == key)
      return &entry;
  return nullptr;
}

const IniSection *IniFile::find(std::string_view name) const {
  for (const IniSection &section : sections)
    if (section.name == name)
      return &section;
  return nullptr;
}

Status IniFile::errorAt(int line, const std::string &message) const {
  return invalidArgument(fmt::format("{}:{}: {}", path, line, message));
}

/// Strips a trailing " # comment" or " ; comment" (the marker must follow
/// whitespace, so values such as run names may still contain '#').
static std::string_view stripInlineComment(std::string_view line) {
  for (size_t i = 1; i < line.size(); ++i)
    if ((line[i] == '#' || line[i] == ';') &&
        std::isspace(static_cast<unsigned char>(line[i - 1])))
      return line.substr(0, i);
  return line;
}

Result<IniFile> parseIni(std::string_view text, const std::string &path) {
  IniFile file;
  file.path = path;
  int lineNumber = 0;
  size_t position = 0;
  while (position <= text.size()) {
    size_t newline = text.find('\n', position);
    if (newline == std::string_view::npos)
      newline = text.size();
    std::string_view raw = text.substr(position, newline - position);
    position = newline + 1;
    ++lineNumber;

    std::string_view line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';')
      continue;
    line = trim(stripInlineComment(line));

    if (line.front() == '[') {
      if (line.back() != ']' || line.size() < 3)
        return file.errorAt(lineNumber,
                            fmt::format("malformed section header '{}'", line));
      std::string name(trim(line.substr(1, line.size() - 2)));
      if (file.find(name))
        return file.errorAt(lineNumber,
                            fmt::format("section [{}] appears twice", name));
      file.sections.push_back({name, lineNumber, {}});
      continue;
    }

    size_t separator = line.find_first_of("=:");
    if (separator == std::string_view::npos || separator == 0)
      return file.errorAt(
          lineNumber,
          fmt::format("expected 'key = value' or a [section], got '{}'", line));
    if (file.sections.empty())
      return file.errorAt(lineNumber, "entry before the first [section]");
    IniSection &section = file.sections.back();
    std::string key = toLower(trim(line.substr(0, separator)));
    if (section.find(key))
      return file.errorAt(lineNumber,
                          fmt::format("key '{}' appears twice in section [{}]",
                                      key, section.name));
    section.entries.push_back(
        {key, std::string(trim(line.substr(separator + 1))), lineNumber});
  }
  return file;
}

Result<std::string> readTextFile(const std::string &path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream)
    return notFound(fmt::format("{}: cannot open file", path));
  std::ostringstream contents;
  contents << stream.rdbuf();
  if (stream.bad())
    return invalidArgument(fmt::format("{}: read error", path));
  return contents.str();
}

bool parseIntegerLiteral(std::string_view text, int64_t &value) {
  text = trim(text);
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty())
    return false;
  uint64_t magnitude = 0;
  for (char c : text) {
    int digit;
    if (c >= '0' && c <= '9')
      digit = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f')
      digit = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F')
      digit = c - 'A' + 10;
    else if (c == '_')
      continue;
    else
      return false;
    if (magnitude > (UINT64_MAX - static_cast<uint64_t>(digit)) /
                        static_cast<uint64_t>(base))
      return false;
    magnitude = magnitude * static_cast<uint64_t>(base) +
                static_cast<uint64_t>(digit);
  }
  if (!negative && magnitude > static_cast<uint64_t>(INT64_MAX))
    return false;
  if (negative && magnitude > static_cast<uint64_t>(INT64_MAX) + 1)
    return false;
  value = negative ? static_cast<int64_t>(0 - magnitude)
                   : static_cast<int64_t>(magnitude);
  return true;
}

bool parseSizeLiteral(std::string_view text, int64_t &value) {
  text = trim(text);
  struct Unit {
    const char *suffix;
    int64_t scale;
  };
  static const Unit units[] = {{"KiB", 1LL << 10}, {"MiB", 1LL << 20},
                               {"GiB", 1LL << 30}, {"K", 1LL << 10},
                               {"M", 1LL << 20},   {"G", 1LL << 30}};
  int64_t scale = 1;
  for (const Unit &unit : units) {
    std::string_view suffix(unit.suffix);
    if (text.size() > suffix.size() &&
        text.substr(text.size() - suffix.size()) == suffix) {
      scale = unit.scale;
      text = trim(text.substr(0, text.size() - suffix.size()));
      break;
    }
  }
  int64_t number;
  if (!parseIntegerLiteral(text, number) || number < 0 ||
      number > INT64_MAX / scale)
    return false;
  value = number * scale;
  return true;
}

bool parseFloatLiteral(std::string_view text, double &value) {
  std::string copy(trim(text));
  if (copy.empty())
    return false;
  char *end = nullptr;
  errno = 0;
  double parsed = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || errno == ERANGE ||
      !std::isfinite(parsed))
    return false;
  value = parsed;
  return true;
}

} // namespace loom::systolic
