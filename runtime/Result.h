//===- Result.h - A value or the Status explaining its absence ---*- C++
//-*-===//
//
// Part of the Loom project.
//
// What an operation that produces a value and can fail returns: the value,
// or a failed Status. Header-only, like Status.h, so the LLVM-free simulator
// libraries that include it link nothing of the runtime.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_RESULT_H
#define LOOM_RUNTIME_RESULT_H

#include "runtime/Status.h"

#include <cassert>
#include <optional>
#include <utility>

namespace loom {

template <typename T> class [[nodiscard]] Result {
public:
  Result(T value) : stored(std::move(value)) {}
  Result(Status status) : error(std::move(status)) {
    assert(!error.isOk() && "a Result built from a Status must be a failure");
  }

  bool isOk() const { return stored.has_value(); }
  /// Ok when there is a value.
  const Status &status() const { return error; }
  const std::string &message() const { return error.message(); }

  T &value() {
    assert(isOk());
    return *stored;
  }
  const T &value() const {
    assert(isOk());
    return *stored;
  }
  T &operator*() { return value(); }
  const T &operator*() const { return value(); }
  T *operator->() { return &value(); }
  const T *operator->() const { return &value(); }

private:
  std::optional<T> stored;
  Status error;
};

} // namespace loom

#endif // LOOM_RUNTIME_RESULT_H
