//===- IsaTest.cpp - Encoding, assembler and disassembler ------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include <gtest/gtest.h>

#include <unistd.h>

#include "SystolicTestUtils.h"

#include "simulator/systolic/IniFile.h"
#include "runtime/Float16.h"

#include <cstdio>
#include <filesystem>

using namespace loom;
using namespace loom::systolic;
using namespace loom::systolic::test;

namespace {

/// A random value that fits `field` (registers within their file).
int64_t randomFieldValue(std::mt19937_64 &random, const FieldInfo &field,
                         FieldKind shownAs) {
  if (shownAs == FieldKind::Float)
    return loom::floatBits(static_cast<float>(random() % 100000) / 64.0f -
                           500.0f);
  if (field.kind == FieldKind::Target)
    return 0; // the only valid target of a one-instruction program
  uint64_t raw = random();
  if (field.bits < 64)
    raw &= (uint64_t(1) << field.bits) - 1;
  if (field.kind == FieldKind::Signed && field.bits < 64 &&
      ((raw >> (field.bits - 1)) & 1))
    raw |= ~((uint64_t(1) << field.bits) - 1);
  return static_cast<int64_t>(raw);
}

} // namespace

TEST(IsaTest, EveryMnemonicRoundTripsThroughBinaryAndText) {
  std::mt19937_64 random(7);
  for (const MnemonicInfo &mnemonic : mnemonicTable()) {
    const OpcodeInfo &info = opcodeInfo(mnemonic.opcode);
    for (int trial = 0; trial < 20; ++trial) {
      Instruction inst;
      inst.opcode = mnemonic.opcode;
      inst.func = mnemonic.func;
      for (size_t i = 0; i < mnemonic.shownFields.size(); ++i)
        inst.field[mnemonic.shownFields[i]] = randomFieldValue(
            random, info.fields[mnemonic.shownFields[i]], mnemonic.shownKinds[i]);
      Result<EncodedInstruction> bytes = encode(inst);
      ASSERT_TRUE(bytes.isOk()) << mnemonic.text << ": " << bytes.message();
      Result<Instruction> decoded = decode(*bytes, 0);
      ASSERT_TRUE(decoded.isOk()) << decoded.message();
      EXPECT_EQ(*decoded, inst) << mnemonic.text;
      std::string text = formatInstruction(inst);
      Result<Program> reassembled = assemble(text, "one.s");
      ASSERT_TRUE(reassembled.isOk()) << text << ": " << reassembled.message();
      ASSERT_EQ(reassembled->code.size(), 1u);
      EXPECT_EQ(reassembled->code[0], inst) << text;
    }
  }
}

TEST(IsaTest, TableHasSixteenOpcodesAndUniqueSpellings) {
  EXPECT_EQ(static_cast<int>(Opcode::Count), 16);
  for (const MnemonicInfo &mnemonic : mnemonicTable()) {
    EXPECT_EQ(findMnemonic(mnemonic.text), &mnemonic);
    EXPECT_EQ(findMnemonic(mnemonic.opcode, mnemonic.func), &mnemonic);
  }
}

TEST(IsaTest, ProgramRoundTripsAssembleBinaryDisassemble) {
  Result<Program> program = loadProgram(inputPath("kernel.s"));
  ASSERT_TRUE(program.isOk()) << program.message();
  EXPECT_EQ(program->code.size(), 33u);
  EXPECT_EQ(program->lines[0], 6); // the first instruction's source line
  Result<std::vector<uint8_t>> binary = writeBinary(*program);
  ASSERT_TRUE(binary.isOk()) << binary.message();
  EXPECT_EQ(binary->size(), 16u + 16u * program->code.size());
  Result<Program> decoded = readBinary(*binary, "kernel.bin");
  ASSERT_TRUE(decoded.isOk()) << decoded.message();
  ASSERT_EQ(decoded->code.size(), program->code.size());
  for (size_t i = 0; i < program->code.size(); ++i)
    EXPECT_EQ(decoded->code[i], program->code[i]) << "instruction " << i;
  std::string text = disassemble(*decoded);
  Result<Program> again = assemble(text, "kernel.dis.s");
  ASSERT_TRUE(again.isOk()) << again.message() << "\n" << text;
  Result<std::vector<uint8_t>> binaryAgain = writeBinary(*again);
  ASSERT_TRUE(binaryAgain.isOk());
  EXPECT_EQ(*binaryAgain, *binary);
  EXPECT_EQ(disassemble(*again), text); // the text is a fixed point
  EXPECT_NE(text.find("s.lif s4, 1.5"), std::string::npos) << text;
  EXPECT_NE(text.find("s.lif s5, -0.0"), std::string::npos) << text;
  EXPECT_NE(text.find("br.lt s2, s3, 29"), std::string::npos) << text;
}

TEST(IsaTest, ToolAssemblesAndDisassemblesFiles) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("loom-isa-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string bin = (dir / "k.bin").string(), dis = (dir / "k.s").string(),
              bin2 = (dir / "k2.bin").string();
  std::string out, err;
  ASSERT_EQ(runTool({"asm", inputPath("kernel.s"), "-o", bin}, out, err), 0)
      << err;
  EXPECT_NE(out.find("33 instructions, 544 bytes"), std::string::npos) << out;
  ASSERT_EQ(runTool({"disasm", bin, "-o", dis}, out, err), 0) << err;
  ASSERT_EQ(runTool({"asm", dis, "-o", bin2}, out, err), 0) << err;
  Result<std::vector<uint8_t>> a = readBinaryFile(bin), b = readBinaryFile(bin2);
  ASSERT_TRUE(a.isOk() && b.isOk());
  EXPECT_EQ(*a, *b);
  std::filesystem::remove_all(dir);
}

