//===- Status.h - Results of runtime operations ------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// What a runtime operation that can fail returns: a code and a one-line
// message. It is [[nodiscard]] so a failure cannot be dropped silently, and
// it maps one to one onto the C API's status codes, so nothing throws across
// the C boundary.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_STATUS_H
#define LOOM_RUNTIME_STATUS_H

#include <string>
#include <utility>

namespace loom {

enum class StatusCode : int {
  /// Success; the message is empty.
  Ok = 0,
  /// The caller passed something unusable (a null pointer, an index past
  /// the end); retrying with the same arguments fails again.
  InvalidArgument = 1,
  /// The data is corrupt or truncated: an artifact that fails verification
  /// or whose offsets, sizes or indices are out of bounds.
  DataLoss = 2,
  /// Well formed, but asks for something this runtime does not have: a newer
  /// schema version, an unknown command kind.
  Unimplemented = 3,
  /// A named thing (a file) does not exist.
  NotFound = 4,
  /// A value lies outside the range the operation accepts, e.g. a file too
  /// large to map.
  OutOfRange = 5,
  /// Memory ran out, e.g. for a model's scratch arena.
  ResourceExhausted = 6,
  /// A kernel reported an error while the model ran; the outputs hold
  /// whatever was written before it stopped.
  Aborted = 7,
  /// A run went past a limit set for it, e.g. a kernel that executed more
  /// instructions than a driver allows (a loop that never ends).
  DeadlineExceeded = 8,
  /// A defect in Loom: an invariant broke or an exception nothing expected
  /// reached an API boundary. The message says what; please report it.
  Internal = 9,
};

class [[nodiscard]] Status {
public:
  Status() = default;
  Status(StatusCode code, std::string message)
      : statusCode(code), text(std::move(message)) {}

  static Status ok() { return Status(); }

  bool isOk() const { return statusCode == StatusCode::Ok; }
  StatusCode code() const { return statusCode; }
  const std::string &message() const { return text; }

private:
  StatusCode statusCode = StatusCode::Ok;
  std::string text;
};

inline Status invalidArgument(std::string message) {
  return Status(StatusCode::InvalidArgument, std::move(message));
}
inline Status dataLoss(std::string message) {
  return Status(StatusCode::DataLoss, std::move(message));
}
inline Status unimplemented(std::string message) {
  return Status(StatusCode::Unimplemented, std::move(message));
}
inline Status notFound(std::string message) {
  return Status(StatusCode::NotFound, std::move(message));
}
inline Status outOfRange(std::string message) {
  return Status(StatusCode::OutOfRange, std::move(message));
}
inline Status resourceExhausted(std::string message) {
  return Status(StatusCode::ResourceExhausted, std::move(message));
}
inline Status aborted(std::string message) {
  return Status(StatusCode::Aborted, std::move(message));
}
inline Status deadlineExceeded(std::string message) {
  return Status(StatusCode::DeadlineExceeded, std::move(message));
}
inline Status internalError(std::string message) {
  return Status(StatusCode::Internal, std::move(message));
}

} // namespace loom

/// Returns the status of `expr` from the enclosing function when it failed.
#define LOOM_RETURN_IF_ERROR(expr)                                             \
  do {                                                                         \
    ::loom::Status loomStatus_ = (expr);                                       \
    if (!loomStatus_.isOk())                                                   \
      return loomStatus_;                                                      \
  } while (false)

#endif // LOOM_RUNTIME_STATUS_H
