//===- Guarded.h - Arrays that end at an unreadable page --------*- C++ -*-===//
//
// Part of the Loom project.
//
// For the micro-kernel tests: an operand whose last element is followed by
// a page that cannot be read or written, so that an access past it
// crashes; or, with Guard::Start, whose first element follows such a page,
// so that an access before it crashes.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TEST_UKERNELS_GUARDED_H
#define LOOM_TEST_UKERNELS_GUARDED_H

#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>

namespace loom::test {

/// Which end of a Guarded array meets the unreadable page.
enum class Guard { End, Start };

/// `count` elements of T whose last one is the last before a page that
/// cannot be read or written (or, with Guard::Start, whose first one is the
/// first after such a page).
template <typename T> class Guarded {
public:
  explicit Guarded(size_t count, Guard guard = Guard::End) {
    size_t page = sysconf(_SC_PAGESIZE);
    dataBytes =
        (std::max<size_t>(count, 1) * sizeof(T) + page - 1) / page * page;
    mapping = mmap(nullptr, dataBytes + page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT_NE(mapping, MAP_FAILED);
    char *bytes = static_cast<char *>(mapping);
    if (guard == Guard::Start) {
      EXPECT_EQ(mprotect(bytes, page, PROT_NONE), 0);
      first = reinterpret_cast<T *>(bytes + page);
    } else {
      EXPECT_EQ(mprotect(bytes + dataBytes, page, PROT_NONE), 0);
      first = reinterpret_cast<T *>(bytes + dataBytes) - count;
    }
  }
  Guarded(const Guarded &) = delete;
  Guarded &operator=(const Guarded &) = delete;
  ~Guarded() { munmap(mapping, dataBytes + sysconf(_SC_PAGESIZE)); }
  T *data() { return first; }
  T &operator[](size_t i) { return first[i]; }

private:
  size_t dataBytes = 0;
  void *mapping = nullptr;
  T *first = nullptr;
};

using GuardedFloats = Guarded<float>;

} // namespace loom::test

#endif // LOOM_TEST_UKERNELS_GUARDED_H
