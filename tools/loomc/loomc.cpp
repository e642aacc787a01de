//===- loomc.cpp - The Loom compiler driver ----------------------------------===//
//
// Part of the Loom project.
//
// loomc MODEL(.onnx|.mlir) --emit=loom [-o FILE] [--input-shape=NAME:DIMS]
//
// Imports the model, fixes its input shapes, simplifies the graph and writes
// it as MLIR. Code generation (other --emit kinds, artifacts) is not built
// yet. Every error names the model and the node or location, and the exit
// code is 1.
//
//===----------------------------------------------------------------------===//

#include "tools/loomc/Driver.h"

#include <cstdlib>

#ifdef __linux__
#include <climits>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace {

/// A model's weights pass through a few buffers of their size (the parsed
/// ONNX file, the constants, the artifact), and on a VM each first touch of
/// a 4 KiB page is a costly fault. Where transparent huge pages are
/// "madvise" (Debian's and Ubuntu's default), glibc's malloc asks for them
/// only with the tunable glibc.malloc.hugetlb=1: ViT-B/16 compiled in
/// 4.9 s with it and 7.6 s without (docs/cpu-backend.md, "Compile time").
/// So loomc runs itself once more with it when a model file on its command
/// line is large (a second start costs what loomc's start does, 0.3-0.6 s
/// on that VM, more than a small model's faults), unless the environment
/// already sets glibc's tunables or preloads a library (valgrind, a
/// sanitizer's runtime), which are left as they are. Should that fail, it
/// compiles without.
void reexecWithHugePages(int argc, char **argv) {
#if defined(__linux__) && defined(__GLIBC__)
  if (std::getenv("GLIBC_TUNABLES") || std::getenv("LD_PRELOAD"))
    return;
  constexpr off_t kLargeModelBytes = off_t(64) << 20;
  bool large = false;
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] == '-') {
      if (std::strcmp(argv[i], "-o") == 0)
        ++i; // the output, not a model
      continue;
    }
    struct stat info;
    if (::stat(argv[i], &info) == 0 && S_ISREG(info.st_mode) &&
        info.st_size >= kLargeModelBytes)
      large = true;
  }
  if (!large)
    return;
  char self[PATH_MAX];
  ssize_t length = ::readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (length <= 0)
    return;
  self[length] = '\0';
  if (::setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) != 0)
    return;
  ::execv(self, argv);
#else
  (void)argc;
  (void)argv;
#endif
}

} // namespace

int main(int argc, char **argv) {
  reexecWithHugePages(argc, argv);
  return loom::loomcMain(argc, argv);
}
