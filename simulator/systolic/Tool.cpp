//===- Tool.cpp - The loom-sim command line --------------------------------===//
//
// Part of the Loom project.
//
// Hand-rolled argument parsing: the tool must not link LLVM, and four
// subcommands with a handful of options do not need a library.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Tool.h"

#include "simulator/systolic/Assembler.h"
#include "simulator/systolic/IniFile.h"
#include "simulator/systolic/Report.h"
#include "simulator/systolic/ScaleSim.h"
#include "simulator/systolic/System.h"

#include <fstream>

#include <fmt/format.h>

namespace loom::systolic {

namespace {

const char *kUsage =
    R"(usage: loom-sim <command> [options]

commands:
  run [options] PROGRAM...     assemble (or load) and run programs, print the
                               report; one PROGRAM runs on every chip (s0 =
                               chip id, s1 = chip count), or give one per chip
      --config FILE            chip configuration (default: a TPU v4 core)
      --trace FILE             write the timeline as Chrome trace JSON
      --hbm-in [CHIP:]ADDR=FILE      load FILE into HBM at ADDR before the run
      --hbm-out [CHIP:]ADDR:BYTES=FILE  save HBM bytes to FILE after the run
      --max-instructions N     stop a runaway run after N instructions
  asm INPUT.s -o OUTPUT.bin    assemble to the binary format
  disasm INPUT.bin [-o OUT.s]  disassemble (to stdout without -o)
  scalesim -c CONFIG.cfg -t TOPOLOGY.csv -p OUTDIR [options]
                               SCALE-Sim v2 compatible run; writes
                               OUTDIR/<run_name>/COMPUTE_REPORT.csv
      -i conv|gemm             topology form (default conv)
      --full-model             Loom's overlapped MXU instead of SCALE-Sim's
      --summation sequential|compensated
                               average folds like SCALE-Sim on CPython <= 3.11
                               (default) or >= 3.12
)";

struct HbmTransfer {
  int chip = 0;
  int64_t address = 0;
  int64_t bytes = 0;
  std::string file;
};

/// Parses "[CHIP:]ADDR=FILE" (in) or "[CHIP:]ADDR:BYTES=FILE" (out).
bool parseHbmTransfer(const std::string &text, bool withBytes,
                      HbmTransfer &transfer) {
  size_t equals = text.find('=');
  if (equals == std::string::npos || equals + 1 == text.size())
    return false;
  transfer.file = text.substr(equals + 1);
  std::vector<std::string> parts;
  std::string head = text.substr(0, equals);
  size_t start = 0;
  while (true) {
    size_t colon = head.find(':', start);
    parts.push_back(head.substr(start, colon - start));
    if (colon == std::string::npos)
      break;
    start = colon + 1;
  }
  size_t expected = withBytes ? 2 : 1;
  if (parts.size() != expected && parts.size() != expected + 1)
    return false;
  int64_t values[3];
  for (size_t i = 0; i < parts.size(); ++i)
    if (!parseIntegerLiteral(parts[i], values[i]) || values[i] < 0)
      return false;
  size_t i = 0;
  if (parts.size() == expected + 1)
    transfer.chip = static_cast<int>(values[i++]);
  transfer.address = values[i++];
  if (withBytes)
    transfer.bytes = values[i];
  return true;
}

int usageError(std::ostream &err, const std::string &message) {
  err << "loom-sim: " << message << "\n" << kUsage;
  return kExitUsage;
}

int failure(std::ostream &err, const std::string &message) {
  err << "loom-sim: error: " << message << "\n";
  return kExitFailure;
}

int runCommand(const std::vector<std::string> &args, std::ostream &out,
               std::ostream &err) {
  std::string configPath, tracePath;
  std::vector<HbmTransfer> inputs, outputs;
  std::vector<std::string> programPaths;
  RunOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    auto value = [&](std::string &into) {
      if (i + 1 >= args.size())
        return false;
      into = args[++i];
      return true;
    };
    std::string text;
    if (arg == "--config") {
      if (!value(configPath))
        return usageError(err, "--config needs a file");
    } else if (arg == "--trace") {
      if (!value(tracePath))
        return usageError(err, "--trace needs a file");
      options.trace = true;
    } else if (arg == "--hbm-in" || arg == "--hbm-out") {
      HbmTransfer transfer;
      bool in = arg == "--hbm-in";
      if (!value(text) || !parseHbmTransfer(text, !in, transfer))
        return usageError(err, fmt::format("{} expects {}", arg,
                                           in ? "[CHIP:]ADDR=FILE"
                                              : "[CHIP:]ADDR:BYTES=FILE"));
      (in ? inputs : outputs).push_back(transfer);
    } else if (arg == "--max-instructions") {
      if (!value(text) ||
          !parseIntegerLiteral(text, options.maxInstructions) ||
          options.maxInstructions < 1)
        return usageError(err, "--max-instructions needs a positive integer");
    } else if (!arg.empty() && arg[0] == '-') {
      return usageError(err, fmt::format("unknown option '{}' for run", arg));
    } else {
      programPaths.push_back(arg);
    }
  }
  if (programPaths.empty())
    return usageError(err, "run needs at least one program");

