//===- Report.cpp - The compile report (loomc --report) -------------------===//
//
// Part of the Loom project.
//
// The figures are gathered once (Summary) and then written as text or as
// JSON with llvm::json.
//
//===----------------------------------------------------------------------===//

#include "compiler/Report.h"

#include "backends/target/Collectives.h"
#include "compiler/Cost.h"
#include "ir/LoomDialect.h"
#include "passes/sharding/Mesh.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <limits>

using namespace mlir;

namespace loom {
namespace {

uint64_t bytesOf(TypeRange types) {
  uint64_t total = 0;
  for (Type type : types)
    total += *tensorByteSize(type);
  return total;
}

struct KernelRow {
  std::string name;
  std::array<uint32_t, 3> grid;
  int64_t flops;
  uint64_t read, written;
};

struct CollectiveRow {
  std::string kind;
  std::string axes;
  int64_t devices;
  int64_t elements;
  uint64_t bytes;
  /// What each device of the group sends: the bandwidth-optimal volume of
  /// the collective (all_reduce 2(n-1)/n of the tensor, reduce_scatter and
  /// all_to_all (n-1)/n, all_gather n-1 times the local part).
  uint64_t sent;
  /// The kernel that runs it, where the target made it one (the systolic
  /// target), and the target's prediction of its time.
  std::string kernel;
  std::optional<KernelPrediction> prediction;
};

/// A kernel's use of the device's resources in one compiled image.
struct ResourceRow {
  std::string kernel;
  KernelResourceUse use;
};

/// A kernel placed on the host, with the target that runs it there.
struct HostRow {
  HostPlacedKernel kernel;
  std::string target;
};

struct Summary {
  std::vector<KernelRow> kernels;
  std::vector<ResourceRow> resources;
  std::vector<HostRow> hostPlaced;
  int64_t totalFlops = 0;
  uint64_t totalRead = 0, totalWritten = 0;
  unsigned counts[4] = {0, 0, 0, 0};
  uint64_t constantBytes = 0;
  std::optional<sharding::Mesh> mesh;
  int64_t devices = 1;
  std::vector<CollectiveRow> collectives;
  uint64_t sentPerDevice = 0;
  /// The symbolic dimension of a program of one slice.
  DimSymbolAttr symbol;
};

std::optional<CollectiveRow> collectiveRow(Operation *op,
                                           const sharding::Mesh &mesh) {
  std::optional<CollectiveView> view = viewCollective(op);
  if (!view)
    return std::nullopt;
  CollectiveRow row;
  row.kind = view->name.str();
  ArrayRef<int16_t> axes = view->meshAxes;
  Value input = view->input;
  row.axes = mesh.format(axes);
  row.devices = mesh.product(axes);
  row.elements = cast<RankedTensorType>(input.getType()).getNumElements();
  row.bytes = *tensorByteSize(input.getType());
  uint64_t n = row.devices;
  if (row.kind == "all_reduce")
    row.sent = 2 * (n - 1) * row.bytes / n;
  else if (row.kind == "all_gather")
    row.sent = (n - 1) * row.bytes;
  else
    row.sent = (n - 1) * row.bytes / n;
  return row;
}

Summary summarize(func::FuncOp function, const MemoryPlan &plan,
                  ArrayRef<KernelLibrary> libraries) {
  Summary summary;
  summary.symbol =
      LoomDialect::DimSymbolAttrHelper(function.getContext()).getAttr(function);
  llvm::StringMap<const KernelInfo *> infoOf;
  for (const KernelLibrary &library : libraries) {
    for (const KernelInfo &kernel : library.kernels) {
      infoOf[kernel.name] = &kernel;
      for (const KernelResourceUse &use : kernel.resources)
        summary.resources.push_back({kernel.name, use});
    }
    for (const HostPlacedKernel &kernel : library.hostPlaced)
      summary.hostPlaced.push_back(
          {kernel, libraries.size() > 1
                       ? llvm::StringRef(artifact::EnumNameTarget(
                                             libraries.back().target))
                             .lower()
                       : std::string()});
  }
  auto module = function->getParentOfType<ModuleOp>();
  auto grids = module.getOps<shard::GridOp>();
  if (!grids.empty()) {
    std::string error;
    summary.mesh = sharding::meshOfGrid(*grids.begin(), error);
    if (summary.mesh)
      for (int64_t size : summary.mesh->sizes)
        summary.devices *= size;
  }
  for (Operation &op : function.front()) {
    if (auto call = dyn_cast<func::CallOp>(op)) {
      auto kernel = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
          call, call.getCalleeAttr());
      const KernelInfo *info = infoOf.lookup(call.getCallee());
      // A kernel that is one collective (the target runs collectives as
      // kernels) is reported as that collective.
      if (summary.mesh && !kernel.isExternal() &&
          kernel.front().getOperations().size() == 2) {
        if (std::optional<CollectiveRow> row =
                collectiveRow(&kernel.front().front(), *summary.mesh)) {
          row->kernel = call.getCallee().str();
          if (info)
            row->prediction = info->prediction;
          summary.sentPerDevice += row->sent;
          summary.collectives.push_back(std::move(*row));
          continue;
        }
      }
      int64_t flops = 0;
      kernel.walk([&](Operation *inner) {
        if (llvm::AddOverflow(flops, flopCount(inner), flops))
          flops = std::numeric_limits<int64_t>::max();
      });
      KernelRow row{call.getCallee().str(),
                    info ? info->workgroupCount : std::array<uint32_t, 3>{},
                    flops, bytesOf(call.getOperandTypes()),
                    bytesOf(call.getResultTypes())};
      summary.totalFlops += row.flops;
      summary.totalRead += row.read;
      summary.totalWritten += row.written;
      summary.kernels.push_back(std::move(row));
    } else if (summary.mesh) {
      if (std::optional<CollectiveRow> row = collectiveRow(&op, *summary.mesh)) {
        summary.sentPerDevice += row->sent;
        summary.collectives.push_back(std::move(*row));
      }
    }
  }
  for (const PlannedBuffer &buffer : plan.buffers) {
    ++summary.counts[static_cast<int>(buffer.kind)];
    if (buffer.kind == PlannedBufferKind::Constant)
      summary.constantBytes += buffer.byteSize;
  }
  return summary;
}

std::string meshText(const sharding::Mesh &mesh) {
  std::string text;
  for (auto [name, size] : llvm::zip_equal(mesh.names, mesh.sizes))
    text += (text.empty() ? "" : ",") + name + "=" + std::to_string(size);
  return text;
}

std::string asText(const Summary &summary, const MemoryPlan &plan) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (summary.mesh)
    os << "mesh: " << meshText(*summary.mesh) << " (" << summary.devices
       << " devices; every figure below is per device)\n";
  if (summary.symbol)
    os << "symbolic dimension: " << summary.symbol.getName() << ", 1 to "
       << summary.symbol.getBound()
       << " (the program of one slice: kernel figures are per slice, and the "
          "launches that read a sliced buffer run once per slice; buffers "
          "are planned at the bound)\n";
  os << llvm::formatv("{0,-32} {1,-12} {2,14} {3,14} {4,14}\n", "kernel",
                      "workgroups", "flops", "bytes read", "bytes written");
  for (const KernelRow &row : summary.kernels)
    os << llvm::formatv(
        "{0,-32} {1,-12} {2,14} {3,14} {4,14}\n", row.name,
        llvm::formatv("{0}x{1}x{2}", row.grid[0], row.grid[1], row.grid[2]),
        row.flops, row.read, row.written);
  os << llvm::formatv("{0,-32} {1,-12} {2,14} {3,14} {4,14}\n", "total", "",
                      summary.totalFlops, summary.totalRead,
                      summary.totalWritten);
  if (!summary.resources.empty()) {
    os << "kernel resources, per compiled image (as the target's tool chain "
          "recorded them):\n";
    for (const ResourceRow &row : summary.resources) {
      std::string figures;
      for (const auto &[name, value] : row.use.figures)
        figures += (figures.empty() ? "" : ", ") + name + " " +
                   std::to_string(value);
      os << llvm::formatv("  {0,-30} {1}: {2}\n", row.kernel, row.use.image,
                          figures);
    }
  }
  if (summary.mesh) {
    os << llvm::formatv("{0,-16} {1,-16} {2,8} {3,12} {4,14} {5,14}\n",
                        "collective", "mesh axes", "devices", "elements",
                        "bytes", "bytes sent");
    for (const CollectiveRow &row : summary.collectives) {
      os << llvm::formatv("{0,-16} {1,-16} {2,8} {3,12} {4,14} {5,14}\n",
                          row.kind, row.axes, row.devices, row.elements,
                          row.bytes, row.sent);
      if (row.prediction)
        os << llvm::formatv("  kernel {0}: predicted {1} cycles ({2:F2} us): "
                            "{3}\n",
                            row.kernel, row.prediction->cycles,
                            row.prediction->seconds * 1e6,
                            row.prediction->model);
    }
    os << "collectives: " << summary.collectives.size() << ", bytes sent: "
       << summary.sentPerDevice << "\n";
  }
  os << llvm::formatv("buffers: {0} ({1} input, {2} output, {3} constant, "
                      "{4} arena)\n",
                      plan.buffers.size(), summary.counts[0],
                      summary.counts[1], summary.counts[2], summary.counts[3]);
  os << "constant bytes: " << summary.constantBytes << "\n";
  os << llvm::formatv("peak arena bytes: {0} ({1} without reuse; {2} kernel "
                      "results written in place)\n",
                      plan.arenaSize, plan.arenaBytesWithoutReuse,
                      plan.inPlaceResults);
  os << "output copies: " << plan.copies.size() << "\n";
  if (!summary.hostPlaced.empty()) {
    os << "host fallback: " << summary.hostPlaced.size() << " kernel"
       << (summary.hostPlaced.size() == 1 ? "" : "s")
       << " the device cannot run, compiled for the host ("
       << summary.hostPlaced.front().target << ") and run there:\n";
    for (const HostRow &row : summary.hostPlaced)
      os << "  " << row.kernel.kernel << " ["
         << llvm::join(row.kernel.ops, ", ") << "] "
         << hostPlacementReasonName(row.kernel.reason) << ": "
         << row.kernel.message << "\n";
  }
  return text;
}

