//===- SystolicModels.cpp - Systolic artifacts for the tests --------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "test/runtime/SystolicModels.h"

#include "runtime/artifact/systolic_library_generated.h"
#include "simulator/systolic/Assembler.h"

#include <cstring>

namespace loom::test {

namespace {

namespace fbs = loom::systolic::library;

constexpr const char *kKernels = R"(
# add_f32(a, b, out): out = a + b
add_f32:
    s.li      s6, 0
    s.li      s7, 256
    dma.load  s6, s3, f0, 1, 256, 256, 256
    dma.load  s7, s4, f0, 1, 256, 256, 256
    wait      f0, 2
    vld       v1, s6, 32, 8, 8
    vld       v2, s7, 32, 8, 8
    v.add     v3, v1, v2
    vst       v3, s6, 32, 8, 8
    dma.store s6, s5, f1, 1, 256, 256, 256
    wait      f1, 1
    halt
# scale_f32(a, out): out = a * the library's constants
scale_f32:
    s.li      s6, 0
    s.li      s7, 256
    dma.load  s6, s3, f0, 1, 256, 256, 256
    dma.load  s7, s2, f0, 1, 256, 256, 256
    wait      f0, 2
    vld       v1, s6, 32, 8, 8
    vld       v2, s7, 32, 8, 8
    v.mul     v3, v1, v2
    vst       v3, s6, 32, 8, 8
    dma.store s6, s4, f1, 1, 256, 256, 256
    wait      f1, 1
    halt
# fault(a): reads past the end of HBM
fault:
    s.li      s6, 0
    s.li      s7, 0x7ffffffff00
    dma.load  s6, s7, f0, 1, 256, 256, 256
    wait      f0, 1
    halt
# spin(a): a loop that never ends
spin:
    jmp       spin
)";

std::vector<uint8_t> floatBytes(const std::vector<float> &values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(float));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

} // namespace

std::vector<float> ramp(float base, float step) {
  std::vector<float> values(64);
  for (int i = 0; i < 64; ++i)
    values[i] = base + step * float(i);
  return values;
}

std::vector<float> systolicLibraryConstant() { return ramp(0.5f, 0.25f); }
std::vector<float> systolicArtifactConstant() { return ramp(-3, 1); }

SystolicLibrarySpec systolicLibrarySpec() {
  SystolicLibrarySpec spec;
  // The text is fixed and assembles; a failure leaves the code empty, which
  // the driver refuses.
  Result<systolic::Program> program = systolic::assemble(kKernels, "kernels.s");
  if (program.isOk())
    if (Result<std::vector<uint8_t>> binary = systolic::writeBinary(*program);
        binary.isOk())
      spec.code = *binary;
  spec.constants = floatBytes(systolicLibraryConstant());
  spec.kernels = {{"add_f32", 0, 3},
                  {"scale_f32", 12, 2},
                  {"fault", 24, 1},
                  {"spin", 29, 1}};
  return spec;
}

ByteBuffer systolicLibrary(const SystolicLibrarySpec &spec) {
  flatbuffers::FlatBufferBuilder fbb;
  const systolic::ChipConfig &chip = spec.chip;
  auto requirements = fbs::CreateChipRequirements(
      fbb, chip.mxu.count, chip.mxu.rows, chip.mxu.cols,
      static_cast<uint32_t>(chip.mxu.accumulatorRows), chip.vmemBytes,
      chip.vector.sublanes, chip.vector.lanes, chip.vector.registers,
      static_cast<uint32_t>(chip.hbm.dmaAlignment));
  std::vector<flatbuffers::Offset<fbs::Kernel>> kernels;
  for (const SystolicKernelSpec &kernel : spec.kernels)
    kernels.push_back(fbs::CreateKernel(fbb, fbb.CreateString(kernel.name),
                                        kernel.entry, kernel.argumentCount));
  auto root = fbs::CreateLibrary(
      fbb, spec.version, requirements, fbb.CreateVector(spec.code),
      fbb.CreateVector(spec.constants), fbb.CreateVector(kernels));
  fbs::FinishLibraryBuffer(fbb, root);
  return {fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize()};
}

std::vector<std::string> systolicEntryPoints(const SystolicLibrarySpec &spec) {
  std::vector<std::string> names;
  for (const SystolicKernelSpec &kernel : spec.kernels)
    names.push_back(kernel.name);
  return names;
}

ArtifactWriter systolicModel(ByteBuffer library,
                             std::vector<std::string> entryPoints) {
  ArtifactWriter writer("loom-test 1.0");
  writer.addInput("x", DType::F32, {8, 8});
  writer.addInput("y", DType::F32, {8, 8});
  writer.addOutput("z", DType::F32, {8, 8});
  writer.addOutput("w", DType::F32, {8, 8});
  writer.addConstant(floatBytes(systolicArtifactConstant()));
  writer.addBuffer(artifact::BufferKind_Input, 0, 256, 64);    // 0: x
  writer.addBuffer(artifact::BufferKind_Input, 1, 256, 64);    // 1: y
  writer.addBuffer(artifact::BufferKind_Constant, 0, 256, 64); // 2: c
  writer.addBuffer(artifact::BufferKind_Arena, 0, 256, 64);    // 3: t
  writer.addBuffer(artifact::BufferKind_Arena, 256, 256, 64);  // 4: u
  writer.addBuffer(artifact::BufferKind_Output, 0, 256, 64);   // 5: z
  writer.addBuffer(artifact::BufferKind_Output, 1, 256, 64);   // 6: w
  writer.setArenaSize(512);
  writer.addLibrary(artifact::Target_Systolic,
                    artifact::CodeFormat_SystolicProgram, std::move(library),
                    std::move(entryPoints));
  uint32_t device = writer.addDevice(artifact::Target_Systolic, 0);
  writer.addLaunch(device, 0, 0, {0, 1, 3}, {1, 1, 1});
  writer.addLaunch(device, 0, 0, {3, 2, 4}, {1, 1, 1});
  writer.addLaunch(device, 0, 1, {4, 5}, {1, 1, 1});
  writer.addCopy(device, 3, 6, 256);
  return writer;
}

ArtifactWriter systolicModel(const SystolicLibrarySpec &spec) {
  return systolicModel(systolicLibrary(spec), systolicEntryPoints(spec));
}

ArtifactWriter systolicSingleLaunch(uint32_t kernel,
                                    std::vector<uint32_t> workgroups) {
  SystolicLibrarySpec spec = systolicLibrarySpec();
  ArtifactWriter writer("loom-test 1.0");
  writer.addInput("x", DType::F32, {8, 8});
  writer.addBuffer(artifact::BufferKind_Input, 0, 256, 64);
  writer.addLibrary(artifact::Target_Systolic,
                    artifact::CodeFormat_SystolicProgram, systolicLibrary(spec),
                    systolicEntryPoints(spec));
  uint32_t device = writer.addDevice(artifact::Target_Systolic, 0);
  writer.addLaunch(device, 0, kernel, {0}, std::move(workgroups));
  return writer;
}

void systolicExpected(const std::vector<float> &x, const std::vector<float> &y,
                      std::vector<float> &z, std::vector<float> &w) {
  std::vector<float> c = systolicArtifactConstant();
  std::vector<float> k = systolicLibraryConstant();
  z.resize(64);
  w.resize(64);
  for (int i = 0; i < 64; ++i) {
    w[i] = x[i] + y[i];
    float u = w[i] + c[i];
    z[i] = u * k[i];
  }
}

} // namespace loom::test
