//===- Assembler.h - Assembly text and binary program files ------*- C++ -*-===//
//
// Part of the Loom project.
//
// The assembler turns text (one instruction per line, `label:` definitions,
// `.equ NAME, VALUE` constants, '#' or ';' comments) into a Program that keeps
// each instruction's source line. The binary form is a small header (magic
// "LOOMSYS1", instruction count) followed by 16-byte instruction words; the
// disassembler prints text that assembles back to the same words.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_ASSEMBLER_H
#define LOOM_SIMULATOR_SYSTOLIC_ASSEMBLER_H

#include "runtime/Result.h"
#include "simulator/systolic/Isa.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loom::systolic {

/// Assembles `text`; `name` (usually the file path) prefixes every message
/// as "name:line: ...".
Result<Program> assemble(std::string_view text, const std::string &name);

/// Canonical text of a whole program, one instruction per line with its
/// index in a comment; targets are instruction indices.
std::string disassemble(const Program &program);

/// The binary file image of a program.
Result<std::vector<uint8_t>> writeBinary(const Program &program);
/// Parses a binary file image; `name` prefixes messages.
Result<Program> readBinary(const std::vector<uint8_t> &bytes,
                           const std::string &name);
bool looksLikeBinary(const std::vector<uint8_t> &bytes);

/// Reads `path` as a binary program if it starts with the magic, otherwise
/// assembles it as text.
Result<Program> loadProgram(const std::string &path);
Status writeFile(const std::string &path, const std::vector<uint8_t> &bytes);
Result<std::vector<uint8_t>> readBinaryFile(const std::string &path);

} // namespace loom::systolic

#endif // LOOM_SIMULATOR_SYSTOLIC_ASSEMBLER_H
