//===- CubinResourcesTest.cpp - The cubin resource reader against ptxas ---===//
//
// Part of the Loom project.
//
// Compiles a small PTX module with the toolkit's ptxas for sm_80 and sm_90
// and checks what backends/cuda/CubinResources.h reads from each cubin
// against what `ptxas -v` printed while making it, and against
// `cuobjdump --dump-resource-usage` where the toolkit has cuobjdump. The
// module's kernels have known static shared memory, local memory and
// block sizes, which are checked exactly.
//
//===----------------------------------------------------------------------===//

#include "backends/cuda/CubinResources.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace loom::cuda {
namespace {

// shared_tile: 800 bytes of .shared, blocks of exactly 128 threads.
// local_array: a 1 KiB .local array indexed by a parameter, so it stays in
// local memory. small_block: at most 64x2 threads, nothing else.
constexpr const char *kPtx = R"(.version 7.0
.target sm_80
.address_size 64

.visible .entry shared_tile(.param .u64 shared_tile_a) .reqntid 128, 1, 1
{
  .shared .align 4 .b8 tile[800];
  .reg .b32 %r<6>;
  .reg .b64 %rd<4>;
  .reg .f32 %f<3>;
  ld.param.u64 %rd1, [shared_tile_a];
  cvta.to.global.u64 %rd2, %rd1;
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd3, %r1, 4;
  add.s64 %rd2, %rd2, %rd3;
  ld.global.f32 %f1, [%rd2];
  shl.b32 %r2, %r1, 2;
  mov.u32 %r3, tile;
  add.s32 %r4, %r3, %r2;
  st.shared.f32 [%r4], %f1;
  bar.sync 0;
  xor.b32 %r5, %r2, 508;
  add.s32 %r5, %r3, %r5;
  ld.shared.f32 %f2, [%r5];
  st.global.f32 [%rd2], %f2;
  ret;
}

.visible .entry local_array(.param .u64 local_array_a,
                            .param .u32 local_array_k)
{
  .local .align 4 .b8 depot[1024];
  .reg .b32 %r<3>;
  .reg .b64 %rd<6>;
  .reg .f32 %f<3>;
  ld.param.u64 %rd1, [local_array_a];
  ld.param.u32 %r1, [local_array_k];
  cvta.to.global.u64 %rd2, %rd1;
  ld.global.f32 %f1, [%rd2];
  and.b32 %r2, %r1, 1020;
  cvt.u64.u32 %rd3, %r2;
  mov.u64 %rd4, depot;
  add.s64 %rd5, %rd4, %rd3;
  st.local.f32 [%rd5], %f1;
  ld.local.f32 %f2, [%rd4+8];
  st.global.f32 [%rd2], %f2;
  ret;
}

.visible .entry small_block(.param .u64 small_block_a) .maxntid 64, 2, 1
{
  .reg .b64 %rd<3>;
  .reg .f32 %f<3>;
  ld.param.u64 %rd1, [small_block_a];
  cvta.to.global.u64 %rd2, %rd1;
  ld.global.f32 %f1, [%rd2];
  add.f32 %f2, %f1, 0f3F800000;
  st.global.f32 [%rd2], %f2;
  ret;
}
)";

/// What a tool printed about one kernel.
struct Reported {
  uint64_t registers = 0, sharedBytes = 0, localBytes = 0;
};

/// Runs `program` with `args`; its stdout and stderr together, or nullopt
/// (with a test failure) when it fails.
std::optional<std::string> run(llvm::StringRef program,
                               llvm::ArrayRef<llvm::StringRef> args) {
  llvm::SmallString<128> output;
  if (llvm::sys::fs::createTemporaryFile("loom-cubin-test", "txt", output)) {
    ADD_FAILURE() << "no temporary file";
    return std::nullopt;
  }
  llvm::FileRemover remover(output);
  std::vector<llvm::StringRef> argv = {program};
  argv.insert(argv.end(), args.begin(), args.end());
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, output.str(),
                                                output.str()};
  std::string error;
  int status = llvm::sys::ExecuteAndWait(program, argv, std::nullopt, redirects,
                                         0, 0, &error);
  auto text = llvm::MemoryBuffer::getFile(output);
  std::string printed = text ? (*text)->getBuffer().str() : std::string();
  if (status != 0) {
    ADD_FAILURE() << program.str() << " failed (" << status << ", " << error
                  << "):\n"
                  << printed;
    return std::nullopt;
  }
  return printed;
}

