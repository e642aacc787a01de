//===- Artifact.cpp - Loading and validating Loom artifacts --------------===//
//
// Part of the Loom project.
//
// Validation happens in two steps. The FlatBuffers verifier, run over the
// size-prefixed flatbuffer alone, proves every table, vector and string lies
// inside it; after that the generated accessors are safe. The semantic checks
// then prove what the verifier cannot know: enum values in range, indices
// that name existing entries, and segments that lie inside the file. All
// arithmetic on values from the file is done so that it cannot overflow.
// Unless the caller trusts the file, checksums bracket the semantic checks:
// the flatbuffer's is verified as soon as the verifier has proved its
// tables readable, so damage there is reported as damage rather than as
// whatever field it happened to change, and the segments' once the checks
// have proved they lie inside the file.
//
//===----------------------------------------------------------------------===//

#include "runtime/Artifact.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iterator>
#include <new>
#include <optional>
#include <set>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <xxhash.h>

namespace loom {

/// The artifact's bytes: a 64-byte aligned heap copy or a read-only mapping.
struct Artifact::Storage {
  const uint8_t *data = nullptr;
  size_t size = 0;
  bool mapped = false;

  Storage() = default;
  Storage(const Storage &) = delete;
  Storage &operator=(const Storage &) = delete;
  ~Storage() {
    if (mapped)
      munmap(const_cast<uint8_t *>(data), size);
    else if (data)
      ::operator delete(const_cast<uint8_t *>(data),
                        std::align_val_t(kArtifactSegmentAlignment));
  }
};

// The schema's ElementType is converted to DType by a cast.
static_assert(artifact::ElementType_F32 == static_cast<int>(DType::F32) &&
              artifact::ElementType_F16 == static_cast<int>(DType::F16) &&
              artifact::ElementType_BF16 == static_cast<int>(DType::BF16) &&
              artifact::ElementType_F64 == static_cast<int>(DType::F64) &&
              artifact::ElementType_I1 == static_cast<int>(DType::I1) &&
              artifact::ElementType_I8 == static_cast<int>(DType::I8) &&
              artifact::ElementType_I32 == static_cast<int>(DType::I32) &&
              artifact::ElementType_I64 == static_cast<int>(DType::I64) &&
              artifact::ElementType_I16 == static_cast<int>(DType::I16) &&
              artifact::ElementType_UI8 == static_cast<int>(DType::UI8) &&
              artifact::ElementType_UI16 == static_cast<int>(DType::UI16) &&
              artifact::ElementType_UI32 == static_cast<int>(DType::UI32) &&
              artifact::ElementType_UI64 == static_cast<int>(DType::UI64));

uint64_t artifactChecksum(const uint8_t *data, size_t size) {
  return XXH3_64bits(data, size);
}

uint64_t artifactChecksum(const uint8_t *data, size_t size, size_t hole) {
  // The streaming hash of the three pieces equals the one-shot hash of the
  // flatbuffer with the hole zeroed, which is how the writer computes it.
  static const uint8_t zeros[8] = {};
  std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t *)> state(
      XXH3_createState(), XXH3_freeState);
  if (!state)
    throw std::bad_alloc();
  XXH3_64bits_reset(state.get());
  XXH3_64bits_update(state.get(), data, hole);
  XXH3_64bits_update(state.get(), zeros, sizeof(zeros));
  XXH3_64bits_update(state.get(), data + hole + sizeof(zeros),
                     size - hole - sizeof(zeros));
  return XXH3_64bits_digest(state.get());
}

Artifact::Artifact() = default;
Artifact::Artifact(Artifact &&) = default;
Artifact &Artifact::operator=(Artifact &&) = default;
Artifact::~Artifact() = default;

namespace {

std::string str(uint64_t value) { return std::to_string(value); }

const char *targetName(artifact::Target target) {
  switch (target) {
  case artifact::Target_Cpu:
    return "cpu";
  case artifact::Target_Cuda:
    return "cuda";
  case artifact::Target_Systolic:
    return "systolic";
  }
  return "unknown";
}

const char *kindName(artifact::BufferKind kind) {
  switch (kind) {
  case artifact::BufferKind_Input:
    return "input";
  case artifact::BufferKind_Output:
    return "output";
  case artifact::BufferKind_Constant:
    return "constant";
  case artifact::BufferKind_Arena:
    return "arena";
  }
  return "unknown";
}

const char *collectiveName(artifact::CollectiveKind kind) {
  switch (kind) {
  case artifact::CollectiveKind_AllReduce:
    return "all-reduce";
  case artifact::CollectiveKind_AllGather:
    return "all-gather";
  case artifact::CollectiveKind_ReduceScatter:
    return "reduce-scatter";
  case artifact::CollectiveKind_AllToAll:
    return "all-to-all";
  case artifact::CollectiveKind_Permute:
    return "permute";
  }
  return "unknown";
}

bool isPowerOfTwo(uint64_t value) { return value && !(value & (value - 1)); }

template <typename T> size_t count(const flatbuffers::Vector<T> *vector) {
  return vector ? vector->size() : 0;
}

/// The verifier aligns vectors only to their 4-byte length, so a corrupt
/// file can place a vector of 8-byte elements (shapes, segments) 4 bytes
/// off; reading it would be undefined behaviour. The buffer's start is
/// 64-byte aligned, so the address tells.
///
/// An empty vector has no element to misread, and the FlatBuffers builder
/// does not align it: a model without constants, or a scalar's shape, has
/// one.
template <typename T> bool aligned(const flatbuffers::Vector<T> *vector) {
  return !vector || vector->size() == 0 ||
         reinterpret_cast<uintptr_t>(vector->Data()) % 8 == 0;
}

using BufferVector =
    flatbuffers::Vector<flatbuffers::Offset<artifact::Buffer>>;

/// Checks of one verified artifact; each returns the first problem found.
class Checker {
public:
  Checker(const artifact::Artifact &root, uint64_t fileSize,
          uint64_t dataStart)
      : root(root), fileSize(fileSize), dataStart(dataStart),
        budget(dataStart / 4) {}

  Status run(std::vector<TensorSpec> &inputs, std::vector<TensorSpec> &outputs,
             MeshSpec &meshOut, std::vector<DimSymbolSpec> &symbolsOut) {
    uint32_t version = root.schema_version();
    if (version == 0)
      return dataLoss("the artifact has schema version 0; versions start at 1");
    if (version > kArtifactSchemaVersion)
      return unimplemented("the artifact has schema version " + str(version) +
                           ", but this runtime reads versions up to " +
                           str(kArtifactSchemaVersion));
    LOOM_RETURN_IF_ERROR(checkMesh());
    if (root.mesh() && version < 2)
      return dataLoss("the artifact has a mesh but schema version " +
                      str(version) + "; meshes need version 2");
    LOOM_RETURN_IF_ERROR(dimSymbols());
    const artifact::Signature *signature = root.signature();
    if (!signature)
      return dataLoss("the artifact has no signature");
    LOOM_RETURN_IF_ERROR(specs(signature->inputs(), "input", inputs));
    LOOM_RETURN_IF_ERROR(specs(signature->outputs(), "output", outputs));
    LOOM_RETURN_IF_ERROR(symbolsBound(inputs));
    if (!aligned(root.constants()))
      return dataLoss("the constants vector is not 8-byte aligned");
    LOOM_RETURN_IF_ERROR(spend(count(root.constants())));
    for (size_t i = 0; i < count(root.constants()); ++i)
      LOOM_RETURN_IF_ERROR(
          segment(root.constants()->Get(i), "constant " + str(i)));
    if (root.mesh()) {
      if (size_t top = count(root.buffers()))
        return dataLoss("the multi-device artifact has a top-level buffer "
                        "plan of " + str(top) + " buffers; each device "
                        "program carries its own");
    } else {
      LOOM_RETURN_IF_ERROR(buffers(root.buffers(), root.arena_size(), "",
                                   inputs, outputs));
    }
    LOOM_RETURN_IF_ERROR(libraries());
    LOOM_RETURN_IF_ERROR(devices(inputs, outputs));
    LOOM_RETURN_IF_ERROR(dataShapes(outputs));
    meshOut = mesh;
    symbolsOut = symbols;
    return Status::ok();
  }

private:
  /// FlatBuffers lets many offsets point at one table or vector, so a small
  /// file could make the walk below quadratic in time and in the memory of
  /// the decoded signature. Every element takes at least 4 bytes when
  /// nothing is shared (and the writer shares nothing), so the walk may
  /// visit at most a quarter as many elements as the flatbuffer has bytes.
  Status spend(uint64_t elements) {
    if (elements > budget)
      return dataLoss("the artifact is corrupt: its tables refer to more "
                      "elements than its " +
                      str(dataStart) + "-byte flatbuffer can hold");
    budget -= elements;
    return Status::ok();
  }

