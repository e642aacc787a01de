//===- BitFlips.cpp - loom-run on artifacts with random bit flips ---------===//
//
// Part of the Loom project.
//
// loom-artifact-bitflips LOOM_RUN MODEL.loom ANYWHERE SEGMENTS SEED
//                        [LOOM_RUN_ARGS...]
//
// Runs LOOM_RUN on copies of MODEL.loom with one random bit flipped: ANYWHERE
// flips anywhere in the file (half of them uniformly over the file, half
// over the bytes outside its segments: the flatbuffer and the padding,
// which a uniform draw rarely hits in a file that is mostly code) and
// SEGMENTS flips inside its constant and code segments (the random
// generator seeded with SEED, so a failure can be replayed). No run may die of a signal or outlive a deadline, an error
// must be one line, and every flip inside a segment must be refused at load
// as damage. Last, a flipped constant must be refused, and load and run
// with --skip-checksums. Prints a summary and each failure; exits 1 on any
// failure.
//
//===----------------------------------------------------------------------===//

#include "runtime/Artifact.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace {

/// How one run ended.
struct Outcome {
  bool timedOut = false;
  bool signaled = false;
  int signal = 0;
  int exitCode = 0;
  std::string stderrText;
};

std::string readFile(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

/// Runs `argv` with stdout discarded and stderr captured, killing it after
/// `deadline`.
bool runOnce(const std::vector<std::string> &argv, const std::string &errPath,
             std::chrono::seconds deadline, Outcome &outcome) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, errPath.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char *> args;
  for (const std::string &arg : argv)
    args.push_back(const_cast<char *>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int error = posix_spawn(&pid, args[0], &actions, nullptr, args.data(),
                          environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error) {
    std::cerr << "cannot start " << argv[0] << ": " << std::strerror(error)
              << "\n";
    return false;
  }
  auto start = std::chrono::steady_clock::now();
  int status = 0;
  while (true) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid)
      break;
    if (done < 0 && errno != EINTR) {
      std::cerr << "waitpid failed: " << std::strerror(errno) << "\n";
      return false;
    }
    if (std::chrono::steady_clock::now() - start > deadline) {
      outcome.timedOut = true;
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (!outcome.timedOut) {
    outcome.signaled = WIFSIGNALED(status);
    outcome.signal = outcome.signaled ? WTERMSIG(status) : 0;
    outcome.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  outcome.stderrText = readFile(errPath);
  return true;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 6) {
    std::cerr << "usage: loom-artifact-bitflips LOOM_RUN MODEL.loom ANYWHERE "
                 "SEGMENTS SEED [LOOM_RUN_ARGS...]\n";
    return 2;
  }
  std::string loomRun = argv[1], model = argv[2];
  long anywhere = std::atol(argv[3]), inSegments = std::atol(argv[4]);
  uint64_t seed = std::strtoull(argv[5], nullptr, 10);
  std::vector<std::string> runArgs(argv + 6, argv + argc);

  std::string original = readFile(model);
  loom::Artifact artifact;
  if (loom::Status status = loom::Artifact::loadFile(model, artifact);
      !status.isOk()) {
    std::cerr << "the intact artifact does not load: " << status.message()
              << "\n";
    return 1;
  }
  // The segments' byte ranges, as [begin, end) file offsets.
  std::vector<std::pair<uint64_t, uint64_t>> segments;
  uint64_t segmentBytes = 0;
  auto addSegment = [&](loom::ByteSpan span) {
    uint64_t begin = span.data - artifact.bytes().data;
    segments.emplace_back(begin, begin + span.size);
    segmentBytes += span.size;
  };
  for (size_t i = 0; i < artifact.constantCount(); ++i)
    addSegment(artifact.constant(i));
  for (size_t i = 0; i < artifact.libraryCount(); ++i)
    addSegment(artifact.libraryCode(i));
  if (segmentBytes == 0) {
    std::cerr << "the artifact has no segment bytes to flip\n";
    return 1;
  }
  auto segmentOf = [&](uint64_t at) {
    for (auto [begin, end] : segments)
      if (at >= begin && at < end)
        return true;
    return false;
  };
  std::vector<uint64_t> outside;
  for (uint64_t at = 0; at < original.size(); ++at)
    if (!segmentOf(at))
      outside.push_back(at);

  char dirTemplate[] = "/tmp/loom-bitflips-XXXXXX";
  if (!mkdtemp(dirTemplate)) {
    std::cerr << "cannot make a temporary directory\n";
    return 1;
  }
  std::string dir = dirTemplate;
  std::string flipped = dir + "/flipped.loom", errPath = dir + "/stderr";

  std::mt19937_64 random(seed);
  long failures = 0, ran = 0, refused = 0, damaged = 0, segmentFlips = 0;
  for (long i = 0; i < anywhere + inSegments; ++i) {
    uint64_t at = 0;
    if (i < anywhere && (i % 2 == 0 || outside.empty())) {
      at = std::uniform_int_distribution<uint64_t>(0, original.size() - 1)(
          random);
    } else if (i < anywhere) {
      at = outside[std::uniform_int_distribution<size_t>(
          0, outside.size() - 1)(random)];
    } else {
      // Uniform over the segments' bytes.
      uint64_t k =
          std::uniform_int_distribution<uint64_t>(0, segmentBytes - 1)(random);
      for (auto [begin, end] : segments) {
        if (k < end - begin) {
          at = begin + k;
          break;
        }
        k -= end - begin;
      }
    }
    int bit = std::uniform_int_distribution<int>(0, 7)(random);
    bool inSegment = segmentOf(at);
    segmentFlips += inSegment;
    std::string bytes = original;
    bytes[at] ^= char(1 << bit);
    std::ofstream(flipped, std::ios::binary | std::ios::trunc) << bytes;

    std::vector<std::string> command = {loomRun, flipped};
    command.insert(command.end(), runArgs.begin(), runArgs.end());
    Outcome outcome;
    if (!runOnce(command, errPath, std::chrono::seconds(30), outcome))
      return 1;
    std::string where = "flip " + std::to_string(i) + " (byte " +
                        std::to_string(at) + " bit " + std::to_string(bit) +
                        (inSegment ? ", in a segment" : "") + "): ";
    auto fail = [&](const std::string &why) {
      ++failures;
      std::cerr << where << why << "\n";
    };
    const std::string &err = outcome.stderrText;
    bool oneLine = !err.empty() && err.find('\n') == err.size() - 1 &&
                   err.rfind("loom-run: error: ", 0) == 0;
    bool isDamage = err.find("the artifact is damaged") != std::string::npos;
    if (outcome.timedOut)
      fail("loom-run did not finish within 30 s");
    else if (outcome.signaled)
      fail("loom-run died of signal " + std::to_string(outcome.signal) +
           " (" + strsignal(outcome.signal) + ")");
    else if (outcome.exitCode == 0)
      ++ran;
    else if (outcome.exitCode != 1 || !oneLine)
      fail("loom-run exited " + std::to_string(outcome.exitCode) +
           " without one error line: " + err);
    else {
      ++refused;
      damaged += isDamage;
    }
    if (inSegment && !(outcome.exitCode == 1 && isDamage && oneLine))
      fail("a flip inside a segment was not refused as damage: " +
           (err.empty() ? std::string("(no error)") : err));
  }
  // A caller that trusts the file skips the checksums: a flipped constant
  // then loads and runs (what it computes is the caller's risk).
  if (artifact.constantCount() == 0 || artifact.constant(0).size == 0) {
    ++failures;
    std::cerr << "the artifact has no constant to test --skip-checksums on\n";
  } else {
    std::string bytes = original;
    bytes[artifact.constant(0).data - artifact.bytes().data] ^= 1;
    std::ofstream(flipped, std::ios::binary | std::ios::trunc) << bytes;
    for (bool skip : {false, true}) {
      std::vector<std::string> command = {loomRun, flipped};
      if (skip)
        command.push_back("--skip-checksums");
      command.insert(command.end(), runArgs.begin(), runArgs.end());
      Outcome outcome;
      if (!runOnce(command, errPath, std::chrono::seconds(30), outcome))
        return 1;
      bool ok = !outcome.timedOut && !outcome.signaled &&
                outcome.exitCode == (skip ? 0 : 1);
      if (!ok) {
        ++failures;
        std::cerr << "a flipped constant " << (skip ? "with" : "without")
                  << " --skip-checksums: exit " << outcome.exitCode << ": "
                  << outcome.stderrText << "\n";
      }
    }
  }
  std::remove(flipped.c_str());
  std::remove(errPath.c_str());
  rmdir(dir.c_str());
  std::cout << anywhere + inSegments << " flips (" << anywhere
            << " anywhere, " << inSegments << " in segments; " << segmentFlips
            << " landed in a segment): " << refused
            << " refused with one line (" << damaged << " as damage), " << ran
            << " ran and exited 0, " << failures << " failures\n";
  return failures ? 1 : 0;
}
