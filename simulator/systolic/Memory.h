//===- Memory.h - VMEM, HBM and accumulator storage --------------*- C++ -*-===//
//
// Part of the Loom project.
//
// Backing stores of the simulated memories. VMEM and the accumulators are
// flat buffers from calloc, so pages nobody touches cost nothing (a timing-
// only SCALE-Sim run never touches them). HBM is sparse, in 64 KiB pages
// created on first write, so that a 32 GiB HBM costs only what a program
// uses; reads of untouched pages return zeros.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_MEMORY_H
#define LOOM_SIMULATOR_SYSTOLIC_MEMORY_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>

namespace loom::systolic {

/// A zero-initialised, move-only byte buffer. Allocation failure leaves it
/// empty (valid() is false) instead of throwing.
class ZeroedBuffer {
public:
  ZeroedBuffer() = default;
  explicit ZeroedBuffer(size_t bytes);
  ~ZeroedBuffer();
  ZeroedBuffer(ZeroedBuffer &&other) noexcept;
  ZeroedBuffer &operator=(ZeroedBuffer &&other) noexcept;
  ZeroedBuffer(const ZeroedBuffer &) = delete;
  ZeroedBuffer &operator=(const ZeroedBuffer &) = delete;

  bool valid() const { return bytes == 0 || storage != nullptr; }
  uint8_t *data() { return storage; }
  const uint8_t *data() const { return storage; }
  size_t size() const { return bytes; }

private:
  uint8_t *storage = nullptr;
  size_t bytes = 0;
};

/// Sparse byte-addressed memory; callers check bounds first.
class PagedMemory {
public:
  explicit PagedMemory(int64_t bytes) : capacity(bytes) {}

  int64_t size() const { return capacity; }
  void read(int64_t address, void *destination, int64_t count) const;
  void write(int64_t address, const void *source, int64_t count);
  /// Bytes backed by pages (what the simulation actually allocated).
  int64_t residentBytes() const {
    return static_cast<int64_t>(pages.size()) * kPageBytes;
  }

private:
  static constexpr int64_t kPageBytes = 64 * 1024;
  int64_t capacity;
  std::unordered_map<int64_t, std::unique_ptr<uint8_t[]>> pages;
};

} // namespace loom::systolic

#endif // LOOM_SIMULATOR_SYSTOLIC_MEMORY_H
