//===- NpzFuzzer.cpp - Fuzz target for the .npz reader --------------------===//
//
// Part of the Loom project.
//
// libFuzzer entry point for loom::dataset::parseNpz (runtime/dataset/Npz.h),
// which reads the .npz files given to loom-run --dataset: any byte string
// must parse or be rejected with a one-line message, never crash, hang,
// abort or allocate beyond its size; every array that parses writes back
// (serializeNpy) to the same tensor, and the arrays together write back
// (serializeNpz) to an archive that parses to the same arrays. In the normal build FuzzReplayMain.cpp
// runs it over test/fuzz/corpus/npz (files np.savez wrote) and mutations.
//
//===----------------------------------------------------------------------===//

#include "runtime/Npy.h"
#include "runtime/dataset/Npz.h"
#include "test/fuzz/FuzzCheck.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  loom::dataset::NpzArrays arrays;
  std::string error;
  if (!loom::dataset::parseNpz(
          std::string_view(reinterpret_cast<const char *>(data), size), arrays,
          error)) {
    LOOM_FUZZ_CHECK_MESSAGE(error);
    return 0;
  }
  for (const auto &[name, tensor] : arrays) {
    std::string again;
    std::optional<loom::Tensor> reread =
        loom::parseNpy(loom::serializeNpy(tensor), again);
    LOOM_FUZZ_CHECK(reread && reread->bitwiseEqual(tensor),
                    "an array of an .npz writes back to the same tensor", name);
  }
  std::string archive, again;
  loom::dataset::NpzArrays reread;
  LOOM_FUZZ_CHECK(loom::dataset::serializeNpz(arrays, archive, error) &&
                      loom::dataset::parseNpz(archive, reread, again) &&
                      reread.size() == arrays.size(),
                  "the arrays of an .npz write back to an .npz", error + again);
  for (size_t i = 0; i < arrays.size(); ++i)
    LOOM_FUZZ_CHECK(reread[i].first == arrays[i].first &&
                        reread[i].second.bitwiseEqual(arrays[i].second),
                    "an .npz written back reads as the same arrays",
                    arrays[i].first);
  return 0;
}
