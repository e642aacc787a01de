//===- SystolicAsmFuzzer.cpp - Fuzz target for the systolic assembler ----===//
//
// Part of the Loom project.
//
// libFuzzer entry point for the systolic chip's assembler
// (simulator/systolic/Assembler.h), which reads the programs `loom-sim run`
// and `loom-sim asm` are given: any text must assemble or be rejected with
// a one-line message, never crash, hang or abort. A program that assembles
// must disassemble to text that assembles to the same instructions, and
// write a binary image that reads back to them.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Assembler.h"
#include "test/fuzz/FuzzCheck.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace loom::systolic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  loom::Result<Program> program = assemble(
      std::string_view(reinterpret_cast<const char *>(data), size), "fuzz.s");
  if (!program.isOk()) {
    LOOM_FUZZ_CHECK_MESSAGE(program.message());
    return 0;
  }
  std::string text = disassemble(*program);
  loom::Result<Program> again = assemble(text, "disassembled.s");
  LOOM_FUZZ_CHECK(again.isOk(), "a disassembled program assembles",
                  again.isOk() ? "" : again.message());
  LOOM_FUZZ_CHECK(again->code == program->code,
                  "a disassembled program assembles to the same code", text);
  loom::Result<std::vector<uint8_t>> binary = writeBinary(*program);
  LOOM_FUZZ_CHECK(binary.isOk(), "an assembled program has a binary image",
                  binary.isOk() ? "" : binary.message());
  loom::Result<Program> read = readBinary(*binary, "fuzz.bin");
  LOOM_FUZZ_CHECK(read.isOk(), "a binary image reads back",
                  read.isOk() ? "" : read.message());
  LOOM_FUZZ_CHECK(read->code == program->code,
                  "a binary image reads back to the same code", text);
  return 0;
}