  /// The mesh's axes; their product is checked against the programs in
  /// devices().
  Status checkMesh() {
    const artifact::Mesh *m = root.mesh();
    if (!m)
      return Status::ok();
    size_t rank = count(m->axis_sizes());
    if (rank == 0)
      return dataLoss("the mesh has no axes");
    if (count(m->axis_names()) != rank)
      return dataLoss("the mesh has " + str(count(m->axis_names())) +
                      " axis names but " + str(rank) + " axis sizes");
    LOOM_RETURN_IF_ERROR(spend(2 * uint64_t(rank)));
    uint64_t devices = 1;
    std::set<std::string> names;
    for (size_t a = 0; a < rank; ++a) {
      std::string name = m->axis_names()->Get(a)->str();
      uint32_t size = m->axis_sizes()->Get(a);
      std::string where = "mesh axis " + str(a);
      if (name.empty())
        return dataLoss(where + " has an empty name");
      if (!names.insert(name).second)
        return dataLoss(where + " is named '" + name +
                        "', like an earlier axis");
      if (size == 0)
        return dataLoss(where + " ('" + name + "') has size 0");
      devices *= size;
      if (devices > UINT32_MAX)
        return dataLoss("the mesh has more than 2^32 devices");
      mesh.axisNames.push_back(name);
      mesh.axisSizes.push_back(size);
    }
    return Status::ok();
  }

  /// The bounded symbolic dimensions (version 3), which need a single-device
  /// artifact: the runtime slices launches over one device's batch.
  Status dimSymbols() {
    size_t n = count(root.dim_symbols());
    if (n == 0)
      return Status::ok();
    if (root.schema_version() < 3)
      return dataLoss("the artifact has " + str(n) +
                      " dimension symbols but schema version " +
                      str(root.schema_version()) +
                      "; symbolic dimensions need version 3");
    if (root.mesh())
      return dataLoss("the artifact has both a mesh and symbolic dimensions; "
                      "symbolic dimensions need a single-device artifact");
    LOOM_RETURN_IF_ERROR(spend(n));
    for (size_t k = 0; k < n; ++k) {
      const artifact::DimSymbol *symbol = root.dim_symbols()->Get(k);
      std::string where = "dimension symbol " + str(k);
      if (!symbol->name() || symbol->name()->size() == 0)
        return dataLoss(where + " has no name");
      where += " ('" + symbol->name()->str() + "')";
      if (symbol->bound() < 1)
        return dataLoss(where + " has bound " +
                        std::to_string(symbol->bound()) +
                        "; a bound is at least 1");
      symbols.push_back({symbol->name()->str(), symbol->bound()});
    }
    return Status::ok();
  }

  /// The outputs whose size depends on data (version 4): a single-device
  /// artifact without symbols, and each output's dims inside a buffer that
  /// holds them before the run ends (a constant, or arena bytes a launch
  /// writes).
  Status dataShapes(const std::vector<TensorSpec> &outputs) {
    for (size_t index = 0; index < outputs.size(); ++index) {
      const TensorSpec &spec = outputs[index];
      if (!spec.dataShape)
        continue;
      std::string where = "output " + str(index) + " ('" + spec.name + "')";
      if (root.schema_version() < 4)
        return dataLoss(where + " has a data shape but the artifact has "
                        "schema version " + str(root.schema_version()) +
                        "; data shapes need version 4");
      if (root.mesh() || !symbols.empty())
        return dataLoss(where + " has a data shape, which needs a "
                        "single-device artifact without symbolic dimensions");
      if (spec.shape.empty())
        return dataLoss(where + " has a data shape but rank 0");
      uint32_t number = spec.dataShape->dimsBuffer;
      uint64_t offset = spec.dataShape->dimsOffset, end;
      if (number >= count(root.buffers()))
        return dataLoss(where + ": its dims buffer " + str(number) +
                        " is out of range; the artifact has " +
                        str(count(root.buffers())) + " buffers");
      const artifact::Buffer *buffer = root.buffers()->Get(number);
      where += ": its dims buffer " + str(number);
      if (offset % 8)
        return dataLoss(where + " offset " + str(offset) +
                        " is not a multiple of 8");
      if (__builtin_add_overflow(offset, 8 * uint64_t(spec.shape.size()),
                                 &end) ||
          end > buffer->byte_size())
        return dataLoss(where + " (" + str(buffer->byte_size()) +
                        " bytes) cannot hold " + str(spec.shape.size()) +
                        " dimensions at offset " + str(offset));
      if (buffer->kind() == artifact::BufferKind_Constant)
        continue;
      if (buffer->kind() != artifact::BufferKind_Arena)
        return dataLoss(where + " is a buffer of kind " +
                        kindName(buffer->kind()) +
                        "; dims are in the arena or a constant");
      if (!writtenByLaunch(number))
        return dataLoss(where + " is written by no launch, so no run "
                        "gives the output's shape");
    }
    return Status::ok();
  }

  /// Whether a launch of the (single) device program records writing
  /// buffer `number`.
  bool writtenByLaunch(uint32_t number) const {
    for (size_t d = 0; d < count(root.devices()); ++d) {
      const auto *commands = root.devices()->Get(d)->commands();
      for (size_t c = 0; c < count(commands); ++c) {
        const artifact::Launch *launch =
            commands->Get(c)->operation_as_Launch();
        if (!launch || !launch->access())
          continue;
        for (size_t a = 0; a < count(launch->arguments()) &&
                           a < launch->access()->size();
             ++a)
          if (launch->arguments()->Get(a) == number &&
              launch->access()->Get(a) == artifact::ArgumentAccess_Write)
            return true;
      }
    }
    return false;
  }

  /// "symbol 0 ('input:0', bound 16)", for messages.
  std::string symbolName(int32_t k) const {
    return "symbol " + str(k) + " ('" + symbols[k].name + "', bound " +
           std::to_string(symbols[k].bound) + ")";
  }

  /// Checks that `symbol`, read from field `field` of `where`, is -1 or
  /// names a symbol.
  Status symbolIndex(int32_t symbol, const std::string &where,
                     const std::string &field) {
    if (symbol >= -1 && (symbol < 0 || size_t(symbol) < symbols.size()))
      return Status::ok();
    return dataLoss(where + " has " + field + " " + std::to_string(symbol) +
                    ", but the artifact has " + str(symbols.size()) +
                    " dimension symbols");
  }

  /// The symbol a tensor's buffer is sliced along: that of its symbolic
  /// dimension, or -1 when it has none (specs() allows at most one).
  static int32_t slicedAlong(const TensorSpec &spec) {
    for (int32_t symbol : spec.dimSymbols)
      if (symbol >= 0)
        return symbol;
    return -1;
  }

