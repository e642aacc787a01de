//===- ThreadStartTest.cpp - Threads that fail to start, and the C API ----===//
//
// Part of the Loom project.
//
// A thread pool whose Nth thread cannot start (the system's limit, injected
// through the pool's thread starter) must report a status and stop the
// threads it had started, not call std::terminate; the C API must refuse a
// thread count that does not fit the executor's unsigned, and turn each
// escaping exception into the status code that says what happened.
//
//===----------------------------------------------------------------------===//

#include "runtime/ArtifactWriter.h"
#include "runtime/CApi.h"
#include "runtime/ThreadPool.h"
#include "runtime/loom_runtime.h"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <new>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LOOM_UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||   \
    __has_feature(memory_sanitizer)
#define LOOM_UNDER_SANITIZER 1
#endif
#endif

using namespace loom;

namespace {

/// Starts `successes` threads, then fails as pthread_create does at the
/// system's thread limit.
ThreadPool::ThreadStarter failingAfter(unsigned successes,
                                       std::atomic<unsigned> &started) {
  return [successes, &started](std::function<void()> body) {
    if (started.load() == successes)
      throw std::system_error(std::make_error_code(
          std::errc::resource_unavailable_try_again));
    started.fetch_add(1);
    return std::thread(std::move(body));
  };
}

/// In a death test's child: limits the address space to room for about 8
/// more stacks of 8 MiB than are mapped now, starts a pool of 64 threads
/// and exits 0 when it reported the failure and runs on the caller alone.
[[noreturn]] void startPoolInASmallAddressSpace() {
  size_t pages = 0;
  std::ifstream("/proc/self/statm") >> pages;
  rlim_t limit = pages * sysconf(_SC_PAGESIZE) + (64u << 20);
  rlimit cap = {limit, limit};
  setrlimit(RLIMIT_AS, &cap);
  ThreadPool pool(64);
  std::fprintf(stderr, "%s\n", pool.status().message().c_str());
  bool reported = pool.status().code() == StatusCode::ResourceExhausted &&
                  pool.size() == 1;
  std::_Exit(reported ? 0 : 1);
}

struct StatusDeleter {
  void operator()(loom_status_s *status) const { loom_status_free(status); }
};
using OwnedStatus = std::unique_ptr<loom_status_s, StatusDeleter>;

/// A model with one input copied to its output: no kernels to load, so an
/// executor over it starts nothing but its threads.
std::vector<uint8_t> copyModel() {
  ArtifactWriter writer("loom-test 1.0");
  writer.addInput("x", DType::F32, {4});
  writer.addOutput("y", DType::F32, {4});
  writer.addBuffer(artifact::BufferKind_Input, 0, 16, 4);
  writer.addBuffer(artifact::BufferKind_Output, 0, 16, 4);
  uint32_t cpu = writer.addDevice(artifact::Target_Cpu, 0);
  writer.addCopy(cpu, 0, 1, 16);
  return writer.finish();
}

} // namespace

TEST(ThreadPoolStart, AThreadThatCannotStartIsAStatus) {
  std::atomic<unsigned> started{0};
  ThreadPool pool(8, failingAfter(2, started));
  EXPECT_EQ(started.load(), 2u);
  EXPECT_EQ(pool.status().code(), StatusCode::ResourceExhausted);
  EXPECT_NE(pool.status().message().find("could not start thread 4 of 8"),
            std::string::npos)
      << pool.status().message();
  // The started workers were stopped and joined; the pool still runs work,
  // on the caller.
  EXPECT_EQ(pool.size(), 1u);
  std::atomic<size_t> sum{0};
  pool.parallelFor(100, [&](size_t i) { sum.fetch_add(i); });
  EXPECT_EQ(sum.load(), 4950u);
}

// The same without the seam: in a child process whose address space leaves
// room for a few thread stacks only, a pool of 64 threads reports the
// failure and the child exits normally (it used to abort in std::terminate).
TEST(ThreadPoolStart, TheSystemRefusingThreadsIsAStatus) {
#ifdef LOOM_UNDER_SANITIZER
  GTEST_SKIP() << "a sanitizer's shadow memory needs an unlimited address "
                  "space";
#endif
  EXPECT_EXIT(startPoolInASmallAddressSpace(), testing::ExitedWithCode(0),
              "could not start thread [0-9]+ of 64");
}

