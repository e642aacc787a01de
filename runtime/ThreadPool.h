//===- ThreadPool.h - A fixed pool of threads for the executor --*- C++ -*-===//
//
// Part of the Loom project.
//
// A fixed number of threads that run the workgroups of a CPU launch. A pool
// of N threads starts N - 1 workers; the thread that calls parallelFor is the
// Nth and takes indices too, so a pool of one runs everything inline. Work is
// handed out one index at a time from a shared counter, which balances
// workgroups of uneven cost. A model's launches come back to back, so a
// worker that finishes a job spins for the next one for a short while
// (kSpinMicros) before it sleeps, and the caller spins for the workers that
// joined it before it sleeps: a sleeping thread's wake-up costs tens of
// microseconds, more than many kernels take (bench/runtime). Nothing throws: a thread that cannot be started
// (the system's thread or memory limit) leaves the pool with no workers and
// a status that says why, which its owner must check before using it; `fn`
// must not throw, and must not call parallelFor on the same pool (calls are
// serialised, so a nested call would wait for itself).
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_THREADPOOL_H
#define LOOM_RUNTIME_THREADPOOL_H

#include "runtime/Status.h"

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
  /// How long an idle thread of the pool spins, yielding now and then,
  /// before it sleeps.
  static constexpr unsigned kSpinMicros = 100;

  /// Starts a thread that runs `body`, or throws (std::system_error when the
  /// system refuses one, std::bad_alloc). The default is std::thread's
  /// constructor; a test passes one that fails.
  using ThreadStarter = std::function<std::thread(std::function<void()> body)>;

  /// A pool of `threads` threads counting the caller's; 0 means
  /// std::thread::hardware_concurrency() (at least 1). Check status().
  explicit ThreadPool(unsigned threads = 0, const ThreadStarter &start = {});
  /// The size of ThreadPool(threads).
  static unsigned resolve(unsigned threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  /// Ok when every worker started; otherwise ResourceExhausted naming the
  /// thread that could not start and why (the workers that had started
  /// are stopped again, and the pool runs everything on the caller).
  const Status &status() const { return startStatus; }

  /// The number of threads that run work, the caller's included.
  unsigned size() const { return static_cast<unsigned>(workers.size()) + 1; }

  /// Runs fn(i) once for every i in [0, count), spread over the pool, and
  /// returns when all have finished. Safe to call from several threads; the
  /// calls take turns.
  void parallelFor(size_t count, const std::function<void(size_t)> &fn);

private:
  void workerLoop();
  void drain(const std::function<void(size_t)> &fn, size_t count);
  /// Stops and joins every started worker.
  void stop();

  std::vector<std::thread> workers;
  Status startStatus;
  std::mutex callMutex; // one parallelFor at a time
  std::mutex mutex;     // guards the fields below; the atomics are written
                        // under it and read without it by spinning threads
  std::condition_variable wake, finished;
  const std::function<void(size_t)> *job = nullptr;
  size_t jobCount = 0;
  std::atomic<uint64_t> generation{0};  // raised once per parallelFor
  std::atomic<unsigned> activeWorkers{0}; // workers running this job
  std::atomic<bool> stopping{false};
  unsigned sleepers = 0;      // workers waiting on `wake`
  bool callerWaiting = false; // the caller waits on `finished`
  std::atomic<size_t> nextIndex{0};
};

} // namespace loom

#endif // LOOM_RUNTIME_THREADPOOL_H