  /// Decodes and checks `spec`'s symbolic dimensions into `decoded` (whose
  /// shape is set). The runtime hands a kernel the slice z of a sliced
  /// buffer at z * slice bytes, so a tensor's slices must be contiguous:
  /// one symbolic dimension, with only dimensions of size 1 before it.
  Status specSymbols(const artifact::TensorSpec &spec, const std::string &where,
                     TensorSpec &decoded) {
    size_t rank = decoded.shape.size();
    decoded.dimSymbols.assign(rank, -1);
    const auto *list = spec.dim_symbols();
    if (!list)
      return Status::ok();
    if (list->size() != rank)
      return dataLoss(where + " has " + str(list->size()) +
                      " dimension symbols, but rank " + str(rank));
    LOOM_RETURN_IF_ERROR(spend(rank));
    int64_t symbolic = -1;
    for (size_t d = 0; d < rank; ++d) {
      int32_t symbol = list->Get(d);
      LOOM_RETURN_IF_ERROR(symbolIndex(
          symbol, where + " dimension " + str(d), "symbol"));
      decoded.dimSymbols[d] = symbol;
      if (symbol < 0)
        continue;
      int64_t bound = symbols[symbol].bound, size = decoded.shape[d];
      if (size == 0 || size % bound)
        return dataLoss(where + " dimension " + str(d) + " has size " +
                        std::to_string(size) + " at the bound, which is not " +
                        "a positive multiple of " + symbolName(symbol));
      if (symbolic >= 0)
        return dataLoss(where + " has symbolic dimensions " +
                        std::to_string(symbolic) + " and " + str(d) +
                        "; this runtime slices a tensor along one");
      symbolic = int64_t(d);
      for (size_t before = 0; before < d; ++before)
        if (decoded.shape[before] != 1)
          return dataLoss(where + " has symbolic dimension " + str(d) +
                          " after dimension " + str(before) + " of size " +
                          std::to_string(decoded.shape[before]) +
                          "; only dimensions of size 1 may come before a "
                          "symbolic one");
    }
    return Status::ok();
  }

  /// Every symbol appears in an input's shape, which binds it in a run.
  Status symbolsBound(const std::vector<TensorSpec> &inputs) {
    std::vector<bool> bound(symbols.size(), false);
    for (const TensorSpec &spec : inputs)
      for (int32_t symbol : spec.dimSymbols)
        if (symbol >= 0)
          bound[symbol] = true;
    for (size_t k = 0; k < symbols.size(); ++k)
      if (!bound[k])
        return dataLoss(symbolName(int32_t(k)) +
                        " is the size of no input dimension, so no run can "
                        "bind it");
    return Status::ok();
  }

  /// Decodes and checks `spec`'s sharding into `decoded` (whose shape is
  /// set): the local shard's shape and size.
  Status sharding(const artifact::TensorSpec &spec, const std::string &where,
                  TensorSpec &decoded) {
    decoded.localShape = decoded.shape;
    decoded.localByteSize = decoded.byteSize;
    const artifact::Sharding *split = spec.sharding();
    if (!split)
      return Status::ok();
    if (!root.mesh())
      return dataLoss(where + " has a sharding, but the artifact has no mesh");
    size_t rank = decoded.shape.size();
    if (count(split->dims()) != rank)
      return dataLoss(where + " has a sharding of " +
                      str(count(split->dims())) + " dimensions, but rank " +
                      str(rank));
    LOOM_RETURN_IF_ERROR(spend(rank));
    std::vector<bool> used(mesh.axisSizes.size(), false);
    uint64_t parts = 1;
    for (size_t d = 0; d < rank; ++d) {
      const auto *axes = split->dims()->Get(d)->axes();
      LOOM_RETURN_IF_ERROR(spend(count(axes)));
      std::vector<uint32_t> list;
      uint64_t dimParts = 1;
      for (size_t i = 0; i < count(axes); ++i) {
        uint32_t axis = axes->Get(i);
        if (axis >= used.size())
          return dataLoss(where + " splits dimension " + str(d) +
                          " over mesh axis " + str(axis) + ", but the mesh has " +
                          str(used.size()) + " axes");
        if (used[axis])
          return dataLoss(where + " splits over mesh axis " + str(axis) +
                          " ('" + mesh.axisNames[axis] + "') twice");
        used[axis] = true;
        dimParts *= mesh.axisSizes[axis];
        list.push_back(axis);
      }
      if (decoded.shape[d] % int64_t(dimParts))
        return dataLoss(where + " dimension " + str(d) + " (size " +
                        std::to_string(decoded.shape[d]) +
                        ") does not divide into " + str(dimParts) + " shards");
      decoded.localShape[d] = decoded.shape[d] / int64_t(dimParts);
      parts *= dimParts;
      decoded.sharding.push_back(std::move(list));
    }
    decoded.localByteSize = decoded.byteSize / parts;
    return Status::ok();
  }

  Status specs(const flatbuffers::Vector<flatbuffers::Offset<
                   artifact::TensorSpec>> *vector,
               const std::string &what, std::vector<TensorSpec> &out) {
    LOOM_RETURN_IF_ERROR(spend(count(vector)));
    for (size_t i = 0; i < count(vector); ++i) {
      const artifact::TensorSpec *spec = vector->Get(i);
      std::string where = what + " " + str(i);
      if (!spec->name())
        return dataLoss(where + " has no name");
      if (spec->element_type() > artifact::ElementType_MAX)
        return dataLoss(where + " has element type " +
                        str(spec->element_type()) + ", which is not a dtype");
      TensorSpec decoded;
      decoded.name = spec->name()->str();
      decoded.dtype = static_cast<DType>(spec->element_type());
      if (!aligned(spec->shape()))
        return dataLoss(where + " ('" + decoded.name +
                        "') has a shape that is not 8-byte aligned");
      LOOM_RETURN_IF_ERROR(spend(count(spec->shape())));
      uint64_t bytes = dtypeSize(decoded.dtype);
      for (size_t d = 0; d < count(spec->shape()); ++d) {
        int64_t dim = spec->shape()->Get(d);
        if (dim < 0)
          return dataLoss(where + " ('" + decoded.name + "') has dimension " +
                          str(d) + " of size " + std::to_string(dim));
        if (__builtin_mul_overflow(bytes, static_cast<uint64_t>(dim), &bytes))
          return dataLoss(where + " ('" + decoded.name +
                          "') has more than 2^64 bytes");
        decoded.shape.push_back(dim);
      }
      decoded.byteSize = bytes;
      LOOM_RETURN_IF_ERROR(sharding(
          *spec, where + " ('" + decoded.name + "')", decoded));
      LOOM_RETURN_IF_ERROR(specSymbols(
          *spec, where + " ('" + decoded.name + "')", decoded));
      if (const artifact::DataShape *shape = spec->data_shape()) {
        if (what != "output")
          return dataLoss(where + " ('" + decoded.name +
                          "') has a data shape; only outputs may have one");
        decoded.dataShape = TensorSpec::DataShape{
            shape->dims_buffer(), shape->dims_offset(), shape->element_bound()};
        // An element bound below the product of the bounds sizes the
        // output's buffer (0: that product).
        if (int64_t bound = shape->element_bound()) {
          uint64_t elements = decoded.byteSize / dtypeSize(decoded.dtype);
          if (bound < 0 || static_cast<uint64_t>(bound) > elements)
            return dataLoss(where + " ('" + decoded.name +
                            "') has data shape element bound " +
                            std::to_string(bound) + ", outside 0 to " +
                            std::to_string(elements) +
                            " (the product of its shape)");
          decoded.byteSize = decoded.localByteSize =
              static_cast<uint64_t>(bound) * dtypeSize(decoded.dtype);
        }
      }
      out.push_back(std::move(decoded));
    }
    return Status::ok();
  }

  Status segment(const artifact::Segment *segment, const std::string &where) {
    if (!segment)
      return dataLoss(where + " has no segment");
    uint64_t offset = segment->offset(), size = segment->size(), end;
    if (offset % kArtifactSegmentAlignment)
      return dataLoss(where + " starts at offset " + str(offset) +
                      ", which is not a multiple of " +
                      str(kArtifactSegmentAlignment));
    if (offset < dataStart)
      return dataLoss(where + " starts at offset " + str(offset) +
                      ", inside the flatbuffer (which ends at " +
                      str(dataStart) + ")");
    if (__builtin_add_overflow(offset, size, &end) || end > fileSize)
      return dataLoss(where + " (offset " + str(offset) + ", size " +
                      str(size) + ") ends past the end of the file (" +
                      str(fileSize) + " bytes)");
    return Status::ok();
  }

