//===- codegen_bench.cpp - The CPU code generator's speed and its code's ---===//
//
// Part of the Loom project.
//
// Compiles single-kernel modules with loom::cpu::compileKernels (timed: the
// compile time of one kernel, from loom ops to a linked shared object) and
// runs each kernel through the executor on the CPU driver (timed: the
// median of repeated launches over the kernel's own grid). Kernels: an
// M=N=K matmul, the same with a bias + ReLU epilogue, a softmax and an
// elementwise chain. Usage: loom-cpu-codegen-bench [threads [size...]]
// (default: 2 threads, matmul sizes 256 512 1024).
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/CpuCodegen.h"
#include "evaluator/Evaluator.h"
#include "passes/Registration.h"
#include "runtime/Artifact.h"
#include "runtime/ArtifactWriter.h"
#include "runtime/Executor.h"
#include "runtime/ThreadPool.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

using namespace loom;
using namespace mlir;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string tensorType(std::vector<int> shape) {
  std::string text = "tensor<";
  for (int size : shape)
    text += std::to_string(size) + "x";
  return text + "f32>";
}

std::string matmulSource(int n, bool epilogue) {
  std::string t = tensorType({n, n}), bias = tensorType({n});
  std::string source = "func.func private @k(%a: " + t + ", %b: " + t +
                       (epilogue ? ", %c: " + bias : "") + ") -> " + t +
                       " attributes {loom.kernel = #loom.kernel<generic>} {\n  %0 = loom.matmul %a, "
                       "%b : (" + t + ", " + t + ") -> " + t + "\n";
  if (!epilogue)
    return source + "  return %0 : " + t + "\n}\n";
  return source + "  %1 = loom.add %0, %c : (" + t + ", " + bias + ") -> " +
         t + "\n  %2 = loom.relu %1 : " + t + "\n  return %2 : " + t +
         "\n}\n";
}

std::string softmaxSource(int rows, int columns) {
  std::string t = tensorType({rows, columns}), r = tensorType({rows, 1});
  return "func.func private @k(%x: " + t + ") -> " + t +
         " attributes {loom.kernel = #loom.kernel<generic>} {\n"
         "  %m = loom.reduce_max %x axes [1] keepdims : (" + t + ") -> " + r +
         "\n  %d = loom.sub %x, %m : (" + t + ", " + r + ") -> " + t +
         "\n  %e = loom.exp %d : " + t +
         "\n  %s = loom.reduce_sum %e axes [1] keepdims : (" + t + ") -> " +
         r + "\n  %y = loom.div %e, %s : (" + t + ", " + r + ") -> " + t +
         "\n  return %y : " + t + "\n}\n";
}

std::string elementwiseSource(int rows, int columns) {
  std::string t = tensorType({rows, columns});
  return "func.func private @k(%a: " + t + ", %b: " + t + ") -> " + t +
         " attributes {loom.kernel = #loom.kernel<generic>} {\n"
         "  %0 = loom.mul %a, %b : (" + t + ", " + t + ") -> " + t +
         "\n  %1 = loom.add %0, %a : (" + t + ", " + t + ") -> " + t +
         "\n  %2 = loom.tanh %1 : " + t + "\n  return %2 : " + t + "\n}\n";
}

/// Compiles `source` (one kernel @k), runs it `runs` times and prints one
/// line; `flops` is the work of one run.
void benchmark(MLIRContext &context, const std::string &label,
               const std::string &source, double flops, unsigned threads,
               int runs) {
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, &context);
  if (!module) {
    llvm::errs() << label << ": cannot parse\n";
    std::exit(1);
  }
  Clock::time_point start = Clock::now();
  FailureOr<KernelLibrary> library =
      cpu::compileKernels(*module, cpu::TargetOptions());
  double compileSeconds = secondsSince(start);
  if (failed(library)) {
    llvm::errs() << label << ": compilation failed\n";
    std::exit(1);
  }
  auto function = module->lookupSymbol<func::FuncOp>("k");

  ArtifactWriter writer("loom-cpu-codegen-bench");
  std::vector<uint32_t> buffers;
  std::vector<Tensor> inputs;
  for (auto [index, type] : llvm::enumerate(function.getArgumentTypes())) {
    auto tensor = cast<RankedTensorType>(type);
    Shape shape(tensor.getShape().begin(), tensor.getShape().end());
    std::vector<double> values(numElementsOf(shape));
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = static_cast<double>((i * 7 + index) % 13) / 13.0 - 0.5;
    inputs.push_back(Tensor::fromDoubles(DType::F32, shape, values));
    uint32_t input =
        writer.addInput("in" + std::to_string(index), DType::F32, shape);
    buffers.push_back(writer.addBuffer(artifact::BufferKind_Input, input,
                                       numElementsOf(shape) * 4, 4));
  }
  auto result = cast<RankedTensorType>(function.getResultTypes()[0]);
  Shape shape(result.getShape().begin(), result.getShape().end());
  uint32_t output = writer.addOutput("out", DType::F32, shape);
  buffers.push_back(writer.addBuffer(artifact::BufferKind_Output, output,
                                     numElementsOf(shape) * 4, 4));
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    library->code, {"k"});
  uint32_t device = writer.addDevice(artifact::Target_Cpu, 0);
  const KernelInfo &kernel = library->kernels.front();
  writer.addLaunch(device, 0, 0, buffers,
                   {kernel.workgroupCount.begin(), kernel.workgroupCount.end()});
  Artifact artifact;
  Executor executor;
  ExecutorOptions options;
  options.threads = threads;
  if (!Artifact::load(writer.finish(), artifact).isOk() ||
      !Executor::load(artifact, options, executor).isOk()) {
    llvm::errs() << label << ": cannot load the artifact\n";
    std::exit(1);
  }
  std::vector<Tensor> outputs;
  std::vector<double> times;
  for (int run = 0; run <= runs; ++run) {
    Clock::time_point begin = Clock::now();
    if (!executor.run(inputs, outputs).isOk()) {
      llvm::errs() << label << ": run failed\n";
      std::exit(1);
    }
    if (run > 0) // the first run warms up
      times.push_back(secondsSince(begin));
  }
  std::sort(times.begin(), times.end());
  double median = times[times.size() / 2];
  llvm::outs() << llvm::format("%-28s grid %4u  compile %6.3f s  run %9.3f ms"
                               "  %7.2f GFLOP/s\n",
                               label.c_str(), kernel.workgroupCount[0],
                               compileSeconds, median * 1e3,
                               flops / median * 1e-9);
}

} // namespace

int main(int argc, char **argv) {
  unsigned threads = argc > 1 ? std::atoi(argv[1]) : 2;
  std::vector<int> sizes;
  for (int i = 2; i < argc; ++i)
    sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty())
    sizes = {256, 512, 1024};

  DialectRegistry registry;
  registerLoomDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  llvm::outs() << "threads: " << threads << "\n";
  for (int n : sizes) {
    double flops = 2.0 * n * n * n;
    int runs = n >= 1024 ? 10 : 30;
    benchmark(context, "matmul " + std::to_string(n),
              matmulSource(n, false), flops, threads, runs);
    benchmark(context, "matmul+bias+relu " + std::to_string(n),
              matmulSource(n, true), flops, threads, runs);
  }
  // "GFLOP/s" of the memory-bound kernels counts one per element and op.
  benchmark(context, "softmax 1024x1024", softmaxSource(1024, 1024),
            5.0 * 1024 * 1024, threads, 30);
  benchmark(context, "mul+add+tanh 2048x1024", elementwiseSource(2048, 1024),
            3.0 * 2048 * 1024, threads, 30);
  return 0;
}
