//===- Memory.cpp - VMEM, HBM and accumulator storage ----------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Memory.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace loom::systolic {

ZeroedBuffer::ZeroedBuffer(size_t count) {
  if (count == 0)
    return;
  storage = static_cast<uint8_t *>(std::calloc(count, 1));
  bytes = storage ? count : 0;
  if (!storage)
    bytes = count; // keeps valid() false so the caller can report the size
}

ZeroedBuffer::~ZeroedBuffer() { std::free(storage); }

ZeroedBuffer::ZeroedBuffer(ZeroedBuffer &&other) noexcept
    : storage(other.storage), bytes(other.bytes) {
  other.storage = nullptr;
  other.bytes = 0;
}

ZeroedBuffer &ZeroedBuffer::operator=(ZeroedBuffer &&other) noexcept {
  if (this != &other) {
    std::free(storage);
    storage = other.storage;
    bytes = other.bytes;
    other.storage = nullptr;
    other.bytes = 0;
  }
  return *this;
}

void PagedMemory::read(int64_t address, void *destination,
                       int64_t count) const {
  auto *out = static_cast<uint8_t *>(destination);
  while (count > 0) {
    int64_t page = address / kPageBytes;
    int64_t offset = address % kPageBytes;
    int64_t chunk = std::min(count, kPageBytes - offset);
    auto it = pages.find(page);
    if (it == pages.end())
      std::memset(out, 0, static_cast<size_t>(chunk));
    else
      std::memcpy(out, it->second.get() + offset, static_cast<size_t>(chunk));
    out += chunk;
    address += chunk;
    count -= chunk;
  }
}

void PagedMemory::write(int64_t address, const void *source, int64_t count) {
  const auto *in = static_cast<const uint8_t *>(source);
  while (count > 0) {
    int64_t page = address / kPageBytes;
    int64_t offset = address % kPageBytes;
    int64_t chunk = std::min(count, kPageBytes - offset);
    std::unique_ptr<uint8_t[]> &storage = pages[page];
    if (!storage)
      storage.reset(new (std::nothrow) uint8_t[kPageBytes]());
    std::memcpy(storage.get() + offset, in, static_cast<size_t>(chunk));
    in += chunk;
    address += chunk;
    count -= chunk;
  }
}

} // namespace loom::systolic
