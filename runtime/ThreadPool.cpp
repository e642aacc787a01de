//===- ThreadPool.cpp - A fixed pool of threads for the executor ----------===//
//
// Part of the Loom project.
//
// Every worker takes part in every generation (one per parallelFor): the
// caller waits until all of them have finished it, so no worker can miss a
// generation or see the next one's job early, and a late worker finds the
// counter exhausted and simply reports back.
//
//===----------------------------------------------------------------------===//

#include "runtime/ThreadPool.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>

namespace loom {

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
    stopping = true;
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
  {
    std::lock_guard<std::mutex> lock(mutex);
    job = &fn;
    jobCount = count;
    nextIndex.store(0, std::memory_order_relaxed);
    activeWorkers = 0;
    ++generation;
  }
  wake.notify_all();
  drain(fn, count);
  // Every index has been taken. A worker that has not joined yet never
  // will (the job is closed), so only those that did are waited for: a
  // worker the system schedules late no longer holds up the launch (on the
  // shared 2-core machine that wait was often longer than the kernel).
  std::unique_lock<std::mutex> lock(mutex);
  job = nullptr;
  finished.wait(lock, [this] { return activeWorkers == 0; });
}

void ThreadPool::workerLoop() {
  uint64_t seen = 0;
  std::unique_lock<std::mutex> lock(mutex);
  for (;;) {
    wake.wait(lock, [&] { return stopping || generation != seen; });
    if (stopping)
      return;
    seen = generation;
    if (!job) // closed: the caller has taken every index
      continue;
    ++activeWorkers;
    const std::function<void(size_t)> &fn = *job;
    size_t count = jobCount;
    lock.unlock();
    drain(fn, count);
    lock.lock();
    if (--activeWorkers == 0)
      finished.notify_one();
  }
}

} // namespace loom
