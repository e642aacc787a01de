//===- ArtifactTrustTest.cpp - What the loader refuses to trust ----------===//
//
// Part of the Loom project.
//
// The loader's checks that keep a loaded artifact from harming its caller:
// no command writes a read-only buffer (a constant lies in the file's
// read-only mapping, an input is the caller's data), no launch has an empty
// grid, and, unless the caller trusts the file, every bit of the flatbuffer
// and of every constant and code segment is covered by a checksum, so a
// damaged file is refused with one line before any of it runs.
//
//===----------------------------------------------------------------------===//

#include "runtime/Artifact.h"
#include "runtime/ArtifactWriter.h"
#include "runtime/loom_runtime.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <unistd.h>

using namespace loom;

namespace {

constexpr auto Read = artifact::ArgumentAccess_Read;
constexpr auto Write = artifact::ArgumentAccess_Write;

ByteBuffer pattern(size_t size, uint8_t seed) {
  ByteBuffer bytes(size);
  for (size_t i = 0; i < size; ++i)
    bytes[i] = static_cast<uint8_t>(seed + 7 * i);
  return bytes;
}

/// What a test changes in the valid artifact below.
struct Tweaks {
  std::vector<uint32_t> arguments = {0, 2, 3};
  std::vector<artifact::ArgumentAccess> access = {Read, Read, Write};
  std::vector<uint32_t> workgroups = {2, 1, 1};
  uint32_t copySource = 3, copyDestination = 1;
};

/// y = f(x, c) on one CPU: buffers 0 input, 1 output, 2 constant, 3 arena;
/// a launch of (x, c) -> arena, then a copy of the arena to y.
ByteBuffer artifactBytes(const Tweaks &t = Tweaks()) {
  ArtifactWriter writer("loom-test 1.0");
  writer.addInput("x", DType::F32, {2, 3});
  writer.addOutput("y", DType::F32, {2, 3});
  writer.addConstant(pattern(24, 1));
  writer.addConstant(pattern(200, 2));
  writer.addBuffer(artifact::BufferKind_Input, 0, 24, 4);
  writer.addBuffer(artifact::BufferKind_Output, 0, 24, 4);
  writer.addBuffer(artifact::BufferKind_Constant, 0, 24, 64);
  writer.addBuffer(artifact::BufferKind_Arena, 0, 24, 64);
  writer.setArenaSize(64);
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    pattern(300, 3), {"f"});
  uint32_t cpu = writer.addDevice(artifact::Target_Cpu, 0);
  writer.addLaunch(cpu, 0, 0, t.arguments, t.workgroups, t.access);
  writer.addCopy(cpu, t.copySource, t.copyDestination, 24);
  return writer.finish();
}

Status load(const ByteBuffer &bytes, bool verify = true) {
  Artifact artifact;
  ArtifactLoadOptions options;
  options.verifyChecksums = verify;
  Status status = Artifact::load(bytes, artifact, options);
  EXPECT_EQ(status.isOk(), !artifact.empty());
  return status;
}

void expectDataLoss(const ByteBuffer &bytes, const std::string &message) {
  Status status = load(bytes);
  EXPECT_EQ(status.code(), StatusCode::DataLoss);
  EXPECT_EQ(status.message(), message);
}

TEST(ArtifactTrust, TheValidArtifactLoads) {
  Status status = load(artifactBytes());
  EXPECT_TRUE(status.isOk()) << status.message();
}

// --- Writes into read-only buffers ------------------------------------------

TEST(ArtifactTrust, LaunchMayNotWriteAConstant) {
  Tweaks t;
  t.access = {Read, Write, Write};
  expectDataLoss(artifactBytes(t),
                 "device 0 command 0 (launch): argument 1, which the kernel "
                 "writes, is buffer 2, a constant, which is read-only");
}

TEST(ArtifactTrust, LaunchMayNotWriteAnInput) {
  Tweaks t;
  t.access = {Write, Read, Write};
  expectDataLoss(artifactBytes(t),
                 "device 0 command 0 (launch): argument 0, which the kernel "
                 "writes, is buffer 0, an input, which is read-only");
}

TEST(ArtifactTrust, LaunchMayReadConstantsAndInputsAndWriteOutputs) {
  Tweaks t;
  t.arguments = {0, 2, 1};
  Status status = load(artifactBytes(t));
  EXPECT_TRUE(status.isOk()) << status.message();
}

TEST(ArtifactTrust, LaunchAccessNeedsOneEntryPerArgument) {
  Tweaks t;
  t.access = {Read, Write};
  expectDataLoss(artifactBytes(t), "device 0 command 0 (launch): access has "
                                   "2 entries, but the launch has 3 arguments");
}

