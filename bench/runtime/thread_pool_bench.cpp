//===- thread_pool_bench.cpp - What a launch costs the CPU thread pool ----===//
//
// Part of the Loom project.
//
// Measures loom::ThreadPool::parallelFor's own cost: the time of a launch of
// `count` workgroups that each spin for `work` microseconds, minus what the
// work alone needs on the pool's threads (ceil(count / threads) x work).
// Prints, per case, the median and the 90th percentile of that overhead
// over many launches, back to back as a model's kernels are. Usage:
// loom-thread-pool-bench [threads] (default 2). Built, never run by ctest:
// performance is measured in bench/, not in timed tests.
//
//===----------------------------------------------------------------------===//

#include "runtime/ThreadPool.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

/// Spins for `micros` microseconds (0: returns at once).
void spin(double micros) {
  if (micros <= 0)
    return;
  Clock::time_point end =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double, std::micro>(micros));
  while (Clock::now() < end) {
  }
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(p * (values.size() - 1))];
}

} // namespace

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 2;
  loom::ThreadPool pool(threads);
  if (!pool.status().isOk()) {
    std::fprintf(stderr, "loom-thread-pool-bench: %s\n",
                 pool.status().message().c_str());
    return 1;
  }
  std::printf("threads %u\n", pool.size());
  std::printf("%-10s %-10s %14s %14s %12s\n", "workgroups", "work us",
              "overhead p50", "overhead p90", "launches");
  const int launches = 20000;
  for (size_t count : {2, 4, 16})
    for (double work : {0.0, 2.0, 20.0}) {
      std::vector<double> overheads;
      overheads.reserve(launches);
      double ideal = static_cast<double>((count + pool.size() - 1) /
                                         pool.size()) *
                     work;
      for (int i = 0; i < launches; ++i) {
        Clock::time_point start = Clock::now();
        pool.parallelFor(count, [&](size_t) { spin(work); });
        double micros =
            std::chrono::duration<double, std::micro>(Clock::now() - start)
                .count();
        overheads.push_back(micros - ideal);
      }
      std::printf("%-10zu %-10.0f %11.2f us %11.2f us %12d\n", count, work,
                  percentile(overheads, 0.5), percentile(overheads, 0.9),
                  launches);
    }
  return 0;
}
