//===- GuardedFloats.h - Floats that end at an unreadable page --*- C++ -*-===//
//
// Part of the Loom project.
//
// For the micro-kernel tests: an input whose last element is followed by a
// page that cannot be read, so that a read past it crashes.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TEST_UKERNELS_GUARDEDFLOATS_H
#define LOOM_TEST_UKERNELS_GUARDEDFLOATS_H

#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>

namespace loom::test {

/// Floats whose last element is the last one before a page that cannot be
/// read or written.
class GuardedFloats {
public:
  explicit GuardedFloats(size_t count) : count(count) {
    size_t page = sysconf(_SC_PAGESIZE);
    dataBytes = (count * sizeof(float) + page - 1) / page * page;
    mapping = mmap(nullptr, dataBytes + page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT_NE(mapping, MAP_FAILED);
    EXPECT_EQ(
        mprotect(static_cast<char *>(mapping) + dataBytes, page, PROT_NONE), 0);
    first =
        reinterpret_cast<float *>(static_cast<char *>(mapping) + dataBytes) -
        count;
  }
  GuardedFloats(const GuardedFloats &) = delete;
  GuardedFloats &operator=(const GuardedFloats &) = delete;
  ~GuardedFloats() { munmap(mapping, dataBytes + sysconf(_SC_PAGESIZE)); }
  float *data() { return first; }
  float &operator[](size_t i) { return first[i]; }

private:
  size_t count, dataBytes = 0;
  void *mapping = nullptr;
  float *first = nullptr;
};

} // namespace loom::test

#endif // LOOM_TEST_UKERNELS_GUARDEDFLOATS_H
