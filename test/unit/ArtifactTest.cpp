//===- ArtifactTest.cpp - Tests of the artifact writer and loader ------------===//
//
// Part of the Loom project.
//
// A round trip through the writer and loader, then one test per validation
// rule: each corrupts exactly one field of a valid artifact (by patching it
// in place through the generated mutable accessors, or by building the bad
// table directly) and checks the loader's message. The flatbuffer's
// checksum would refuse a patched file before the check under test, so
// these tests load as a caller that trusts the file does (checksums off);
// test/runtime/ArtifactTrustTest.cpp tests the checksums. Last, every
// truncation and every single-byte corruption of a valid file must load or
// fail cleanly, and with checksums on none loads that changed the
// flatbuffer or a segment.
//
//===----------------------------------------------------------------------===//

#include "runtime/Artifact.h"
#include "runtime/ArtifactWriter.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <limits>
#include <unistd.h>

using namespace loom;
namespace fb = flatbuffers;

namespace {

std::vector<uint8_t> pattern(size_t size, uint8_t seed) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i)
    bytes[i] = static_cast<uint8_t>(seed + 7 * i);
  return bytes;
}

/// A valid artifact: y = f(x, c) on one CPU, with every kind of buffer and
/// both kinds of command.
ArtifactWriter validWriter() {
  ArtifactWriter writer("loom-test 1.0");
  writer.addInput("x", DType::F32, {2, 3});
  writer.addOutput("y", DType::F32, {2, 3});
  writer.addConstant(pattern(24, 1));
  writer.addConstant(pattern(5, 2));
  writer.addBuffer(artifact::BufferKind_Input, 0, 24, 4);     // 0
  writer.addBuffer(artifact::BufferKind_Output, 0, 24, 4);    // 1
  writer.addBuffer(artifact::BufferKind_Constant, 0, 24, 64); // 2
  writer.addBuffer(artifact::BufferKind_Arena, 0, 24, 16);    // 3
  writer.addBuffer(artifact::BufferKind_Arena, 64, 32, 64);   // 4
  writer.setArenaSize(96);
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    pattern(100, 3), {"add", "mul"});
  uint32_t cpu = writer.addDevice(artifact::Target_Cpu, 0);
  writer.addLaunch(cpu, 0, 0, {0, 2, 3}, {1, 1, 1});
  writer.addLaunch(cpu, 0, 1, {3, 4}, {2});
  writer.addCopy(cpu, 3, 1, 24);
  return writer;
}

std::vector<uint8_t> validBytes() { return validWriter().finish(); }

artifact::Artifact *mutableRoot(std::vector<uint8_t> &bytes) {
  return artifact::GetMutableSizePrefixedArtifact(bytes.data());
}

/// Loads `bytes` without verifying checksums, expecting failure with
/// `code` and `message`.
void expectError(const std::vector<uint8_t> &bytes, StatusCode code,
                 const std::string &message) {
  Artifact loaded;
  ArtifactLoadOptions trusted;
  trusted.verifyChecksums = false;
  Status status = Artifact::load(bytes, loaded, trusted);
  EXPECT_EQ(status.code(), code);
  EXPECT_EQ(status.message(), message);
  EXPECT_TRUE(loaded.empty());
}

void expectDataLoss(const std::vector<uint8_t> &bytes,
                    const std::string &message) {
  expectError(bytes, StatusCode::DataLoss, message);
}

/// Patches the valid artifact through `patch` and expects `message`.
void expectPatchError(const std::function<void(artifact::Artifact &)> &patch,
                      const std::string &message) {
  std::vector<uint8_t> bytes = validBytes();
  patch(*mutableRoot(bytes));
  expectDataLoss(bytes, message);
}

/// A flatbuffer-only artifact whose root `makeRoot` builds, for tables the
/// writer cannot produce (absent fields, unknown union tags).
std::vector<uint8_t> rawArtifact(
    const std::function<fb::Offset<artifact::Artifact>(fb::FlatBufferBuilder &)>
        &makeRoot) {
  fb::FlatBufferBuilder builder;
  artifact::FinishSizePrefixedArtifactBuffer(builder, makeRoot(builder));
  return std::vector<uint8_t>(builder.GetBufferPointer(),
                              builder.GetBufferPointer() + builder.GetSize());
}

