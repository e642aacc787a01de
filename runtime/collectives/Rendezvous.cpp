//===- Rendezvous.cpp - Where a group's local devices meet ----------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/collectives/Rendezvous.h"

namespace loom::collectives {

Rendezvous::Rendezvous(int members, std::string description)
    : description(std::move(description)), calls(members, nullptr) {}

Status Rendezvous::arrive(int member, const void *call, Deadline deadline,
                          const std::string &what) {
  // The previous collective's last barrier has been passed by everyone, so
  // nobody reads this slot any more.
  {
    std::lock_guard<std::mutex> lock(mutex);
    calls[member] = call;
  }
  return barrier(Status::ok(), deadline, what);
}

Status Rendezvous::barrier(Status contribution, Deadline deadline,
                           const std::string &what) {
  std::unique_lock<std::mutex> lock(mutex);
  if (!broken.isOk())
    return broken;
  if (!contribution.isOk() && pending.isOk())
    pending = std::move(contribution);
  if (++waiting == size()) {
    waiting = 0;
    ++generation;
    lastResult = std::move(pending);
    pending = Status::ok();
    if (!lastResult.isOk())
      broken = lastResult;
    arrived.notify_all();
    return lastResult;
  }
  const uint64_t mine = generation;
  // Spin briefly before sleeping: members of a collective usually arrive
  // within microseconds of each other, and waking a sleeping thread costs
  // more than that.
  lock.unlock();
  const auto spinUntil = std::chrono::steady_clock::now() + std::chrono::microseconds(20);
  while (generation.load(std::memory_order_acquire) == mine &&
         std::chrono::steady_clock::now() < spinUntil)
    ;
  lock.lock();
  while (generation == mine && broken.isOk()) {
    if (arrived.wait_until(lock, deadline) == std::cv_status::timeout &&
        generation == mine && broken.isOk()) {
      broken = aborted(what + ": timed out waiting for " + description);
      arrived.notify_all();
    }
  }
  return generation == mine ? broken : lastResult;
}

void Rendezvous::depart() {
  std::unique_lock<std::mutex> lock(mutex);
  if (++departing == size()) {
    departing = 0;
    ++departures;
    arrived.notify_all();
    return;
  }
  const uint64_t mine = departures;
  arrived.wait(lock, [&] { return departures != mine; });
}

void Rendezvous::breakWith(const Status &reason) {
  std::lock_guard<std::mutex> lock(mutex);
  if (broken.isOk())
    broken = reason;
  arrived.notify_all();
}

std::vector<std::byte> &Rendezvous::staging(size_t position, size_t bytes) {
  if (buffers.size() <= position)
    buffers.resize(position + 1);
  if (buffers[position].size() < bytes)
    buffers[position].resize(bytes);
  return buffers[position];
}

} // namespace loom::collectives