TEST(ThreadPoolStart, TheFirstWorkerFailing) {
  std::atomic<unsigned> started{0};
  ThreadPool pool(2, failingAfter(0, started));
  EXPECT_EQ(pool.status().code(), StatusCode::ResourceExhausted);
  EXPECT_NE(pool.status().message().find("thread 2 of 2"), std::string::npos)
      << pool.status().message();
}

TEST(ThreadPoolStart, EveryThreadStartingIsOk) {
  std::atomic<unsigned> started{0};
  ThreadPool pool(4, failingAfter(100, started));
  EXPECT_TRUE(pool.status().isOk()) << pool.status().message();
  EXPECT_EQ(pool.size(), 4u);
  EXPECT_EQ(started.load(), 3u);
}

TEST(RuntimeCApi, ThreadCountsBeyondUnsignedAreRefused) {
  std::vector<uint8_t> bytes = copyModel();
  loom_artifact_t *artifact = nullptr;
  OwnedStatus loaded(
      loom_artifact_load_memory(bytes.data(), bytes.size(), &artifact));
  ASSERT_EQ(loaded, nullptr) << loom_status_message(loaded.get());
  // UINT_MAX + 2 once wrapped to a one-thread executor.
  size_t tooMany = size_t(UINT_MAX) + 2;
  for (bool withOptions : {false, true}) {
    loom_executor_t *executor = nullptr;
    OwnedStatus status(
        withOptions ? loom_executor_create_with_options(artifact, tooMany,
                                                        nullptr, 0, &executor)
                    : loom_executor_create(artifact, tooMany, &executor));
    EXPECT_EQ(loom_status_code(status.get()), LOOM_STATUS_INVALID_ARGUMENT);
    EXPECT_STREQ(loom_status_message(status.get()),
                 "thread_count 4294967297 is more than the 4294967295 "
                 "threads an executor can count");
    EXPECT_EQ(executor, nullptr);
  }
  // A count that fits makes an executor that runs.
  loom_executor_t *executor = nullptr;
  OwnedStatus created(loom_executor_create(artifact, 2, &executor));
  ASSERT_EQ(created, nullptr) << loom_status_message(created.get());
  float in[4] = {1, 2, 3, 4}, out[4] = {};
  const void *inputs[] = {in};
  void *outputs[] = {out};
  size_t sizes[] = {sizeof(in)};
  OwnedStatus ran(
      loom_executor_run(executor, inputs, sizes, 1, outputs, sizes, 1));
  EXPECT_EQ(ran, nullptr) << loom_status_message(ran.get());
  EXPECT_EQ(std::memcmp(in, out, sizeof(in)), 0);
  loom_executor_release(executor);
  loom_artifact_release(artifact);
}

TEST(RuntimeCApi, ExceptionsBecomeTheirStatusCodes) {
  auto code = [](auto thrower) {
    OwnedStatus status(capi::guarded([&]() -> loom_status_t {
      thrower();
      return nullptr;
    }));
    return std::make_pair(loom_status_code(status.get()),
                          std::string(loom_status_message(status.get())));
  };
  EXPECT_EQ(code([] { throw std::bad_alloc(); }),
            std::make_pair(LOOM_STATUS_RESOURCE_EXHAUSTED,
                           std::string("out of memory")));
  EXPECT_EQ(code([] {
              throw std::system_error(std::make_error_code(
                  std::errc::resource_unavailable_try_again));
            }).first,
            LOOM_STATUS_RESOURCE_EXHAUSTED);
  EXPECT_EQ(code([] { std::vector<int>().reserve(SIZE_MAX); }).first,
            LOOM_STATUS_RESOURCE_EXHAUSTED);
  auto invalid = code([] {
    throw std::system_error(std::make_error_code(std::errc::invalid_argument));
  });
  EXPECT_EQ(invalid.first, LOOM_STATUS_INTERNAL);
  EXPECT_NE(invalid.second.find("system error"), std::string::npos);
  EXPECT_EQ(code([] { throw std::runtime_error("a broken invariant"); }),
            std::make_pair(LOOM_STATUS_INTERNAL,
                           std::string("unexpected error: a broken invariant")));
  EXPECT_EQ(code([] { throw 42; }).first, LOOM_STATUS_INTERNAL);
}
