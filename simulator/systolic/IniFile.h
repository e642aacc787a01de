//===- IniFile.h - The INI dialect of Loom and SCALE-Sim configs -*- C++ -*-===//
//
// Part of the Loom project.
//
// Both Loom's chip configuration and SCALE-Sim's .cfg files are INI files:
// `[section]` headers, then `key = value` or `key : value` lines, comments on
// lines that start with '#' or ';'. Keys are case-insensitive (stored lower
// case, as Python's configparser does); every entry keeps its line so that a
// bad value can be reported as `file:line: ...`.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_INIFILE_H
#define LOOM_SIMULATOR_SYSTOLIC_INIFILE_H

#include "runtime/Result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loom::systolic {

struct IniEntry {
  std::string key; // lower case
  std::string value;
  int line = 0;
};

struct IniSection {
  std::string name;
  int line = 0;
  std::vector<IniEntry> entries;

  const IniEntry *find(std::string_view key) const;
};

struct IniFile {
  std::string path;
  std::vector<IniSection> sections;

  const IniSection *find(std::string_view name) const;
  /// "path:line: message", the form of every config diagnostic.
  Status errorAt(int line, const std::string &message) const;
};

/// Parses `text`; `path` is only used in messages. Rejects entries outside a
/// section, duplicate sections, duplicate keys and lines that are neither.
Result<IniFile> parseIni(std::string_view text, const std::string &path);

/// The whole file, or a message naming it.
Result<std::string> readTextFile(const std::string &path);

/// Parses a decimal or 0x-prefixed integer with an optional binary-unit
/// suffix (KiB, MiB, GiB, or K/M/G meaning the same powers of two).
bool parseSizeLiteral(std::string_view text, int64_t &value);

/// Parses a plain decimal or 0x-prefixed integer, optionally negative.
bool parseIntegerLiteral(std::string_view text, int64_t &value);

/// Parses a finite decimal floating-point literal.
bool parseFloatLiteral(std::string_view text, double &value);

std::string_view trim(std::string_view text);
std::string toLower(std::string_view text);

} // namespace loom::systolic

#endif // LOOM_SIMULATOR_SYSTOLIC_INIFILE_H