fb::Offset<artifact::Signature> emptySignature(fb::FlatBufferBuilder &b) {
  return artifact::CreateSignature(b);
}

/// An artifact whose only content is one CPU device running `command`.
std::vector<uint8_t> withCommand(
    const std::function<fb::Offset<artifact::Command>(fb::FlatBufferBuilder &)>
        &makeCommand) {
  return rawArtifact([&](fb::FlatBufferBuilder &b) {
    auto command = makeCommand(b);
    auto device = artifact::CreateDeviceProgram(
        b, artifact::Target_Cpu, 0, b.CreateVector(&command, 1));
    return artifact::CreateArtifact(b, 1, 0, emptySignature(b), 0, 0, 0, 0,
                                    b.CreateVector(&device, 1));
  });
}

/// A vector of `count` 8-byte elements (given as their 64-bit words) whose
/// data starts 4 bytes off an 8-byte boundary, as a corrupt file can have
/// it; the builder would align it. Once the buffer's size is a multiple of
/// 8, an element's offset from the end decides its alignment.
template <typename T>
fb::Offset<fb::Vector<T>> misalignedVector(fb::FlatBufferBuilder &b,
                                           const std::vector<uint64_t> &words,
                                           size_t count) {
  b.TrackMinAlign(8);
  b.StartVector(words.size() * 2, sizeof(uint32_t));
  if (b.GetSize() % 8 == 0)
    b.PushElement<uint32_t>(0); // lands after the vector's last element
  for (auto word = words.rbegin(); word != words.rend(); ++word) {
    b.PushElement<uint32_t>(static_cast<uint32_t>(*word >> 32));
    b.PushElement<uint32_t>(static_cast<uint32_t>(*word));
  }
  return fb::Offset<fb::Vector<T>>(b.EndVector(count));
}

uint64_t flatbufferEnd(const std::vector<uint8_t> &bytes) {
  return fb::ReadScalar<uint32_t>(bytes.data()) + 4;
}

} // namespace

TEST(Artifact, RoundTrip) {
  Artifact loaded;
  Status status = Artifact::load(validBytes(), loaded);
  ASSERT_TRUE(status.isOk()) << status.message();
  // A single-device artifact stays version 1, which older runtimes read.
  EXPECT_EQ(loaded.schemaVersion(), 1u);
  EXPECT_EQ(loaded.producer(), "loom-test 1.0");
  ASSERT_EQ(loaded.inputs().size(), 1u);
  EXPECT_EQ(loaded.inputs()[0].name, "x");
  EXPECT_EQ(loaded.inputs()[0].dtype, DType::F32);
  EXPECT_EQ(loaded.inputs()[0].shape, (Shape{2, 3}));
  EXPECT_EQ(loaded.inputs()[0].byteSize, 24u);
  ASSERT_EQ(loaded.outputs().size(), 1u);
  EXPECT_EQ(loaded.outputs()[0].name, "y");

  ASSERT_EQ(loaded.constantCount(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    ByteSpan constant = loaded.constant(i);
    std::vector<uint8_t> expected = pattern(i == 0 ? 24 : 5, i + 1);
    EXPECT_EQ(std::vector<uint8_t>(constant.data, constant.data + constant.size),
              expected);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(constant.data) % 64, 0u);
    EXPECT_EQ((constant.data - loaded.bytes().data) % 64, 0);
  }
  ASSERT_EQ(loaded.libraryCount(), 1u);
  ByteSpan code = loaded.libraryCode(0);
  EXPECT_EQ(std::vector<uint8_t>(code.data, code.data + code.size),
            pattern(100, 3));
  const artifact::KernelLibrary &library = loaded.library(0);
  EXPECT_EQ(library.format(), artifact::CodeFormat_ElfSharedObject);
  EXPECT_EQ(library.entry_points()->Get(1)->str(), "mul");

  ASSERT_EQ(loaded.bufferCount(), 5u);
  EXPECT_EQ(loaded.arenaSize(), 96u);
  const artifact::Buffer &arena = loaded.buffer(4);
  EXPECT_EQ(arena.kind(), artifact::BufferKind_Arena);
  EXPECT_EQ(arena.index(), 64u);
  EXPECT_EQ(arena.alignment(), 64u);

  ASSERT_EQ(loaded.deviceCount(), 1u);
  const artifact::DeviceProgram &device = loaded.device(0);
  EXPECT_EQ(device.target(), artifact::Target_Cpu);
  ASSERT_EQ(device.commands()->size(), 3u);
  const artifact::Launch *launch =
      device.commands()->Get(0)->operation_as_Launch();
  ASSERT_TRUE(launch);
  EXPECT_EQ(launch->arguments()->size(), 3u);
  EXPECT_EQ(launch->workgroups()->Get(2), 1u);
  const artifact::Copy *copy = device.commands()->Get(2)->operation_as_Copy();
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->source(), 3u);
  EXPECT_EQ(copy->byte_size(), 24u);

  // The bytes move with the artifact.
  Artifact moved = std::move(loaded);
  EXPECT_EQ(moved.constant(0).data[0], 1);
}

