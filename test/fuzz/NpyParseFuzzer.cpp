//===- NpyParseFuzzer.cpp - Fuzz target for the .npy reader -------------===//
//
// Part of the Loom project.
//
// libFuzzer entry point for loom::parseNpy (runtime/Npy.h), which reads the
// files given to loom-run's --input=@FILE and --expected: any byte string
// must parse or be rejected with a one-line message, never crash, hang or
// abort; a tensor that parses must write back (serializeNpy) to bytes that
// parse to the same tensor. In the normal build FuzzReplayMain.cpp runs it
// over test/fuzz/corpus/npy and mutations of those files.
//
//===----------------------------------------------------------------------===//

#include "runtime/Npy.h"
#include "test/fuzz/FuzzCheck.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string error;
  std::optional<loom::Tensor> tensor = loom::parseNpy(
      std::string_view(reinterpret_cast<const char *>(data), size), error);
  if (!tensor) {
    LOOM_FUZZ_CHECK_MESSAGE(error);
    return 0;
  }
  std::string again;
  std::optional<loom::Tensor> reread =
      loom::parseNpy(loom::serializeNpy(*tensor), again);
  LOOM_FUZZ_CHECK(reread, "a parsed .npy writes back to one that parses",
                  again);
  LOOM_FUZZ_CHECK(reread->dtype() == tensor->dtype() &&
                      reread->shape() == tensor->shape() &&
                      reread->bitwiseEqual(*tensor),
                  "a parsed .npy writes back to the same tensor",
                  loom::shapeString(tensor->shape(), tensor->dtype()));
  return 0;
}