  /// A buffer plan: the artifact's (prefix "") or a program's (prefix
  /// "device N "). Input and output buffers hold the local shard.
  Status buffers(const BufferVector *plan, uint64_t arenaSize,
                 const std::string &prefix,
                 const std::vector<TensorSpec> &inputs,
                 const std::vector<TensorSpec> &outputs) {
    LOOM_RETURN_IF_ERROR(spend(count(plan)));
    for (size_t i = 0; i < count(plan); ++i) {
      const artifact::Buffer *buffer = plan->Get(i);
      std::string where = prefix + "buffer " + str(i);
      if (buffer->kind() > artifact::BufferKind_MAX)
        return dataLoss(where + " has kind " + str(buffer->kind()) +
                        ", which is not a buffer kind");
      where += std::string(" (") + kindName(buffer->kind()) + ")";
      uint64_t index = buffer->index(), size = buffer->byte_size();
      uint32_t alignment = buffer->alignment();
      if (!isPowerOfTwo(alignment))
        return dataLoss(where + " has alignment " + str(alignment) +
                        ", which is not a power of two");
      int32_t symbol = buffer->symbol();
      LOOM_RETURN_IF_ERROR(symbolIndex(symbol, where, "symbol"));
      if (symbol >= 0 && size % uint64_t(symbols[symbol].bound))
        return dataLoss(where + " is sliced along " + symbolName(symbol) +
                        ", but its " + str(size) +
                        " bytes are not a multiple of the bound");
      switch (buffer->kind()) {
      case artifact::BufferKind_Input:
      case artifact::BufferKind_Output: {
        bool input = buffer->kind() == artifact::BufferKind_Input;
        const std::vector<TensorSpec> &specs = input ? inputs : outputs;
        const char *noun = input ? "input" : "output";
        if (index >= specs.size())
          return dataLoss(where + " names " + noun + " " + str(index) +
                          ", but the signature has " + str(specs.size()) +
                          " " + noun + "s");
        if (size != specs[index].localByteSize)
          return dataLoss(where + " has " + str(size) + " bytes, but " + noun +
                          " " + str(index) + " ('" + specs[index].name +
                          "') has " + str(specs[index].localByteSize) +
                          (specs[index].localByteSize == specs[index].byteSize
                               ? ""
                               : " per device"));
        // The caller's tensor holds the run's slices and no more, so its
        // buffer is sliced exactly when the tensor has a symbolic dimension.
        if (int32_t expected = slicedAlong(specs[index]); symbol != expected)
          return dataLoss(
              where + (symbol < 0 ? " is not sliced"
                                  : " is sliced along " + symbolName(symbol)) +
              ", but " + noun + " " + str(index) + " ('" + specs[index].name +
              "') " +
              (expected < 0 ? "has no symbolic dimension"
                            : "is sliced along " + symbolName(expected)));
        break;
      }
      case artifact::BufferKind_Constant: {
        size_t constants = count(root.constants());
        if (index >= constants)
          return dataLoss(where + " names constant " + str(index) +
                          ", but the artifact has " + str(constants) +
                          " constants");
        uint64_t segmentSize = root.constants()->Get(index)->size();
        if (size != segmentSize)
          return dataLoss(where + " has " + str(size) +
                          " bytes, but constant " + str(index) + " has " +
                          str(segmentSize));
        // The file guarantees 64-byte alignment and no more.
        if (alignment > kArtifactSegmentAlignment)
          return dataLoss(where + " asks for alignment " + str(alignment) +
                          ", but constants are aligned to " +
                          str(kArtifactSegmentAlignment));
        break;
      }
      case artifact::BufferKind_Arena: {
        uint64_t end;
        if (index % alignment)
          return dataLoss(where + " starts at arena offset " + str(index) +
                          ", which is not a multiple of its alignment " +
                          str(alignment));
        if (__builtin_add_overflow(index, size, &end) || end > arenaSize)
          return dataLoss(where + " (offset " + str(index) + ", size " +
                          str(size) + ") ends past the arena (" +
                          str(arenaSize) + " bytes)");
        break;
      }
      }
    }
    return Status::ok();
  }

  Status libraries() {
    LOOM_RETURN_IF_ERROR(spend(count(root.kernel_libraries())));
    for (size_t i = 0; i < count(root.kernel_libraries()); ++i) {
      const artifact::KernelLibrary *library = root.kernel_libraries()->Get(i);
      std::string where = "kernel library " + str(i);
      if (library->target() > artifact::Target_MAX)
        return dataLoss(where + " has target " + str(library->target()) +
                        ", which is not a target");
      if (library->format() > artifact::CodeFormat_MAX)
        return dataLoss(where + " has code format " + str(library->format()) +
                        ", which is not a code format");
      LOOM_RETURN_IF_ERROR(segment(library->code(), where));
      LOOM_RETURN_IF_ERROR(spend(count(library->entry_points())));
      for (size_t e = 0; e < count(library->entry_points()); ++e)
        if (library->entry_points()->Get(e)->size() == 0)
          return dataLoss(where + " entry point " + str(e) +
                          " has an empty name");
      // The kernels' sources are optional, one per entry point when given.
      size_t sources = count(library->sources());
      LOOM_RETURN_IF_ERROR(spend(sources));
      if (sources && sources != count(library->entry_points()))
        return dataLoss(where + " has " + str(sources) + " kernel sources "
                        "for " + str(count(library->entry_points())) +
                        " entry points");
      for (size_t e = 0; e < sources; ++e) {
        const artifact::KernelSource *source = library->sources()->Get(e);
        if (!source->mlir())
          return dataLoss(where + " kernel source " + str(e) +
                          " has no mlir");
        LOOM_RETURN_IF_ERROR(spend(count(source->nodes())));
      }
    }
    return Status::ok();
  }

  Status devices(const std::vector<TensorSpec> &inputs,
                 const std::vector<TensorSpec> &outputs) {
    size_t programs = count(root.devices());
    LOOM_RETURN_IF_ERROR(spend(programs));
    if (root.mesh() && programs != mesh.deviceCount())
      return dataLoss("the mesh has " + str(mesh.deviceCount()) +
                      " devices, but the artifact has " + str(programs) +
                      " device programs");
    std::set<std::pair<int, uint32_t>> seen;
    for (size_t d = 0; d < programs; ++d) {
      const artifact::DeviceProgram *device = root.devices()->Get(d);
      std::string where = "device " + str(d);
      if (device->target() > artifact::Target_MAX)
        return dataLoss(where + " has target " + str(device->target()) +
                        ", which is not a target");
      if (!seen.insert({device->target(), device->ordinal()}).second)
        return dataLoss(where + " is " + targetName(device->target()) + ":" +
                        str(device->ordinal()) +
                        ", which an earlier device program already is");
      if (root.mesh()) {
        if (device->ordinal() != d)
          return dataLoss(where + " has ordinal " + str(device->ordinal()) +
                          "; program " + str(d) + " of a mesh runs device " +
                          str(d));
        if (device->target() != root.devices()->Get(0)->target())
          return dataLoss(where + " targets " + targetName(device->target()) +
                          ", but device 0 targets " +
                          targetName(root.devices()->Get(0)->target()) +
                          "; the devices of a mesh share one target");
        if (!device->buffers())
          return dataLoss(where + " has no buffer plan of its own, which "
                          "every program of a multi-device artifact needs");
      }
      plan = root.buffers();
      if (device->buffers()) {
        plan = device->buffers();
        LOOM_RETURN_IF_ERROR(buffers(plan, device->arena_size(), where + " ",
                                     inputs, outputs));
      }
      LOOM_RETURN_IF_ERROR(spend(count(device->commands())));
      for (size_t c = 0; c < count(device->commands()); ++c)
        LOOM_RETURN_IF_ERROR(command(*device, device->commands()->Get(c),
                                     where + " command " + str(c)));
    }
    return Status::ok();
  }

