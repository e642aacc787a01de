//===- InProcessBench.cpp - Collectives between threads, timed ------------===//
//
// Part of the Loom project.
//
// loom-collectives-bench [DEVICES]: f32 all-reduce (sum) and all-gather of
// 1, 4, 16 and 64 MiB between DEVICES (default 2) device threads of this
// process, next to a single-threaded memcpy of the same bytes measured in
// the same run. Prints a markdown table; the bar is an all-reduce of 64 MiB
// over 2 devices at no less than half the memcpy bandwidth.
//
//===----------------------------------------------------------------------===//

#include "bench/multi-device/BenchTiming.h"
#include "runtime/collectives/Communicator.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

using namespace loom;
using namespace loom::collectives;
using namespace loom::bench;

namespace {

// Median seconds of one memcpy of `bytes` on one thread.
double memcpySeconds(int64_t bytes) {
  std::vector<char> src(bytes, 1), dst(bytes, 0); // both faulted in
  std::vector<double> times;
  for (int i = 0; i < repetitionsFor(bytes) + 2; ++i) {
    auto start = std::chrono::steady_clock::now();
    std::memcpy(dst.data(), src.data(), static_cast<size_t>(bytes));
    if (i >= 2)
      times.push_back(secondsSince(start));
  }
  return median(times);
}

// Median seconds of one collective, every device on its own thread, timed
// on device 0 (each call returns only once every member is done with it).
double collectiveSeconds(Communicator &comm, int devices, int64_t bytes, bool gather) {
  const int64_t elements = bytes / 4;
  const int64_t inputElements = gather ? elements / devices : elements;
  Group group;
  for (int d = 0; d < devices; ++d)
    group.push_back(d);
  std::vector<std::vector<float>> inputs(devices), outputs(devices);
  for (int d = 0; d < devices; ++d) {
    inputs[d].assign(inputElements, 1.0f + d);
    outputs[d].assign(elements, 0.0f);
  }
  std::vector<double> times;
  std::vector<Status> statuses(devices);
  const int repetitions = repetitionsFor(bytes) + 2;
  std::vector<std::thread> threads;
  for (int d = 0; d < devices; ++d)
    threads.emplace_back([&, d] {
      const ConstTensorView in{inputs[d].data(), DType::F32, {inputElements}};
      const TensorView out{outputs[d].data(), DType::F32, {elements}};
      for (int i = 0; i < repetitions && statuses[d].isOk(); ++i) {
        auto start = std::chrono::steady_clock::now();
        statuses[d] = gather ? comm.allGather(d, group, 0, in, out)
                             : comm.allReduce(d, group, ReduceKind::Sum, in, out);
        if (d == 0 && i >= 2)
          times.push_back(secondsSince(start));
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  for (const Status &status : statuses)
    if (!status.isOk()) {
      std::fprintf(stderr, "loom-collectives-bench: %s\n", status.message().c_str());
      std::exit(1);
    }
  return median(times);
}

} // namespace

int main(int argc, char **argv) {
  const int devices = argc > 1 ? std::atoi(argv[1]) : 2;
  std::unique_ptr<Communicator> comm;
  Status status = Communicator::createInProcess(devices, Options(), comm);
  if (!status.isOk()) {
    std::fprintf(stderr, "loom-collectives-bench: %s\n", status.message().c_str());
    return 1;
  }
  const double n = devices;
  std::printf("| collective | MiB | memcpy GB/s | Loom ms | algbw GB/s | busbw GB/s | "
              "algbw / memcpy |\n|---|---|---|---|---|---|---|\n");
  bool barMet = true;
  for (const char *name : {"all-reduce", "all-gather"}) {
    const bool gather = name[4] == 'g';
    for (int mib : {1, 4, 16, 64}) {
      const int64_t bytes = static_cast<int64_t>(mib) << 20;
      const double copy = gbPerSecond(bytes, memcpySeconds(bytes));
      const double seconds = collectiveSeconds(*comm, devices, bytes, gather);
      const double algbw = gbPerSecond(bytes, seconds);
      const double busbw = algbw * (gather ? (n - 1) / n : 2 * (n - 1) / n);
      std::printf("| %s | %d | %.2f | %.3f | %.2f | %.2f | %.2f |\n", name, mib, copy,
                  seconds * 1e3, algbw, busbw, algbw / copy);
      if (!gather && mib == 64 && devices == 2 && algbw < copy / 2)
        barMet = false;
    }
  }
  if (devices == 2)
    std::printf("\nBar (64 MiB all-reduce over 2 devices >= 0.5x memcpy): %s\n",
                barMet ? "pass" : "FAIL");
  std::fflush(stdout);
  return 0;
}
