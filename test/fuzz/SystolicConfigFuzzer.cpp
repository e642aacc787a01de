//===- SystolicConfigFuzzer.cpp - Fuzz target for the simulator's inputs --===//
//
// Part of the Loom project.
//
// libFuzzer entry point for the systolic simulator's text inputs
// (simulator/systolic/Config.h, ScaleSimInput.h): the same bytes are read as
// a chip config INI file (`loomc --chip-config`, `loom-sim run --config`),
// as a SCALE-Sim .cfg and as a SCALE-Sim topology in both its conv and GEMM
// forms. Each must parse or be rejected with a one-line message, never
// crash, hang or abort; a chip config that parses must print
// (formatChipConfig) to a file that parses to the same config.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Config.h"
#include "simulator/systolic/ScaleSimInput.h"
#include "test/fuzz/FuzzCheck.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace loom::systolic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  loom::Result<ChipConfig> config = parseChipConfig(text, "fuzz.ini");
  if (config.isOk()) {
    std::string printed = formatChipConfig(*config);
    loom::Result<ChipConfig> again = parseChipConfig(printed, "printed.ini");
    LOOM_FUZZ_CHECK(again.isOk(), "a printed chip config parses",
                    again.isOk() ? "" : again.message());
    LOOM_FUZZ_CHECK(formatChipConfig(*again) == printed,
                    "a printed chip config parses to the same config",
                    printed);
  } else {
    LOOM_FUZZ_CHECK_MESSAGE(config.message());
  }
  loom::Result<ScaleSimConfig> scaleSim = parseScaleSimConfig(text, "fuzz.cfg");
  if (!scaleSim.isOk())
    LOOM_FUZZ_CHECK_MESSAGE(scaleSim.message());
  for (TopologyFormat format : {TopologyFormat::Conv, TopologyFormat::Gemm}) {
    loom::Result<std::vector<ScaleSimLayer>> layers =
        parseScaleSimTopology(text, "fuzz.csv", format);
    if (!layers.isOk())
      LOOM_FUZZ_CHECK_MESSAGE(layers.message());
  }
  return 0;
}
