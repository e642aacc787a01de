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
//
//===----------------------------------------------------------------------===//

#include "runtime/Artifact.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <set>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

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
              artifact::ElementType_I64 == static_cast<int>(DType::I64));

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

/// Checks of one verified artifact; each returns the first problem found.
class Checker {
public:
  Checker(const artifact::Artifact &root, uint64_t fileSize,
          uint64_t dataStart)
      : root(root), fileSize(fileSize), dataStart(dataStart),
        budget(dataStart / 4) {}

  Status run(std::vector<TensorSpec> &inputs, std::vector<TensorSpec> &outputs) {
    uint32_t version = root.schema_version();
    if (version == 0)
      return dataLoss("the artifact has schema version 0; versions start at 1");
    if (version > kArtifactSchemaVersion)
      return unimplemented("the artifact has schema version " + str(version) +
                           ", but this runtime reads versions up to " +
                           str(kArtifactSchemaVersion));
    const artifact::Signature *signature = root.signature();
    if (!signature)
      return dataLoss("the artifact has no signature");
    LOOM_RETURN_IF_ERROR(specs(signature->inputs(), "input", inputs));
    LOOM_RETURN_IF_ERROR(specs(signature->outputs(), "output", outputs));
    if (!aligned(root.constants()))
      return dataLoss("the constants vector is not 8-byte aligned");
    LOOM_RETURN_IF_ERROR(spend(count(root.constants())));
    for (size_t i = 0; i < count(root.constants()); ++i)
      LOOM_RETURN_IF_ERROR(
          segment(root.constants()->Get(i), "constant " + str(i)));
    LOOM_RETURN_IF_ERROR(buffers(inputs, outputs));
    LOOM_RETURN_IF_ERROR(libraries());
    return devices();
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

  Status buffers(const std::vector<TensorSpec> &inputs,
                 const std::vector<TensorSpec> &outputs) {
    LOOM_RETURN_IF_ERROR(spend(count(root.buffers())));
    for (size_t i = 0; i < count(root.buffers()); ++i) {
      const artifact::Buffer *buffer = root.buffers()->Get(i);
      std::string where = "buffer " + str(i);
      if (buffer->kind() > artifact::BufferKind_MAX)
        return dataLoss(where + " has kind " + str(buffer->kind()) +
                        ", which is not a buffer kind");
      where += std::string(" (") + kindName(buffer->kind()) + ")";
      uint64_t index = buffer->index(), size = buffer->byte_size();
      uint32_t alignment = buffer->alignment();
      if (!isPowerOfTwo(alignment))
        return dataLoss(where + " has alignment " + str(alignment) +
                        ", which is not a power of two");
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
        if (size != specs[index].byteSize)
          return dataLoss(where + " has " + str(size) + " bytes, but " + noun +
                          " " + str(index) + " ('" + specs[index].name +
                          "') has " + str(specs[index].byteSize));
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
        if (__builtin_add_overflow(index, size, &end) ||
            end > root.arena_size())
          return dataLoss(where + " (offset " + str(index) + ", size " +
                          str(size) + ") ends past the arena (" +
                          str(root.arena_size()) + " bytes)");
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
    }
    return Status::ok();
  }

  Status devices() {
    LOOM_RETURN_IF_ERROR(spend(count(root.devices())));
    std::set<std::pair<int, uint32_t>> seen;
    for (size_t d = 0; d < count(root.devices()); ++d) {
      const artifact::DeviceProgram *device = root.devices()->Get(d);
      std::string where = "device " + str(d);
      if (device->target() > artifact::Target_MAX)
        return dataLoss(where + " has target " + str(device->target()) +
                        ", which is not a target");
      if (!seen.insert({device->target(), device->ordinal()}).second)
        return dataLoss(where + " is " + targetName(device->target()) + ":" +
                        str(device->ordinal()) +
                        ", which an earlier device program already is");
      LOOM_RETURN_IF_ERROR(spend(count(device->commands())));
      for (size_t c = 0; c < count(device->commands()); ++c)
        LOOM_RETURN_IF_ERROR(command(*device, device->commands()->Get(c),
                                     where + " command " + str(c)));
    }
    return Status::ok();
  }

  Status bufferIndex(uint32_t index, const std::string &where,
                     const std::string &role) {
    size_t buffers = count(root.buffers());
    if (index >= buffers)
      return dataLoss(where + ": " + role + " names buffer " + str(index) +
                      ", but the artifact has " + str(buffers) + " buffers");
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
    if (library->target() != device.target())
      return dataLoss(where + ": kernel library " + str(launch.library()) +
                      " is for " + targetName(library->target()) +
                      ", but the device is " + targetName(device.target()));
    size_t entries = count(library->entry_points());
    if (launch.entry() >= entries)
      return dataLoss(where + ": entry " + str(launch.entry()) +
                      " is out of range; kernel library " +
                      str(launch.library()) + " has " + str(entries) +
                      " entry points");
    LOOM_RETURN_IF_ERROR(spend(count(launch.arguments())));
    for (size_t a = 0; a < count(launch.arguments()); ++a)
      LOOM_RETURN_IF_ERROR(bufferIndex(launch.arguments()->Get(a), where,
                                       "argument " + str(a)));
    return Status::ok();
  }

  Status copy(const artifact::Copy &copy, const std::string &where) {
    LOOM_RETURN_IF_ERROR(bufferIndex(copy.source(), where, "source"));
    LOOM_RETURN_IF_ERROR(bufferIndex(copy.destination(), where, "destination"));
    for (auto [role, index] : {std::pair{"source", copy.source()},
                               std::pair{"destination", copy.destination()}}) {
      uint64_t available = root.buffers()->Get(index)->byte_size();
      if (copy.byte_size() > available)
        return dataLoss(where + ": copies " + str(copy.byte_size()) +
                        " bytes, but the " + role + " (buffer " + str(index) +
                        ") has " + str(available));
    }
    return Status::ok();
  }

  const artifact::Artifact &root;
  uint64_t fileSize, dataStart;
  uint64_t budget; // elements the walk may still visit
};

} // namespace

Status Artifact::adopt(std::unique_ptr<Storage> newStorage) {
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
  std::vector<TensorSpec> inputs, outputs;
  LOOM_RETURN_IF_ERROR(
      Checker(*table, fileSize, flatbufferEnd).run(inputs, outputs));
  storage = std::move(newStorage);
  base = data;
  size = fileSize;
  root = table;
  inputSpecs = std::move(inputs);
  outputSpecs = std::move(outputs);
  return Status::ok();
}

Status Artifact::load(const ByteBuffer &bytes, Artifact &out) {
  out = Artifact();
  auto storage = std::make_unique<Storage>();
  if (!bytes.empty()) {
    auto *copy = static_cast<uint8_t *>(::operator new(
        bytes.size(), std::align_val_t(kArtifactSegmentAlignment)));
    std::memcpy(copy, bytes.data(), bytes.size());
    storage->data = copy;
    storage->size = bytes.size();
  }
  return out.adopt(std::move(storage));
}

Status Artifact::loadFile(const std::string &path, Artifact &out) {
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
    void *mapping = mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, 0);
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
  Status status = out.adopt(std::move(storage));
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
