//===- ScaleSim.cpp - SCALE-Sim-compatible layer simulation ----------------===//
//
// Part of the Loom project.
//
// Program generation for SCALE-Sim's three mappings, and the statistics
// SCALE-Sim reports, folded from the MXU operations the run timed (so the
// numbers come out of the simulator, not out of a formula).
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/ScaleSim.h"

#include "simulator/systolic/System.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace loom::systolic {

namespace {

constexpr int64_t kOperandAlignment = 64;

int64_t alignUp(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

/// The layer's GEMM: M ifmap rows (output pixels), K window, N filters.
struct Gemm {
  int64_t m, k, n;
};

Gemm layerGemm(const ScaleSimLayer &layer) {
  return {layer.ofmapPixels(), layer.windowSize(), layer.numFilters};
}

/// VMEM layout: the streamed operand first, the stationary one after it.
struct Layout {
  int64_t streamedBase, streamedStride, stationaryBase, stationaryStride, end;
  int64_t accumulatorRows;
};

Layout layoutFor(const ScaleSimConfig &config, const Gemm &g) {
  Layout layout{};
  layout.streamedBase = 0;
  switch (config.dataflow) {
  case Dataflow::WeightStationary: // A: M x K streams; W: K x N stays
  case Dataflow::OutputStationary: // A: M x K and W: K x N both stream
    layout.streamedStride = 2 * g.k;
    layout.stationaryBase = alignUp(2 * g.m * g.k, kOperandAlignment);
    layout.stationaryStride = 2 * g.n;
    layout.end = layout.stationaryBase + 2 * g.k * g.n;
    layout.accumulatorRows =
        config.dataflow == Dataflow::WeightStationary ? g.m : config.arrayRows;
    break;
  case Dataflow::InputStationary: // W^T: N x K streams; A^T: K x M stays
    layout.streamedStride = 2 * g.k;
    layout.stationaryBase = alignUp(2 * g.n * g.k, kOperandAlignment);
    layout.stationaryStride = 2 * g.m;
    layout.end = layout.stationaryBase + 2 * g.k * g.m;
    layout.accumulatorRows = g.n;
    break;
  }
  return layout;
}

Instruction loadImmediate(int reg, int64_t value) {
  Instruction inst;
  inst.opcode = Opcode::ScalarAluImmediate;
  inst.func = static_cast<uint8_t>(ScalarFunc::LoadImmediate);
  inst.field[alui::Dest] = reg;
  inst.field[alui::Imm] = value;
  return inst;
}

constexpr int kWeightAddr = 2, kOperandAddr = 3, kAccRow = 4;

void emitLoadWeights(Program &program, int64_t address, int64_t rows,
                     int64_t cols, int64_t stride) {
  program.code.push_back(loadImmediate(kWeightAddr, address));
  Instruction inst;
  inst.opcode = Opcode::LoadWeights;
  inst.field[ldw::Mxu] = 0;
  inst.field[ldw::VmemAddr] = kWeightAddr;
  inst.field[ldw::Rows] = rows;
  inst.field[ldw::Cols] = cols;
  inst.field[ldw::Stride] = stride;
  program.code.push_back(inst);
}

void emitMatmul(Program &program, int64_t address, int64_t rows,
                int64_t stride, bool accumulate) {
  program.code.push_back(loadImmediate(kOperandAddr, address));
  Instruction inst;
  inst.opcode = Opcode::Matmul;
  inst.func = modifier::Swap | (accumulate ? modifier::Accumulate : 0);
  inst.field[mm::Mxu] = 0;
  inst.field[mm::AccRow] = kAccRow;
  inst.field[mm::VmemAddr] = kOperandAddr;
  inst.field[mm::Rows] = rows;
  inst.field[mm::Stride] = stride;
  program.code.push_back(inst);
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

} // namespace

Result<ChipConfig> scaleSimChipConfig(const ScaleSimConfig &config,
                                      const ScaleSimLayer &layer,
                                      bool fullModel) {
  Gemm g = layerGemm(layer);
  Layout layout = layoutFor(config, g);
  const int64_t strideLimit = (int64_t(1) << 24) - 1;
  if (layout.streamedStride > strideLimit ||
      layout.stationaryStride > strideLimit || g.m > UINT32_MAX ||
      layout.accumulatorRows > (int64_t(1) << 24) ||
      layout.end > (int64_t(1) << 40))
    return invalidArgument(fmt::format(
        "{}:{}: layer '{}' (M={}, N={}, K={}) is too large to map onto one "
        "MXU's VMEM, accumulators and instruction fields",
        config.path, layer.line, layer.name, g.m, g.n, g.k));
  ChipConfig chip;
  chip.mxu.count = 1;
  chip.mxu.rows = config.arrayRows;
  chip.mxu.cols = config.arrayCols;
  chip.mxu.dataflow = config.dataflow;
  chip.mxu.overlapWeightLoad = fullModel;
  chip.mxu.accumulatorRows = std::max<int64_t>(8, layout.accumulatorRows);
  chip.vmemBytes = std::max<int64_t>(4096, alignUp(layout.end, 4096));
  chip.hbm.bytes = 4096; // operands start in VMEM; HBM is unused
  chip.ici.torus = {1};
  return chip;
}

Program scaleSimProgram(const ScaleSimConfig &config,
                        const ScaleSimLayer &layer) {
  Gemm g = layerGemm(layer);
  Layout layout = layoutFor(config, g);
  const int64_t R = config.arrayRows, C = config.arrayCols;
  Program program;
  program.name = fmt::format("{}:{} (layer {})", config.path, layer.line,
                             layer.name);
  program.code.push_back(loadImmediate(kAccRow, 0));
  switch (config.dataflow) {
  case Dataflow::WeightStationary:
  case Dataflow::InputStationary: {
    // ws: tiles of W (K x N) stay, A's M rows stream. is: tiles of A^T
    // (K x M) stay, W^T's N rows stream. Column folds outer, row folds
    // inner, as SCALE-Sim orders them.
    bool ws = config.dataflow == Dataflow::WeightStationary;
    int64_t spatialCols = ws ? g.n : g.m;
    int64_t streamedRows = ws ? g.m : g.n;
    for (int64_t fc = 0; fc < ceilDiv(spatialCols, C); ++fc)
      for (int64_t fr = 0; fr < ceilDiv(g.k, R); ++fr) {
        int64_t rows = std::min(R, g.k - fr * R);
        int64_t cols = std::min(C, spatialCols - fc * C);
        emitLoadWeights(program,
                        layout.stationaryBase +
                            fr * R * layout.stationaryStride + 2 * fc * C,
                        rows, cols, layout.stationaryStride);
        emitMatmul(program, layout.streamedBase + 2 * fr * R, streamedRows,
                   layout.streamedStride, fr > 0);
      }
    break;
  }
  case Dataflow::OutputStationary:
    // R x C output tiles; each streams all of K in chunks of at most R.
    for (int64_t fc = 0; fc < ceilDiv(g.n, C); ++fc)
      for (int64_t fr = 0; fr < ceilDiv(g.m, R); ++fr)
        for (int64_t kc = 0; kc < ceilDiv(g.k, R); ++kc) {
          int64_t depth = std::min(R, g.k - kc * R);
          int64_t cols = std::min(C, g.n - fc * C);
          int64_t rows = std::min(R, g.m - fr * R);
          emitLoadWeights(program,
                          layout.stationaryBase +
                              kc * R * layout.stationaryStride + 2 * fc * C,
                          depth, cols, layout.stationaryStride);
          emitMatmul(program,
                     layout.streamedBase + fr * R * layout.streamedStride +
                         2 * kc * R,
                     rows, layout.streamedStride, kc > 0);
        }
    break;
  }
  program.code.push_back(Instruction()); // halt
  return program;
}

double pythonSum(const std::vector<double> &values, Summation summation) {
  double sum = 0.0, compensation = 0.0;
  for (double x : values) {
    if (summation == Summation::Sequential) {
      sum += x;
      continue;
    }
    double t = sum + x;
    if (std::fabs(sum) >= std::fabs(x))
      compensation += (sum - t) + x;
    else
      compensation += (x - t) + sum;
    sum = t;
  }
  if (compensation != 0.0 && std::isfinite(compensation))
    sum += compensation;
  return sum;
}

Result<ScaleSimLayerResult>
simulateScaleSimLayer(const ScaleSimConfig &config, const ScaleSimLayer &layer,
                      int layerId, const ScaleSimOptions &scaleSimOptions) {
  Result<ChipConfig> chip =
      scaleSimChipConfig(config, layer, scaleSimOptions.fullModel);
  if (!chip.isOk())
    return chip.status();
  RunOptions options;
  options.functional = false;
  options.recordMxuOps = true;
  Result<std::unique_ptr<System>> system = System::create(*chip, options);
  if (!system.isOk())
    return system.status();
  std::vector<Program> programs;
  programs.push_back(scaleSimProgram(config, layer));
  LOOM_RETURN_IF_ERROR((*system)->loadPrograms(std::move(programs)));
  LOOM_RETURN_IF_ERROR((*system)->run());

  const std::vector<MxuOpRecord> &ops = (*system)->chip(0).mxuOps();
  const int64_t R = config.arrayRows, C = config.arrayCols;
  const double pes = static_cast<double>(R * C);
  bool os = config.dataflow == Dataflow::OutputStationary;
  struct Fold {
    int64_t used = 0, temporal = 0, cycles = 0;
  };
  std::vector<Fold> folds;
  int64_t first = INT64_MAX, last = 0, pendingLoad = 0;
  const MxuOpRecord *load = nullptr;
  for (const MxuOpRecord &op : ops) {
    if (op.end > op.start) { // an os ldw takes no array cycles
      first = std::min(first, op.start);
      last = std::max(last, op.end);
    }
    if (op.kind == MxuOpRecord::LoadWeights) {
      load = &op;
      pendingLoad += op.end - op.start;
      continue;
    }
    if (os && op.accumulate && !folds.empty()) {
      folds.back().temporal += op.depth;
      folds.back().cycles += pendingLoad + (op.end - op.start);
    } else if (os) {
      folds.push_back({op.rows * op.cols, op.depth,
                       pendingLoad + (op.end - op.start)});
    } else {
      folds.push_back({load->rows * load->cols, op.rows,
                       pendingLoad + (op.end - op.start) + (C - 1)});
    }
    pendingLoad = 0;
  }

  ChipStats stats = (*system)->chip(0).stats();
  ScaleSimLayerResult result;
  result.layerId = layerId;
  result.name = layer.name;
  result.totalCycles = last - first - 1;
  result.stallCycles =
      stats.stalls[static_cast<size_t>(StallCause::WeightLoad)] +
      stats.stalls[static_cast<size_t>(StallCause::MxuOperandHazard)];
  result.macs = stats.macs;
  result.folds = static_cast<int64_t>(folds.size());
  // The same operations in the same order as SCALE-Sim's Python, so the
  // doubles agree to the last bit.
  result.overallUtil = static_cast<double>(stats.macs * 100) /
                       static_cast<double>(result.totalCycles * R * C);
  std::vector<double> mapping, compute;
  for (const Fold &fold : folds) {
    mapping.push_back(static_cast<double>(fold.used) / pes);
    compute.push_back(static_cast<double>(fold.used * fold.temporal) /
                      static_cast<double>(R * C * fold.cycles));
  }
  double count = static_cast<double>(folds.size());
  result.mappingEfficiency =
      pythonSum(mapping, scaleSimOptions.summation) / count * 100;
  result.computeUtil =
      pythonSum(compute, scaleSimOptions.summation) / count * 100;
  return result;
}

std::string pythonFloat(double value) {
  std::string text = fmt::format("{}", value);
  if (text.find_first_of(".eni") == std::string::npos)
    text += ".0";
  return text;
}

std::string formatComputeReport(const std::vector<ScaleSimLayerResult> &rows) {
  std::string out = "LayerID, Total Cycles, Stall Cycles, Overall Util %, "
                    "Mapping Efficiency %, Compute Util %,\n";
  for (const ScaleSimLayerResult &row : rows)
    out += fmt::format("{}, {}, {}, {}, {}, {},\n", row.layerId,
                       row.totalCycles, row.stallCycles,
                       pythonFloat(row.overallUtil),
                       pythonFloat(row.mappingEfficiency),
                       pythonFloat(row.computeUtil));
  return out;
}

Status writeComputeReport(const std::string &outputDirectory,
                          const ScaleSimConfig &config,
                          const std::vector<ScaleSimLayerResult> &rows) {
  std::filesystem::path directory =
      std::filesystem::path(outputDirectory) / config.runName;
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error)
    return invalidArgument(fmt::format("{}: cannot create directory: {}",
                                       directory.string(), error.message()));
  std::filesystem::path file = directory / "COMPUTE_REPORT.csv";
  std::ofstream stream(file, std::ios::trunc);
  std::string text = formatComputeReport(rows);
  stream << text;
  stream.close();
  if (!stream)
    return invalidArgument(
        fmt::format("{}: cannot write the report", file.string()));
  return Status::ok();
}

} // namespace loom::systolic