/// `ptxas -v`'s lines, per entry function: "Compiling entry function 'K'",
/// then "N bytes stack frame", "Used N registers, ..., N bytes smem, N bytes
/// cumulative stack size" (the last two only when not zero).
llvm::StringMap<Reported> parsePtxasVerbose(llvm::StringRef text) {
  llvm::StringMap<Reported> kernels;
  llvm::Regex entry("Compiling entry function '([^']+)'");
  llvm::Regex frame("([0-9]+) bytes stack frame");
  llvm::Regex used("Used ([0-9]+) registers");
  llvm::Regex smem("([0-9]+) bytes smem");
  llvm::Regex cumulative("([0-9]+) bytes cumulative stack size");
  Reported *current = nullptr;
  llvm::SmallVector<llvm::StringRef> lines, match;
  text.split(lines, '\n');
  for (llvm::StringRef line : lines) {
    auto value = [&](llvm::Regex &regex) -> std::optional<uint64_t> {
      uint64_t number;
      if (!regex.match(line, &match) || match[1].getAsInteger(10, number))
        return std::nullopt;
      return number;
    };
    if (entry.match(line, &match)) {
      current = &kernels[match[1]];
      continue;
    }
    if (!current)
      continue;
    if (auto bytes = value(frame))
      current->localBytes = std::max(current->localBytes, *bytes);
    if (auto count = value(used))
      current->registers = *count;
    if (auto bytes = value(smem))
      current->sharedBytes = *bytes;
    if (auto bytes = value(cumulative))
      current->localBytes = std::max(current->localBytes, *bytes);
  }
  return kernels;
}

/// `cuobjdump --dump-resource-usage`: "Function K:" then "REG:N STACK:N
/// SHARED:N LOCAL:N ...".
llvm::StringMap<Reported> parseCuobjdump(llvm::StringRef text) {
  llvm::StringMap<Reported> kernels;
  llvm::Regex function("Function ([^ :]+):");
  llvm::Regex usage("REG:([0-9]+) STACK:([0-9]+) SHARED:([0-9]+) "
                    "LOCAL:([0-9]+)");
  Reported *current = nullptr;
  llvm::SmallVector<llvm::StringRef> lines, match;
  text.split(lines, '\n');
  for (llvm::StringRef line : lines) {
    if (function.match(line, &match)) {
      current = &kernels[match[1]];
    } else if (current && usage.match(line, &match)) {
      uint64_t stack = 0, local = 0;
      match[1].getAsInteger(10, current->registers);
      match[2].getAsInteger(10, stack);
      match[3].getAsInteger(10, current->sharedBytes);
      match[4].getAsInteger(10, local);
      current->localBytes = stack + local;
    }
  }
  return kernels;
}

/// kPtx compiled by ptxas for one architecture, in a temporary file.
class CompiledCubin {
public:
  explicit CompiledCubin(const std::string &arch) {
    llvm::SmallString<128> ptxas(LOOM_CUDA_ROOT);
    llvm::sys::path::append(ptxas, "bin", "ptxas");
    llvm::SmallString<128> ptx;
    if (llvm::sys::fs::createTemporaryFile("loom-cubin-test", "ptx", ptx) ||
        llvm::sys::fs::createTemporaryFile("loom-cubin-test", "cubin", path)) {
      ADD_FAILURE() << "no temporary file";
      return;
    }
    llvm::FileRemover ptxRemover(ptx);
    remover.setFile(path);
    {
      std::error_code error;
      llvm::raw_fd_ostream os(ptx, error);
      os << kPtx;
    }
    if (std::optional<std::string> printed =
            run(ptxas, {"-v", "-arch=" + arch, ptx.str(), "-o", path.str()}))
      verbose = std::move(*printed);
    if (auto buffer = llvm::MemoryBuffer::getFile(path))
      bytes = (*buffer)->getBuffer().str();
  }

  llvm::SmallString<128> path;
  /// What ptxas -v printed.
  std::string verbose;
  std::string bytes;

private:
  llvm::FileRemover remover;
};

class CubinResourcesTest : public ::testing::TestWithParam<const char *> {};

