//===- SystolicModels.h - Systolic artifacts for the tests ------*- C++ -*-===//
//
// Part of the Loom project.
//
// Artifacts for the systolic driver built without the compiler: a kernel
// library assembled from text (add_f32, scale_f32 with the library's
// constants, and fault, which reads past the end of HBM), wrapped by
// ArtifactWriter into a model with an artifact constant, arena
// intermediates and a copy. Shared by the gtests and the generator of the
// loom-run tests' artifacts.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TEST_RUNTIME_SYSTOLICMODELS_H
#define LOOM_TEST_RUNTIME_SYSTOLICMODELS_H

#include "runtime/ArtifactWriter.h"
#include "simulator/systolic/Config.h"

#include <string>
#include <vector>

namespace loom::test {

struct SystolicKernelSpec {
  std::string name;
  uint32_t entry, argumentCount;
};

/// What systolicLibrary writes; tests change a field to break it.
struct SystolicLibrarySpec {
  uint32_t version = 1;
  systolic::ChipConfig chip;
  std::vector<uint8_t> code;
  std::vector<uint8_t> constants;
  std::vector<SystolicKernelSpec> kernels;
};

/// The library of the four kernels for the default chip. Tensors are 8x8
/// f32: one 256-byte DMA row, 8 sublanes of 8 lanes.
SystolicLibrarySpec systolicLibrarySpec();
/// The library's flatbuffer (the artifact's code segment).
ByteBuffer systolicLibrary(const SystolicLibrarySpec &spec);
/// The kernels' names, the artifact's entry points.
std::vector<std::string> systolicEntryPoints(const SystolicLibrarySpec &spec);

/// 64 values base, base + step, ...
std::vector<float> ramp(float base, float step);
/// The library's constants k and the artifact's constant c (8x8 each).
std::vector<float> systolicLibraryConstant();
std::vector<float> systolicArtifactConstant();

/// z = (x + y + c) * k and w = x + y, all 8x8xf32:
///   t = add_f32(x, y)    into the arena
///   u = add_f32(t, c)    into the arena
///   z = scale_f32(u)     into output 0
///   w = copy of t        into output 1
ArtifactWriter systolicModel(ByteBuffer library,
                             std::vector<std::string> entryPoints);
ArtifactWriter
systolicModel(const SystolicLibrarySpec &spec = systolicLibrarySpec());

/// x (8x8xf32) given to one launch of `kernel` (entry point 2 is fault, 3
/// spin: a loop that never ends), launched
/// over `workgroups`.
ArtifactWriter systolicSingleLaunch(uint32_t kernel,
                                    std::vector<uint32_t> workgroups = {1, 1,
                                                                        1});

/// z and w of systolicModel for inputs x and y, as the chip computes them.
void systolicExpected(const std::vector<float> &x, const std::vector<float> &y,
                      std::vector<float> &z, std::vector<float> &w);

} // namespace loom::test

#endif // LOOM_TEST_RUNTIME_SYSTOLICMODELS_H
