//===- Driver.cpp - The loomc driver -----------------------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "tools/loomc/Driver.h"

#include "frontend/onnx/OnnxImporter.h"
#include "passes/Passes.h"
#include "passes/Pipelines.h"
#include "passes/Registration.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

namespace loom {
namespace {

namespace cl = llvm::cl;

cl::OptionCategory loomcCategory("loomc options");

cl::opt<std::string> inputPath(cl::Positional, cl::desc("<model.onnx|model.mlir>"),
                               cl::Required, cl::cat(loomcCategory));
cl::opt<std::string> outputPath("o", cl::desc("Output file ('-' for stdout)"),
                                cl::value_desc("file"), cl::init("-"),
                                cl::cat(loomcCategory));
enum class EmitKind { Loom };
cl::opt<EmitKind> emitKind(
    "emit", cl::desc("What to write"), cl::init(EmitKind::Loom),
    cl::values(clEnumValN(EmitKind::Loom, "loom",
                          "the simplified graph in the loom dialect")),
    cl::cat(loomcCategory));
cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("Shape of a model input, by name or position: NAME:1x3x224x224"),
    cl::value_desc("NAME:DIMS"), cl::cat(loomcCategory));

/// Prints diagnostics one per line: "MODEL: node 'NAME': message" for ops
/// imported from ONNX, "file:line:col: error: message" for MLIR sources and
/// the bare message when there is no location (the importer's own errors
/// name the model already).
class DiagnosticPrinter {
public:
  explicit DiagnosticPrinter(MLIRContext &context)
      : handler(&context, [](Diagnostic &diagnostic) {
          llvm::raw_ostream &os = llvm::errs();
          Location loc = diagnostic.getLocation();
          const char *kind =
              diagnostic.getSeverity() == DiagnosticSeverity::Error ? "error"
              : diagnostic.getSeverity() == DiagnosticSeverity::Warning
                  ? "warning"
                  : "note";
          if (auto name = dyn_cast<NameLoc>(loc)) {
            auto file = dyn_cast<FileLineColLoc>(name.getChildLoc());
            os << (file ? file.getFilename().str() + ": " : std::string())
               << "node '" << name.getName().str() << "': " << kind << ": "
               << diagnostic.str() << "\n";
          } else if (auto file = dyn_cast<FileLineColLoc>(loc)) {
            os << file.getFilename() << ":" << file.getLine() << ":"
               << file.getColumn() << ": " << kind << ": " << diagnostic.str()
               << "\n";
          } else {
            os << diagnostic.str() << "\n";
          }
          for (Diagnostic &note : diagnostic.getNotes())
            os << "  note: " << note.str() << "\n";
          return success();
        }) {}

private:
  ScopedDiagnosticHandler handler;
};

/// Gives @main's arguments the user's shapes (by `loom.name` or position).
LogicalResult applyInputShapes(ModuleOp module,
                               ArrayRef<onnx_import::InputShape> shapes) {
  if (shapes.empty())
    return success();
  auto function = module.lookupSymbol<func::FuncOp>("main");
  if (!function)
    return module.emitError("--input-shape needs a function named @main");
  for (const onnx_import::InputShape &shape : shapes) {
    std::optional<unsigned> index;
    for (unsigned i = 0; i < function.getNumArguments(); ++i) {
      auto name = function.getArgAttrOfType<StringAttr>(i, "loom.name");
      if (shape.index ? *shape.index == i : name && name.getValue() == shape.name)
        index = i;
    }
    if (!index)
      return function.emitError("--input-shape: no input named '")
             << (shape.index ? std::to_string(*shape.index) : shape.name) << "'";
    BlockArgument argument = function.getArgument(*index);
    auto type = dyn_cast<RankedTensorType>(argument.getType());
    if (!type || type.getRank() != static_cast<int64_t>(shape.dims.size()) ||
        failed(verifyCompatibleShape(type.getShape(), shape.dims)))
      return function.emitError("--input-shape: input #")
             << *index << " has type " << argument.getType()
             << ", which the given shape does not fit";
    argument.setType(type.clone(shape.dims));
  }
  function.setType(FunctionType::get(module.getContext(),
                                     function.front().getArgumentTypes(),
                                     function.getResultTypes()));
  return success();
}

} // namespace

int loomcMain(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::HideUnrelatedOptions({&loomcCategory, &cl::getGeneralCategory()});
  cl::ParseCommandLineOptions(argc, argv, "Loom model compiler\n");

  DialectRegistry registry;
  registerLoomDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  DiagnosticPrinter printer(context);

  std::vector<onnx_import::InputShape> shapes;
  for (const std::string &text : inputShapes) {
    std::string error;
    std::optional<onnx_import::InputShape> shape =
        onnx_import::parseInputShape(text, error);
    if (!shape) {
      llvm::errs() << "loomc: " << error << "\n";
      return 1;
    }
    shapes.push_back(*shape);
  }

  OwningOpRef<ModuleOp> module;
  StringRef path = inputPath;
  if (path.ends_with(".onnx")) {
    onnx_import::ImportOptions options;
    options.inputShapes = shapes;
    module = onnx_import::importOnnxFile(path, context, options);
  } else if (path.ends_with(".mlir")) {
    llvm::SourceMgr sourceMgr;
    std::string error;
    std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &error);
    if (!file) {
      llvm::errs() << path << ": " << error << "\n";
      return 1;
    }
    sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
    if (module && failed(applyInputShapes(*module, shapes)))
      module = nullptr;
  } else {
    llvm::errs() << path << ": unknown model format (expected .onnx or .mlir)\n";
    return 1;
  }
  if (!module)
    return 1;

  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)))
    return 1;
  buildSimplificationPipeline(pm);
  if (failed(pm.run(*module)))
    return 1;

  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> output = openOutputFile(outputPath, &error);
  if (!output) {
    llvm::errs() << "loomc: " << error << "\n";
    return 1;
  }
  switch (emitKind) {
  case EmitKind::Loom:
    module->print(output->os());
    output->os() << "\n";
    break;
  }
  output->keep();
  return 0;
}

} // namespace loom
