//===- Trace.h - Run traces in the Chrome trace-event format -----*- C++
//-*-===//
//
// Part of the Loom project.
//
// What loom-run --trace records (docs/tools.md, "Run traces"): spans of a
// run on tracks of processes and threads, written as Chrome trace-event
// JSON ({"traceEvents": [...]}, complete events "ph": "X" with
// microsecond timestamps) that Perfetto (ui.perfetto.dev) and
// chrome://tracing open. The executor hands a recorder to every device
// (DeviceOptions::trace); drivers that record put a span per kernel
// launch, copy and collective on their device's track. Thread-safe.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_TRACE_TRACE_H
#define LOOM_RUNTIME_TRACE_TRACE_H

#include "runtime/Status.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace loom {

/// A value of a span's "args": a number or a string.
struct TraceArg {
  TraceArg(const char *key, double number) : key(key), number(number) {}
  TraceArg(const char *key, std::string text)
      : key(key), text(std::move(text)), isText(true) {}
  std::string key;
  double number = 0;
  std::string text;
  bool isText = false;
};

class TraceRecorder {
public:
  /// The tracks: process kHostProcess holds the host's own threads; device
  /// d of a run is process kFirstDeviceProcess + d.
  static constexpr int kHostProcess = 0;
  static constexpr int kFirstDeviceProcess = 1;
  /// Host threads.
  static constexpr int kMainThread = 0;
  static constexpr int kReaderThread = 1;
  /// A device's command stream (launches, copies, collectives in order).
  static constexpr int kCommandThread = 0;
  /// A simulated device's own timeline (the systolic chip's units, in
  /// simulated time) is process kFirstSimulatedProcess + d.
  static constexpr int kFirstSimulatedProcess = 1000;

  TraceRecorder();
  ~TraceRecorder();

  /// Microseconds since the recorder was made.
  double now() const;

  /// A complete event from `startUs` to `endUs` on track (pid, tid);
  /// `category` is "launch", "copy", "collective", "run", "read", ...
  void span(const char *category, std::string name, int pid, int tid,
            double startUs, double endUs, std::vector<TraceArg> args = {});

  /// Names a process or a thread (metadata events); the last name given
  /// for a track wins.
  void nameProcess(int pid, std::string name);
  void nameThread(int pid, int tid, std::string name);

  /// The trace as JSON text.
  std::string json() const;
  /// Writes json() to `path`; InvalidArgument naming the file on failure.
  Status write(const std::string &path) const;

  /// Spans recorded so far.
  size_t spanCount() const;

private:
  struct State;
  std::unique_ptr<State> state;
};

/// Records one span from its construction to its destruction (or end());
/// does nothing when the recorder is null.
class TraceSpan {
public:
  TraceSpan(TraceRecorder *recorder, const char *category, std::string name,
            int pid, int tid)
      : recorder(recorder), category(category), name(std::move(name)), pid(pid),
        tid(tid), start(recorder ? recorder->now() : 0) {}
  ~TraceSpan() { end(); }
  TraceSpan(const TraceSpan &) = delete;
  TraceSpan &operator=(const TraceSpan &) = delete;

  void arg(TraceArg value) {
    if (recorder)
      args.push_back(std::move(value));
  }
  void end() {
    if (!recorder)
      return;
    recorder->span(category, std::move(name), pid, tid, start, recorder->now(),
                   std::move(args));
    recorder = nullptr;
  }

private:
  TraceRecorder *recorder;
  const char *category;
  std::string name;
  int pid, tid;
  double start;
  std::vector<TraceArg> args;
};

} // namespace loom

#endif // LOOM_RUNTIME_TRACE_TRACE_H
