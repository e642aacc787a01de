//===- ArtifactWriter.h - Building Loom artifacts ----------------*- C++ -*-===//
//
// Part of the Loom project.
//
// Collects the parts of an artifact and lays out the file (docs/artifact.md):
// the size-prefixed flatbuffer, padding to 64 bytes, then each constant and
// code segment at the next 64-byte boundary, with the checksums of the
// flatbuffer and of every segment. The writer records what it is told
// without judging it, so tests can write invalid artifacts; the compiler is
// expected to produce artifacts that Artifact::load accepts.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_ARTIFACTWRITER_H
#define LOOM_RUNTIME_ARTIFACTWRITER_H

#include "runtime/Artifact.h"
#include "runtime/ByteBuffer.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loom {

class ArtifactWriter {
public:
  explicit ArtifactWriter(std::string producer);

  /// Each add returns the new entry's number, the one other entries use to
  /// refer to it.
  uint32_t addInput(std::string name, DType dtype, Shape shape);
  uint32_t addOutput(std::string name, DType dtype, Shape shape);
  uint32_t addConstant(ByteBuffer bytes);
  /// A constant whose `size` bytes at `data` are not copied: they must stay
  /// valid until finish() returns (e.g. a constant attribute's storage in
  /// its MLIR context). A model's weights are then copied once, into the
  /// file.
  uint32_t addConstantView(const uint8_t *data, size_t size);
  /// `index` is the input, output or constant number, or the arena offset.
  /// `symbol` >= 0 makes the buffer sliced along that dimension symbol
  /// (Buffer.symbol): byteSize is then its size at the bound.
  uint32_t addBuffer(artifact::BufferKind kind, uint64_t index,
                     uint64_t byteSize, uint32_t alignment,
                     int32_t symbol = -1);
  void setArenaSize(uint64_t bytes) { arenaSize = bytes; }
  uint32_t addLibrary(artifact::Target target, artifact::CodeFormat format,
                      ByteBuffer code,
                      std::vector<std::string> entryPoints);
  /// Where each kernel of library `library` came from
  /// (KernelLibrary.sources): one per entry point, in their order.
  struct KernelSource {
    std::vector<std::string> nodes;
    std::string mlir;
  };
  void setLibrarySources(uint32_t library, std::vector<KernelSource> sources);
  uint32_t addDevice(artifact::Target target, uint32_t ordinal);
  /// `access` gives each argument's access (Launch.access); left empty,
  /// the launch records none.
  void addLaunch(uint32_t device, uint32_t library, uint32_t entry,
                 std::vector<uint32_t> arguments,
                 std::vector<uint32_t> workgroups,
                 std::vector<artifact::ArgumentAccess> access = {});
  /// Sets the threads per workgroup (Launch.block, for targets whose
  /// kernels run as blocks of threads: CUDA) and the dynamic shared memory
  /// of the last launch added to `device`.
  void setLastLaunchBlock(uint32_t device, std::vector<uint32_t> block,
                          uint32_t sharedMemoryBytes);
  /// `symbol` >= 0: byteSize is the size at that symbol's bound, and a run
  /// copies byteSize / bound * value bytes (Copy.symbol).
  void addCopy(uint32_t device, uint32_t source, uint32_t destination,
               uint64_t byteSize, int32_t symbol = -1);

  // Bounded symbolic dimensions (schema version 3; docs/artifact.md).

  /// A symbolic dimension size from 1 to `bound`, named for messages (e.g.
  /// "input:0"); the artifact is then written with schema version 3.
  uint32_t addDimSymbol(std::string name, int64_t bound);
  /// For each dimension of input / output `index`, -1 when it is static or
  /// the number of its symbol (TensorSpec.dim_symbols); the shape given to
  /// addInput / addOutput is then the shape at the bounds. Without a call
  /// every dimension is static.
  void setInputDimSymbols(uint32_t index, std::vector<int32_t> symbols);
  void setOutputDimSymbols(uint32_t index, std::vector<int32_t> symbols);
  /// Makes output `index` data-shaped (schema version 4; docs/artifact.md):
  /// its shape is then the bounds, and a run reads its actual shape from
  /// byte `dimsOffset` of buffer `dimsBuffer`. `elementBound`, when not 0,
  /// is the output's element count at most (below the product of the
  /// bounds), and its buffer's size.
  void setOutputDataShape(uint32_t index, uint32_t dimsBuffer,
                          uint64_t dimsOffset, int64_t elementBound = 0);

