//===- loom-onnx-conformance.cpp - The ONNX conformance runner ---------------===//
//
// Part of the Loom project.
//
// Runs the ONNX backend test data through Loom on a target, writes the
// Markdown report (docs/onnx-conformance.md for the reference evaluator,
// docs/onnx-conformance-cpu.md for the CPU backend) and the list of passing
// cases, and fails when a case on the expected-passing list no longer
// passes, or when a case the reference evaluator passes fails on this
// target without the report's list of gaps naming it.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-onnx-conformance/Conformance.h"

#include "backends/target/Target.h"
#include "passes/Registration.h"
#include "tools/loom-differential/TargetNumerics.h"

#include "mlir/IR/DialectRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/LineIterator.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace cl = llvm::cl;
using namespace loom::conformance;

static cl::OptionCategory category("loom-onnx-conformance options");
static cl::opt<std::string> dataDir(
    "data-dir", cl::desc("The ONNX backend test data"),
    cl::init("/usr/include/onnx/backend/test/data"), cl::cat(category));
static cl::opt<std::string> target(
    "target",
    cl::desc("Where the cases execute: reference (the reference evaluator) "
             "or a compile target such as cpu, compiled and run in process"),
    cl::init(kReferenceTarget), cl::cat(category));
static cl::opt<unsigned> optLevel(
    "opt-level", cl::desc("Optimization level of compiled code (0-3)"),
    cl::init(RunOptions().optLevel), cl::cat(category));
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
static cl::opt<std::string> referencePassingPath(
    "reference-passing",
    cl::desc("The cases passing on the reference target; the report lists "
             "those that do not pass here"),
    cl::cat(category));
static cl::opt<std::string> gapsListedPath(
    "expect-gaps-listed",
    cl::desc("Fail when a case of --reference-passing does not pass and has "
             "no row in this Markdown file"),
    cl::cat(category));
static cl::opt<bool> verbose("v", cl::desc("Print every case"), cl::cat(category));

/// The report's section of the cases that pass on the reference target and
/// not on this one.
static constexpr llvm::StringLiteral kGapsHeading =
    "## Passing on the reference evaluator, not here";

