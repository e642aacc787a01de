//===- ArtifactLoadFuzzer.cpp - Fuzz target for the artifact loader ----------===//
//
// Part of the Loom project.
//
// libFuzzer entry point: any byte string must load as an artifact or be
// rejected with a status, never crash, hang or abort. Whatever loads is then
// walked the way an executor would (every constant, library, buffer and
// command), so an index the loader failed to check shows up under ASan.
// Built with clang and -DLOOM_LIBFUZZER=ON it links libFuzzer; in the normal
// build it links FuzzReplayMain.cpp, which ctest runs over the seeds that
// loom-artifact-seeds writes and deterministic mutations of them.
//
//===----------------------------------------------------------------------===//

#include "runtime/Artifact.h"

#include <cstddef>
#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  loom::Artifact artifact;
  std::vector<uint8_t> bytes(data, data + size);
  // A mutation almost always breaks a checksum, which the loader checks
  // first: the structural checks behind it are reached by loading again as
  // a trusted file, without them.
  if (!loom::Artifact::load(bytes, artifact).isOk()) {
    loom::ArtifactLoadOptions trusted;
    trusted.verifyChecksums = false;
    if (!loom::Artifact::load(bytes, artifact, trusted).isOk())
      return 0;
  }
  volatile uint64_t sink = 0;
  for (size_t i = 0; i < artifact.constantCount(); ++i) {
    loom::ByteSpan bytes = artifact.constant(i);
    for (size_t j = 0; j < bytes.size; ++j)
      sink = sink + bytes.data[j];
  }
  for (size_t i = 0; i < artifact.libraryCount(); ++i) {
    loom::ByteSpan bytes = artifact.libraryCode(i);
    for (size_t j = 0; j < bytes.size; ++j)
      sink = sink + bytes.data[j];
  }
  // Every shard offset of every input and output on every device.
  const loom::MeshSpec &mesh = artifact.mesh();
  for (uint32_t d = 0; artifact.hasMesh() && d < mesh.deviceCount(); ++d)
    for (const auto *specs : {&artifact.inputs(), &artifact.outputs()})
      for (const loom::TensorSpec &spec : *specs)
        for (int64_t offset : mesh.shardOffsets(spec, d))
          sink = sink + static_cast<uint64_t>(offset);
  // Every run-time shape and live size at the symbols' smallest and largest
  // values.
  std::vector<int64_t> ones(artifact.dimSymbols().size(), 1), bounds;
  for (const loom::DimSymbolSpec &symbol : artifact.dimSymbols())
    bounds.push_back(symbol.bound);
  for (const std::vector<int64_t> *values : {&ones, &bounds}) {
    for (const auto *specs : {&artifact.inputs(), &artifact.outputs()})
      for (const loom::TensorSpec &spec : *specs) {
        for (int64_t dim : artifact.runShape(spec, *values))
          sink = sink + static_cast<uint64_t>(dim);
        sink = sink + artifact.specString(spec).size();
      }
    for (size_t d = 0; d < artifact.deviceCount(); ++d) {
      loom::BufferPlan plan = artifact.plan(d);
      for (size_t b = 0; b < plan.size(); ++b)
        sink = sink + artifact.liveSize(plan[b], *values) +
               artifact.sliceSize(plan[b]);
      const auto *commands = artifact.device(d).commands();
      for (size_t c = 0; commands && c < commands->size(); ++c) {
        const loom::artifact::Command *command = commands->Get(c);
        if (const auto *launch = command->operation_as_Launch())
          sink = sink + static_cast<uint64_t>(loom::launchSymbol(plan, *launch));
        else if (const auto *copy = command->operation_as_Copy())
          sink = sink + artifact.liveSize(*copy, *values);
      }
    }
  }
  for (size_t d = 0; d < artifact.deviceCount(); ++d) {
    loom::BufferPlan plan = artifact.plan(d);
    const auto *commands = artifact.device(d).commands();
    for (size_t c = 0; commands && c < commands->size(); ++c) {
      const loom::artifact::Command *command = commands->Get(c);
      if (const auto *launch = command->operation_as_Launch()) {
        const auto &library = artifact.library(launch->library());
        sink = sink + library.entry_points()->Get(launch->entry())->size();
        const auto *arguments = launch->arguments();
        for (size_t a = 0; arguments && a < arguments->size(); ++a)
          sink = sink + plan[arguments->Get(a)].byte_size();
      } else if (const auto *copy = command->operation_as_Copy()) {
        sink = sink + plan[copy->source()].byte_size() +
               plan[copy->destination()].byte_size();
      } else if (const auto *collective = command->operation_as_Collective()) {
        std::vector<uint32_t> axes(collective->mesh_axes()->begin(),
                                   collective->mesh_axes()->end());
        for (int member : mesh.group(static_cast<uint32_t>(d), axes))
          sink = sink + static_cast<uint64_t>(member);
        sink = sink + plan[collective->source()].byte_size() +
               plan[collective->destination()].byte_size();
      }
    }
  }
  return 0;
}
