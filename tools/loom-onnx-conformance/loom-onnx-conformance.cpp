//===- loom-onnx-conformance.cpp - The ONNX conformance runner ---------------===//
//
// Part of the Loom project.
//
// Runs the ONNX backend test data through Loom, writes the Markdown report
// (docs/onnx-conformance.md) and the list of passing cases, and fails when a
// case on the expected-passing list no longer passes.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-onnx-conformance/Conformance.h"

#include "passes/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/LineIterator.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <fstream>
#include <map>
#include <set>

namespace cl = llvm::cl;
using namespace loom::conformance;

static cl::OptionCategory category("loom-onnx-conformance options");
static cl::opt<std::string> dataDir(
    "data-dir", cl::desc("The ONNX backend test data"),
    cl::init("/usr/include/onnx/backend/test/data"), cl::cat(category));
enum class Target { Reference };
static cl::opt<Target> target(
    "target", cl::desc("Where the cases execute"), cl::init(Target::Reference),
    cl::values(clEnumValN(Target::Reference, "reference",
                          "the reference evaluator")),
    cl::cat(category));
static cl::opt<std::string> filter("filter",
                                   cl::desc("Run only cases containing this"),
                                   cl::cat(category));
static cl::opt<std::string> reportPath(
    "report", cl::desc("Write the Markdown report here"), cl::cat(category));
static cl::opt<std::string> passingPath(
    "write-passing", cl::desc("Write the names of passing cases here"),
    cl::cat(category));
static cl::opt<std::string> expectedPath(
    "expect-passing",
    cl::desc("Fail when a case listed in this file does not pass"),
    cl::cat(category));
static cl::opt<bool> verbose("v", cl::desc("Print every case"), cl::cat(category));

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv, "ONNX backend conformance runner\n");

  mlir::DialectRegistry registry;
  loom::registerLoomDialects(registry);
  mlir::MLIRContext context(registry, mlir::MLIRContext::Threading::DISABLED);
  context.loadAllAvailableDialects();

  std::vector<std::string> cases = listCases(dataDir);
  if (cases.empty()) {
    llvm::errs() << "loom-onnx-conformance: no cases under " << dataDir << "\n";
    return 1;
  }
  std::vector<CaseResult> results;
  std::map<Outcome, int> counts;
  for (const std::string &name : cases) {
    if (!filter.empty() && name.find(filter) == std::string::npos)
      continue;
    results.push_back(runCase(context, dataDir, name));
    const CaseResult &result = results.back();
    ++counts[result.outcome];
    if (verbose)
      llvm::outs() << outcomeName(result.outcome) << " " << name
                   << (result.reason.empty() ? "" : ": ") << result.reason << "\n";
  }
  llvm::outs() << counts[Outcome::Pass] << " of " << results.size()
               << " cases pass (" << counts[Outcome::Fail] << " fail, "
               << counts[Outcome::Unsupported] << " unsupported)\n";

  if (!reportPath.empty()) {
    std::ofstream report(reportPath);
    report << "# ONNX backend conformance\n\n"
           << counts[Outcome::Pass] << " of " << results.size()
           << " cases pass\n\n"
           << "The ONNX backend test data of Debian's `libonnx-testdata` "
              "(ONNX 1.12), run through the ONNX importer, the simplification "
              "pipeline and the reference evaluator, and compared with the "
              "expected outputs at rtol 1e-3, atol 1e-7 (integers and booleans "
              "exactly). Regenerate with `build/tools/loom-onnx-conformance/"
              "loom-onnx-conformance --report docs/onnx-conformance.md "
              "--write-passing test/onnx/passing.txt`.\n\n"
           << "| outcome | count |\n|---|---|\n"
           << "| pass | " << counts[Outcome::Pass] << " |\n"
           << "| fail | " << counts[Outcome::Fail] << " |\n"
           << "| unsupported | " << counts[Outcome::Unsupported] << " |\n\n"
           << "| case | outcome | reason |\n|---|---|---|\n";
    for (const CaseResult &result : results)
      report << "| " << result.name << " | " << outcomeName(result.outcome)
             << " | " << result.reason << " |\n";
  }
  if (!passingPath.empty()) {
    std::ofstream passing(passingPath);
    for (const CaseResult &result : results)
      if (result.outcome == Outcome::Pass)
        passing << result.name << "\n";
  }
  if (!expectedPath.empty()) {
    auto file = llvm::MemoryBuffer::getFile(expectedPath);
    if (!file) {
      llvm::errs() << expectedPath << ": " << file.getError().message() << "\n";
      return 1;
    }
    std::map<std::string, const CaseResult *> byName;
    for (const CaseResult &result : results)
      byName[result.name] = &result;
    int regressions = 0;
    for (llvm::line_iterator line(**file, /*SkipBlanks=*/true, '#');
         !line.is_at_end(); ++line) {
      std::string name = line->trim().str();
      auto it = byName.find(name);
      if (it == byName.end()) {
        if (filter.empty()) {
          llvm::errs() << "regression: " << name << " is not in the test data\n";
          ++regressions;
        }
        continue;
      }
      if (it->second->outcome != Outcome::Pass) {
        llvm::errs() << "regression: " << name << " "
                     << outcomeName(it->second->outcome) << ": "
                     << it->second->reason << "\n";
        ++regressions;
      }
    }
    if (regressions) {
      llvm::errs() << regressions << " expected-passing cases do not pass\n";
      return 1;
    }
  }
  return 0;
}
