//===- BenchTiming.h - Timing helpers of the multi-device benchmarks -*- C++ -*-===//
//
// Part of the Loom project.
//
// Medians of repeated runs and the bandwidth figures both benchmarks print,
// defined as nccl-tests defines them: algorithm bandwidth is the tensor's
// bytes over the time; bus bandwidth scales it by what each device must move
// at least (2(n-1)/n for all-reduce, (n-1)/n for all-gather), so it can be
// compared with the memory or link bandwidth.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BENCH_MULTI_DEVICE_BENCHTIMING_H
#define LOOM_BENCH_MULTI_DEVICE_BENCHTIMING_H

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

namespace loom::bench {

inline double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

inline double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// Repetitions for a tensor of `bytes`: enough to make a median of small
/// sizes stable, few for 64 MiB on a 2-core machine.
inline int repetitionsFor(int64_t bytes) {
  return bytes <= (4 << 20) ? 50 : bytes <= (16 << 20) ? 20 : 10;
}

/// GB/s (10^9 bytes per second).
inline double gbPerSecond(int64_t bytes, double seconds) {
  return static_cast<double>(bytes) / seconds / 1e9;
}

} // namespace loom::bench

#endif // LOOM_BENCH_MULTI_DEVICE_BENCHTIMING_H