  ChipConfig config;
  if (!configPath.empty()) {
    Result<ChipConfig> loaded = loadChipConfig(configPath);
    if (!loaded.isOk())
      return failure(err, loaded.message());
    config = *loaded;
  }
  std::vector<Program> programs;
  for (const std::string &path : programPaths) {
    Result<Program> program = loadProgram(path);
    if (!program.isOk())
      return failure(err, program.message());
    programs.push_back(std::move(*program));
  }
  Result<std::unique_ptr<System>> created = System::create(config, options);
  if (!created.isOk())
    return failure(err, created.message());
  System &system = **created;
  Status loaded = system.loadPrograms(std::move(programs));
  if (!loaded.isOk())
    return failure(err, loaded.message());

  for (const HbmTransfer &input : inputs) {
    if (input.chip >= system.numChips())
      return failure(err, fmt::format("--hbm-in: chip {} does not exist",
                                      input.chip));
    Result<std::vector<uint8_t>> bytes = readBinaryFile(input.file);
    if (!bytes.isOk())
      return failure(err, bytes.message());
    int64_t size = static_cast<int64_t>(bytes->size());
    if (input.address + size > config.hbm.bytes)
      return failure(err, fmt::format("--hbm-in: {} ({} bytes) at {} ends "
                                      "past HBM ({} bytes)",
                                      input.file, size, input.address,
                                      config.hbm.bytes));
    system.chip(input.chip).hbm().write(input.address, bytes->data(), size);
  }
  Status ran = system.run();
  if (!ran.isOk())
    return failure(err, ran.message());
  out << formatReport(system);
  for (const HbmTransfer &output : outputs) {
    if (output.chip >= system.numChips() ||
        output.address + output.bytes > config.hbm.bytes)
      return failure(err, fmt::format("--hbm-out: chip {} bytes [{}, {}) are "
                                      "outside its HBM",
                                      output.chip, output.address,
                                      output.address + output.bytes));
    std::vector<uint8_t> bytes(static_cast<size_t>(output.bytes));
    system.chip(output.chip).hbm().read(output.address, bytes.data(),
                                        output.bytes);
    Status written = writeFile(output.file, bytes);
    if (!written.isOk())
      return failure(err, written.message());
  }
  if (!tracePath.empty()) {
    std::string json = formatChromeTrace(system);
    Status written =
        writeFile(tracePath, std::vector<uint8_t>(json.begin(), json.end()));
    if (!written.isOk())
      return failure(err, written.message());
    out << "trace: " << tracePath << "\n";
  }
  return kExitSuccess;
}

int asmCommand(const std::vector<std::string> &args, std::ostream &out,
               std::ostream &err) {
  std::string input, output;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-o" && i + 1 < args.size())
      output = args[++i];
    else if (!args[i].empty() && args[i][0] == '-')
      return usageError(err, fmt::format("unknown option '{}' for asm", args[i]));
    else if (input.empty())
      input = args[i];
    else
      return usageError(err, "asm takes one input file");
  }
  if (input.empty() || output.empty())
    return usageError(err, "asm needs INPUT.s and -o OUTPUT.bin");
  Result<std::string> text = readTextFile(input);
  if (!text.isOk())
    return failure(err, text.message());
  Result<Program> program = assemble(*text, input);
  if (!program.isOk())
    return failure(err, program.message());
  Result<std::vector<uint8_t>> bytes = writeBinary(*program);
  if (!bytes.isOk())
    return failure(err, bytes.message());
  Status written = writeFile(output, *bytes);
  if (!written.isOk())
    return failure(err, written.message());
  out << fmt::format("{}: {} instructions, {} bytes\n", output,
                     program->code.size(), bytes->size());
  return kExitSuccess;
}