  Status bufferIndex(uint32_t index, const std::string &where,
                     const std::string &role) {
    size_t buffers = count(plan);
    if (index >= buffers)
      return dataLoss(where + ": " + role + " names buffer " + str(index) +
                      (plan == root.buffers() ? ", but the artifact has "
                                              : ", but the program's plan has ") +
                      str(buffers) + " buffers");
    return Status::ok();
  }

  Status command(const artifact::DeviceProgram &device,
                 const artifact::Command *command, std::string where) {
    switch (command->operation_type()) {
    case artifact::Operation_NONE:
      return dataLoss(where + " has no operation");
    case artifact::Operation_Launch:
      // The verifier accepts a union tag whose table is absent.
      if (!command->operation())
        return dataLoss(where + " (launch) has no launch table");
      return launch(device, *command->operation_as_Launch(),
                    where + " (launch)");
    case artifact::Operation_Copy:
      if (!command->operation())
        return dataLoss(where + " (copy) has no copy table");
      return copy(*command->operation_as_Copy(), where + " (copy)");
    case artifact::Operation_Collective:
      if (!command->operation())
        return dataLoss(where + " (collective) has no collective table");
      return collective(*command->operation_as_Collective(),
                        where + " (collective)");
    }
    return unimplemented(where + " has operation type " +
                         str(command->operation_type()) +
                         ", which this runtime does not know");
  }

  Status launch(const artifact::DeviceProgram &device,
                const artifact::Launch &launch, const std::string &where) {
    size_t libraries = count(root.kernel_libraries());
    if (launch.library() >= libraries)
      return dataLoss(where + ": library " + str(launch.library()) +
                      " is out of range; the artifact has " + str(libraries) +
                      " kernel libraries");
    const artifact::KernelLibrary *library =
        root.kernel_libraries()->Get(launch.library());
    // Besides its own target's libraries, a device may launch host (Cpu)
    // ones, which a target's host fallback adds (docs/systolic.md); the
    // device's driver refuses those it does not run.
    if (library->target() != device.target() &&
        library->target() != artifact::Target_Cpu)
      return dataLoss(where + ": kernel library " + str(launch.library()) +
                      " is for " + targetName(library->target()) +
                      ", but the device is " + targetName(device.target()));
    size_t entries = count(library->entry_points());
    if (launch.entry() >= entries)
      return dataLoss(where + ": entry " + str(launch.entry()) +
                      " is out of range; kernel library " +
                      str(launch.library()) + " has " + str(entries) +
                      " entry points");
    size_t arguments = count(launch.arguments());
    LOOM_RETURN_IF_ERROR(spend(arguments));
    for (size_t a = 0; a < arguments; ++a)
      LOOM_RETURN_IF_ERROR(bufferIndex(launch.arguments()->Get(a), where,
                                       "argument " + str(a)));
    // A zero would make the launch run nothing, silently.
    LOOM_RETURN_IF_ERROR(spend(count(launch.workgroups())));
    for (size_t d = 0; d < count(launch.workgroups()); ++d)
      if (launch.workgroups()->Get(d) == 0)
        return dataLoss(where + ": workgroups dimension " + str(d) +
                        " is 0; every dimension of a grid has at least one "
                        "workgroup");
    // A sliced launch runs once per slice of the symbol's value; its sliced
    // arguments are cut along that one symbol.
    const auto *access = launch.access();
    int32_t sliced = -1;
    size_t first = 0;
    for (size_t a = 0; a < arguments; ++a) {
      int32_t symbol = plan->Get(launch.arguments()->Get(a))->symbol();
      if (symbol < 0)
        continue;
      if (sliced < 0) {
        sliced = symbol;
        first = a;
      } else if (symbol != sliced) {
        return dataLoss(where + ": argument " + str(a) + " is sliced along " +
                        symbolName(symbol) + ", but argument " + str(first) +
                        " along " + symbolName(sliced) +
                        "; a launch is sliced along one symbol");
      }
    }
    if (sliced >= 0 && !access)
      return dataLoss(where + ": the launch is sliced but records no "
                      "argument access, so it cannot be shown to write only "
                      "sliced buffers");
    // Files written before access existed have none; nothing to check.
    if (!access)
      return Status::ok();
    if (access->size() != arguments)
      return dataLoss(where + ": access has " + str(access->size()) +
                      " entries, but the launch has " + str(arguments) +
                      " arguments");
    LOOM_RETURN_IF_ERROR(spend(arguments));
    for (size_t a = 0; a < arguments; ++a) {
      uint8_t mode = access->Get(a);
      if (mode > artifact::ArgumentAccess_MAX)
        return dataLoss(where + ": access " + str(a) + " is " + str(mode) +
                        ", which is not an argument access");
      if (mode == artifact::ArgumentAccess_Write)
        LOOM_RETURN_IF_ERROR(writable(launch.arguments()->Get(a), where,
                                      "argument " + str(a) +
                                          ", which the kernel writes,"));
      // Every slice would write all of a whole argument, concurrently.
      if (mode == artifact::ArgumentAccess_Write && sliced >= 0 &&
          plan->Get(launch.arguments()->Get(a))->symbol() < 0)
        return dataLoss(where + ": argument " + str(a) + " (buffer " +
                        str(launch.arguments()->Get(a)) +
                        "), which the kernel writes, is not sliced, but the "
                        "launch is sliced along " + symbolName(sliced));
    }
    return Status::ok();
  }

  /// Refuses a command that would write buffer `index` (already checked to
  /// exist) when it is read-only: a constant lies in the file's read-only
  /// mapping, an input is the caller's data.
  Status writable(uint32_t index, const std::string &where,
                  const std::string &role) {
    artifact::BufferKind kind = plan->Get(index)->kind();
    if (kind != artifact::BufferKind_Input &&
        kind != artifact::BufferKind_Constant)
      return Status::ok();
    return dataLoss(where + ": " + role + " is buffer " + str(index) + ", " +
                    (kind == artifact::BufferKind_Input ? "an input"
                                                        : "a constant") +
                    ", which is read-only");
  }

  Status copy(const artifact::Copy &copy, const std::string &where) {
    LOOM_RETURN_IF_ERROR(bufferIndex(copy.source(), where, "source"));
    LOOM_RETURN_IF_ERROR(bufferIndex(copy.destination(), where, "destination"));
    LOOM_RETURN_IF_ERROR(
        writable(copy.destination(), where, "the destination"));
    int32_t symbol = copy.symbol();
    LOOM_RETURN_IF_ERROR(symbolIndex(symbol, where, "symbol"));
    if (symbol >= 0 && copy.byte_size() % uint64_t(symbols[symbol].bound))
      return dataLoss(where + ": copies " + str(copy.byte_size()) +
                      " bytes at the bound of " + symbolName(symbol) +
                      ", which is not a multiple of the bound");
    for (auto [role, index] : {std::pair{"source", copy.source()},
                               std::pair{"destination", copy.destination()}}) {
      uint64_t available = plan->Get(index)->byte_size();
      if (copy.byte_size() > available)
        return dataLoss(where + ": copies " + str(copy.byte_size()) +
                        " bytes, but the " + role + " (buffer " + str(index) +
                        ") has " + str(available));
      // A sliced buffer holds only the run's slices (an input's or output's
      // tensor no more), so a copy of one scales with the same symbol.
      int32_t sliced = plan->Get(index)->symbol();
      if (sliced >= 0 && sliced != symbol)
        return dataLoss(where + ": the " + role + " (buffer " + str(index) +
                        ") is sliced along " + symbolName(sliced) +
                        ", but the copy is " +
                        (symbol < 0 ? std::string("not sliced")
                                    : "sliced along " + symbolName(symbol)));
    }
    return Status::ok();
  }