TEST(Artifact, LayoutPadsTheFlatbufferTo64Bytes) {
  std::vector<uint8_t> bytes = validBytes();
  EXPECT_EQ(std::string(bytes.begin() + 8, bytes.begin() + 12), "LOOM");
  uint64_t dataStart = (flatbufferEnd(bytes) + 63) / 64 * 64;
  const artifact::Artifact *root =
      artifact::GetSizePrefixedArtifact(bytes.data());
  EXPECT_EQ(root->constants()->Get(0)->offset(), dataStart);
  EXPECT_EQ(root->constants()->Get(1)->offset(), dataStart + 64);
  EXPECT_EQ(root->kernel_libraries()->Get(0)->code()->offset(),
            dataStart + 128);
  EXPECT_EQ(bytes.size(), dataStart + 128 + 100);
}

TEST(Artifact, LoadsAMappedFile) {
  std::string path = ::testing::TempDir() + "artifact-test-" +
                     std::to_string(getpid()) + ".loom";
  std::vector<uint8_t> bytes = validBytes();
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  Artifact loaded;
  Status status = Artifact::loadFile(path, loaded);
  std::remove(path.c_str()); // the mapping outlives the name
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(loaded.inputs()[0].name, "x");
  ByteSpan constant = loaded.constant(0);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(constant.data) % 64, 0u);
  EXPECT_EQ(std::vector<uint8_t>(constant.data, constant.data + 24),
            pattern(24, 1));
}

TEST(Artifact, MissingFile) {
  Artifact loaded;
  Status status = Artifact::loadFile("/nonexistent/model.loom", loaded);
  EXPECT_EQ(status.code(), StatusCode::NotFound);
  EXPECT_EQ(status.message(), "/nonexistent/model.loom: no such file");
}

TEST(Artifact, CorruptFileNamesThePath) {
  std::string path = ::testing::TempDir() + "artifact-test-bad-" +
                     std::to_string(getpid()) + ".loom";
  std::ofstream(path, std::ios::binary) << "not an artifact at all";
  Artifact loaded;
  Status status = Artifact::loadFile(path, loaded);
  std::remove(path.c_str());
  EXPECT_EQ(status.code(), StatusCode::DataLoss);
  EXPECT_EQ(status.message(),
            path + ": not a Loom artifact (no \"LOOM\" identifier at offset 8)");
}

// --- The header and the verifier -------------------------------------------

TEST(ArtifactValidation, TooShortForTheHeader) {
  expectDataLoss({1, 2, 3, 4, 5},
                 "the artifact is truncated: 5 bytes is too short for its "
                 "header");
}

TEST(ArtifactValidation, WrongIdentifier) {
  std::vector<uint8_t> bytes = validBytes();
  bytes[8] = 'X';
  expectDataLoss(bytes,
                 "not a Loom artifact (no \"LOOM\" identifier at offset 8)");
}

TEST(ArtifactValidation, FlatbufferTruncated) {
  std::vector<uint8_t> bytes = validBytes();
  uint64_t needed = flatbufferEnd(bytes);
  bytes.resize(40);
  expectDataLoss(bytes, "the artifact is truncated: its flatbuffer needs " +
                            std::to_string(needed) +
                            " bytes, but the file has 40");
}

