//===- Assembler.cpp - Assembly text and binary program files --------------===//
//
// Part of the Loom project.
//
// Two passes: the first finds labels and `.equ` constants, the second parses
// operands against the mnemonic's field kinds. Every message carries the line
// and says what was expected, because hand-written kernels are the first
// programs this machine runs.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Assembler.h"

#include "simulator/systolic/IniFile.h"
#include "runtime/Float16.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>

#include <fmt/format.h>

namespace loom::systolic {

namespace {

constexpr char kMagic[8] = {'L', 'O', 'O', 'M', 'S', 'Y', 'S', '1'};
constexpr size_t kHeaderBytes = 16; // magic, u32 count, u32 reserved

struct Line {
  int number;
  std::string label;  // defined on this line, if any
  std::string body;   // instruction or directive text, comment stripped
};

bool isIdentifier(std::string_view text) {
  if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text[0])) ||
                        text[0] == '_' || text[0] == '.'))
    return false;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'))
      return false;
  return true;
}

std::vector<std::string> splitOperands(std::string_view text) {
  std::vector<std::string> operands;
  text = trim(text);
  if (text.empty())
    return operands;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    operands.emplace_back(trim(text.substr(start, comma - start)));
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  return operands;
}

const char *kindDescription(FieldKind kind) {
  switch (kind) {
  case FieldKind::ScalarReg:
    return "a scalar register s0..s31";
  case FieldKind::VectorReg:
    return "a vector register v0..v31";
  case FieldKind::Flag:
    return "a flag f0..f31";
  case FieldKind::Mxu:
    return "an MXU m0..m7";
  case FieldKind::Unsigned:
    return "a non-negative integer or .equ name";
  case FieldKind::Signed:
    return "an integer or .equ name";
  case FieldKind::Target:
    return "a label or instruction index";
  case FieldKind::Float:
    return "a float literal or 0x-prefixed f32 bits";
  }
  return "an operand";
}

class Assembler {
public:
  Assembler(std::string_view source, std::string fileName)
      : text(source), name(std::move(fileName)) {}

  Result<Program> run();

private:
  Status error(int line, const std::string &message) const {
    return invalidArgument(fmt::format("{}:{}: {}", name, line, message));
  }
  Status splitLines();
  Status defineSymbols();
  Status parseInstruction(const Line &line, Instruction &inst);
  bool lookupValue(std::string_view token, int64_t &value) const;

  std::string_view text;
  std::string name;
  std::vector<Line> lines;
  std::map<std::string, int64_t> labels;
  std::map<std::string, int64_t> constants;
};

Status Assembler::splitLines() {
  int number = 0;
  size_t position = 0;
  while (position <= text.size()) {
    size_t newline = text.find('\n', position);
    if (newline == std::string_view::npos)
      newline = text.size();
    std::string_view raw = text.substr(position, newline - position);
    position = newline + 1;
    ++number;
    size_t comment = raw.find_first_of("#;");
    std::string_view body = trim(raw.substr(0, comment));
    if (body.empty())
      continue;
    Line line{number, "", ""};
    size_t colon = body.find(':');
    if (colon != std::string_view::npos) {
      std::string_view label = trim(body.substr(0, colon));
      if (!isIdentifier(label) || label[0] == '.')
        return error(number, fmt::format("malformed label '{}'", label));
      line.label = std::string(label);
      body = trim(body.substr(colon + 1));
    }
    line.body = std::string(body);
    lines.push_back(std::move(line));
  }
  return Status::ok();
}

Status Assembler::defineSymbols() {
  int64_t index = 0;
  for (const Line &line : lines) {
    if (!line.label.empty()) {
      if (labels.count(line.label))
        return error(line.number,
                     fmt::format("label '{}' is defined twice", line.label));
      labels[line.label] = index;
    }
    if (line.body.empty())
      continue;
    if (line.body.rfind(".equ", 0) == 0) {
      std::vector<std::string> parts =
          splitOperands(std::string_view(line.body).substr(4));
      int64_t value;
      if (parts.size() != 2 || !isIdentifier(parts[0]))
        return error(line.number, "expected '.equ NAME, VALUE'");
      if (!lookupValue(parts[1], value))
        return error(line.number,
                     fmt::format(".equ {}: '{}' is not an integer or a "
                                 "previously defined constant",
                                 parts[0], parts[1]));
      if (constants.count(parts[0]))
        return error(line.number,
                     fmt::format("constant '{}' is defined twice", parts[0]));
      constants[parts[0]] = value;
      continue;
    }
    if (line.body[0] == '.')
      return error(line.number,
                   fmt::format("unknown directive '{}'",
                               line.body.substr(0, line.body.find(' '))));
    ++index;
  }
  return Status::ok();
}