  Status collective(const artifact::Collective &op, std::string where) {
    if (!root.mesh())
      return dataLoss(where + ": the artifact has no mesh to run it over");
    if (op.kind() > artifact::CollectiveKind_MAX)
      return dataLoss(where + ": kind " + str(op.kind()) +
                      " is not a collective kind");
    artifact::CollectiveKind kind = op.kind();
    where = prefixKind(where, collectiveName(kind));
    bool reduces = kind == artifact::CollectiveKind_AllReduce ||
                   kind == artifact::CollectiveKind_ReduceScatter;
    if (reduces && op.reduction() > artifact::ReductionKind_MAX)
      return dataLoss(where + ": reduction " + str(op.reduction()) +
                      " is not a reduction kind");
    if (op.element_type() > artifact::ElementType_MAX)
      return dataLoss(where + ": element_type " + str(op.element_type()) +
                      " is not a dtype");
    DType dtype = static_cast<DType>(op.element_type());
    if (reduces && dtype == DType::I1)
      return dataLoss(where + ": element_type i1 cannot be reduced");

    // The group.
    size_t axes = count(op.mesh_axes());
    LOOM_RETURN_IF_ERROR(spend(axes));
    if (axes == 0)
      return dataLoss(where + ": mesh_axes is empty");
    std::vector<bool> used(mesh.axisSizes.size(), false);
    uint64_t group = 1;
    for (size_t i = 0; i < axes; ++i) {
      uint32_t axis = op.mesh_axes()->Get(i);
      if (axis >= used.size())
        return dataLoss(where + ": mesh_axes names axis " + str(axis) +
                        ", but the mesh has " + str(used.size()) + " axes");
      if (used[axis])
        return dataLoss(where + ": mesh_axes names axis " + str(axis) +
                        " twice");
      used[axis] = true;
      group *= mesh.axisSizes[axis];
    }

    // The source's tensor.
    LOOM_RETURN_IF_ERROR(bufferIndex(op.source(), where, "source"));
    LOOM_RETURN_IF_ERROR(bufferIndex(op.destination(), where, "destination"));
    if (!aligned(op.shape()))
      return dataLoss(where + ": shape is not 8-byte aligned");
    size_t rank = count(op.shape());
    LOOM_RETURN_IF_ERROR(spend(rank));
    Shape shape;
    uint64_t bytes = dtypeSize(dtype);
    for (size_t d = 0; d < rank; ++d) {
      int64_t dim = op.shape()->Get(d);
      if (dim < 0)
        return dataLoss(where + ": shape dimension " + str(d) + " is " +
                        std::to_string(dim));
      if (__builtin_mul_overflow(bytes, uint64_t(dim), &bytes))
        return dataLoss(where + ": shape has more than 2^64 bytes");
      shape.push_back(dim);
    }
    const artifact::Buffer &source = *plan->Get(op.source());
    const artifact::Buffer &destination = *plan->Get(op.destination());
    std::string tensor = shapeString(shape, dtype);
    if (source.byte_size() != bytes)
      return dataLoss(where + ": source buffer " + str(op.source()) + " has " +
                      str(source.byte_size()) + " bytes, but its shape " +
                      tensor + " has " + str(bytes));
    if (destination.kind() == artifact::BufferKind_Input ||
        destination.kind() == artifact::BufferKind_Constant)
      return dataLoss(where + ": destination buffer " +
                      str(op.destination()) + " is " +
                      (destination.kind() == artifact::BufferKind_Input
                           ? "an input"
                           : "a constant") +
                      ", which is read-only");

    auto checkAxis = [&](int64_t axis, const char *field) {
      if (axis < 0 || uint64_t(axis) >= rank)
        return dataLoss(where + ": " + field + " " + std::to_string(axis) +
                        " is out of range for the rank-" + str(rank) +
                        " source " + tensor);
      return Status::ok();
    };
    auto checkSplit = [&](int64_t axis) {
      if (shape[axis] % int64_t(group))
        return dataLoss(where + ": dimension " + std::to_string(axis) +
                        " of the source " + tensor +
                        " does not divide over the group of " + str(group) +
                        " devices");
      return Status::ok();
    };
    uint64_t expected = bytes;
    switch (kind) {
    case artifact::CollectiveKind_AllReduce:
      break;
    case artifact::CollectiveKind_AllGather:
      LOOM_RETURN_IF_ERROR(checkAxis(op.axis(), "axis"));
      if (__builtin_mul_overflow(bytes, group, &expected))
        return dataLoss(where + ": the gathered tensor has more than 2^64 "
                        "bytes");
      break;
    case artifact::CollectiveKind_ReduceScatter:
      LOOM_RETURN_IF_ERROR(checkAxis(op.axis(), "axis"));
      LOOM_RETURN_IF_ERROR(checkSplit(op.axis()));
      expected = bytes / group;
      break;
    case artifact::CollectiveKind_AllToAll:
      LOOM_RETURN_IF_ERROR(checkAxis(op.axis(), "axis"));
      LOOM_RETURN_IF_ERROR(checkAxis(op.concat_axis(), "concat_axis"));
      LOOM_RETURN_IF_ERROR(checkSplit(op.axis()));
      break;
    case artifact::CollectiveKind_Permute: {
      size_t pairs = count(op.pairs());
      LOOM_RETURN_IF_ERROR(spend(pairs));
      std::set<uint32_t> sources, targets;
      for (size_t i = 0; i < pairs; ++i) {
        const artifact::PermutePair *pair = op.pairs()->Get(i);
        std::string at = where + ": pairs " + str(i);
        if (pair->source() >= group || pair->target() >= group)
          return dataLoss(at + " (" + str(pair->source()) + " -> " +
                          str(pair->target()) + ") leaves the group of " +
                          str(group) + " devices");
        if (!sources.insert(pair->source()).second)
          return dataLoss(at + " sends from position " + str(pair->source()) +
                          " a second time");
        if (!targets.insert(pair->target()).second)
          return dataLoss(at + " sends to position " + str(pair->target()) +
                          " a second time");
      }
      break;
    }
    }
    if (destination.byte_size() != expected)
      return dataLoss(where + ": destination buffer " + str(op.destination()) +
                      " has " + str(destination.byte_size()) +
                      " bytes, but the result of a source " + tensor +
                      " over " + str(group) + " devices has " + str(expected));
    // Only an all-reduce may write over its source, and then exactly.
    bool same = source.kind() == destination.kind() &&
                source.index() == destination.index();
    bool overlap = same;
    if (source.kind() == artifact::BufferKind_Arena &&
        destination.kind() == artifact::BufferKind_Arena)
      overlap = source.byte_size() && destination.byte_size() &&
                source.index() < destination.index() + destination.byte_size() &&
                destination.index() < source.index() + source.byte_size();
    if (overlap && !(same && kind == artifact::CollectiveKind_AllReduce))
      return dataLoss(where + ": destination buffer " + str(op.destination()) +
                      " overlaps source buffer " + str(op.source()) +
                      (kind == artifact::CollectiveKind_AllReduce
                           ? " without being the same bytes"
                           : "; only an all-reduce may write over its source"));
    return Status::ok();
  }

  /// "device 0 command 3 (collective)" becomes "device 0 command 3
  /// (collective all-reduce)".
  static std::string prefixKind(const std::string &where, const char *kind) {
    return where.substr(0, where.size() - 1) + " " + kind + ")";
  }