int disasmCommand(const std::vector<std::string> &args, std::ostream &out,
                  std::ostream &err) {
  std::string input, output;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-o" && i + 1 < args.size())
      output = args[++i];
    else if (!args[i].empty() && args[i][0] == '-')
      return usageError(err,
                        fmt::format("unknown option '{}' for disasm", args[i]));
    else if (input.empty())
      input = args[i];
    else
      return usageError(err, "disasm takes one input file");
  }
  if (input.empty())
    return usageError(err, "disasm needs INPUT.bin");
  Result<std::vector<uint8_t>> bytes = readBinaryFile(input);
  if (!bytes.isOk())
    return failure(err, bytes.message());
  Result<Program> program = readBinary(*bytes, input);
  if (!program.isOk())
    return failure(err, program.message());
  std::string text = disassemble(*program);
  if (output.empty()) {
    out << text;
    return kExitSuccess;
  }
  Status written =
      writeFile(output, std::vector<uint8_t>(text.begin(), text.end()));
  return written.isOk() ? kExitSuccess : failure(err, written.message());
}

int scaleSimCommand(const std::vector<std::string> &args, std::ostream &out,
                    std::ostream &err) {
  std::string configPath, topologyPath, outputDirectory;
  TopologyFormat format = TopologyFormat::Conv;
  ScaleSimOptions scaleSimOptions;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    bool hasValue = i + 1 < args.size();
    if (arg == "-c" && hasValue)
      configPath = args[++i];
    else if (arg == "-t" && hasValue)
      topologyPath = args[++i];
    else if (arg == "-p" && hasValue)
      outputDirectory = args[++i];
    else if (arg == "-i" && hasValue) {
      std::string kind = args[++i];
      if (kind == "conv")
        format = TopologyFormat::Conv;
      else if (kind == "gemm")
        format = TopologyFormat::Gemm;
      else
        return usageError(err, fmt::format("-i expects conv or gemm, got '{}'",
                                           kind));
    } else if (arg == "--full-model") {
      scaleSimOptions.fullModel = true;
    } else if (arg == "--summation" && hasValue) {
      std::string kind = args[++i];
      if (kind == "sequential")
        scaleSimOptions.summation = Summation::Sequential;
      else if (kind == "compensated")
        scaleSimOptions.summation = Summation::Compensated;
      else
        return usageError(err, fmt::format("--summation expects sequential or "
                                           "compensated, got '{}'",
                                           kind));
    } else
      return usageError(err, fmt::format("unexpected argument '{}' for "
                                         "scalesim",
                                         arg));
  }
  if (configPath.empty() || topologyPath.empty() || outputDirectory.empty())
    return usageError(err, "scalesim needs -c CONFIG, -t TOPOLOGY and -p "
                           "OUTDIR");
  Result<ScaleSimConfig> config = loadScaleSimConfig(configPath);
  if (!config.isOk())
    return failure(err, config.message());
  Result<std::vector<ScaleSimLayer>> layers =
      loadScaleSimTopology(topologyPath, format);
  if (!layers.isOk())
    return failure(err, layers.message());
  if (config->userBandwidth)
    err << fmt::format("loom-sim: note: {}: InterfaceBandwidth is USER; Loom "
                       "reproduces SCALE-Sim's stall-free (CALC) timing and "
                       "reports 0 stall cycles\n",
                       configPath);
  std::vector<ScaleSimLayerResult> rows;
  for (size_t i = 0; i < layers->size(); ++i) {
    Result<ScaleSimLayerResult> row = simulateScaleSimLayer(
        *config, (*layers)[i], static_cast<int>(i), scaleSimOptions);
    if (!row.isOk())
      return failure(err, row.message());
    out << fmt::format("layer {} ({}): {} cycles, {:.3f}% overall util, "
                       "{:.3f}% mapping efficiency, {:.3f}% compute util\n",
                       i, row->name, row->totalCycles, row->overallUtil,
                       row->mappingEfficiency, row->computeUtil);
    rows.push_back(*row);
  }
  Status written = writeComputeReport(outputDirectory, *config, rows);
  if (!written.isOk())
    return failure(err, written.message());
  out << fmt::format("wrote {}/{}/COMPUTE_REPORT.csv\n", outputDirectory,
                     config->runName);
  return kExitSuccess;
}

} // namespace

int runLoomSim(const std::vector<std::string> &args, std::ostream &out,
               std::ostream &err) {
  if (args.empty())
    return usageError(err, "missing command");
  std::vector<std::string> rest(args.begin() + 1, args.end());
  const std::string &command = args[0];
  if (command == "run")
    return runCommand(rest, out, err);
  if (command == "asm")
    return asmCommand(rest, out, err);
  if (command == "disasm")
    return disasmCommand(rest, out, err);
  if (command == "scalesim")
    return scaleSimCommand(rest, out, err);
  if (command == "help" || command == "--help" || command == "-h") {
    out << kUsage;
    return kExitSuccess;
  }
  return usageError(err, fmt::format("unknown command '{}'", command));
}

} // namespace loom::systolic