TEST(ArtifactTrust, LaunchAccessMustBeKnown) {
  Tweaks t;
  t.access = {Read, Read, static_cast<artifact::ArgumentAccess>(2)};
  expectDataLoss(artifactBytes(t), "device 0 command 0 (launch): access 2 "
                                   "is 2, which is not an argument access");
}

TEST(ArtifactTrust, LaunchWithoutAccessIsNotChecked) {
  // Files written before Launch.access existed cannot say what is written.
  Tweaks t;
  t.access = {};
  Status status = load(artifactBytes(t));
  EXPECT_TRUE(status.isOk()) << status.message();
}

TEST(ArtifactTrust, CopyMayNotWriteAConstant) {
  Tweaks t;
  t.copyDestination = 2;
  expectDataLoss(artifactBytes(t), "device 0 command 1 (copy): the "
                                   "destination is buffer 2, a constant, "
                                   "which is read-only");
}

TEST(ArtifactTrust, CopyMayNotWriteAnInput) {
  Tweaks t;
  t.copyDestination = 0;
  expectDataLoss(artifactBytes(t), "device 0 command 1 (copy): the "
                                   "destination is buffer 0, an input, which "
                                   "is read-only");
}

TEST(ArtifactTrust, CopyMayReadAConstant) {
  Tweaks t;
  t.copySource = 2;
  Status status = load(artifactBytes(t));
  EXPECT_TRUE(status.isOk()) << status.message();
}

// --- Grids ------------------------------------------------------------------

TEST(ArtifactTrust, GridDimensionsMayNotBeZero) {
  for (size_t d = 0; d < 3; ++d) {
    Tweaks t;
    t.workgroups[d] = 0;
    expectDataLoss(artifactBytes(t),
                   "device 0 command 0 (launch): workgroups dimension " +
                       std::to_string(d) +
                       " is 0; every dimension of a grid has at least one "
                       "workgroup");
  }
}

TEST(ArtifactTrust, ShortGridsAreStillFine) {
  Tweaks t;
  t.workgroups = {};
  Status status = load(artifactBytes(t));
  EXPECT_TRUE(status.isOk()) << status.message();
}

// --- Checksums --------------------------------------------------------------

uint64_t flatbufferEnd(const ByteBuffer &bytes) {
  return flatbuffers::ReadScalar<uint32_t>(bytes.data()) + 4;
}

const artifact::Artifact &root(const ByteBuffer &bytes) {
  return *artifact::GetSizePrefixedArtifact(bytes.data());
}

TEST(ArtifactChecksums, EveryBitOfEverySegmentIsCovered) {
  ByteBuffer bytes = artifactBytes();
  const artifact::Artifact &table = root(bytes);
  struct Range {
    std::string name;
    const artifact::Segment *segment;
  };
  std::vector<Range> ranges = {{"constant 0", table.constants()->Get(0)},
                               {"constant 1", table.constants()->Get(1)},
                               {"the code of kernel library 0",
                                table.kernel_libraries()->Get(0)->code()}};
  for (const Range &range : ranges) {
    uint64_t offset = range.segment->offset(), size = range.segment->size();
    std::string message = "the artifact is damaged: " + range.name + " (" +
                          std::to_string(size) + " bytes at offset " +
                          std::to_string(offset) +
                          ") does not match its checksum";
    for (uint64_t at = offset; at < offset + size; ++at)
      for (int bit = 0; bit < 8; ++bit) {
        ByteBuffer damaged = bytes;
        damaged[at] ^= uint8_t(1u << bit);
        Status status = load(damaged);
        ASSERT_EQ(status.code(), StatusCode::DataLoss)
            << range.name << " byte " << at << " bit " << bit;
        ASSERT_EQ(status.message(), message);
        // A caller that trusts the file skips the checksums, and loads it.
        ASSERT_TRUE(load(damaged, /*verify=*/false).isOk());
      }
  }
}

TEST(ArtifactChecksums, EveryBitOfTheFlatbufferIsCovered) {
  ByteBuffer bytes = artifactBytes();
  uint64_t end = flatbufferEnd(bytes);
  size_t refused = 0;
  for (uint64_t at = 0; at < end; ++at)
    for (int bit = 0; bit < 8; ++bit) {
      ByteBuffer damaged = bytes;
      damaged[at] ^= uint8_t(1u << bit);
      Status status = load(damaged);
      ASSERT_FALSE(status.isOk()) << "byte " << at << " bit " << bit;
      ASSERT_EQ(status.message().find('\n'), std::string::npos);
      refused += status.message().find("the artifact is damaged") == 0;
    }
  // A flip the verifier or the header checks catch first is refused with
  // their message; most reach the checksum.
  EXPECT_GT(refused, end * 8 / 2);
}

TEST(ArtifactChecksums, TheChecksumFieldItselfIsCovered) {
  ByteBuffer bytes = artifactBytes();
  artifact::GetMutableSizePrefixedArtifact(bytes.data())
      ->mutate_checksum(root(bytes).checksum() + 1);
  expectDataLoss(bytes, "the artifact is damaged: its flatbuffer (bytes 0 "
                        "to " + std::to_string(flatbufferEnd(bytes)) +
                            ") does not match its checksum");
}