std::string asJson(const Summary &summary, const MemoryPlan &plan) {
  llvm::json::Array kernels;
  for (const KernelRow &row : summary.kernels)
    kernels.push_back(llvm::json::Object{
        {"name", row.name},
        {"workgroups", llvm::json::Array{row.grid[0], row.grid[1], row.grid[2]}},
        {"flops", row.flops},
        {"bytes_read", static_cast<int64_t>(row.read)},
        {"bytes_written", static_cast<int64_t>(row.written)}});
  llvm::json::Array resources;
  for (const ResourceRow &row : summary.resources) {
    llvm::json::Object object{{"kernel", row.kernel},
                              {"image", row.use.image}};
    for (const auto &[name, value] : row.use.figures) {
      std::string key = name; // "shared bytes" -> "shared_bytes"
      std::replace(key.begin(), key.end(), ' ', '_');
      object[key] = value;
    }
    resources.push_back(std::move(object));
  }
  llvm::json::Array collectives;
  for (const CollectiveRow &row : summary.collectives) {
    llvm::json::Object object{
        {"kind", row.kind},
        {"mesh_axes", row.axes},
        {"devices", row.devices},
        {"elements", row.elements},
        {"bytes", static_cast<int64_t>(row.bytes)},
        {"bytes_sent", static_cast<int64_t>(row.sent)}};
    if (!row.kernel.empty())
      object["kernel"] = row.kernel;
    if (row.prediction) {
      object["predicted_cycles"] = row.prediction->cycles;
      object["predicted_seconds"] = row.prediction->seconds;
      object["model"] = row.prediction->model;
    }
    collectives.push_back(std::move(object));
  }
  llvm::json::Array hostPlaced;
  for (const HostRow &row : summary.hostPlaced) {
    llvm::json::Array ops;
    for (const std::string &op : row.kernel.ops)
      ops.push_back(op);
    hostPlaced.push_back(llvm::json::Object{
        {"kernel", row.kernel.kernel},
        {"ops", std::move(ops)},
        {"target", row.target},
        {"reason", hostPlacementReasonName(row.kernel.reason)},
        {"message", row.kernel.message}});
  }
  llvm::json::Object mesh;
  if (summary.mesh) {
    llvm::json::Array axes;
    for (auto [name, size] :
         llvm::zip_equal(summary.mesh->names, summary.mesh->sizes))
      axes.push_back(llvm::json::Object{{"name", name}, {"size", size}});
    mesh["axes"] = std::move(axes);
  }
  mesh["devices"] = summary.devices;
  llvm::json::Object symbol;
  if (summary.symbol) {
    symbol["name"] = summary.symbol.getName().str();
    symbol["bound"] = summary.symbol.getBound();
  }
  llvm::json::Object report{
      {"mesh", std::move(mesh)},
      {"symbolic_dimension", std::move(symbol)},
      {"kernels", std::move(kernels)},
      {"kernel_resources", std::move(resources)},
      {"flops_per_device", summary.totalFlops},
      {"collectives", std::move(collectives)},
      {"bytes_sent_per_device", static_cast<int64_t>(summary.sentPerDevice)},
      {"buffers",
       llvm::json::Object{{"input", summary.counts[0]},
                          {"output", summary.counts[1]},
                          {"constant", summary.counts[2]},
                          {"arena", summary.counts[3]}}},
      {"constant_bytes_per_device",
       static_cast<int64_t>(summary.constantBytes)},
      {"peak_arena_bytes_per_device", static_cast<int64_t>(plan.arenaSize)},
      {"arena_bytes_without_reuse",
       static_cast<int64_t>(plan.arenaBytesWithoutReuse)},
      {"in_place_results", plan.inPlaceResults},
      {"output_copies", static_cast<int64_t>(plan.copies.size())},
      {"host_fallback", std::move(hostPlaced)}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::json::Value(std::move(report)) << "\n";
  return text;
}

} // namespace

std::string formatReport(func::FuncOp function, const MemoryPlan &plan,
                         ArrayRef<KernelLibrary> libraries,
                         ReportFormat format) {
  Summary summary = summarize(function, plan, libraries);
  return format == ReportFormat::Json ? asJson(summary, plan)
                                      : asText(summary, plan);
}

} // namespace loom
