//===- ArtifactLoadBench.cpp - What verifying checksums costs at load ----===//
//
// Part of the Loom project.
//
// loom-artifact-load-bench [MEGABYTES] [RUNS]
//
// Writes an artifact with MEGABYTES (default 100) of constants in 16 MiB
// pieces and a 1 MiB code segment, then times, as the median of RUNS
// (default 5) runs, with the file in the page cache and then evicted from
// it before each run (posix_fadvise DONTNEED, as after a reboot):
//   mmap+touch: mapping the file and reading one byte of every page;
//   mmap+read:  mapping it and reading every 8-byte word, what any check of
//               every byte, or a run that uses every constant, costs;
//   trusted:    Artifact::loadFile without checksums (the mapping is lazy);
//   verified:   Artifact::loadFile with checksums, which hashes every byte;
// and xxh3, the checksum alone over bytes already in memory.
// docs/artifact.md quotes its numbers. Not a ctest: it writes 100 MB.
//
//===----------------------------------------------------------------------===//

#include "runtime/Artifact.h"
#include "runtime/ArtifactWriter.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <sys/mman.h>
#include <unistd.h>

using namespace loom;

namespace {

double medianMs(int runs, const std::function<void()> &body) {
  std::vector<double> times;
  for (int run = 0; run < runs; ++run) {
    auto start = std::chrono::steady_clock::now();
    body();
    times.push_back(std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

uint64_t touch(const uint8_t *data, size_t size) {
  uint64_t sum = 0;
  for (size_t at = 0; at < size; at += 4096)
    sum += data[at];
  return sum;
}

uint64_t readAll(const uint8_t *data, size_t size) {
  const auto *words = reinterpret_cast<const uint64_t *>(data);
  uint64_t sum = 0;
  for (size_t i = 0; i < size / 8; ++i)
    sum += words[i];
  return sum;
}

/// Drops the file's pages from the page cache.
void evict(const std::string &path) {
  int fd = open(path.c_str(), O_RDONLY);
  posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  close(fd);
}

} // namespace

int main(int argc, char **argv) {
  size_t megabytes = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100;
  int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  ArtifactWriter writer("loom-artifact-load-bench");
  writer.addInput("x", DType::F32, {4});
  writer.addOutput("y", DType::F32, {4});
  size_t left = megabytes << 20, piece = size_t(16) << 20;
  uint8_t seed = 1;
  while (left) {
    size_t size = std::min(left, piece);
    ByteBuffer bytes(size);
    for (size_t i = 0; i < size; ++i)
      bytes[i] = static_cast<uint8_t>(seed + i * 7);
    writer.addConstant(std::move(bytes));
    left -= size;
    ++seed;
  }
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    ByteBuffer(1 << 20, 0x90), {"f"});
  ByteBuffer file = writer.finish();
  std::string path = "/tmp/loom-artifact-load-bench-" +
                     std::to_string(getpid()) + ".loom";
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char *>(file.data()), file.size());

  volatile uint64_t sink = 0;
  ArtifactLoadOptions trusted;
  trusted.verifyChecksums = false;
  auto load = [&](const ArtifactLoadOptions &options, bool touchPages) {
    Artifact artifact;
    Status status = Artifact::loadFile(path, artifact, options);
    if (!status.isOk()) {
      std::fprintf(stderr, "%s\n", status.message().c_str());
      std::exit(1);
    }
    if (touchPages)
      sink = sink + touch(artifact.bytes().data, artifact.bytes().size);
  };
  auto mapped = [&](const std::function<uint64_t(const uint8_t *, size_t)>
                        &read) {
    int fd = open(path.c_str(), O_RDONLY);
    void *map = mmap(nullptr, file.size(), PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    sink = sink + read(static_cast<const uint8_t *>(map), file.size());
    munmap(map, file.size());
  };
  std::printf("%.1f MB artifact, median of %d runs, in ms:\n",
              file.size() / 1e6, runs);
  for (bool cold : {false, true}) {
    if (!cold)
      load(ArtifactLoadOptions(), false); // warm the page cache
    auto timed = [&](const std::function<void()> &body) {
      return medianMs(runs, [&] {
        if (cold)
          evict(path);
        body();
      });
    };
    double mmapTouch = timed([&] { mapped(touch); });
    double mmapRead = timed([&] { mapped(readAll); });
    double lazy = timed([&] { load(trusted, false); });
    double verified = timed([&] { load(ArtifactLoadOptions(), false); });
    // The eviction itself is timed too; it is small next to a read.
    std::printf("  %s: mmap+touch %.2f  mmap+read %.2f  trusted %.3f  "
                "verified %.2f\n",
                cold ? "evicted before each run" : "in the page cache",
                mmapTouch, mmapRead, lazy, verified);
  }
  double hash = medianMs(
      runs, [&] { sink = sink + artifactChecksum(file.data(), file.size()); });
  std::printf("  xxh3 over memory: %.2f (%.1f GB/s)\n", hash,
              file.size() / hash / 1e6);
  std::remove(path.c_str());
  return 0;
}
