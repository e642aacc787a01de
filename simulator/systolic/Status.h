//===- Status.h - Error values of the systolic simulator ---------*- C++ -*-===//
//
// Part of the Loom project.
//
// The simulator library never throws: every operation that can fail on user
// input (a config, a topology, a program, a run) returns a Status or a
// Result<T> whose message names the file, line or instruction at fault. The
// runtime links this library, so it must stay free of exceptions and LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_STATUS_H
#define LOOM_SIMULATOR_SYSTOLIC_STATUS_H

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace loom::systolic {

/// Success, or a failure with a complete, user-facing message.
class [[nodiscard]] Status {
public:
  static Status success() { return Status(); }
  static Status failure(std::string message) {
    Status status;
    status.failed = true;
    status.text = std::move(message);
    return status;
  }

  bool ok() const { return !failed; }
  const std::string &message() const { return text; }

private:
  bool failed = false;
  std::string text;
};

/// A value, or the Status explaining why there is none.
template <typename T> class [[nodiscard]] Result {
public:
  Result(T value) : stored(std::move(value)) {}
  Result(Status status) : error(std::move(status)) {
    assert(!error.ok() && "a Result built from a Status must be a failure");
  }

  bool ok() const { return stored.has_value(); }
  const Status &status() const { return error; }
  const std::string &message() const { return error.message(); }

  T &value() {
    assert(ok());
    return *stored;
  }
  const T &value() const {
    assert(ok());
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

} // namespace loom::systolic

/// Propagates a failed Status out of the enclosing function.
#define LOOM_SYSTOLIC_RETURN_IF_ERROR(expr)                                    \
  do {                                                                         \
    ::loom::systolic::Status loomStatus_ = (expr);                             \
    if (!loomStatus_.ok())                                                     \
      return loomStatus_;                                                      \
  } while (false)

#endif // LOOM_SIMULATOR_SYSTOLIC_STATUS_H
