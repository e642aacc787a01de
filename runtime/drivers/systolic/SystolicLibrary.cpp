//===- SystolicLibrary.cpp - A verified systolic kernel library -----------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/drivers/systolic/SystolicLibrary.h"

#include "runtime/artifact/systolic_library_generated.h"
#include "simulator/systolic/Assembler.h"

namespace loom {

namespace {

namespace fbs = loom::systolic::library;

std::string str(uint64_t value) { return std::to_string(value); }

} // namespace

Status SystolicLibrary::load(const Artifact &artifact, size_t library,
                             SystolicLibrary &out) {
  out = SystolicLibrary();
  std::string where = "kernel library " + str(library);
  const artifact::KernelLibrary &table = artifact.library(library);
  if (table.target() != artifact::Target_Systolic ||
      table.format() != artifact::CodeFormat_SystolicProgram)
    return unimplemented(where + " is " +
                         artifact::EnumNameTarget(table.target()) + " " +
                         artifact::EnumNameCodeFormat(table.format()) +
                         "; the systolic driver runs Systolic SystolicProgram "
                         "libraries only");

  ByteSpan bytes = artifact.libraryCode(library);
  // As for the artifact: a table takes at least 4 bytes, so the limit keeps
  // verification linear however the offsets are aimed.
  flatbuffers::Verifier verifier(bytes.data, bytes.size, /*max_depth=*/16,
                                 /*max_tables=*/bytes.size / 4 + 1);
  if (bytes.size < 8 || !fbs::LibraryBufferHasIdentifier(bytes.data) ||
      !fbs::VerifyLibraryBuffer(verifier))
    return dataLoss(where + " is corrupt: its code is not a systolic kernel "
                            "library that passes verification");
  const fbs::Library &root = *fbs::GetLibrary(bytes.data);
  if (root.version() != kSystolicLibraryVersion)
    return unimplemented(where + " has systolic library version " +
                         str(root.version()) + "; this runtime reads version " +
                         str(kSystolicLibraryVersion));

  SystolicLibrary loaded;
  loaded.where = where;
  const fbs::ChipRequirements *chip = root.chip();
  if (!chip)
    return dataLoss(where + " has no chip requirements");
  loaded.requirements = {chip->mxu_count(),    chip->mxu_rows(),
                         chip->mxu_cols(),     chip->accumulator_rows(),
                         chip->vmem_bytes(),   chip->sublanes(),
                         chip->lanes(),        chip->vector_registers(),
                         chip->dma_alignment()};

  if (!root.code() || root.code()->size() == 0)
    return dataLoss(where + " has no code");
  std::vector<uint8_t> binary(root.code()->begin(), root.code()->end());
  Result<systolic::Program> program = systolic::readBinary(binary, where);
  if (!program.isOk())
    return program.status();
  loaded.code = std::move(*program);
  size_t instructions = loaded.code.code.size();

  if (const auto *constants = root.constants())
    loaded.constantBytes = {constants->data(), constants->size()};

  const auto *kernels = root.kernels();
  size_t kernelCount = kernels ? kernels->size() : 0;
  for (size_t k = 0; k < kernelCount; ++k) {
    const fbs::Kernel &kernel = *kernels->Get(k);
    std::string at = where + " kernel " + str(k);
    if (!kernel.name() || kernel.name()->size() == 0)
      return dataLoss(at + " has no name");
    at += " ('" + kernel.name()->str() + "')";
    if (kernel.entry() >= instructions)
      return dataLoss(at + " starts at instruction " + str(kernel.entry()) +
                      ", but the program has " + str(instructions));
    if (kernel.argument_count() > kSystolicMaxArguments)
      return dataLoss(at + " has " + str(kernel.argument_count()) +
                      " arguments; registers s3-s31 hold at most " +
                      str(kSystolicMaxArguments));
    loaded.entries.push_back(
        {kernel.name()->str(), kernel.entry(), kernel.argument_count()});
  }

  // Launches name kernels by the artifact's entry-point index, so the two
  // lists must agree one for one.
  const auto *entryPoints = table.entry_points();
  size_t entryCount = entryPoints ? entryPoints->size() : 0;
  if (entryCount != kernelCount)
    return dataLoss(where + " lists " + str(entryCount) +
                    " entry points, but its systolic library has " +
                    str(kernelCount) + " kernels");
  for (size_t k = 0; k < kernelCount; ++k)
    if (entryPoints->Get(k)->str() != loaded.entries[k].name)
      return dataLoss(where + " entry point " + str(k) + " is '" +
                      entryPoints->Get(k)->str() +
                      "', but the systolic library's kernel " + str(k) +
                      " is '" + loaded.entries[k].name + "'");
  out = std::move(loaded);
  return Status::ok();
}

Status SystolicLibrary::checkChip(const systolic::ChipConfig &chip,
                                  const std::string &chipName) const {
  struct Field {
    const char *key;
    uint64_t library, chip;
  };
  const SystolicChipRequirements &r = requirements;
  const Field fields[] = {
      {"mxu.count", r.mxuCount, uint64_t(chip.mxu.count)},
      {"mxu.rows", r.mxuRows, uint64_t(chip.mxu.rows)},
      {"mxu.cols", r.mxuCols, uint64_t(chip.mxu.cols)},
      {"mxu.accumulator_rows", r.accumulatorRows,
       uint64_t(chip.mxu.accumulatorRows)},
      {"vmem.bytes", r.vmemBytes, uint64_t(chip.vmemBytes)},
      {"vector.sublanes", r.sublanes, uint64_t(chip.vector.sublanes)},
      {"vector.lanes", r.lanes, uint64_t(chip.vector.lanes)},
      {"vector.registers", r.vectorRegisters, uint64_t(chip.vector.registers)},
      {"hbm.dma_alignment", r.dmaAlignment, uint64_t(chip.hbm.dmaAlignment)},
  };
  for (const Field &field : fields)
    if (field.library != field.chip)
      return invalidArgument(where + " was compiled for a chip with " +
                             field.key + " = " + str(field.library) + ", but " +
                             chipName + " has " + field.key + " = " +
                             str(field.chip) +
                             " (compile and run with the same --chip-config)");
  return Status::ok();
}

} // namespace loom
