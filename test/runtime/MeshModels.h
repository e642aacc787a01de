//===- MeshModels.h - Multi-device artifacts for the runtime's tests -*- C++ -*-===//
//
// Part of the Loom project.
//
// Multi-device artifacts built by hand with ArtifactWriter, the way the
// compiler is to emit them (docs/runtime.md): a mesh, shardings on the
// signature, one program per device with its own buffer plan, each
// device's constants as segments of their own, and Collective commands.
// The kernels are those of test/unit/Inputs/test_kernels.c (entry 0 add_f32,
// entry 1 scale_f32), whose shared object the caller passes as `code`.
// Shared by the gtests and the generator of the MPI tests' artifacts.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TEST_RUNTIME_MESHMODELS_H
#define LOOM_TEST_RUNTIME_MESHMODELS_H

#include "runtime/ArtifactWriter.h"

#include <vector>

namespace loom::test {

ByteBuffer readBytes(const char *path);

/// z = (x + y) * 2 with x, y, z 8x4xf32: on `devices` devices with x, y and
/// z split on dimension 0 over the one mesh axis, or, with devices == 0, the
/// single-device (version 1) artifact of the same computation.
ArtifactWriter dataParallel(uint32_t devices, const ByteBuffer &code);

/// y = sum over devices d of x * (d + 1), x and y 6xf32 replicated: a
/// scale_f32 per device, then an AllReduce Sum into the output.
ArtifactWriter tensorParallel(uint32_t devices, const ByteBuffer &code);

/// A 2x2 mesh ("data", "model"); x is 4x6xf32 split on dimension 0 over
/// "data". Device d computes p = x_local * factor(d) (factor(d) = d + 1, or
/// 0 on `failingDevice`, which makes scale_f32 fail), all-reduces p over
/// "model" into r, and all-gathers r over "data" into y. Outputs: y (4x6,
/// replicated), z = r (4x6, split on dimension 0 over "data") and w = p
/// (4x12, dimension 0 over "data", dimension 1 over "model").
ArtifactWriter mesh2x2(const ByteBuffer &code, int failingDevice = -1);

/// One collective each, on x: y = reduce-scatter of x * (d + 1) over 2
/// devices (x 4xf32 replicated, y split); an all-to-all on 2 devices that
/// moves x's split from dimension 0 to dimension 1 (y == x, 4x2xf32); a
/// permute on 4 devices of x's 2-element shards, block i to block i + 1,
/// block 0 receiving no one's (y = 0, 0, x0 .. x5 for x 8xf32).
ArtifactWriter reduceScatterModel(const ByteBuffer &code);
ArtifactWriter allToAllModel();
ArtifactWriter permuteModel();

} // namespace loom::test

#endif // LOOM_TEST_RUNTIME_MESHMODELS_H
