//===- ThreadPool.cpp - A fixed pool of threads for the executor ----------===//
//
// Part of the Loom project.
//
// A job is published under the mutex (job, jobCount, nextIndex, a new
// generation); a worker joins it under the mutex, only while `job` is set,
// so the caller, once it has cleared `job`, waits for exactly the workers
// that joined. A worker that comes late finds no job and goes back to
// waiting: it never holds up a launch. Waiting is a bounded spin on the
// atomics first, then the condition variables; `sleepers` and
// `callerWaiting`, read and written under the mutex, say when a
// notification is needed, so a launch whose threads are all spinning makes
// no system call.
//
//===----------------------------------------------------------------------===//

#include "runtime/ThreadPool.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

namespace loom {

namespace {

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

/// Spins until ready() or for ThreadPool::kSpinMicros, yielding the core
/// every few dozen checks so that a busy machine's other threads still run.
/// Returns ready()'s last value.
template <typename Ready> bool spinUntil(Ready ready) {
  using Clock = std::chrono::steady_clock;
  Clock::time_point deadline =
      Clock::now() + std::chrono::microseconds(ThreadPool::kSpinMicros);
  for (unsigned i = 1;; ++i) {
    if (ready())
      return true;
    cpuRelax();
    if (i % 64 == 0) {
      if (Clock::now() >= deadline)
        return ready();
      std::this_thread::yield();
    }
  }
}

} // namespace

unsigned ThreadPool::resolve(unsigned threads) {
  return threads ? threads : std::max(1u, std::thread::hardware_concurrency());
}

ThreadPool::ThreadPool(unsigned threads, const ThreadStarter &start) {
  threads = resolve(threads);
  // Nothing here may throw: a joinable std::thread destroyed while an
  // exception unwinds the constructor would call std::terminate. The
  // reason is copied into a fixed buffer, since allocating may fail too.
  char reason[160] = "";
  try {
    workers.reserve(threads - 1);
    for (unsigned i = 1; i < threads; ++i) {
      std::function<void()> body = [this] { workerLoop(); };
      workers.push_back(start ? start(std::move(body))
                              : std::thread(std::move(body)));
    }
    return;
  } catch (const std::exception &error) {
    std::snprintf(reason, sizeof(reason), ": %s", error.what());
  } catch (...) {
  }
  size_t started = workers.size();
  stop();
  workers.clear();
  try {
    startStatus = resourceExhausted(
        "could not start thread " + std::to_string(started + 2) + " of " +
        std::to_string(threads) + " (the system's limit on threads or memory)" +
        reason);
  } catch (...) {
    startStatus = Status(StatusCode::ResourceExhausted, std::string());
  }
}

ThreadPool::~ThreadPool() { stop(); }

void ThreadPool::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopping.store(true);
  }
  wake.notify_all();
  for (std::thread &worker : workers)
    if (worker.joinable())
      worker.join();
}

void ThreadPool::drain(const std::function<void(size_t)> &fn, size_t count) {
  for (size_t i = nextIndex.fetch_add(1, std::memory_order_relaxed); i < count;
       i = nextIndex.fetch_add(1, std::memory_order_relaxed))
    fn(i);
}

void ThreadPool::parallelFor(size_t count,
                             const std::function<void(size_t)> &fn) {
  // Waking the workers costs more than running one index here.
  if (workers.empty() || count <= 1) {
    for (size_t i = 0; i < count; ++i)
      fn(i);
    return;
  }
  std::lock_guard<std::mutex> call(callMutex);
  bool notify;
  {
    std::lock_guard<std::mutex> lock(mutex);
    job = &fn;
    jobCount = count;
    nextIndex.store(0, std::memory_order_relaxed);
    generation.fetch_add(1);
    notify = sleepers > 0;
  }
  if (notify)
    wake.notify_all();
  drain(fn, count);
  // Every index has been taken. A worker that has not joined yet never
  // will (the job is closed), so only those that did are waited for: a
  // worker the system schedules late no longer holds up the launch (on the
  // shared 2-core machine that wait was often longer than the kernel).
  {
    std::lock_guard<std::mutex> lock(mutex);
    job = nullptr;
  }
  if (spinUntil([this] { return activeWorkers.load() == 0; }))
    return;
  std::unique_lock<std::mutex> lock(mutex);
  callerWaiting = true;
  finished.wait(lock, [this] { return activeWorkers.load() == 0; });
  callerWaiting = false;
}

void ThreadPool::workerLoop() {
  uint64_t seen = 0;
  for (;;) {
    std::unique_lock<std::mutex> lock(mutex, std::defer_lock);
    if (spinUntil([&] {
          return stopping.load(std::memory_order_relaxed) ||
                 generation.load(std::memory_order_relaxed) != seen;
        })) {
      lock.lock();
    } else {
      lock.lock();
      ++sleepers;
      wake.wait(lock, [&] { return stopping.load() || generation.load() != seen; });
      --sleepers;
    }
    if (stopping.load())
      return;
    seen = generation.load();
    if (!job) // closed: the caller has taken every index
      continue;
    activeWorkers.fetch_add(1);
    const std::function<void(size_t)> &fn = *job;
    size_t count = jobCount;
    lock.unlock();
    drain(fn, count);
    lock.lock();
    if (activeWorkers.fetch_sub(1) == 1 && callerWaiting)
      finished.notify_one();
  }
}

} // namespace loom