TEST(IsaTest, DecoderRejectsMalformedWords) {
  Instruction wait;
  wait.opcode = Opcode::Sync;
  wait.field[sync::Flag] = 3;
  wait.field[sync::Count] = 1;
  EncodedInstruction good = *encode(wait);

  EncodedInstruction badOpcode = good;
  badOpcode[0] = 200;
  Result<Instruction> r = decode(badOpcode, 4);
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.message(), "instruction 4: unknown opcode 200");

  EncodedInstruction badFunc = good;
  badFunc[1] = 9;
  r = decode(badFunc, 5);
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.message(), "instruction 5: unknown function 9 of opcode 12 (sync)");

  EncodedInstruction padding = good;
  padding[15] = 1;
  r = decode(padding, 6);
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.message(), "instruction 6: padding bits 53-127 of wait must be zero");

  Instruction li; // s.li does not show its 'a' field
  li.opcode = Opcode::ScalarAluImmediate;
  li.func = static_cast<uint8_t>(ScalarFunc::LoadImmediate);
  li.field[alui::Src] = 3;
  r = decode(*encode(li), 7);
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.message(), "instruction 7: field 'a' of s.li must be zero, is 3");
}

TEST(IsaTest, VectorMemoryOffsetIsShownOnlyByTheOffsetForms) {
  Result<Program> program =
      assemble("vldo v1, s2, -64, 512, 8, 128\nvstso.bf16 v3, s4, 1024, 256, "
               "8, 128, -1\n",
               "offset.s");
  ASSERT_TRUE(program.isOk()) << program.message();
  EXPECT_EQ(program->code[0].field[vmem::Offset], -64);
  EXPECT_EQ(program->code[1].field[vmem::Offset], 1024);
  EXPECT_EQ(program->code[1].field[vmem::LaneStride], -1);
  EXPECT_EQ(formatInstruction(program->code[0]),
            "vldo v1, s2, -64, 512, 8, 128");
  // A plain vld's offset bits must be zero.
  Instruction vld = program->code[0];
  vld.func &= ~modifier::Offset;
  Result<Instruction> r = decode(*encode(vld), 3);
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.message(),
            "instruction 3: field 'offset' of vld must be zero, is -64");
}

TEST(IsaTest, BinaryReaderRejectsBadFiles) {
  std::vector<uint8_t> bytes = {'N', 'O', 'P', 'E'};
  Result<Program> r = readBinary(bytes, "x.bin");
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.message(),
            "x.bin: not a Loom systolic binary (the magic 'LOOMSYS1' is missing)");
  Result<Program> program = assemble("halt\nhalt\n", "h.s");
  std::vector<uint8_t> binary = *writeBinary(*program);
  binary.pop_back();
  r = readBinary(binary, "t.bin");
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.message(), "t.bin: the header promises 2 instructions (48 bytes) "
                         "but the file has 47 bytes");
  binary = *writeBinary(*program);
  binary[16] = 77; // first opcode
  r = readBinary(binary, "o.bin");
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.message(), "o.bin: instruction 0: unknown opcode 77");
}

TEST(IsaTest, AssemblerErrorsNameTheLine) {
  struct Case {
    const char *text;
    const char *message;
  } cases[] = {
      {"halt\n  frob s1, s2\n", "bad.s:2: unknown instruction 'frob'"},
      {"\n\n s.add s1, s2\n",
       "bad.s:3: 's.add' takes 3 operand(s) (d, a, b), got 2"},
      {"s.add s1, s2, v3\n",
       "bad.s:1: operand 3 (b) of 's.add': expected a scalar register "
       "s0..s31, got 'v3'"},
      {"s.add s1, s2, s32\n",
       "bad.s:1: operand 3 (b) of 's.add': expected a scalar register "
       "s0..s31, got 's32'"},
      {"jmp nowhere\nhalt\n",
       "bad.s:1: operand 1 of 'jmp': undefined label 'nowhere'"},
      {"a:\na:\nhalt\n", "bad.s:2: label 'a' is defined twice"},
      {"wait f1, -1\n",
       "bad.s:1: wait: field 'count' = -1 does not fit in 32 unsigned bits"},
      {"ldw m0, s1, 65536, 1, 2\n",
       "bad.s:1: ldw: field 'rows' = 65536 does not fit in 16 unsigned bits"},
      {".bogus 3\nhalt\n", "bad.s:1: unknown directive '.bogus'"},
      {"jmp 5\nhalt\n",
       "bad.s:1: branch target 5 is past the last instruction (1)"},
      {"# nothing\n", "bad.s: the program has no instructions"},
      {"s.lif s1, 1e39\n", "bad.s:1: operand 2 of 's.lif': 1e39 overflows f32"},
  };
  for (const Case &c : cases) {
    Result<Program> r = assemble(c.text, "bad.s");
    ASSERT_FALSE(r.isOk()) << c.text;
    EXPECT_EQ(r.message(), c.message);
  }
}

TEST(IsaTest, ConstantsAndLabelsResolve) {
  Result<Program> r = assemble(".equ N, 0x10\n.equ M, N\ntop: s.li s1, M\n"
                               "  br.ne s1, s0, top\nhalt\n",
                               "c.s");
  ASSERT_TRUE(r.isOk()) << r.message();
  EXPECT_EQ(r->code[0].field[alui::Imm], 16);
  EXPECT_EQ(r->code[1].field[br::Target], 0);
  EXPECT_EQ(r->lines[1], 4);
}