  // Multi-device artifacts (schema version 2; docs/artifact.md).

  /// Makes the artifact one for a mesh of devices, numbered row-major over
  /// `axisSizes`; the artifact is then written with schema version 2.
  void setMesh(std::vector<std::string> axisNames,
               std::vector<uint32_t> axisSizes);
  /// For each dimension of input / output `index`, the mesh axes it is
  /// split over, major first (empty: not split). Without a call the tensor
  /// is replicated.
  void setInputSharding(uint32_t index,
                        std::vector<std::vector<uint32_t>> dims);
  void setOutputSharding(uint32_t index,
                         std::vector<std::vector<uint32_t>> dims);
  /// An entry of program `device`'s own buffer plan (numbered from 0 per
  /// program), which its commands then name instead of the artifact's. A
  /// program has a plan of its own, possibly empty, once either of these
  /// was called for it; every program of a mesh needs one.
  uint32_t addProgramBuffer(uint32_t device, artifact::BufferKind kind,
                            uint64_t index, uint64_t byteSize,
                            uint32_t alignment, int32_t symbol = -1);
  void setProgramArenaSize(uint32_t device, uint64_t bytes);

  struct Collective {
    artifact::CollectiveKind kind = artifact::CollectiveKind_AllReduce;
    artifact::ReductionKind reduction = artifact::ReductionKind_Sum;
    std::vector<uint32_t> meshAxes;
    uint32_t source = 0, destination = 0;
    DType dtype = DType::F32;
    /// The source's local shape.
    Shape shape;
    int64_t axis = 0, concatAxis = 0;
    /// (source, target) positions in the group, for Permute.
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
  };
  void addCollective(uint32_t device, Collective collective);

  /// Writes `version` instead of the one the contents call for, so tests can
  /// write artifacts that claim the wrong version.
  void overrideSchemaVersion(uint32_t version) { forcedVersion = version; }

  /// The artifact file's bytes.
  ByteBuffer finish() const;

private:
  struct Spec {
    std::string name;
    DType dtype;
    Shape shape;
    bool sharded = false;
    std::vector<std::vector<uint32_t>> sharding;
    std::vector<int32_t> dimSymbols;
    std::optional<std::pair<uint32_t, uint64_t>> dataShape;
    int64_t elementBound = 0;
  };
  struct Buffer {
    artifact::BufferKind kind;
    uint64_t index, byteSize;
    uint32_t alignment;
    int32_t symbol;
  };
  struct Library {
    artifact::Target target;
    artifact::CodeFormat format;
    ByteBuffer code;
    std::vector<std::string> entryPoints;
    std::vector<KernelSource> sources;
  };
  struct Command {
    artifact::Operation operation;
    uint32_t a, b; // launch: library, entry; copy: source, destination
    uint64_t byteSize;
    std::vector<uint32_t> arguments, workgroups;
    Collective collective;
    std::vector<artifact::ArgumentAccess> access;
    std::vector<uint32_t> block;
    uint32_t sharedMemoryBytes = 0;
    int32_t symbol = -1; // copy: Copy.symbol
  };
  struct Device {
    artifact::Target target;
    uint32_t ordinal;
    std::vector<Command> commands;
    bool ownPlan = false;
    std::vector<Buffer> buffers;
    uint64_t arenaSize = 0;
  };

  std::string producer;
  std::vector<Spec> inputs, outputs;
  /// Every constant's bytes, in order: views of ownedConstants' buffers
  /// or of the callers' (addConstantView).
  struct Bytes {
    const uint8_t *data;
    size_t size;
  };
  std::vector<Bytes> constants;
  std::vector<ByteBuffer> ownedConstants;
  std::vector<Buffer> buffers;
  uint64_t arenaSize = 0;
  std::vector<Library> libraries;
  std::vector<Device> devices;
  bool hasMesh = false;
  std::vector<std::string> meshNames;
  std::vector<uint32_t> meshSizes;
  struct DimSymbol {
    std::string name;
    int64_t bound;
  };
  std::vector<DimSymbol> dimSymbols;
  uint32_t forcedVersion = 0;
};

} // namespace loom

#endif // LOOM_RUNTIME_ARTIFACTWRITER_H