bool Assembler::lookupValue(std::string_view token, int64_t &value) const {
  if (parseIntegerLiteral(token, value))
    return true;
  auto it = constants.find(std::string(token));
  if (it == constants.end())
    return false;
  value = it->second;
  return true;
}

Status Assembler::parseInstruction(const Line &line, Instruction &inst) {
  std::string_view body = line.body;
  size_t space = body.find_first_of(" \t");
  std::string mnemonicText(body.substr(0, space));
  std::vector<std::string> operands =
      splitOperands(space == std::string_view::npos ? std::string_view()
                                                    : body.substr(space));
  const MnemonicInfo *mnemonic = findMnemonic(mnemonicText);
  if (!mnemonic)
    return error(line.number,
                 fmt::format("unknown instruction '{}'", mnemonicText));
  const OpcodeInfo &info = opcodeInfo(mnemonic->opcode);
  if (operands.size() != mnemonic->shownFields.size()) {
    std::string expected;
    for (size_t i = 0; i < mnemonic->shownFields.size(); ++i)
      expected += (i ? ", " : "") +
                  std::string(info.fields[mnemonic->shownFields[i]].name);
    return error(line.number,
                 fmt::format("'{}' takes {} operand(s) ({}), got {}",
                             mnemonic->text, mnemonic->shownFields.size(),
                             expected.empty() ? "none" : expected,
                             operands.size()));
  }
  inst = Instruction();
  inst.opcode = mnemonic->opcode;
  inst.func = mnemonic->func;
  for (size_t i = 0; i < operands.size(); ++i) {
    const std::string &token = operands[i];
    FieldKind kind = mnemonic->shownKinds[i];
    const FieldInfo &field = info.fields[mnemonic->shownFields[i]];
    auto bad = [&]() {
      return error(line.number,
                   fmt::format("operand {} ({}) of '{}': expected {}, got '{}'",
                               i + 1, field.name, mnemonic->text,
                               kindDescription(kind), token));
    };
    int64_t value = 0;
    switch (kind) {
    case FieldKind::ScalarReg:
    case FieldKind::VectorReg:
    case FieldKind::Flag:
    case FieldKind::Mxu: {
      char prefix = kind == FieldKind::ScalarReg   ? 's'
                    : kind == FieldKind::VectorReg ? 'v'
                    : kind == FieldKind::Flag      ? 'f'
                                                   : 'm';
      int64_t limit = kind == FieldKind::Mxu ? 8 : 32;
      if (token.size() < 2 || token[0] != prefix ||
          !std::isdigit(static_cast<unsigned char>(token[1])) ||
          !parseIntegerLiteral(std::string_view(token).substr(1), value) ||
          value < 0 || value >= limit)
        return bad();
      break;
    }
    case FieldKind::Unsigned:
    case FieldKind::Signed:
      if (!lookupValue(token, value))
        return bad();
      break;
    case FieldKind::Target: {
      auto it = labels.find(token);
      if (it != labels.end())
        value = it->second;
      else if (!parseIntegerLiteral(token, value)) {
        if (isIdentifier(token))
          return error(line.number,
                       fmt::format("operand {} of '{}': undefined label '{}'",
                                   i + 1, mnemonic->text, token));
        return bad();
      }
      break;
    }
    case FieldKind::Float: {
      if (token.rfind("0x", 0) == 0) {
        if (!parseIntegerLiteral(token, value) || value < 0 ||
            value > 0xffffffffLL)
          return bad();
        break;
      }
      double number;
      if (!parseFloatLiteral(token, number))
        return bad();
      float single = static_cast<float>(number);
      if (!std::isfinite(single))
        return error(line.number,
                     fmt::format("operand {} of '{}': {} overflows f32", i + 1,
                                 mnemonic->text, token));
      value = floatBits(single);
      break;
    }
    }
    inst.field[mnemonic->shownFields[i]] = value;
  }
  Result<EncodedInstruction> encoded = encode(inst);
  if (!encoded.isOk())
    return error(line.number, encoded.message());
  return Status::ok();
}

Result<Program> Assembler::run() {
  LOOM_RETURN_IF_ERROR(splitLines());
  LOOM_RETURN_IF_ERROR(defineSymbols());
  Program program;
  program.name = name;
  for (const Line &line : lines) {
    if (line.body.empty() || line.body[0] == '.')
      continue;
    Instruction inst;
    LOOM_RETURN_IF_ERROR(parseInstruction(line, inst));
    program.code.push_back(inst);
    program.lines.push_back(line.number);
  }
  if (program.code.empty())
    return invalidArgument(
        fmt::format("{}: the program has no instructions", name));
  for (size_t i = 0; i < program.code.size(); ++i) {
    const Instruction &inst = program.code[i];
    if (inst.opcode == Opcode::Branch &&
        static_cast<size_t>(inst.field[br::Target]) >= program.code.size())
      return error(program.lines[i],
                   fmt::format("branch target {} is past the last instruction "
                               "({})",
                               inst.field[br::Target], program.code.size() - 1));
  }
  return program;
}

} // namespace

