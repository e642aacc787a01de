//===- HostLaunch.cpp - A systolic device's kernels run on its host -------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/drivers/systolic/HostLaunch.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

namespace loom {

namespace {

std::string str(uint64_t value) { return std::to_string(value); }

constexpr size_t kNoBlock = std::numeric_limits<size_t>::max();

struct FreeDeleter {
  void operator()(void *memory) const { std::free(memory); }
};

/// A host copy of HBM bytes [start, end), 64-byte aligned like the CPU
/// target's buffers (HBM regions start on 64 bytes, so offsets keep it).
struct Block {
  uint64_t start = 0, end = 0;
  bool writable = false;
  std::unique_ptr<uint8_t, FreeDeleter> bytes;
  /// The bytes as read, for a writable block: only a block the kernel
  /// changed is written back.
  std::vector<uint8_t> before;
};

} // namespace

Status runHostLaunch(const CpuExecutable &library,
                     const artifact::Launch &launch,
                     const std::vector<HostArgument> &arguments,
                     SystolicMachine &machine, int chip,
                     HostLaunchResult &result) {
  result = HostLaunchResult();
  uint32_t counts[3] = {1, 1, 1};
  const auto *grid = launch.workgroups();
  size_t rank = grid ? grid->size() : 0;
  if (rank > 3)
    return unimplemented("launched over " + str(rank) +
                         " workgroup dimensions; the CPU kernel ABI has 3");
  uint64_t total = 1;
  for (size_t d = 0; d < rank; ++d) {
    counts[d] = grid->Get(d);
    if (__builtin_mul_overflow(total, uint64_t(counts[d]), &total))
      return outOfRange("launched over more workgroups than can be counted");
  }

  // The arguments' ranges, merged where they overlap, one host block each.
  std::vector<size_t> order(arguments.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return arguments[a].address < arguments[b].address;
  });
  std::vector<Block> blocks;
  std::vector<size_t> blockOf(arguments.size());
  for (size_t a : order) {
    const HostArgument &argument = arguments[a];
    if (argument.size > std::numeric_limits<uint64_t>::max() - argument.address)
      return outOfRange("argument " + str(a) + " of " + str(argument.size) +
                        " bytes at HBM address " + str(argument.address) +
                        " wraps around the address space");
    uint64_t end = argument.address + argument.size;
    if (argument.size == 0) {
      // An empty tensor: a valid pointer the kernel never reads.
      blockOf[a] = kNoBlock;
      continue;
    }
    if (blocks.empty() || argument.address >= blocks.back().end)
      blocks.push_back({argument.address, end, false, nullptr, {}});
    blocks.back().end = std::max(blocks.back().end, end);
    blocks.back().writable |= argument.writable;
    blockOf[a] = blocks.size() - 1;
  }
  for (Block &block : blocks) {
    uint64_t size = block.end - block.start;
    uint64_t rounded = (std::max<uint64_t>(size, 1) + 63) / 64 * 64;
    if (rounded < size || rounded > std::numeric_limits<size_t>::max())
      return resourceExhausted("cannot allocate " + str(size) +
                               " host bytes for the kernel's arguments");
    block.bytes.reset(
        static_cast<uint8_t *>(std::aligned_alloc(64, size_t(rounded))));
    if (!block.bytes)
      return resourceExhausted("cannot allocate " + str(size) +
                               " host bytes for the kernel's arguments");
    // SystolicMachine::read checks the range against the chip's HBM.
    LOOM_RETURN_IF_ERROR(
        machine.read(block.start, block.bytes.get(), size, chip));
    result.bytesRead += size;
    if (block.writable)
      block.before.assign(block.bytes.get(), block.bytes.get() + size);
  }
  alignas(64) static uint8_t empty[64];
  std::vector<void *> pointers(arguments.size(), empty);
  std::vector<uint64_t> sizes(arguments.size(), 0);
  for (size_t a = 0; a < arguments.size(); ++a) {
    if (blockOf[a] == kNoBlock)
      continue;
    const Block &block = blocks[blockOf[a]];
    pointers[a] = block.bytes.get() + (arguments[a].address - block.start);
    sizes[a] = arguments[a].size;
  }

  loom_kernel_entry_t entry = library.entry(launch.entry());
  auto started = std::chrono::steady_clock::now();
  for (uint64_t index = 0; index < total; ++index) {
    loom_kernel_dispatch_t dispatch;
    dispatch.buffers = pointers.data();
    dispatch.buffer_sizes = sizes.data();
    dispatch.buffer_count = static_cast<uint32_t>(arguments.size());
    // Row-major: the last dimension varies fastest, as on the CPU device.
    uint64_t rest = index;
    for (int d = 2; d >= 0; --d) {
      dispatch.workgroup_count[d] = counts[d];
      dispatch.workgroup_id[d] = static_cast<uint32_t>(rest % counts[d]);
      rest /= counts[d];
    }
    if (int32_t code = entry(&dispatch))
      return aborted("returned " + std::to_string(code) + " in workgroup (" +
                     str(dispatch.workgroup_id[0]) + ", " +
                     str(dispatch.workgroup_id[1]) + ", " +
                     str(dispatch.workgroup_id[2]) + ") on the host");
  }
  result.seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - started)
                       .count();

  // A range the kernel left as it was (an operand in the arena) needs no
  // write; one it changed goes back whole.
  for (const Block &block : blocks)
    if (block.writable &&
        std::memcmp(block.before.data(), block.bytes.get(),
                    block.before.size()) != 0) {
      uint64_t size = block.end - block.start;
      LOOM_RETURN_IF_ERROR(
          machine.write(block.start, block.bytes.get(), size, chip));
      result.bytesWritten += size;
    }
  return Status::ok();
}

} // namespace loom