TEST(ArtifactValidation, VerifierRejectsABadRootOffset) {
  std::vector<uint8_t> bytes = validBytes();
  bytes[4] = 0xf0;
  bytes[5] = 0xff;
  expectDataLoss(bytes,
                 "the artifact is corrupt: its flatbuffer fails verification");
}

// --- Version and signature --------------------------------------------------

TEST(ArtifactValidation, SchemaVersionZero) {
  expectPatchError([](artifact::Artifact &root) { root.mutate_schema_version(0); },
                   "the artifact has schema version 0; versions start at 1");
}

TEST(ArtifactValidation, SchemaVersionTooNew) {
  std::vector<uint8_t> bytes = validBytes();
  mutableRoot(bytes)->mutate_schema_version(5);
  expectError(bytes, StatusCode::Unimplemented,
              "the artifact has schema version 5, but this runtime reads "
              "versions up to 4");
}

TEST(ArtifactValidation, NoSignature) {
  expectDataLoss(rawArtifact([](fb::FlatBufferBuilder &b) {
                   return artifact::CreateArtifact(b, 1);
                 }),
                 "the artifact has no signature");
}

TEST(ArtifactValidation, TensorWithoutName) {
  expectDataLoss(rawArtifact([](fb::FlatBufferBuilder &b) {
                   auto spec = artifact::CreateTensorSpec(b);
                   auto signature = artifact::CreateSignature(
                       b, b.CreateVector(&spec, 1));
                   return artifact::CreateArtifact(b, 1, 0, signature);
                 }),
                 "input 0 has no name");
}

TEST(ArtifactValidation, MisalignedShape) {
  expectDataLoss(rawArtifact([](fb::FlatBufferBuilder &b) {
                   auto shape = misalignedVector<int64_t>(b, {2, 3}, 2);
                   auto spec = artifact::CreateTensorSpec(
                       b, b.CreateString("x"), artifact::ElementType_F32, shape);
                   auto signature = artifact::CreateSignature(
                       b, b.CreateVector(&spec, 1));
                   return artifact::CreateArtifact(b, 1, 0, signature);
                 }),
                 "input 0 ('x') has a shape that is not 8-byte aligned");
}

TEST(ArtifactValidation, SharedTablesCannotMultiplyTheWork) {
  // 200 inputs that are all one spec with 200 dimensions: 40,000 dimensions
  // to decode from a file of a few kilobytes.
  std::vector<uint8_t> bytes = rawArtifact([](fb::FlatBufferBuilder &b) {
    std::vector<int64_t> dims(200, 1);
    auto spec = artifact::CreateTensorSpecDirect(
        b, "x", artifact::ElementType_F32, &dims);
    std::vector<fb::Offset<artifact::TensorSpec>> inputs(200, spec);
    auto signature = artifact::CreateSignature(b, b.CreateVector(inputs));
    return artifact::CreateArtifact(b, 1, 0, signature);
  });
  expectDataLoss(bytes, "the artifact is corrupt: its tables refer to more "
                        "elements than its " +
                            std::to_string(bytes.size()) +
                            "-byte flatbuffer can hold");
}

TEST(ArtifactValidation, ElementTypeOutOfRange) {
  expectPatchError(
      [](artifact::Artifact &root) {
        root.mutable_signature()->mutable_outputs()->GetMutableObject(0)
            ->mutate_element_type(static_cast<artifact::ElementType>(13));
      },
      "output 0 has element type 13, which is not a dtype");
}

TEST(ArtifactValidation, NegativeDimension) {
  expectPatchError(
      [](artifact::Artifact &root) {
        root.mutable_signature()->mutable_inputs()->GetMutableObject(0)
            ->mutable_shape()->Mutate(1, -3);
      },
      "input 0 ('x') has dimension 1 of size -3");
}

TEST(ArtifactValidation, ByteSizeOverflows) {
  expectPatchError(
      [](artifact::Artifact &root) {
        auto *shape = root.mutable_signature()->mutable_inputs()
                          ->GetMutableObject(0)->mutable_shape();
        shape->Mutate(0, int64_t(1) << 40);
        shape->Mutate(1, int64_t(1) << 40);
      },
      "input 0 ('x') has more than 2^64 bytes");
}

// --- Segments ---------------------------------------------------------------