  const artifact::Artifact &root;
  uint64_t fileSize, dataStart;
  uint64_t budget; // elements the walk may still visit
  MeshSpec mesh;
  std::vector<DimSymbolSpec> symbols;
  /// The plan the commands being checked use.
  const BufferVector *plan = nullptr;
};

/// The file offset of Artifact.checksum in the verified flatbuffer at
/// `data`, or none when the field is absent.
std::optional<size_t> checksumOffset(const uint8_t *data,
                                     const artifact::Artifact &root) {
  // Artifact derives privately from flatbuffers::Table, at offset 0.
  const uint8_t *field = reinterpret_cast<const flatbuffers::Table &>(root)
                             .GetAddressOf(artifact::Artifact::VT_CHECKSUM);
  if (!field)
    return std::nullopt;
  return static_cast<size_t>(field - data);
}

/// Verifies the flatbuffer's checksum: the first thing read after the
/// FlatBuffers verifier, so that damage is reported as such.
Status verifyFlatbuffer(const uint8_t *data, uint64_t flatbufferEnd,
                        const artifact::Artifact &root) {
  switch (root.checksum_kind()) {
  case artifact::ChecksumKind_None:
    return dataLoss("the artifact has no checksums (it was written before "
                    "Loom recorded them, or is damaged): recompile it, or "
                    "skip verification if you trust the file "
                    "(loom-run --skip-checksums)");
  case artifact::ChecksumKind_XXH3_64:
    break;
  default:
    return unimplemented("the artifact's checksums are of kind " +
                         str(root.checksum_kind()) +
                         ", which this runtime does not know");
  }
  std::optional<size_t> hole = checksumOffset(data, root);
  // The verifier proved the field's 8 bytes lie inside the flatbuffer.
  if (!hole)
    return dataLoss("the artifact is damaged: it has checksums but no "
                    "checksum of its flatbuffer");
  if (artifactChecksum(data, flatbufferEnd, *hole) != root.checksum())
    return dataLoss("the artifact is damaged: its flatbuffer (bytes 0 to " +
                    str(flatbufferEnd) + ") does not match its checksum");
  return Status::ok();
}

/// Verifies every constant and code segment against its checksum, once
/// the checker has proved each lies inside the file.
Status verifySegments(const uint8_t *data, const artifact::Artifact &root) {
  auto check = [&](const artifact::Segment &segment, uint64_t recorded,
                   const std::string &what) {
    if (artifactChecksum(data + segment.offset(), segment.size()) == recorded)
      return Status::ok();
    return dataLoss("the artifact is damaged: " + what + " (" +
                    str(segment.size()) + " bytes at offset " +
                    str(segment.offset()) + ") does not match its checksum");
  };
  const auto *sums = root.constant_checksums();
  size_t constants = count(root.constants());
  if (count(sums) != constants)
    return dataLoss("the artifact records " + str(count(sums)) +
                    " constant checksums for " + str(constants) +
                    " constants");
  if (!aligned(sums))
    return dataLoss("the constant_checksums vector is not 8-byte aligned");
  for (size_t i = 0; i < constants; ++i)
    LOOM_RETURN_IF_ERROR(check(*root.constants()->Get(i), sums->Get(i),
                               "constant " + str(i)));
  for (size_t i = 0; i < count(root.kernel_libraries()); ++i) {
    const artifact::KernelLibrary *library = root.kernel_libraries()->Get(i);
    LOOM_RETURN_IF_ERROR(check(*library->code(), library->code_checksum(),
                               "the code of kernel library " + str(i)));
  }
  return Status::ok();
}

} // namespace

Status Artifact::adopt(std::unique_ptr<Storage> newStorage,
                       const ArtifactLoadOptions &options) {
  const uint8_t *data = newStorage->data;
  size_t fileSize = newStorage->size;
  // The size prefix bounds the flatbuffer; the verifier sees nothing else.
  if (fileSize < 12)
    return dataLoss("the artifact is truncated: " + str(fileSize) +
                    " bytes is too short for its header");
  if (std::memcmp(data + 8, artifact::ArtifactIdentifier(), 4) != 0)
    return dataLoss("not a Loom artifact (no \"LOOM\" identifier at offset 8)");
  uint32_t prefix = flatbuffers::ReadScalar<uint32_t>(data);
  uint64_t flatbufferEnd = uint64_t(prefix) + sizeof(uint32_t);
  if (flatbufferEnd > fileSize)
    return dataLoss("the artifact is truncated: its flatbuffer needs " +
                    str(flatbufferEnd) + " bytes, but the file has " +
                    str(fileSize));
  // Without shared tables a table takes at least 4 bytes; the limit keeps
  // verification linear in the size however the offsets are aimed.
  flatbuffers::Verifier verifier(data, flatbufferEnd, /*max_depth=*/64,
                                 /*max_tables=*/flatbufferEnd / 4 + 1);
  if (!artifact::VerifySizePrefixedArtifactBuffer(verifier))
    return dataLoss("the artifact is corrupt: its flatbuffer fails "
                    "verification");
  const artifact::Artifact *table = artifact::GetSizePrefixedArtifact(data);
  if (options.verifyChecksums)
    LOOM_RETURN_IF_ERROR(verifyFlatbuffer(data, flatbufferEnd, *table));
  std::vector<TensorSpec> inputs, outputs;
  MeshSpec mesh;
  std::vector<DimSymbolSpec> dimSymbols;
  LOOM_RETURN_IF_ERROR(Checker(*table, fileSize, flatbufferEnd)
                           .run(inputs, outputs, mesh, dimSymbols));
  if (options.verifyChecksums)
    LOOM_RETURN_IF_ERROR(verifySegments(data, *table));
  storage = std::move(newStorage);
  base = data;
  size = fileSize;
  root = table;
  inputSpecs = std::move(inputs);
  outputSpecs = std::move(outputs);
  meshSpec = std::move(mesh);
  symbols = std::move(dimSymbols);
  return Status::ok();
}

Status Artifact::load(const ByteBuffer &bytes, Artifact &out,
                      const ArtifactLoadOptions &options) {
  out = Artifact();
  auto storage = std::make_unique<Storage>();
  if (!bytes.empty()) {
    auto *copy = static_cast<uint8_t *>(::operator new(
        bytes.size(), std::align_val_t(kArtifactSegmentAlignment)));
    std::memcpy(copy, bytes.data(), bytes.size());
    storage->data = copy;
    storage->size = bytes.size();
  }
  return out.adopt(std::move(storage), options);
}

Status Artifact::loadFile(const std::string &path, Artifact &out,
                          const ArtifactLoadOptions &options) {
  out = Artifact();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT ? notFound(path + ": no such file")
                           : invalidArgument(path + ": cannot open the file: " +
                                             std::strerror(errno));
  struct stat info;
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return invalidArgument(path + ": not a regular file");
  }
  auto storage = std::make_unique<Storage>();
  if (info.st_size > 0) {
    if (static_cast<uint64_t>(info.st_size) > SIZE_MAX) {
      ::close(fd);
      return outOfRange(path + ": too large to map");
    }
    size_t length = static_cast<size_t>(info.st_size);
    // Verifying reads every page at once: populating the mapping up front
    // is cheaper than a fault per few pages.
    void *mapping =
        mmap(nullptr, length, PROT_READ,
             MAP_PRIVATE | (options.verifyChecksums ? MAP_POPULATE : 0), fd, 0);
    if (mapping == MAP_FAILED) {
      ::close(fd);
      return invalidArgument(path + ": cannot map the file: " +
                             std::strerror(errno));
    }
    storage->data = static_cast<const uint8_t *>(mapping);
    storage->size = length;
    storage->mapped = true;
  }
  ::close(fd); // the mapping stays valid without the descriptor
  Status status = out.adopt(std::move(storage), options);
  if (!status.isOk())
    return Status(status.code(), path + ": " + status.message());
  return status;
}

std::string Artifact::producer() const {
  return root->producer() ? root->producer()->str() : std::string();
}

size_t Artifact::bufferCount() const { return count(root->buffers()); }
size_t Artifact::constantCount() const { return count(root->constants()); }
size_t Artifact::libraryCount() const {
  return count(root->kernel_libraries());
}
size_t Artifact::deviceCount() const { return count(root->devices()); }

const artifact::Buffer &Artifact::buffer(size_t index) const {
  return *root->buffers()->Get(index);
}

const artifact::KernelLibrary &Artifact::library(size_t index) const {
  return *root->kernel_libraries()->Get(index);
}

const artifact::DeviceProgram &Artifact::device(size_t index) const {
  return *root->devices()->Get(index);
}

BufferPlan Artifact::plan(size_t index) const {
  const artifact::DeviceProgram &program = device(index);
  if (program.buffers())
    return {program.buffers(), program.arena_size()};
  return {root->buffers(), root->arena_size()};
}

bool Artifact::hasDataShapes() const {
  for (const TensorSpec &spec : outputSpecs)
    if (spec.dataShape)
      return true;
  return false;
}

