//===- MxuThroughput.cpp - Simulated MACs per second of loom-sim -----------===//
//
// Part of the Loom project.
//
// Times the functional simulator on a matmul-bound program: one 128x128 MXU
// streams ROWS bf16 rows through the same weights ITERATIONS times (a
// `loop` around `matmul.acc`), with random operands in VMEM. Prints wall
// time and simulated MACs per second of the whole run (decode, timing model
// and arithmetic), which is what a long model run costs. Target: at least
// 1e9 MAC/s on one core.
//
// usage: loom-systolic-bench [ITERATIONS [ROWS]]   (defaults 200, 1024)
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Assembler.h"
#include "simulator/systolic/System.h"
#include "runtime/Float16.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

using namespace loom;
using namespace loom::systolic;

int main(int argc, char **argv) {
  long iterations = argc > 1 ? std::atol(argv[1]) : 200;
  long rows = argc > 2 ? std::atol(argv[2]) : 1024;
  if (iterations < 1 || rows < 1 || rows > 4096) {
    std::fprintf(stderr, "usage: %s [ITERATIONS>=1 [ROWS in 1..4096]]\n",
                 argv[0]);
    return 2;
  }
  ChipConfig config;
  config.mxu.count = 1;
  config.ici.torus = {1};
  std::string text =
      "    s.li s2, 0\n"
      "    s.li s3, 32768\n"
      "    s.li s4, 0\n"
      "    s.li s5, " + std::to_string(iterations) + "\n"
      "    ldw m0, s2, 128, 128, 256\n"
      "    matmul.swap m0, s4, s3, " + std::to_string(rows) + ", 256\n"
      "again:\n"
      "    matmul.acc m0, s4, s3, " + std::to_string(rows) + ", 256\n"
      "    loop s5, again\n"
      "    halt\n";
  Result<Program> program = assemble(text, "bench.s");
  if (!program.isOk()) {
    std::fprintf(stderr, "%s\n", program.message().c_str());
    return 1;
  }
  RunOptions options;
  Result<std::unique_ptr<System>> system = System::create(config, options);
  if (!system.isOk()) {
    std::fprintf(stderr, "%s\n", system.message().c_str());
    return 1;
  }
  Chip &chip = (*system)->chip(0);
  std::mt19937 random(42);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  uint16_t *vmem = reinterpret_cast<uint16_t *>(chip.vmem());
  for (long i = 0; i < (32768 + rows * 256) / 2; ++i)
    vmem[i] = loom::floatToBFloat16(normal(random));
  std::vector<Program> programs{*program};
  if (!(*system)->loadPrograms(programs).isOk())
    return 1;

  auto begin = std::chrono::steady_clock::now();
  Status status = (*system)->run();
  auto end = std::chrono::steady_clock::now();
  if (!status.isOk()) {
    std::fprintf(stderr, "%s\n", status.message().c_str());
    return 1;
  }
  double seconds = std::chrono::duration<double>(end - begin).count();
  ChipStats stats = (*system)->chip(0).stats();
  double macs = static_cast<double>(stats.macs);
  std::printf("simulated %.3e MACs (%ld matmuls of %ld x 128 x 128) in %.3f s: "
              "%.3f G MAC/s; %lld simulated cycles\n",
              macs, iterations + 1, rows, seconds, macs / seconds / 1e9,
              static_cast<long long>(stats.totalCycles));
  return 0;
}