TEST(ArtifactValidation, MisalignedConstantsVector) {
  expectDataLoss(rawArtifact([](fb::FlatBufferBuilder &b) {
                   auto constants = misalignedVector<const artifact::Segment *>(
                       b, {64, 0}, 1);
                   return artifact::CreateArtifact(b, 1, 0, emptySignature(b),
                                                   0, 0, constants);
                 }),
                 "the constants vector is not 8-byte aligned");
}

TEST(ArtifactValidation, ConstantMisaligned) {
  std::vector<uint8_t> bytes = validBytes();
  artifact::Segment *segment =
      mutableRoot(bytes)->mutable_constants()->GetMutableObject(1);
  uint64_t offset = segment->offset() + 8;
  segment->mutate_offset(offset);
  expectDataLoss(bytes, "constant 1 starts at offset " +
                            std::to_string(offset) +
                            ", which is not a multiple of 64");
}

TEST(ArtifactValidation, ConstantInsideTheFlatbuffer) {
  std::vector<uint8_t> bytes = validBytes();
  mutableRoot(bytes)->mutable_constants()->GetMutableObject(0)->mutate_offset(0);
  expectDataLoss(bytes, "constant 0 starts at offset 0, inside the flatbuffer "
                        "(which ends at " +
                            std::to_string(flatbufferEnd(bytes)) + ")");
}

TEST(ArtifactValidation, ConstantPastTheEnd) {
  std::vector<uint8_t> bytes = validBytes();
  artifact::Segment *segment =
      mutableRoot(bytes)->mutable_constants()->GetMutableObject(0);
  std::string offset = std::to_string(segment->offset());
  segment->mutate_size(bytes.size());
  expectDataLoss(bytes, "constant 0 (offset " + offset + ", size " +
                            std::to_string(bytes.size()) +
                            ") ends past the end of the file (" +
                            std::to_string(bytes.size()) + " bytes)");
}

TEST(ArtifactValidation, ConstantSizeOverflows) {
  std::vector<uint8_t> bytes = validBytes();
  artifact::Segment *segment =
      mutableRoot(bytes)->mutable_constants()->GetMutableObject(0);
  std::string offset = std::to_string(segment->offset());
  segment->mutate_size(std::numeric_limits<uint64_t>::max());
  expectDataLoss(bytes, "constant 0 (offset " + offset +
                            ", size 18446744073709551615) ends past the end "
                            "of the file (" +
                            std::to_string(bytes.size()) + " bytes)");
}

TEST(ArtifactValidation, LibraryCodePastTheEnd) {
  std::vector<uint8_t> bytes = validBytes();
  artifact::Segment *code =
      mutableRoot(bytes)->mutable_kernel_libraries()->GetMutableObject(0)
          ->mutable_code();
  std::string offset = std::to_string(code->offset());
  code->mutate_size(101);
  expectDataLoss(bytes, "kernel library 0 (offset " + offset +
                            ", size 101) ends past the end of the file (" +
                            std::to_string(bytes.size()) + " bytes)");
}

TEST(ArtifactValidation, LibraryWithoutCode) {
  expectDataLoss(rawArtifact([](fb::FlatBufferBuilder &b) {
                   auto library = artifact::CreateKernelLibrary(b);
                   return artifact::CreateArtifact(
                       b, 1, 0, emptySignature(b), 0, 0, 0,
                       b.CreateVector(&library, 1));
                 }),
                 "kernel library 0 has no segment");
}

TEST(ArtifactValidation, KernelSourcesRoundTrip) {
  ArtifactWriter writer = validWriter();
  writer.setLibrarySources(0, {{{"/0/Gemm", "/1/Relu"}, "module {}"},
                               {{}, "module {}"}});
  std::vector<uint8_t> bytes = writer.finish();
  Artifact loaded;
  ASSERT_TRUE(Artifact::load(bytes, loaded).isOk());
  const auto *sources = loaded.library(0).sources();
  ASSERT_TRUE(sources && sources->size() == 2);
  EXPECT_EQ(sources->Get(0)->nodes()->Get(1)->str(), "/1/Relu");
  EXPECT_EQ(sources->Get(1)->mlir()->str(), "module {}");
}

