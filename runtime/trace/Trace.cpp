//===- Trace.cpp - Run traces in the Chrome trace-event format ------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/trace/Trace.h"

#include <fstream>
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

namespace loom {

struct TraceRecorder::State {
  std::chrono::steady_clock::time_point origin =
      std::chrono::steady_clock::now();
  mutable std::mutex mutex;
  nlohmann::json events = nlohmann::json::array();
  size_t spans = 0;
  std::map<int, std::string> processes;
  std::map<std::pair<int, int>, std::string> threads;
};

TraceRecorder::TraceRecorder() : state(std::make_unique<State>()) {}
TraceRecorder::~TraceRecorder() = default;

double TraceRecorder::now() const {
  return std::chrono::duration<double, std::micro>(
             std::chrono::steady_clock::now() - state->origin)
      .count();
}

void TraceRecorder::span(const char *category, std::string name, int pid,
                         int tid, double startUs, double endUs,
                         std::vector<TraceArg> args) {
  nlohmann::json event = {{"name", std::move(name)},
                          {"cat", category},
                          {"ph", "X"},
                          {"ts", startUs},
                          {"dur", endUs > startUs ? endUs - startUs : 0.0},
                          {"pid", pid},
                          {"tid", tid}};
  if (!args.empty()) {
    nlohmann::json values = nlohmann::json::object();
    for (TraceArg &arg : args)
      if (arg.isText)
        values[arg.key] = std::move(arg.text);
      else
        values[arg.key] = arg.number;
    event["args"] = std::move(values);
  }
  std::lock_guard<std::mutex> lock(state->mutex);
  state->events.push_back(std::move(event));
  ++state->spans;
}

void TraceRecorder::nameProcess(int pid, std::string name) {
  std::lock_guard<std::mutex> lock(state->mutex);
  state->processes[pid] = std::move(name);
}

void TraceRecorder::nameThread(int pid, int tid, std::string name) {
  std::lock_guard<std::mutex> lock(state->mutex);
  state->threads[{pid, tid}] = std::move(name);
}

std::string TraceRecorder::json() const {
  std::lock_guard<std::mutex> lock(state->mutex);
  nlohmann::json events = nlohmann::json::array();
  for (const auto &[pid, name] : state->processes) {
    events.push_back({{"name", "process_name"},
                      {"ph", "M"},
                      {"pid", pid},
                      {"tid", 0},
                      {"args", {{"name", name}}}});
    events.push_back({{"name", "process_sort_index"},
                      {"ph", "M"},
                      {"pid", pid},
                      {"tid", 0},
                      {"args", {{"sort_index", pid}}}});
  }
  for (const auto &[track, name] : state->threads)
    events.push_back({{"name", "thread_name"},
                      {"ph", "M"},
                      {"pid", track.first},
                      {"tid", track.second},
                      {"args", {{"name", name}}}});
  for (const nlohmann::json &event : state->events)
    events.push_back(event);
  nlohmann::json trace = {{"displayTimeUnit", "ms"},
                          {"traceEvents", std::move(events)}};
  // Kernel names come from artifacts: bytes that are not UTF-8 are
  // replaced rather than thrown on.
  return trace.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Status TraceRecorder::write(const std::string &path) const {
  std::string text = json();
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file ||
      !file.write(text.data(), static_cast<std::streamsize>(text.size())) ||
      !(file << "\n"))
    return invalidArgument(path + ": cannot write the trace file");
  return Status::ok();
}

size_t TraceRecorder::spanCount() const {
  std::lock_guard<std::mutex> lock(state->mutex);
  return state->spans;
}

} // namespace loom
