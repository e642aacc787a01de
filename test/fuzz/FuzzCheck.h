//===- FuzzCheck.h - Properties the fuzz targets check -----------*- C++ -*-===//
//
// Part of the Loom project.
//
// A fuzz target fails (aborts, which libFuzzer and the replay driver both
// report as a crash) when a parser breaks a promise it makes beyond "does
// not crash": a rejection must carry a one-line message, and what parses
// must print back to text that parses to the same value.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TEST_FUZZ_FUZZCHECK_H
#define LOOM_TEST_FUZZ_FUZZCHECK_H

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace loom::fuzz {

[[noreturn]] inline void fail(const char *what, std::string_view detail,
                              const char *file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz check failed: %s: %.*s\n", file, line,
               what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

} // namespace loom::fuzz

/// Aborts with `what` and `detail` (text shown with the failure) unless
/// `condition` holds.
#define LOOM_FUZZ_CHECK(condition, what, detail)                              \
  do {                                                                        \
    if (!(condition))                                                         \
      ::loom::fuzz::fail(what, detail, __FILE__, __LINE__);                   \
  } while (false)

/// A rejection's message: not empty, one line.
#define LOOM_FUZZ_CHECK_MESSAGE(message)                                      \
  LOOM_FUZZ_CHECK(!std::string_view(message).empty() &&                       \
                      std::string_view(message).find('\n') ==                 \
                          std::string_view::npos,                             \
                  "an error is one non-empty line", message)

#endif // LOOM_TEST_FUZZ_FUZZCHECK_H