TEST(ArtifactValidation, KernelSourcesNotOnePerEntryPoint) {
  ArtifactWriter writer = validWriter();
  writer.setLibrarySources(0, {{{"/0/Gemm"}, "module {}"}});
  expectDataLoss(writer.finish(),
                 "kernel library 0 has 1 kernel sources for 2 entry points");
}

// --- The buffer plan --------------------------------------------------------

void expectBufferPatch(uint32_t buffer,
                       const std::function<void(artifact::Buffer &)> &patch,
                       const std::string &message) {
  expectPatchError(
      [&](artifact::Artifact &root) {
        patch(*root.mutable_buffers()->GetMutableObject(buffer));
      },
      message);
}

TEST(ArtifactValidation, BufferKindOutOfRange) {
  expectBufferPatch(
      2,
      [](artifact::Buffer &b) {
        b.mutate_kind(static_cast<artifact::BufferKind>(4));
      },
      "buffer 2 has kind 4, which is not a buffer kind");
}

TEST(ArtifactValidation, AlignmentNotAPowerOfTwo) {
  expectBufferPatch(
      3, [](artifact::Buffer &b) { b.mutate_alignment(24); },
      "buffer 3 (arena) has alignment 24, which is not a power of two");
  expectBufferPatch(
      0, [](artifact::Buffer &b) { b.mutate_alignment(0); },
      "buffer 0 (input) has alignment 0, which is not a power of two");
}

TEST(ArtifactValidation, InputIndexOutOfRange) {
  expectBufferPatch(
      0, [](artifact::Buffer &b) { b.mutate_index(1); },
      "buffer 0 (input) names input 1, but the signature has 1 inputs");
}

TEST(ArtifactValidation, OutputIndexOutOfRange) {
  expectBufferPatch(
      1, [](artifact::Buffer &b) { b.mutate_index(5); },
      "buffer 1 (output) names output 5, but the signature has 1 outputs");
}

TEST(ArtifactValidation, InputSizeMismatch) {
  expectBufferPatch(
      0, [](artifact::Buffer &b) { b.mutate_byte_size(20); },
      "buffer 0 (input) has 20 bytes, but input 0 ('x') has 24");
}

TEST(ArtifactValidation, OutputSizeMismatch) {
  expectBufferPatch(
      1, [](artifact::Buffer &b) { b.mutate_byte_size(48); },
      "buffer 1 (output) has 48 bytes, but output 0 ('y') has 24");
}

TEST(ArtifactValidation, ConstantIndexOutOfRange) {
  expectBufferPatch(
      2, [](artifact::Buffer &b) { b.mutate_index(2); },
      "buffer 2 (constant) names constant 2, but the artifact has 2 "
      "constants");
}

TEST(ArtifactValidation, ConstantSizeMismatch) {
  expectBufferPatch(
      2, [](artifact::Buffer &b) { b.mutate_index(1); },
      "buffer 2 (constant) has 24 bytes, but constant 1 has 5");
}

TEST(ArtifactValidation, ConstantOverAligned) {
  expectBufferPatch(
      2, [](artifact::Buffer &b) { b.mutate_alignment(128); },
      "buffer 2 (constant) asks for alignment 128, but constants are aligned "
      "to 64");
}

TEST(ArtifactValidation, ArenaOffsetMisaligned) {
  expectBufferPatch(
      4, [](artifact::Buffer &b) { b.mutate_index(32); },
      "buffer 4 (arena) starts at arena offset 32, which is not a multiple of "
      "its alignment 64");
}

TEST(ArtifactValidation, ArenaBufferPastTheArena) {
  expectBufferPatch(
      4, [](artifact::Buffer &b) { b.mutate_byte_size(40); },
      "buffer 4 (arena) (offset 64, size 40) ends past the arena (96 bytes)");
  expectBufferPatch(
      4,
      [](artifact::Buffer &b) {
        b.mutate_byte_size(std::numeric_limits<uint64_t>::max());
      },
      "buffer 4 (arena) (offset 64, size 18446744073709551615) ends past the "
      "arena (96 bytes)");
}

// --- Kernel libraries and devices ------------------------------------------