Status Artifact::dataShape(const TensorSpec &spec, const void *dims,
                           Shape &shape) {
  shape.assign(spec.shape.size(), 0);
  std::memcpy(shape.data(), dims, shape.size() * sizeof(int64_t));
  // A negative size is a kernel's code for sizes its inputs give at run
  // time that are invalid (LOOM_UKERNEL_* of
  // backends/cpu/ukernels/loom_ukernels.h; docs/dynamic-shapes.md). -1 is
  // a result above its bound, checked below.
  static const char *const invalidSizes[] = {
      // -2: a Reshape's shape that does not fit its data.
      "the shape its inputs give is invalid (a Reshape's run-time shape "
      "with two -1s, a negative entry other than -1, a 0 past the input's "
      "rank, a size that is not its data's, or a dimension above its "
      "bound)",
      // -3 to -5: a Slice, TopK or Split.
      "the Slice's run-time axes or steps are invalid (an axis outside "
      "[-rank, rank), an axis given twice, or a step of 0)",
      "the TopK's run-time K is negative or above the size of its axis",
      "the Split's run-time sizes are invalid (a negative size, or sizes "
      "that do not add up to the size of its axis)",
      // -6: above the bound it was compiled for (said with the bound below).
      nullptr,
      // -7: a generator.
      "a size its inputs give at run time is invalid (a negative size, "
      "repeat or OneHot depth, a Range whose delta is 0, or an Expand shape "
      "that does not broadcast with its input)",
      // -8: Unsqueeze, Squeeze or ReduceSum.
      "the run-time axes of its Unsqueeze, Squeeze or ReduceSum are invalid "
      "(an axis out of range, an axis given twice, or a squeezed dimension "
      "whose size is not 1)",
      // -9: Pad.
      "the run-time pads of its Pad are invalid (a negative result size, a "
      "reflect pad not below its dimension's size, or an edge or reflect "
      "pad of an empty dimension)",
      // -10: Resize.
      "the run-time scales or sizes of its Resize are invalid (a scale "
      "that is not positive and finite, a negative size, an empty "
      "dimension resized to a size above 0, or an Upsample scale below 1)"};
  constexpr int64_t kLowestCode = -1 - static_cast<int64_t>(
                                           std::size(invalidSizes));
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] > -2 || shape[d] < kLowestCode)
      continue;
    if (shape[d] == -6)
      return invalidArgument(
          "output '" + spec.name + "': a size its inputs give at run time is "
          "above the bound " + std::to_string(spec.shape[d]) +
          " the model was compiled for (loomc --max-dim)");
    return invalidArgument("output '" + spec.name + "': " +
                           invalidSizes[-2 - shape[d]]);
  }
  uint64_t elements = 1;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] < 0 || shape[d] > spec.shape[d])
      return aborted("output '" + spec.name + "' came out with dimension " +
                     str(d) + " of size " + std::to_string(shape[d]) +
                     ", outside its bounds 0 to " +
                     std::to_string(spec.shape[d]) +
                     "; the kernel that computes it is wrong");
    elements *= static_cast<uint64_t>(shape[d]);
  }
  uint64_t bound = spec.byteSize / dtypeSize(spec.dtype);
  if (elements > bound)
    return aborted("output '" + spec.name + "' came out with " +
                   std::to_string(elements) + " elements, above its bound " +
                   std::to_string(bound) +
                   "; the kernel that computes it is wrong");
  return Status::ok();
}

Shape Artifact::runShape(const TensorSpec &spec,
                         const std::vector<int64_t> &values) const {
  Shape shape = spec.shape;
  if (values.empty())
    return shape;
  for (size_t d = 0; d < shape.size(); ++d)
    if (int32_t k = spec.dimSymbols[d]; k >= 0)
      shape[d] = shape[d] / symbols[k].bound * values[k];
  return shape;
}

uint64_t Artifact::sliceSize(const artifact::Buffer &buffer) const {
  int32_t k = buffer.symbol();
  return k < 0 ? buffer.byte_size()
               : buffer.byte_size() / uint64_t(symbols[k].bound);
}

uint64_t Artifact::liveSize(const artifact::Buffer &buffer,
                            const std::vector<int64_t> &values) const {
  int32_t k = buffer.symbol();
  return k < 0 ? buffer.byte_size() : sliceSize(buffer) * uint64_t(values[k]);
}

uint64_t Artifact::liveSize(const artifact::Copy &copy,
                            const std::vector<int64_t> &values) const {
  int32_t k = copy.symbol();
  return k < 0 ? copy.byte_size()
               : copy.byte_size() / uint64_t(symbols[k].bound) *
                     uint64_t(values[k]);
}

std::string Artifact::specString(const TensorSpec &spec) const {
  std::string text;
  for (size_t d = 0; d < spec.shape.size(); ++d) {
    int32_t k = spec.dimSymbols.empty() ? -1 : spec.dimSymbols[d];
    int64_t size = spec.shape[d];
    if (spec.dataShape)
      text += "?(<=" + std::to_string(size) + ")";
    else if (k < 0)
      text += std::to_string(size);
    else if (size == symbols[k].bound)
      text += "?(<=" + std::to_string(size) + ")";
    else
      text += "?(<=" + std::to_string(size) + ", a multiple of " +
              std::to_string(size / symbols[k].bound) + ")";
    text += "x";
  }
  text += dtypeName(spec.dtype);
  return text;
}

int32_t launchSymbol(const BufferPlan &plan, const artifact::Launch &launch) {
  for (size_t a = 0; launch.arguments() && a < launch.arguments()->size(); ++a)
    if (int32_t k = plan[launch.arguments()->Get(a)].symbol(); k >= 0)
      return k;
  return -1;
}

uint32_t MeshSpec::deviceCount() const {
  uint32_t devices = 1;
  for (uint32_t size : axisSizes)
    devices *= size;
  return devices;
}

std::vector<uint32_t> MeshSpec::coordinates(uint32_t device) const {
  std::vector<uint32_t> coords(axisSizes.size());
  for (size_t a = axisSizes.size(); a-- > 0;) {
    coords[a] = device % axisSizes[a];
    device /= axisSizes[a];
  }
  return coords;
}

std::vector<int> MeshSpec::group(uint32_t device,
                                 const std::vector<uint32_t> &axes) const {
  std::vector<uint32_t> coords = coordinates(device);
  uint64_t members = 1;
  for (uint32_t axis : axes)
    members *= axisSizes[axis];
  std::vector<int> group;
  for (uint64_t member = 0; member < members; ++member) {
    // Row-major over `axes`: the last one varies fastest.
    uint64_t rest = member;
    for (size_t i = axes.size(); i-- > 0;) {
      coords[axes[i]] = rest % axisSizes[axes[i]];
      rest /= axisSizes[axes[i]];
    }
    uint64_t id = 0;
    for (size_t a = 0; a < axisSizes.size(); ++a)
      id = id * axisSizes[a] + coords[a];
    group.push_back(static_cast<int>(id));
  }
  return group;
}

std::vector<int64_t> MeshSpec::shardOffsets(const TensorSpec &spec,
                                            uint32_t device) const {
  std::vector<int64_t> offsets(spec.shape.size(), 0);
  if (spec.sharding.empty())
    return offsets;
  std::vector<uint32_t> coords = coordinates(device);
  for (size_t d = 0; d < spec.sharding.size(); ++d) {
    int64_t block = 0;
    for (uint32_t axis : spec.sharding[d])
      block = block * axisSizes[axis] + coords[axis];
    offsets[d] = block * spec.localShape[d];
  }
  return offsets;
}

ByteSpan Artifact::constant(size_t index) const {
  const artifact::Segment *segment = root->constants()->Get(index);
  return {base + segment->offset(), static_cast<size_t>(segment->size())};
}

ByteSpan Artifact::libraryCode(size_t index) const {
  const artifact::Segment *segment =
      root->kernel_libraries()->Get(index)->code();
  return {base + segment->offset(), static_cast<size_t>(segment->size())};
}

} // namespace loom
