//===- ThreadPool.h - A fixed pool of threads for the executor --*- C++ -*-===//
//
// Part of the Loom project.
//
// A fixed number of threads that run the workgroups of a CPU launch. A pool
// of N threads starts N - 1 workers; the thread that calls parallelFor is the
// Nth and takes indices too, so a pool of one runs everything inline. Work is
// handed out one index at a time from a shared counter, which balances
// workgroups of uneven cost. Nothing throws: `fn` must not throw, and must
// not call parallelFor on the same pool (calls are serialised, so a nested
// call would wait for itself).
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_THREADPOOL_H
#define LOOM_RUNTIME_THREADPOOL_H

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace loom {

class ThreadPool {
public:
  /// A pool of `threads` threads counting the caller's; 0 means
  /// std::thread::hardware_concurrency() (at least 1).
  explicit ThreadPool(unsigned threads = 0);
  /// The size of ThreadPool(threads).
  static unsigned resolve(unsigned threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  /// The number of threads that run work, the caller's included.
  unsigned size() const { return static_cast<unsigned>(workers.size()) + 1; }

  /// Runs fn(i) once for every i in [0, count), spread over the pool, and
  /// returns when all have finished. Safe to call from several threads; the
  /// calls take turns.
  void parallelFor(size_t count, const std::function<void(size_t)> &fn);

private:
  void workerLoop();
  void drain(const std::function<void(size_t)> &fn, size_t count);

  std::vector<std::thread> workers;
  std::mutex callMutex; // one parallelFor at a time
  std::mutex mutex;     // guards the fields below
  std::condition_variable wake, finished;
  const std::function<void(size_t)> *job = nullptr;
  size_t jobCount = 0;
  uint64_t generation = 0;  // raised once per parallelFor
  unsigned busyWorkers = 0; // workers that have not finished this generation
  bool stopping = false;
  std::atomic<size_t> nextIndex{0};
};

} // namespace loom

#endif // LOOM_RUNTIME_THREADPOOL_H