/// The non-blank, non-comment lines of a list file, or nullopt after
/// printing why it cannot be read.
static std::optional<std::vector<std::string>> readList(const std::string &path) {
  auto file = llvm::MemoryBuffer::getFile(path);
  if (!file) {
    llvm::errs() << path << ": " << file.getError().message() << "\n";
    return std::nullopt;
  }
  std::vector<std::string> lines;
  for (llvm::line_iterator line(**file, /*SkipBlanks=*/true, '#');
       !line.is_at_end(); ++line)
    lines.push_back(line->trim().str());
  return lines;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv, "ONNX backend conformance runner\n");
  // lld, which every CPU compile runs in process, resets all cl::opts to
  // their defaults when it starts (cl::ResetAllOptionOccurrences), so the
  // options are read once, here, into locals of the same names.
  const std::string dataDir = ::dataDir, filter = ::filter,
                    reportPath = ::reportPath, passingPath = ::passingPath,
                    expectedPath = ::expectedPath,
                    referencePassingPath = ::referencePassingPath,
                    gapsListedPath = ::gapsListedPath;
  const std::string target = ::target;
  if (target != kReferenceTarget &&
      !loom::TargetRegistry::builtin().find(target)) {
    llvm::errs() << "loom-onnx-conformance: unknown target '" << target
                 << "' (known: " << kReferenceTarget << ", "
                 << loom::TargetRegistry::builtin().names() << ")\n";
    return 1;
  }
  const unsigned optLevel = ::optLevel;
  const bool verbose = ::verbose;

  mlir::DialectRegistry registry;
  loom::registerLoomDialects(registry);
  mlir::MLIRContext context(registry, mlir::MLIRContext::Threading::DISABLED);
  context.loadAllAvailableDialects();

  std::vector<std::string> cases = listCases(dataDir);
  if (cases.empty()) {
    llvm::errs() << "loom-onnx-conformance: no cases under " << dataDir << "\n";
    return 1;
  }
  RunOptions runOptions;
  runOptions.target = target;
  runOptions.optLevel = optLevel;
  std::vector<CaseResult> results;
  std::map<Outcome, int> counts;
  for (const std::string &name : cases) {
    if (!filter.empty() && name.find(filter) == std::string::npos)
      continue;
    results.push_back(runCase(context, dataDir, name, runOptions));
    const CaseResult &result = results.back();
    ++counts[result.outcome];
    // Flushed per case, so that after a crash the last line names the case
    // before the one that crashed.
    if (verbose) {
      llvm::outs() << outcomeName(result.outcome) << " " << name
                   << (result.reason.empty() ? "" : ": ") << result.reason
                   << "\n";
      llvm::outs().flush();
    }
  }
  llvm::outs() << counts[Outcome::Pass] << " of " << results.size()
               << " cases pass (" << counts[Outcome::Fail] << " fail, "
               << counts[Outcome::Unsupported] << " unsupported)\n";

  std::map<std::string, const CaseResult *> byName;
  for (const CaseResult &result : results)
    byName[result.name] = &result;
  // Cases the reference evaluator passes and this target does not.
  std::vector<const CaseResult *> gaps;
  if (!referencePassingPath.empty()) {
    std::optional<std::vector<std::string>> referencePassing =
        readList(referencePassingPath);
    if (!referencePassing)
      return 1;
    for (const std::string &name : *referencePassing) {
      auto it = byName.find(name);
      if (it != byName.end() && it->second->outcome != Outcome::Pass)
        gaps.push_back(it->second);
    }
  }

  if (!reportPath.empty()) {
    bool compiled = target != kReferenceTarget;
    loom::differential::TargetNumerics numerics =
        loom::differential::targetNumerics(target);
    std::string comparison =
        "expected outputs at rtol 1e-3, atol 1e-7 (integers and booleans "
        "exactly)";
    if (compiled && numerics.relativeL2) {
      std::ostringstream text;
      text << "expected float outputs by relative L2 error within "
           << *numerics.relativeL2 << " (the rest exactly)";
      if (numerics.bitExact)
        text << ", and bit for bit with the reference evaluator's "
             << numerics.precisionName << " mode";
      comparison = text.str();
    }
    std::ofstream report(reportPath);
    report << (compiled ? "# ONNX backend conformance of the " + target +
                              " target\n\n"
                        : std::string("# ONNX backend conformance\n\n"))
           << counts[Outcome::Pass] << " of " << results.size()
           << " cases pass\n\n"
           << "The ONNX backend test data of Debian's `libonnx-testdata` "
              "(ONNX 1.12), run through the ONNX importer, the simplification "
              "pipeline and "
           << (compiled ? "the " + target +
                              " target (compiled in process at -O" +
                              std::to_string(optLevel) +
                              " and run by the runtime on one thread)"
                        : std::string("the reference evaluator"))
           << ", and compared with the "
           << comparison
           << ". Regenerate with `build/tools/loom-onnx-conformance/"
              "loom-onnx-conformance "
           << (compiled ? "--target=" + target +
                              " --report docs/onnx-conformance-" + target +
                              ".md --write-passing test/onnx/passing-" +
                              target +
                              ".txt --reference-passing "
                              "test/onnx/passing.txt`.\n\n"
                        : std::string("--report docs/onnx-conformance.md "
                                      "--write-passing "
                                      "test/onnx/passing.txt`.\n\n"))
           << "| outcome | count |\n|---|---|\n"
           << "| pass | " << counts[Outcome::Pass] << " |\n"
           << "| fail | " << counts[Outcome::Fail] << " |\n"
           << "| unsupported | " << counts[Outcome::Unsupported] << " |\n\n";
    if (!referencePassingPath.empty()) {
      report << kGapsHeading.str() << "\n\n"
             << gaps.size() << " cases.\n\n| case | outcome | reason |\n"
             << "|---|---|---|\n";
      for (const CaseResult *gap : gaps)
        report << "| " << gap->name << " | " << outcomeName(gap->outcome)
               << " | " << gap->reason << " |\n";
      report << "\n## Every case\n\n";
    }
    report << "| case | outcome | reason |\n|---|---|---|\n";
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

  int problems = 0;
  if (!expectedPath.empty()) {
    std::optional<std::vector<std::string>> expected = readList(expectedPath);
    if (!expected)
      return 1;
    int regressions = 0;
    for (const std::string &name : *expected) {
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
    if (regressions)
      llvm::errs() << regressions << " expected-passing cases do not pass\n";
    problems += regressions;
  }
  if (!gapsListedPath.empty()) {
    auto doc = llvm::MemoryBuffer::getFile(gapsListedPath);
    if (!doc) {
      llvm::errs() << gapsListedPath << ": " << doc.getError().message() << "\n";
      return 1;
    }
    // Only the gaps section counts: the table of every case names them all.
    llvm::StringRef section = (*doc)->getBuffer();
    size_t start = section.find(kGapsHeading);
    section = start == llvm::StringRef::npos ? llvm::StringRef()
                                             : section.drop_front(start);
    section = section.take_front(section.find("\n## ", 1));
    for (const CaseResult *gap : gaps) {
      if (section.contains("| " + gap->name + " |"))
        continue;
      llvm::errs() << "unexplained: " << gap->name
                   << " passes on the reference target but not here ("
                   << gap->reason << ") and " << gapsListedPath
                   << " does not list it\n";
      ++problems;
    }
  }
  return problems ? 1 : 0;
}
