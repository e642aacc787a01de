//===- Artifact.h - Loading and validating Loom artifacts --------*- C++ -*-===//
//
// Part of the Loom project.
//
// A loaded artifact (the format is in docs/artifact.md). Loading runs the
// FlatBuffers verifier and then checks every offset, size and index against
// its bounds, so every accessor below is safe to use without further checks:
// a corrupt or truncated file yields a DataLoss status naming the field,
// never a crash. Unless the caller trusts the file, loading also verifies
// the checksums of the flatbuffer and of every constant and code segment,
// so a damaged file is refused before any of it runs. The bytes are owned
// by the Artifact (a copy, or a read-only file mapping), start 64-byte
// aligned, and stay put when it is moved.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_ARTIFACT_H
#define LOOM_RUNTIME_ARTIFACT_H

#include "runtime/ByteBuffer.h"
#include "runtime/DType.h"
#include "runtime/Status.h"
#include "runtime/Tensor.h"
#include "runtime/artifact/loom_artifact_generated.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace loom {

/// The newest artifact schema version this runtime reads; it reads every
/// version from 1 up to this one.
constexpr uint32_t kArtifactSchemaVersion = 4;

/// Constants and code segments start at file offsets that are multiples of
/// this, and the flatbuffer is padded to it.
constexpr uint64_t kArtifactSegmentAlignment = 64;

/// How an artifact is loaded.
struct ArtifactLoadOptions {
  /// Verify the checksums of the flatbuffer and of every constant and code
  /// segment (docs/artifact.md), which reads the whole file once. Turn it
  /// off only for files you trust not to be damaged (e.g. one this process
  /// just compiled): damage then goes undetected, and a file without
  /// checksums (written before they existed) loads.
  bool verifyChecksums = true;
};

/// The checksum an artifact records for `size` bytes (ChecksumKind
/// XXH3_64): of a segment's bytes, or, with `hole` the file offset of
/// Artifact.checksum, of the flatbuffer read with those 8 bytes as zero.
uint64_t artifactChecksum(const uint8_t *data, size_t size);
uint64_t artifactChecksum(const uint8_t *data, size_t size, size_t hole);

/// A bounded symbolic dimension size (schema version 3): a run binds it
/// from the inputs' shapes to a value from 1 to `bound`.
struct DimSymbolSpec {
  /// For messages: the input and axis that introduced it, like "input:0".
  std::string name;
  int64_t bound = 1;
};

/// A model input or output, decoded from the signature.
struct TensorSpec {
  std::string name;
  DType dtype = DType::F32;
  /// The whole tensor's shape and size; a symbolic dimension's size at its
  /// symbol's bound.
  Shape shape;
  uint64_t byteSize = 0;
  /// One entry per dimension: -1 for a static dimension, else the number of
  /// its symbol (Artifact::dimSymbols). Dimension d with symbol k has the
  /// run-time size shape[d] / bound_k * value_k.
  std::vector<int32_t> dimSymbols;
  /// For each dimension, the mesh axes it is split over, major first; empty
  /// when the tensor is replicated (or the artifact has no mesh).
  std::vector<std::vector<uint32_t>> sharding;
  /// One device's shard: the whole tensor when it is not split.
  Shape localShape;
  uint64_t localByteSize = 0;
  /// An output whose size depends on data (version 4): shape holds the
  /// bounds, and a run leaves the actual shape as rank int64 values at
  /// byte dimsOffset of plan buffer dimsBuffer.
  struct DataShape {
    uint32_t dimsBuffer = 0;
    uint64_t dimsOffset = 0;
    /// The most elements the output holds (its buffer's size), when below
    /// the product of the bounds; 0: that product.
    int64_t elementBound = 0;
  };
  std::optional<DataShape> dataShape;
};

/// The device mesh of a multi-device artifact: devices are numbered
/// row-major over axisSizes (the last axis varies fastest).
struct MeshSpec {
  std::vector<std::string> axisNames;
  std::vector<uint32_t> axisSizes;

  /// The number of devices, the product of axisSizes (1 without a mesh).
  uint32_t deviceCount() const;
  /// `device`'s coordinate on each axis.
  std::vector<uint32_t> coordinates(uint32_t device) const;
  /// The devices that share `device`'s coordinates on every axis not in
  /// `axes`, ordered row-major over `axes`: a collective's group.
  std::vector<int> group(uint32_t device,
                         const std::vector<uint32_t> &axes) const;
  /// Where `device`'s shard of `spec` starts in the whole tensor, per
  /// dimension.
  std::vector<int64_t> shardOffsets(const TensorSpec &spec,
                                    uint32_t device) const;
};

/// The buffer plan one device program runs with.
struct BufferPlan {
  const flatbuffers::Vector<flatbuffers::Offset<artifact::Buffer>> *buffers =
      nullptr;
  uint64_t arenaSize = 0;

  size_t size() const { return buffers ? buffers->size() : 0; }
  const artifact::Buffer &operator[](size_t index) const {
    return *buffers->Get(index);
  }
};