TEST_P(CubinResourcesTest, MatchesWhatPtxasReported) {
  std::string arch = GetParam();
  CompiledCubin cubin(arch);
  ASSERT_FALSE(cubin.bytes.empty());
  const std::string &verbose = cubin.verbose;
  llvm::StringMap<Reported> expected = parsePtxasVerbose(verbose);
  ASSERT_EQ(expected.size(), 3u) << verbose;

  llvm::Expected<std::vector<CubinFunctionResources>> functions =
      readCubinResources(cubin.bytes);
  ASSERT_TRUE(static_cast<bool>(functions))
      << llvm::toString(functions.takeError());
  llvm::StringMap<CubinFunctionResources> read;
  for (const CubinFunctionResources &function : *functions)
    read[function.name] = function;
  ASSERT_EQ(read.size(), 3u);

  for (const auto &[name, reported] : expected) {
    SCOPED_TRACE(name.str() + " for " + arch + ":\n" + verbose);
    ASSERT_TRUE(read.contains(name));
    const CubinFunctionResources &function = read[name];
    EXPECT_EQ(function.registers, reported.registers);
    EXPECT_GT(function.registers, 0u);
    EXPECT_EQ(function.sharedBytes, reported.sharedBytes);
    EXPECT_EQ(function.localBytes, reported.localBytes);
  }
  // What the PTX declares.
  EXPECT_EQ(read["shared_tile"].sharedBytes, 800u);
  EXPECT_EQ(read["shared_tile"].localBytes, 0u);
  EXPECT_EQ(read["shared_tile"].maxThreads, 128u);
  EXPECT_EQ(read["local_array"].sharedBytes, 0u);
  EXPECT_EQ(read["local_array"].localBytes, 1024u);
  EXPECT_EQ(read["local_array"].maxThreads, 0u);
  EXPECT_EQ(read["small_block"].maxThreads, 128u);
  EXPECT_EQ(read["small_block"].localBytes, 0u);

  // cuobjdump is the reference where the toolkit has it. On sm_90 and
  // newer it may count the 1 KiB the driver reserves per block in a
  // kernel's shared memory, which ptxas -v and the reader leave out.
  llvm::SmallString<128> cuobjdump(LOOM_CUDA_ROOT);
  llvm::sys::path::append(cuobjdump, "bin", "cuobjdump");
  if (!llvm::sys::fs::can_execute(cuobjdump))
    return;
  std::optional<std::string> dump =
      run(cuobjdump, {"--dump-resource-usage", cubin.path.str()});
  ASSERT_TRUE(dump);
  llvm::StringMap<Reported> dumped = parseCuobjdump(*dump);
  ASSERT_EQ(dumped.size(), 3u) << *dump;
  for (const auto &[name, reported] : dumped) {
    SCOPED_TRACE(name.str() + " for " + arch + ":\n" + *dump);
    const CubinFunctionResources &function = read[name];
    EXPECT_EQ(function.registers, reported.registers);
    EXPECT_EQ(function.localBytes, reported.localBytes);
    if (reported.sharedBytes != function.sharedBytes)
      EXPECT_EQ(reported.sharedBytes, function.sharedBytes + 1024);
  }
}

INSTANTIATE_TEST_SUITE_P(Architectures, CubinResourcesTest,
                         ::testing::Values("sm_80", "sm_90"));

/// The message of reading `cubin`, which must fail.
std::string readError(llvm::StringRef cubin) {
  llvm::Expected<std::vector<CubinFunctionResources>> functions =
      readCubinResources(cubin);
  if (functions) {
    ADD_FAILURE() << "read " << functions->size() << " functions";
    return {};
  }
  return llvm::toString(functions.takeError());
}

TEST(CubinResources, RefusesWhatIsNotACubin) {
  EXPECT_FALSE(readError("not an ELF file").empty());
}

TEST(CubinResources, RefusesBrokenInfoRecords) {
  CompiledCubin cubin("sm_80");
  ASSERT_FALSE(cubin.bytes.empty());
  auto file = llvm::object::ELF64LEFile::create(cubin.bytes);
  ASSERT_TRUE(static_cast<bool>(file));
  uint64_t offset = 0;
  for (const auto &section : cantFail(file->sections()))
    if (cantFail(file->getSectionName(section)) == ".nv.info")
      offset = section.sh_offset;
  ASSERT_NE(offset, 0u);
  // Its first record has a payload (EIFMT_SVAL, EIATTR_REGCOUNT).
  ASSERT_EQ(cubin.bytes[offset], 4);

  std::string unknownFormat = cubin.bytes;
  unknownFormat[offset] = 9;
  EXPECT_NE(readError(unknownFormat)
                .find(".nv.info: unknown record format 9 at byte 0"),
            std::string::npos);

  std::string pastTheEnd = cubin.bytes;
  pastTheEnd[offset + 2] = pastTheEnd[offset + 3] = '\xff';
  EXPECT_NE(
      readError(pastTheEnd)
          .find(".nv.info: a 65535-byte payload runs past the section's end"),
      std::string::npos);
}

} // namespace
} // namespace loom::cuda
