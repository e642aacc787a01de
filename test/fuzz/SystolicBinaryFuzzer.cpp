//===- SystolicBinaryFuzzer.cpp - Fuzz target for systolic binaries ------===//
//
// Part of the Loom project.
//
// libFuzzer entry point for the reader of the systolic chip's binary
// program files (`LOOMSYS1` images, simulator/systolic/Assembler.h), which
// `loom-sim run` and `loom-sim disasm` load: any bytes must decode or be
// rejected with a one-line message, never crash, hang or abort. A program
// that decodes must encode back to the same bytes (the decoder demands
// zero padding, so the encoding is canonical) and disassemble to text that
// assembles to the same instructions.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Assembler.h"
#include "test/fuzz/FuzzCheck.h"

#include <cstddef>
#include <cstdint>
#include <vector>

using namespace loom::systolic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  loom::Result<Program> program = readBinary(bytes, "fuzz.bin");
  if (!program.isOk()) {
    LOOM_FUZZ_CHECK_MESSAGE(program.message());
    return 0;
  }
  loom::Result<std::vector<uint8_t>> written = writeBinary(*program);
  LOOM_FUZZ_CHECK(written.isOk(), "a decoded program encodes",
                  written.isOk() ? "" : written.message());
  LOOM_FUZZ_CHECK(*written == bytes, "a decoded program encodes to its bytes",
                  "");
  std::string text = disassemble(*program);
  loom::Result<Program> again = assemble(text, "disassembled.s");
  LOOM_FUZZ_CHECK(again.isOk(), "a disassembled program assembles",
                  again.isOk() ? "" : again.message());
  LOOM_FUZZ_CHECK(again->code == program->code,
                  "a disassembled program assembles to the same code", text);
  return 0;
}