/// The symbol a launch is sliced along (that of its sliced arguments, which
/// the loader checked agree), or -1 when it runs once, over whole buffers.
int32_t launchSymbol(const BufferPlan &plan, const artifact::Launch &launch);

/// A read-only view of bytes inside a loaded artifact.
struct ByteSpan {
  const uint8_t *data = nullptr;
  size_t size = 0;
};

class Artifact {
public:
  Artifact();
  Artifact(Artifact &&);
  Artifact &operator=(Artifact &&);
  ~Artifact();

  /// Validates `bytes` (a whole artifact file) and, on success, makes `out`
  /// own a copy of them: a vector's bytes need not be 64-byte aligned, the
  /// copy is. On failure `out` is left empty.
  static Status load(const ByteBuffer &bytes, Artifact &out,
                     const ArtifactLoadOptions &options = {});

  /// Maps the file read-only and validates it; the mapping lives as long as
  /// `out`. Messages name the file. The file must not be rewritten while it
  /// is loaded: a private mapping still shows later writes to the file, and
  /// they would bypass validation.
  static Status loadFile(const std::string &path, Artifact &out,
                         const ArtifactLoadOptions &options = {});

  bool empty() const { return root == nullptr; }

  uint32_t schemaVersion() const { return root->schema_version(); }
  std::string producer() const;
  const std::vector<TensorSpec> &inputs() const { return inputSpecs; }
  const std::vector<TensorSpec> &outputs() const { return outputSpecs; }

  /// The validated flatbuffer, for the buffer plan and the device programs;
  /// every index in it is known to be in range.
  const artifact::Artifact &table() const { return *root; }

  /// The artifact's top-level buffer plan (that of a single-device
  /// artifact); a program's is plan(program).
  size_t bufferCount() const;
  /// Entry `index` of the buffer plan; `index` must be below bufferCount().
  const artifact::Buffer &buffer(size_t index) const;
  uint64_t arenaSize() const { return root->arena_size(); }
  size_t constantCount() const;
  /// Constant `index` in place in the file (64-byte aligned); `index` must
  /// be below constantCount().
  ByteSpan constant(size_t index) const;
  size_t libraryCount() const;
  const artifact::KernelLibrary &library(size_t index) const;
  /// The code of kernel library `index`, in place in the file.
  ByteSpan libraryCode(size_t index) const;
  size_t deviceCount() const;
  const artifact::DeviceProgram &device(size_t index) const;

  /// The bounded symbolic dimension sizes (schema version 3); empty for an
  /// artifact compiled for static shapes.
  const std::vector<DimSymbolSpec> &dimSymbols() const { return symbols; }
  bool hasDimSymbols() const { return !symbols.empty(); }
  /// Whether an output's size depends on data (schema version 4).
  bool hasDataShapes() const;
  /// The actual shape of data-shaped output `spec` from the rank int64
  /// values at `dims` (unaligned) that a run left: each must lie in [0, the
  /// dimension's bound]. A value outside is Aborted in one line naming the
  /// output, never a wrong answer.
  static Status dataShape(const TensorSpec &spec, const void *dims,
                          Shape &shape);
  /// `spec`'s shape in a run whose symbols have `values` (one per symbol;
  /// empty for a static artifact, whose shapes never change).
  Shape runShape(const TensorSpec &spec,
                 const std::vector<int64_t> &values) const;
  /// The bytes of `buffer` (or a copy of `copy`) that a run with symbol
  /// `values` uses: its byte_size, scaled to the values when it is sliced.
  uint64_t liveSize(const artifact::Buffer &buffer,
                    const std::vector<int64_t> &values) const;
  uint64_t liveSize(const artifact::Copy &copy,
                    const std::vector<int64_t> &values) const;
  /// The bytes of one slice of a sliced buffer: byte_size / bound.
  uint64_t sliceSize(const artifact::Buffer &buffer) const;
  /// `spec` for messages: "?(<=16)x3x224x224xf32" when dimension 0 has a
  /// symbol of bound 16, the same as shapeString for a static one.
  std::string specString(const TensorSpec &spec) const;

  /// Whether the artifact is for a mesh of devices (schema version 2).
  bool hasMesh() const { return root->mesh() != nullptr; }
  /// The mesh; without one, a mesh of one device and no axes.
  const MeshSpec &mesh() const { return meshSpec; }
  /// The buffer plan program `index` runs with: its own when it has one
  /// (always in a multi-device artifact), the artifact's otherwise.
  BufferPlan plan(size_t index) const;

  /// All the bytes of the artifact file.
  ByteSpan bytes() const { return {base, size}; }

private:
  struct Storage;
  Status adopt(std::unique_ptr<Storage> storage,
               const ArtifactLoadOptions &options);

  std::unique_ptr<Storage> storage;
  const uint8_t *base = nullptr;
  size_t size = 0;
  const artifact::Artifact *root = nullptr;
  std::vector<TensorSpec> inputSpecs, outputSpecs;
  MeshSpec meshSpec;
  std::vector<DimSymbolSpec> symbols;
};

} // namespace loom

#endif // LOOM_RUNTIME_ARTIFACT_H