TEST(ArtifactValidation, LibraryTargetOutOfRange) {
  expectPatchError(
      [](artifact::Artifact &root) {
        root.mutable_kernel_libraries()->GetMutableObject(0)->mutate_target(
            static_cast<artifact::Target>(3));
      },
      "kernel library 0 has target 3, which is not a target");
}

TEST(ArtifactValidation, LibraryFormatOutOfRange) {
  expectPatchError(
      [](artifact::Artifact &root) {
        root.mutable_kernel_libraries()->GetMutableObject(0)->mutate_format(
            static_cast<artifact::CodeFormat>(9));
      },
      "kernel library 0 has code format 9, which is not a code format");
}

TEST(ArtifactValidation, EmptyEntryPointName) {
  ArtifactWriter writer = validWriter();
  writer.addLibrary(artifact::Target_Cpu,
                    artifact::CodeFormat_ElfSharedObject, {1}, {"f", ""});
  expectDataLoss(writer.finish(),
                 "kernel library 1 entry point 1 has an empty name");
}

TEST(ArtifactValidation, DeviceTargetOutOfRange) {
  expectPatchError(
      [](artifact::Artifact &root) {
        root.mutable_devices()->GetMutableObject(0)->mutate_target(
            static_cast<artifact::Target>(200));
      },
      "device 0 has target 200, which is not a target");
}

TEST(ArtifactValidation, DuplicateDevice) {
  ArtifactWriter writer = validWriter();
  writer.addDevice(artifact::Target_Cpu, 0);
  expectDataLoss(writer.finish(),
                 "device 1 is cpu:0, which an earlier device program already "
                 "is");
}

// --- Commands ---------------------------------------------------------------

artifact::Launch &launchOf(artifact::Artifact &root, uint32_t command) {
  return *static_cast<artifact::Launch *>(root.mutable_devices()
                                              ->GetMutableObject(0)
                                              ->mutable_commands()
                                              ->GetMutableObject(command)
                                              ->mutable_operation());
}

artifact::Copy &copyOf(artifact::Artifact &root, uint32_t command) {
  return *static_cast<artifact::Copy *>(root.mutable_devices()
                                            ->GetMutableObject(0)
                                            ->mutable_commands()
                                            ->GetMutableObject(command)
                                            ->mutable_operation());
}

TEST(ArtifactValidation, CommandWithoutOperation) {
  expectDataLoss(withCommand([](fb::FlatBufferBuilder &b) {
                   return artifact::CreateCommand(b);
                 }),
                 "device 0 command 0 has no operation");
}

TEST(ArtifactValidation, LaunchTagWithoutTable) {
  expectDataLoss(withCommand([](fb::FlatBufferBuilder &b) {
                   return artifact::CreateCommand(
                       b, artifact::Operation_Launch);
                 }),
                 "device 0 command 0 (launch) has no launch table");
}

TEST(ArtifactValidation, UnknownOperationIsUnimplemented) {
  // What an older runtime sees of a command kind added later.
  expectError(withCommand([](fb::FlatBufferBuilder &b) {
                auto future = artifact::CreateCopy(b);
                return artifact::CreateCommand(
                    b, static_cast<artifact::Operation>(4), future.Union());
              }),
              StatusCode::Unimplemented,
              "device 0 command 0 has operation type 4, which this runtime "
              "does not know");
}

TEST(ArtifactValidation, LaunchLibraryOutOfRange) {
  expectPatchError(
      [](artifact::Artifact &root) { launchOf(root, 1).mutate_library(4); },
      "device 0 command 1 (launch): library 4 is out of range; the artifact "
      "has 1 kernel libraries");
}

TEST(ArtifactValidation, LaunchLibraryForAnotherTarget) {
  expectPatchError(
      [](artifact::Artifact &root) {
        root.mutable_kernel_libraries()->GetMutableObject(0)->mutate_target(
            artifact::Target_Cuda);
      },
      "device 0 command 0 (launch): kernel library 0 is for cuda, but the "
      "device is cpu");
}

TEST(ArtifactValidation, LaunchEntryOutOfRange) {
  expectPatchError(
      [](artifact::Artifact &root) { launchOf(root, 0).mutate_entry(2); },
      "device 0 command 0 (launch): entry 2 is out of range; kernel library "
      "0 has 2 entry points");
}