Result<Program> assemble(std::string_view text, const std::string &name) {
  return Assembler(text, name).run();
}

std::string disassemble(const Program &program) {
  std::string out;
  for (size_t i = 0; i < program.code.size(); ++i) {
    std::string text = formatInstruction(program.code[i]);
    out += fmt::format("    {:<48} # {}\n", text, i);
  }
  return out;
}

Result<std::vector<uint8_t>> writeBinary(const Program &program) {
  std::vector<uint8_t> bytes(kHeaderBytes + 16 * program.code.size());
  std::memcpy(bytes.data(), kMagic, sizeof(kMagic));
  uint32_t count = static_cast<uint32_t>(program.code.size());
  for (int i = 0; i < 4; ++i)
    bytes[8 + i] = static_cast<uint8_t>(count >> (8 * i));
  for (size_t i = 0; i < program.code.size(); ++i) {
    Result<EncodedInstruction> word = encode(program.code[i]);
    if (!word.isOk())
      return invalidArgument(
          fmt::format("{}: {}", program.where(i), word.message()));
    std::memcpy(bytes.data() + kHeaderBytes + 16 * i, word->data(), 16);
  }
  return bytes;
}

bool looksLikeBinary(const std::vector<uint8_t> &bytes) {
  return bytes.size() >= sizeof(kMagic) &&
         std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) == 0;
}

Result<Program> readBinary(const std::vector<uint8_t> &bytes,
                           const std::string &name) {
  if (!looksLikeBinary(bytes))
    return dataLoss(fmt::format(
        "{}: not a Loom systolic binary (the magic 'LOOMSYS1' is missing)",
        name));
  if (bytes.size() < kHeaderBytes)
    return dataLoss(fmt::format("{}: truncated header", name));
  uint32_t count = 0;
  for (int i = 0; i < 4; ++i)
    count |= static_cast<uint32_t>(bytes[8 + i]) << (8 * i);
  uint32_t reserved = 0;
  for (int i = 0; i < 4; ++i)
    reserved |= static_cast<uint32_t>(bytes[12 + i]) << (8 * i);
  if (reserved != 0)
    return dataLoss(fmt::format(
        "{}: header bytes 12-15 are reserved and must be zero", name));
  size_t expected = kHeaderBytes + 16 * static_cast<size_t>(count);
  if (bytes.size() != expected)
    return dataLoss(fmt::format(
        "{}: the header promises {} instructions ({} bytes) but the file has "
        "{} bytes",
        name, count, expected, bytes.size()));
  if (count == 0)
    return dataLoss(fmt::format("{}: the program has no instructions", name));
  Program program;
  program.name = name;
  for (uint32_t i = 0; i < count; ++i) {
    EncodedInstruction word;
    std::memcpy(word.data(), bytes.data() + kHeaderBytes + 16 * size_t(i), 16);
    Result<Instruction> inst = decode(word, i);
    if (!inst.isOk())
      return dataLoss(fmt::format("{}: {}", name, inst.message()));
    if (inst->opcode == Opcode::Branch &&
        static_cast<uint64_t>(inst->field[br::Target]) >= count)
      return dataLoss(fmt::format(
          "{}: instruction {}: branch target {} is past the last instruction",
          name, i, inst->field[br::Target]));
    program.code.push_back(*inst);
  }
  return program;
}

Result<std::vector<uint8_t>> readBinaryFile(const std::string &path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream)
    return notFound(fmt::format("{}: cannot open file", path));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(stream)),
                             std::istreambuf_iterator<char>());
  if (stream.bad())
    return dataLoss(fmt::format("{}: read error", path));
  return bytes;
}

Status writeFile(const std::string &path, const std::vector<uint8_t> &bytes) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  if (!stream)
    return invalidArgument(fmt::format("{}: cannot create file", path));
  stream.write(reinterpret_cast<const char *>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  if (!stream)
    return invalidArgument(fmt::format("{}: write error", path));
  return Status::ok();
}

Result<Program> loadProgram(const std::string &path) {
  Result<std::vector<uint8_t>> bytes = readBinaryFile(path);
  if (!bytes.isOk())
    return bytes.status();
  if (looksLikeBinary(*bytes))
    return readBinary(*bytes, path);
  std::string text(bytes->begin(), bytes->end());
  return assemble(text, path);
}

} // namespace loom::systolic
