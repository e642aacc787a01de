//===- main.cpp - A program of Loom's installed runtime alone -------------===//
//
// Part of the Loom project.
//
// runtime-consumer MODEL.loom: includes every public header of the runtime,
// loads the artifact with the C++ API, runs it on the input i / 16 - 1 and
// prints the first column of the output (examples/mlp.mlir's).
//
//===----------------------------------------------------------------------===//

#include "loom/Version.h"
#include "runtime/Artifact.h"
#include "runtime/ArtifactWriter.h"
#include "runtime/ByteBuffer.h"
#include "runtime/DType.h"
#include "runtime/Driver.h"
#include "runtime/Executor.h"
#include "runtime/Float16.h"
#include "runtime/KernelAbi.h"
#include "runtime/MinMax.h"
#include "runtime/Npy.h"
#include "runtime/Result.h"
#include "runtime/Status.h"
#include "runtime/Tensor.h"
#include "runtime/ThreadPool.h"
#include "runtime/dataset/Dataset.h"
#include "runtime/dataset/Example.h"
#include "runtime/dataset/Npz.h"
#include "runtime/dataset/TFRecord.h"
#include "runtime/loom_runtime.h"
#include "runtime/trace/Trace.h"
#include "runtime/training/TrainLoop.h"

#include <cstdio>
#include <utility>
#include <vector>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: runtime-consumer MODEL.loom\n");
    return 2;
  }
  loom::Artifact artifact;
  if (loom::Status status = loom::Artifact::loadFile(argv[1], artifact);
      !status.isOk()) {
    std::fprintf(stderr, "runtime-consumer: %s\n", status.message().c_str());
    return 1;
  }
  const loom::TensorSpec &spec = artifact.inputs()[0];
  loom::Tensor input(spec.dtype, spec.shape);
  for (int64_t i = 0; i < input.numElements(); ++i)
    input.setDouble(i, static_cast<double>(i) / 16 - 1);
  std::vector<loom::Tensor> inputs, outputs;
  inputs.push_back(std::move(input));
  if (loom::Status status = loom::run(artifact, inputs, outputs);
      !status.isOk()) {
    std::fprintf(stderr, "runtime-consumer: %s\n", status.message().c_str());
    return 1;
  }
  const loom::Tensor &output = outputs[0];
  std::printf("%s: %s", artifact.outputs()[0].name.c_str(),
              loom::shapeString(output.shape(), output.dtype()).c_str());
  for (int64_t row = 0; row < output.shape()[0]; ++row)
    std::printf(" %.4f", output.getDouble(row * output.shape()[1]));
  std::printf("\n");
  // The dataset and trace APIs link from libloom_runtime.so too.
  loom::TraceRecorder trace;
  if (loom::dataset::crc32c("123456789", 9) != 0xe3069283u ||
      trace.spanCount() != 0) {
    std::fprintf(stderr, "runtime-consumer: the dataset API is wrong\n");
    return 1;
  }
  return LOOM_VERSION_MAJOR >= 0 ? 0 : 1;
}