TEST(ArtifactValidation, LaunchArgumentOutOfRange) {
  expectPatchError(
      [](artifact::Artifact &root) {
        launchOf(root, 0).mutable_arguments()->Mutate(2, 17);
      },
      "device 0 command 0 (launch): argument 2 names buffer 17, but the "
      "artifact has 5 buffers");
}

TEST(ArtifactValidation, CopySourceOutOfRange) {
  expectPatchError(
      [](artifact::Artifact &root) { copyOf(root, 2).mutate_source(5); },
      "device 0 command 2 (copy): source names buffer 5, but the artifact "
      "has 5 buffers");
}

TEST(ArtifactValidation, CopyDestinationOutOfRange) {
  expectPatchError(
      [](artifact::Artifact &root) {
        copyOf(root, 2).mutate_destination(99);
      },
      "device 0 command 2 (copy): destination names buffer 99, but the "
      "artifact has 5 buffers");
}

TEST(ArtifactValidation, CopyLargerThanSource) {
  expectPatchError(
      [](artifact::Artifact &root) { copyOf(root, 2).mutate_byte_size(28); },
      "device 0 command 2 (copy): copies 28 bytes, but the source (buffer 3) "
      "has 24");
}

TEST(ArtifactValidation, CopyLargerThanDestination) {
  expectPatchError(
      [](artifact::Artifact &root) {
        copyOf(root, 2).mutate_source(4);
        copyOf(root, 2).mutate_byte_size(32);
      },
      "device 0 command 2 (copy): copies 32 bytes, but the destination "
      "(buffer 1) has 24");
}

// --- Robustness -------------------------------------------------------------

TEST(ArtifactRobustness, EveryTruncationFailsCleanly) {
  std::vector<uint8_t> bytes = validBytes();
  for (size_t length = 0; length < bytes.size(); ++length) {
    std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + length);
    Artifact loaded;
    Status status = Artifact::load(prefix, loaded);
    EXPECT_EQ(status.code(), StatusCode::DataLoss) << "length " << length;
  }
}

/// Whether byte `at` of the valid artifact lies in padding: neither in the
/// flatbuffer nor in a segment.
bool inPadding(const std::vector<uint8_t> &bytes, size_t at) {
  if (at < flatbufferEnd(bytes))
    return false;
  const artifact::Artifact &root =
      *artifact::GetSizePrefixedArtifact(bytes.data());
  auto inside = [&](const artifact::Segment *segment) {
    return at >= segment->offset() &&
           at < segment->offset() + segment->size();
  };
  for (const artifact::Segment *segment : *root.constants())
    if (inside(segment))
      return false;
  for (const artifact::KernelLibrary *library : *root.kernel_libraries())
    if (inside(library->code()))
      return false;
  return true;
}

TEST(ArtifactRobustness, EveryFlippedByteLoadsOrFailsCleanly) {
  std::vector<uint8_t> bytes = validBytes();
  for (bool verify : {true, false}) {
    size_t loaded = 0, failed = 0;
    for (size_t at = 0; at < bytes.size(); ++at) {
      for (uint8_t mask : {0x01, 0x80, 0xff}) {
        std::vector<uint8_t> corrupt = bytes;
        corrupt[at] ^= mask;
        Artifact artifact;
        ArtifactLoadOptions options;
        options.verifyChecksums = verify;
        Status status = Artifact::load(corrupt, artifact, options);
        if (!status.isOk()) {
          EXPECT_FALSE(status.message().empty());
          EXPECT_TRUE(artifact.empty());
          ++failed;
          continue;
        }
        // With checksums, only a flip in padding can load.
        if (verify)
          EXPECT_TRUE(inPadding(bytes, at)) << "byte " << at;
        ++loaded;
        // What loads must be safe to read (ASan builds check the bounds).
        volatile uint8_t sink = 0;
        for (size_t i = 0; i < artifact.constantCount(); ++i) {
          ByteSpan constant = artifact.constant(i);
          for (size_t j = 0; j < constant.size; ++j)
            sink = sink ^ constant.data[j];
        }
      }
    }
    // Flips in padding load (and, without checksums, those in segments);
    // flips in the flatbuffer mostly fail.
    EXPECT_GT(loaded, 0u);
    EXPECT_GT(failed, 0u);
  }
}
