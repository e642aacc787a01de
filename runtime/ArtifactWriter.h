//===- ArtifactWriter.h - Building Loom artifacts ----------------*- C++ -*-===//
//
// Part of the Loom project.
//
// Collects the parts of an artifact and lays out the file (docs/artifact.md):
// the size-prefixed flatbuffer, padding to 64 bytes, then each constant and
// code segment at the next 64-byte boundary. The writer records what it is
// told without judging it, so tests can write invalid artifacts; the
// compiler is expected to produce artifacts that Artifact::load accepts.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_ARTIFACTWRITER_H
#define LOOM_RUNTIME_ARTIFACTWRITER_H

#include "runtime/Artifact.h"
#include "runtime/ByteBuffer.h"

#include <cstdint>
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
  /// `index` is the input, output or constant number, or the arena offset.
  uint32_t addBuffer(artifact::BufferKind kind, uint64_t index,
                     uint64_t byteSize, uint32_t alignment);
  void setArenaSize(uint64_t bytes) { arenaSize = bytes; }
  uint32_t addLibrary(artifact::Target target, artifact::CodeFormat format,
                      ByteBuffer code,
                      std::vector<std::string> entryPoints);
  uint32_t addDevice(artifact::Target target, uint32_t ordinal);
  void addLaunch(uint32_t device, uint32_t library, uint32_t entry,
                 std::vector<uint32_t> arguments,
                 std::vector<uint32_t> workgroups);
  void addCopy(uint32_t device, uint32_t source, uint32_t destination,
               uint64_t byteSize);

  /// The artifact file's bytes.
  ByteBuffer finish() const;

private:
  struct Spec {
    std::string name;
    DType dtype;
    Shape shape;
  };
  struct Buffer {
    artifact::BufferKind kind;
    uint64_t index, byteSize;
    uint32_t alignment;
  };
  struct Library {
    artifact::Target target;
    artifact::CodeFormat format;
    ByteBuffer code;
    std::vector<std::string> entryPoints;
  };
  struct Command {
    artifact::Operation operation;
    uint32_t a, b; // launch: library, entry; copy: source, destination
    uint64_t byteSize;
    std::vector<uint32_t> arguments, workgroups;
  };
  struct Device {
    artifact::Target target;
    uint32_t ordinal;
    std::vector<Command> commands;
  };

  std::string producer;
  std::vector<Spec> inputs, outputs;
  std::vector<ByteBuffer> constants;
  std::vector<Buffer> buffers;
  uint64_t arenaSize = 0;
  std::vector<Library> libraries;
  std::vector<Device> devices;
};

} // namespace loom

#endif // LOOM_RUNTIME_ARTIFACTWRITER_H
