//===- Isa.cpp - Instruction set of the systolic chip ----------------------===//
//
// Part of the Loom project.
//
// The opcode and mnemonic tables, and the bit packing of the 128-bit
// instruction word. Decoding is strict (unknown functions, fields a mnemonic
// does not show, and padding bits must all be zero) so that every decodable
// word has exactly one assembly spelling and disassembly round-trips.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Isa.h"

#include "runtime/Float16.h"

#include <cmath>
#include <cstring>
#include <unordered_map>

#include <fmt/format.h>

namespace loom::systolic {

namespace {

using K = FieldKind;

const std::vector<OpcodeInfo> &opcodeTable() {
  static const std::vector<OpcodeInfo> table = {
      {"halt", {}},
      {"scalar-alu", {{"d", K::ScalarReg, 5}, {"a", K::ScalarReg, 5},
                      {"b", K::ScalarReg, 5}}},
      {"scalar-alu-imm", {{"d", K::ScalarReg, 5}, {"a", K::ScalarReg, 5},
                          {"imm", K::Signed, 64}}},
      {"branch", {{"a", K::ScalarReg, 5}, {"b", K::ScalarReg, 5},
                  {"target", K::Target, 32}}},
      {"dma", {{"vmem", K::ScalarReg, 5}, {"hbm", K::ScalarReg, 5},
               {"flag", K::Flag, 5}, {"rows", K::Unsigned, 16},
               {"row_bytes", K::Unsigned, 24}, {"vmem_stride", K::Unsigned, 24},
               {"hbm_stride", K::Unsigned, 32}}},
      {"load-weights", {{"mxu", K::Mxu, 3}, {"vmem", K::ScalarReg, 5},
                        {"rows", K::Unsigned, 16}, {"cols", K::Unsigned, 16},
                        {"stride", K::Unsigned, 24},
                        {"lane_stride", K::Signed, 24}}},
      {"matmul", {{"mxu", K::Mxu, 3}, {"acc", K::ScalarReg, 5},
                  {"vmem", K::ScalarReg, 5}, {"rows", K::Unsigned, 32},
                  {"stride", K::Unsigned, 24}}},
      {"pop", {{"mxu", K::Mxu, 3}, {"v", K::VectorReg, 5},
               {"acc", K::ScalarReg, 5}, {"col", K::Unsigned, 16}}},
      {"vector-load", {{"v", K::VectorReg, 5}, {"vmem", K::ScalarReg, 5},
                       {"stride", K::Unsigned, 24}, {"sublanes", K::Unsigned, 8},
                       {"lanes", K::Unsigned, 16},
                       {"lane_stride", K::Signed, 24},
                       {"offset", K::Signed, 30}}},
      {"vector-store", {{"v", K::VectorReg, 5}, {"vmem", K::ScalarReg, 5},
                        {"stride", K::Unsigned, 24},
                        {"sublanes", K::Unsigned, 8}, {"lanes", K::Unsigned, 16},
                        {"lane_stride", K::Signed, 24},
                        {"offset", K::Signed, 30}}},
      {"vector-alu", {{"d", K::VectorReg, 5}, {"a", K::VectorReg, 5},
                      {"b", K::VectorReg, 5}, {"c", K::VectorReg, 5},
                      {"s", K::ScalarReg, 5}}},
      {"cross-lane", {{"d", K::VectorReg, 5}, {"a", K::VectorReg, 5},
                      {"init", K::VectorReg, 5}, {"lanes", K::Unsigned, 16}}},
      {"sync", {{"flag", K::Flag, 5}, {"count", K::Unsigned, 32}}},
      {"send", {{"vmem", K::ScalarReg, 5}, {"chip", K::ScalarReg, 5},
                {"flag", K::Flag, 5}, {"bytes", K::Unsigned, 32}}},
      {"recv", {{"vmem", K::ScalarReg, 5}, {"chip", K::ScalarReg, 5},
                {"flag", K::Flag, 5}, {"bytes", K::Unsigned, 32}}},
      {"scalar-load", {{"d", K::ScalarReg, 5}, {"vmem", K::ScalarReg, 5}}},
  };
  return table;
}

void add(std::vector<MnemonicInfo> &table, std::string text, Opcode opcode,
         uint8_t func, std::vector<int> shown,
         std::vector<FieldKind> kinds = {}) {
  if (kinds.empty())
    for (int field : shown)
      kinds.push_back(opcodeInfo(opcode).fields[field].kind);
  table.push_back({std::move(text), opcode, func, std::move(shown),
                   std::move(kinds)});
}

std::vector<MnemonicInfo> buildMnemonics() {
  std::vector<MnemonicInfo> t;
  add(t, "halt", Opcode::Halt, 0, {});
  static const char *scalarNames[] = {"add", "sub", "mul", "div", "rem",
                                      "and", "or",  "xor", "shl", "shr",
                                      "lt",  "eq",  "min", "max"};
  for (uint8_t f = 0; f < 14; ++f) {
    add(t, std::string("s.") + scalarNames[f], Opcode::ScalarAlu, f,
        {alu::Dest, alu::SrcA, alu::SrcB});
    add(t, std::string("s.") + scalarNames[f] + "i",
        Opcode::ScalarAluImmediate, f, {alui::Dest, alui::Src, alui::Imm});
  }
  // IEEE f64 addition on the registers' bits (f64 running sums).
  add(t, "s.addf64", Opcode::ScalarAlu, uint8_t(ScalarFunc::AddF64),
      {alu::Dest, alu::SrcA, alu::SrcB});
  add(t, "s.li", Opcode::ScalarAluImmediate,
      uint8_t(ScalarFunc::LoadImmediate), {alui::Dest, alui::Imm});
  add(t, "s.lif", Opcode::ScalarAluImmediate,
      uint8_t(ScalarFunc::LoadFloatImmediate), {alui::Dest, alui::Imm},
      {K::ScalarReg, K::Float});
  static const char *branchNames[] = {"br.eq", "br.ne", "br.lt", "br.ge"};
  for (uint8_t f = 0; f < 4; ++f)
    add(t, branchNames[f], Opcode::Branch, f, {br::SrcA, br::SrcB, br::Target});
  add(t, "jmp", Opcode::Branch, uint8_t(BranchFunc::Always), {br::Target});
  add(t, "loop", Opcode::Branch, uint8_t(BranchFunc::Loop),
      {br::SrcA, br::Target});
  std::vector<int> dmaFields = {dma::VmemAddr, dma::HbmAddr,    dma::Flag,
                                dma::Rows,     dma::RowBytes,   dma::VmemStride,
                                dma::HbmStride};
  add(t, "dma.load", Opcode::Dma, uint8_t(DmaFunc::Load), dmaFields);
  add(t, "dma.store", Opcode::Dma, uint8_t(DmaFunc::Store), dmaFields);
  std::vector<int> ldwFields = {ldw::Mxu, ldw::VmemAddr, ldw::Rows, ldw::Cols,
                                ldw::Stride};
  add(t, "ldw", Opcode::LoadWeights, 0, ldwFields);
  add(t, "ldw.f32", Opcode::LoadWeights, modifier::F32Operand, ldwFields);
  // ldws: element (k, n) of the tile at vmem + k stride + n lane_stride x
  // the element's bytes (a strided conv's stationary positions).
  std::vector<int> ldwStridedFields = ldwFields;
  ldwStridedFields.push_back(ldw::LaneStride);
  add(t, "ldws", Opcode::LoadWeights, modifier::LaneStrided, ldwStridedFields);
  add(t, "ldws.f32", Opcode::LoadWeights,
      modifier::LaneStrided | modifier::F32Operand, ldwStridedFields);
  for (uint8_t f = 0; f < 8; ++f) {
    std::string text = "matmul";
    if (f & modifier::Accumulate)
      text += ".acc";
    if (f & modifier::Swap)
      text += ".swap";
    if (f & modifier::F32Operand)
      text += ".f32";
    add(t, text, Opcode::Matmul, f,
        {mm::Mxu, mm::AccRow, mm::VmemAddr, mm::Rows, mm::Stride});
  }
  add(t, "pop", Opcode::Pop, 0, {pop::Mxu, pop::Dest, pop::AccRow, pop::Col});
  std::vector<int> vmemFields = {vmem::Reg, vmem::Addr, vmem::Stride,
                                 vmem::Sublanes, vmem::Lanes};
  std::vector<int> stridedFields = vmemFields;
  stridedFields.push_back(vmem::LaneStride);
  static const char *typeSuffixes[kElementTypes] = {
      "", ".bf16", ".u8", ".i32", ".i64", ".i8", ".f16"};
  // The offset forms (vldo, vldso, vsto, vstso) add a signed byte offset
  // to the address register: vldo vD, sA, offset, stride, S, L.
  std::vector<int> offsetFields = vmemFields, stridedOffsetFields = stridedFields;
  offsetFields.insert(offsetFields.begin() + 2, vmem::Offset);
  stridedOffsetFields.insert(stridedOffsetFields.begin() + 2, vmem::Offset);
  for (Opcode opcode : {Opcode::VectorLoad, Opcode::VectorStore}) {
    std::string base = opcode == Opcode::VectorLoad ? "vld" : "vst";
    for (uint8_t type = 0; type < kElementTypes; ++type) {
      add(t, base + typeSuffixes[type], opcode, type, vmemFields);
      add(t, base + "s" + typeSuffixes[type], opcode,
          type | modifier::Strided, stridedFields);
      add(t, base + "o" + typeSuffixes[type], opcode, type | modifier::Offset,
          offsetFields);
      add(t, base + "so" + typeSuffixes[type], opcode,
          type | modifier::Strided | modifier::Offset, stridedOffsetFields);
    }
  }
  struct VectorSpelling {
    VectorFunc func;
    const char *text;
    std::vector<int> shown;
  };
  const std::vector<VectorSpelling> vectorSpellings = {
      {VectorFunc::Add, "v.add", {valu::Dest, valu::SrcA, valu::SrcB}},
      {VectorFunc::Sub, "v.sub", {valu::Dest, valu::SrcA, valu::SrcB}},
      {VectorFunc::Mul, "v.mul", {valu::Dest, valu::SrcA, valu::SrcB}},
      {VectorFunc::Max, "v.max", {valu::Dest, valu::SrcA, valu::SrcB}},
      {VectorFunc::Min, "v.min", {valu::Dest, valu::SrcA, valu::SrcB}},
      {VectorFunc::Select, "v.sel",
       {valu::Dest, valu::SrcC, valu::SrcA, valu::SrcB}},
      {VectorFunc::CmpLt, "v.cmplt", {valu::Dest, valu::SrcA, valu::SrcB}},
      {VectorFunc::CmpEq, "v.cmpeq", {valu::Dest, valu::SrcA, valu::SrcB}},
      {VectorFunc::RoundBf16, "v.bf16", {valu::Dest, valu::SrcA}},
      {VectorFunc::Exp, "v.exp", {valu::Dest, valu::SrcA}},
      {VectorFunc::Rsqrt, "v.rsqrt", {valu::Dest, valu::SrcA}},
      {VectorFunc::Reciprocal, "v.rcp", {valu::Dest, valu::SrcA}},
      {VectorFunc::Move, "v.mov", {valu::Dest, valu::SrcA}},
      {VectorFunc::Splat, "v.splat", {valu::Dest, valu::Scalar}},
      {VectorFunc::Div, "v.div", {valu::Dest, valu::SrcA, valu::SrcB}},
      {VectorFunc::Sqrt, "v.sqrt", {valu::Dest, valu::SrcA}},
      {VectorFunc::Tanh, "v.tanh", {valu::Dest, valu::SrcA}},
      {VectorFunc::Log, "v.log", {valu::Dest, valu::SrcA}},
      {VectorFunc::Erf, "v.erf", {valu::Dest, valu::SrcA}},
      {VectorFunc::Abs, "v.abs", {valu::Dest, valu::SrcA}},
      {VectorFunc::Neg, "v.neg", {valu::Dest, valu::SrcA}},
      {VectorFunc::Floor, "v.floor", {valu::Dest, valu::SrcA}},
      {VectorFunc::Ceil, "v.ceil", {valu::Dest, valu::SrcA}},
      {VectorFunc::Round, "v.round", {valu::Dest, valu::SrcA}},
      {VectorFunc::Pow, "v.pow", {valu::Dest, valu::SrcA, valu::SrcB}},
      {VectorFunc::CmpLe, "v.cmple", {valu::Dest, valu::SrcA, valu::SrcB}},
      {VectorFunc::Relu, "v.relu", {valu::Dest, valu::SrcA}},
      {VectorFunc::Sin, "v.sin", {valu::Dest, valu::SrcA}},
      {VectorFunc::Cos, "v.cos", {valu::Dest, valu::SrcA}},
      {VectorFunc::Tan, "v.tan", {valu::Dest, valu::SrcA}},
      {VectorFunc::Asin, "v.asin", {valu::Dest, valu::SrcA}},
      {VectorFunc::Acos, "v.acos", {valu::Dest, valu::SrcA}},
      {VectorFunc::Atan, "v.atan", {valu::Dest, valu::SrcA}},
      {VectorFunc::Sinh, "v.sinh", {valu::Dest, valu::SrcA}},
      {VectorFunc::Cosh, "v.cosh", {valu::Dest, valu::SrcA}},
      {VectorFunc::Asinh, "v.asinh", {valu::Dest, valu::SrcA}},
      {VectorFunc::Acosh, "v.acosh", {valu::Dest, valu::SrcA}},
      {VectorFunc::Atanh, "v.atanh", {valu::Dest, valu::SrcA}},
      {VectorFunc::RoundF16, "v.f16", {valu::Dest, valu::SrcA}},
      {VectorFunc::Fmod, "v.fmod", {valu::Dest, valu::SrcA, valu::SrcB}},
  };
  for (const VectorSpelling &s : vectorSpellings)
    add(t, s.text, Opcode::VectorAlu, uint8_t(s.func), s.shown);
  static const char *crossNames[] = {"x.sum", "x.max", "x.min", "x.transpose"};
  for (uint8_t f = 0; f < 4; ++f)
    add(t, crossNames[f], Opcode::CrossLane, f, {xlane::Dest, xlane::Src});
  for (uint8_t f = 0; f < 3; ++f)
    add(t, std::string(crossNames[f]) + ".init", Opcode::CrossLane,
        uint8_t(CrossLaneFunc::SumInit) + f,
        {xlane::Dest, xlane::Src, xlane::Init, xlane::Lanes});
  add(t, "wait", Opcode::Sync, uint8_t(SyncFunc::Wait), {sync::Flag, sync::Count});
  add(t, "signal", Opcode::Sync, uint8_t(SyncFunc::Signal),
      {sync::Flag, sync::Count});
  std::vector<int> iciFields = {ici::Addr, ici::Chip, ici::Flag, ici::Bytes};
  add(t, "send", Opcode::Send, 0, iciFields);
  add(t, "recv", Opcode::Recv, 0, iciFields);
  add(t, "s.ld", Opcode::ScalarLoad, uint8_t(ScalarLoadFunc::I64),
      {sld::Dest, sld::Addr});
  add(t, "s.ld32", Opcode::ScalarLoad, uint8_t(ScalarLoadFunc::I32),
      {sld::Dest, sld::Addr});
  return t;
}

uint64_t fieldMask(unsigned bits) {
  return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
}

} // namespace

int64_t elementBytes(ElementType type) {
  switch (type) {
  case ElementType::F32:
  case ElementType::I32:
    return 4;
  case ElementType::Bf16:
  case ElementType::F16:
    return 2;
  case ElementType::U8:
  case ElementType::I8:
    return 1;
  case ElementType::I64:
    return 8;
  }
  return 4;
}

const OpcodeInfo &opcodeInfo(Opcode opcode) {
  return opcodeTable()[static_cast<size_t>(opcode)];
}

const std::vector<MnemonicInfo> &mnemonicTable() {
  static const std::vector<MnemonicInfo> table = buildMnemonics();
  return table;
}

const MnemonicInfo *findMnemonic(std::string_view text) {
  static const auto byText = [] {
    std::unordered_map<std::string, const MnemonicInfo *> map;
    for (const MnemonicInfo &info : mnemonicTable())
      map[info.text] = &info;
    return map;
  }();
  auto it = byText.find(std::string(text));
  return it == byText.end() ? nullptr : it->second;
}

const MnemonicInfo *findMnemonic(Opcode opcode, uint8_t func) {
  for (const MnemonicInfo &info : mnemonicTable())
    if (info.opcode == opcode && info.func == func)
      return &info;
  return nullptr;
}

Result<EncodedInstruction> encode(const Instruction &inst) {
  if (inst.opcode >= Opcode::Count)
    return invalidArgument(
        fmt::format("opcode {} does not exist", unsigned(inst.opcode)));
  const MnemonicInfo *mnemonic = findMnemonic(inst.opcode, inst.func);
  const OpcodeInfo &info = opcodeInfo(inst.opcode);
  if (!mnemonic)
    return invalidArgument(fmt::format("function {} is not defined for {}",
                                       unsigned(inst.func), info.name));
  unsigned __int128 word = static_cast<unsigned __int128>(inst.opcode) |
                           (static_cast<unsigned __int128>(inst.func) << 8);
  unsigned position = 16;
  for (size_t i = 0; i < info.fields.size(); ++i) {
    const FieldInfo &field = info.fields[i];
    int64_t value = inst.field[i];
    bool fits;
    if (field.kind == FieldKind::Signed)
      fits = field.bits >= 64 ||
             (value >= -(int64_t(1) << (field.bits - 1)) &&
              value < (int64_t(1) << (field.bits - 1)));
    else
      fits = value >= 0 && static_cast<uint64_t>(value) <= fieldMask(field.bits);
    if (!fits)
      return invalidArgument(
          fmt::format("{}: field '{}' = {} does not fit in {} {} bits",
                      mnemonic->text, field.name, value, field.bits,
                      field.kind == FieldKind::Signed ? "signed" : "unsigned"));
    word |= static_cast<unsigned __int128>(static_cast<uint64_t>(value) &
                                           fieldMask(field.bits))
            << position;
    position += field.bits;
  }
  EncodedInstruction bytes;
  for (size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<uint8_t>(word >> (8 * i));
  return bytes;
}

Result<Instruction> decode(const EncodedInstruction &bytes, size_t index) {
  unsigned __int128 word = 0;
  for (size_t i = 0; i < bytes.size(); ++i)
    word |= static_cast<unsigned __int128>(bytes[i]) << (8 * i);
  Instruction inst;
  unsigned opcode = static_cast<unsigned>(word & 0xff);
  if (opcode >= static_cast<unsigned>(Opcode::Count))
    return dataLoss(
        fmt::format("instruction {}: unknown opcode {}", index, opcode));
  inst.opcode = static_cast<Opcode>(opcode);
  inst.func = static_cast<uint8_t>((word >> 8) & 0xff);
  const OpcodeInfo &info = opcodeInfo(inst.opcode);
  const MnemonicInfo *mnemonic = findMnemonic(inst.opcode, inst.func);
  if (!mnemonic)
    return dataLoss(fmt::format("instruction {}: unknown function {} "
                                "of opcode {} ({})",
                                index, unsigned(inst.func), opcode, info.name));
  unsigned position = 16;
  for (size_t i = 0; i < info.fields.size(); ++i) {
    const FieldInfo &field = info.fields[i];
    uint64_t raw = static_cast<uint64_t>(word >> position) & fieldMask(field.bits);
    position += field.bits;
    if (field.kind == FieldKind::Signed && field.bits < 64 &&
        (raw >> (field.bits - 1)) & 1)
      raw |= ~fieldMask(field.bits); // sign-extend
    inst.field[i] = static_cast<int64_t>(raw);
    bool shown = false;
    for (int f : mnemonic->shownFields)
      shown |= f == static_cast<int>(i);
    if (!shown && raw != 0)
      return dataLoss(fmt::format(
          "instruction {}: field '{}' of {} must be zero, is {}", index,
          field.name, mnemonic->text, static_cast<int64_t>(raw)));
  }
  for (size_t i = 0; i < mnemonic->shownFields.size(); ++i)
    if (mnemonic->shownKinds[i] == FieldKind::Float &&
        static_cast<uint64_t>(inst.field[mnemonic->shownFields[i]]) >
            0xffffffffu)
      return dataLoss(
          fmt::format("instruction {}: the f32 bits of {} must fit in 32 bits",
                      index, mnemonic->text));
  if (position < 128 && (word >> position) != 0)
    return dataLoss(
        fmt::format("instruction {}: padding bits {}-127 of {} must be zero",
                    index, position, mnemonic->text));
  return inst;
}

static std::string formatFloatBits(int64_t bits) {
  float value = floatFromBits(static_cast<uint32_t>(bits));
  if (!std::isfinite(value))
    return fmt::format("0x{:08x}", static_cast<uint32_t>(bits));
  std::string text = fmt::format("{}", value);
  if (text.find_first_of(".e") == std::string::npos)
    text += ".0";
  return text;
}

std::string formatInstruction(const Instruction &inst) {
  const MnemonicInfo *mnemonic = findMnemonic(inst.opcode, inst.func);
  if (!mnemonic)
    return fmt::format("<invalid opcode {} function {}>",
                       unsigned(inst.opcode), unsigned(inst.func));
  std::string text = mnemonic->text;
  for (size_t i = 0; i < mnemonic->shownFields.size(); ++i) {
    int64_t value = inst.field[mnemonic->shownFields[i]];
    text += i == 0 ? " " : ", ";
    switch (mnemonic->shownKinds[i]) {
    case FieldKind::ScalarReg:
      text += fmt::format("s{}", value);
      break;
    case FieldKind::VectorReg:
      text += fmt::format("v{}", value);
      break;
    case FieldKind::Flag:
      text += fmt::format("f{}", value);
      break;
    case FieldKind::Mxu:
      text += fmt::format("m{}", value);
      break;
    case FieldKind::Float:
      text += formatFloatBits(value);
      break;
    case FieldKind::Unsigned:
    case FieldKind::Signed:
    case FieldKind::Target:
      text += std::to_string(value);
      break;
    }
  }
  return text;
}

std::string Program::where(size_t index) const {
  std::string text = index < code.size() ? formatInstruction(code[index])
                                         : std::string("<past the end>");
  if (index < lines.size() && lines[index] > 0)
    return fmt::format("{}:{}: instruction {} ({})", name, lines[index], index,
                       text);
  return fmt::format("{}: instruction {} ({})", name, index, text);
}

} // namespace loom::systolic