TEST(ArtifactChecksums, FilesWithoutChecksumsLoadOnlyWhenTrusted) {
  ByteBuffer bytes = artifactBytes();
  artifact::GetMutableSizePrefixedArtifact(bytes.data())
      ->mutate_checksum_kind(artifact::ChecksumKind_None);
  expectDataLoss(bytes,
                 "the artifact has no checksums (it was written before Loom "
                 "recorded them, or is damaged): recompile it, or skip "
                 "verification if you trust the file (loom-run "
                 "--skip-checksums)");
  EXPECT_TRUE(load(bytes, /*verify=*/false).isOk());
}

TEST(ArtifactChecksums, UnknownChecksumKindsAreUnimplemented) {
  ByteBuffer bytes = artifactBytes();
  artifact::GetMutableSizePrefixedArtifact(bytes.data())
      ->mutate_checksum_kind(static_cast<artifact::ChecksumKind>(9));
  Status status = load(bytes);
  EXPECT_EQ(status.code(), StatusCode::Unimplemented);
  EXPECT_EQ(status.message(), "the artifact's checksums are of kind 9, which "
                              "this runtime does not know");
}

TEST(ArtifactChecksums, OneChecksumPerConstant) {
  // The checksum vector's length word patched from 2 to 1, and the
  // flatbuffer's checksum recomputed, as a writer that lost one would.
  ByteBuffer bytes = artifactBytes();
  const auto *sums = root(bytes).constant_checksums();
  ASSERT_EQ(sums->size(), 2u);
  size_t lengthAt = reinterpret_cast<const uint8_t *>(sums) - bytes.data();
  flatbuffers::WriteScalar<uint32_t>(bytes.data() + lengthAt, 1);
  ByteBuffer resealed = bytes;
  size_t hole = reinterpret_cast<const uint8_t *>(
                    reinterpret_cast<const flatbuffers::Table &>(
                        root(resealed))
                        .GetAddressOf(artifact::Artifact::VT_CHECKSUM)) -
                resealed.data();
  artifact::GetMutableSizePrefixedArtifact(resealed.data())
      ->mutate_checksum(
          artifactChecksum(resealed.data(), flatbufferEnd(resealed), hole));
  expectDataLoss(resealed,
                 "the artifact records 1 constant checksums for 2 constants");
}

TEST(ArtifactChecksums, LoadFileVerifiesAndCanTrust) {
  ByteBuffer bytes = artifactBytes();
  const artifact::Segment *code =
      root(bytes).kernel_libraries()->Get(0)->code();
  bytes[code->offset() + 17] ^= 0x10;
  char path[] = "/tmp/loom-artifact-trust-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, bytes.data(), bytes.size()), ssize_t(bytes.size()));
  close(fd);
  Artifact artifact;
  Status status = Artifact::loadFile(path, artifact);
  EXPECT_EQ(status.code(), StatusCode::DataLoss);
  EXPECT_EQ(status.message(),
            std::string(path) + ": the artifact is damaged: the code of "
                                "kernel library 0 (300 bytes at offset " +
                std::to_string(code->offset()) +
                ") does not match its checksum");
  ArtifactLoadOptions trusted;
  trusted.verifyChecksums = false;
  status = Artifact::loadFile(path, artifact, trusted);
  EXPECT_TRUE(status.isOk()) << status.message();

  // The same through the C API.
  loom_artifact_t *loaded = nullptr;
  loom_status_t refused = loom_artifact_load_file(path, &loaded);
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(loom_status_code(refused), LOOM_STATUS_DATA_LOSS);
  EXPECT_NE(std::string(loom_status_message(refused)).find("is damaged"),
            std::string::npos);
  loom_status_free(refused);
  EXPECT_EQ(loaded, nullptr);
  refused = loom_artifact_load_file_with_flags(path, 0, &loaded);
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(loom_status_code(refused), LOOM_STATUS_DATA_LOSS);
  loom_status_free(refused);
  loom_status_t ok = loom_artifact_load_file_with_flags(
      path, LOOM_ARTIFACT_SKIP_CHECKSUMS, &loaded);
  EXPECT_EQ(ok, nullptr) << loom_status_message(ok);
  EXPECT_NE(loaded, nullptr);
  loom_artifact_release(loaded);
  loom_status_t unknown = loom_artifact_load_file_with_flags(path, 6, &loaded);
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(loom_status_code(unknown), LOOM_STATUS_INVALID_ARGUMENT);
  EXPECT_STREQ(loom_status_message(unknown), "unknown artifact load flags 6");
  loom_status_free(unknown);
  std::remove(path);
}

} // namespace
