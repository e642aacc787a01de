//===- loom-onnx-conformance.cpp - The ONNX conformance runner ---------------===//
//
// Part of the Loom project.
//
// Runs the ONNX backend test data through Loom on a target, writes the
// Markdown report (docs/onnx-conformance.md for the reference evaluator,
// docs/onnx-conformance-cpu.md for the CPU backend) and the lists of cases
// by outcome (passing on the target, by host fallback, with no target
// code), and fails when a case of an expected list no longer ends as
// listed, or when a case the reference evaluator passes fails on this
// target without the report's list of gaps naming it.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-onnx-conformance/Conformance.h"

#include "backends/target/Target.h"
#include "loom/Version.h"
#include "passes/Registration.h"
#include "tools/loom-differential/TargetNumerics.h"

#include "mlir/IR/DialectRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/LineIterator.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
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
static cl::opt<InputMode> inputMode(
    "mode", cl::desc("How test inputs reach the model"),
    cl::values(clEnumValN(InputMode::UserPath, "user",
                          "the command line's path (the default, the "
                          "published figure): loomc's compile of the model "
                          "file, every test input given at run time as "
                          "loom-run takes it"),
               clEnumValN(InputMode::BindConstants, "constants",
                          "inputs the importer needs at compile time "
                          "(Reshape's shape, ...) and integer inputs bound "
                          "to the test's values as constants; the imported "
                          "module compiled in process")),
    cl::init(InputMode::UserPath), cl::cat(category));
static cl::opt<unsigned> optLevel(
    "opt-level", cl::desc("Optimization level of compiled code (0-3)"),
    cl::init(RunOptions().optLevel), cl::cat(category));
static cl::opt<std::string> filter("filter",
                                   cl::desc("Run only cases containing this"),
                                   cl::cat(category));
static cl::opt<unsigned> sample(
    "sample",
    cl::desc("Run every Nth case (in name order, after --filter), for a "
             "quicker pass that still spans the suite; the lists' checks "
             "then cover the cases run"),
    cl::init(1), cl::cat(category));
static cl::opt<std::string> reportPath(
    "report", cl::desc("Write the Markdown report here"), cl::cat(category));
static cl::opt<std::string> passingPath(
    "write-passing", cl::desc("Write the names of passing cases here"),
    cl::cat(category));
static cl::opt<std::string> expectedPath(
    "expect-passing",
    cl::desc("Fail when a case listed in this file does not pass on the "
             "target itself (by host fallback or with no target code does "
             "not count)"),
    cl::cat(category));
static cl::opt<std::string> hostFallbackPath(
    "write-host-fallback",
    cl::desc("Write the names of cases passing by host fallback here"),
    cl::cat(category));
static cl::opt<std::string> expectedHostFallbackPath(
    "expect-host-fallback",
    cl::desc("Fail when a case listed in this file passes neither on the "
             "target nor by host fallback"),
    cl::cat(category));
static cl::opt<std::string> noTargetCodePath(
    "write-no-target-code",
    cl::desc("Write the names of cases that pass without launching a kernel "
             "(constant-folded) here"),
    cl::cat(category));
static cl::opt<std::string> expectedNoTargetCodePath(
    "expect-no-target-code",
    cl::desc("Fail when a case listed in this file neither passes nor "
             "passes without launching a kernel"),
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
static cl::opt<std::string> otherModeReportPath(
    "other-mode-report",
    cl::desc("The report of the same target in the other --mode: a user "
             "path report quotes its figure, a constants-bound one links "
             "to it (write the constants-bound report first)"),
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
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "loom-onnx-conformance (Loom) " << LOOM_VERSION << "\n";
  });
  cl::ParseCommandLineOptions(argc, argv, "ONNX backend conformance runner\n");
  // lld, which every CPU compile runs in process, resets all cl::opts to
  // their defaults when it starts (cl::ResetAllOptionOccurrences), so the
  // options are read once, here, into locals of the same names.
  const std::string dataDir = ::dataDir, filter = ::filter,
                    reportPath = ::reportPath, passingPath = ::passingPath,
                    expectedPath = ::expectedPath,
                    referencePassingPath = ::referencePassingPath,
                    gapsListedPath = ::gapsListedPath,
                    hostFallbackPath = ::hostFallbackPath,
                    expectedHostFallbackPath = ::expectedHostFallbackPath,
                    noTargetCodePath = ::noTargetCodePath,
                    expectedNoTargetCodePath = ::expectedNoTargetCodePath,
                    otherModeReportPath = ::otherModeReportPath;
  const std::string target = ::target;
  if (target != kReferenceTarget &&
      !loom::TargetRegistry::builtin().find(target)) {
    llvm::errs() << "loom-onnx-conformance: unknown target '" << target
                 << "' (known: " << kReferenceTarget << ", "
                 << loom::TargetRegistry::builtin().names() << ")\n";
    return 1;
  }
  const unsigned optLevel = ::optLevel;
  const unsigned sample = ::sample;
  if (sample == 0) {
    llvm::errs() << "loom-onnx-conformance: --sample must be at least 1\n";
    return 1;
  }
  // A sampled run's report and lists would describe a part of the suite as
  // the whole.
  if (sample > 1 && (!reportPath.empty() || !passingPath.empty() ||
                     !hostFallbackPath.empty() || !noTargetCodePath.empty())) {
    llvm::errs() << "loom-onnx-conformance: --sample=" << sample
                 << " runs part of the suite; it cannot write a report or "
                    "a list\n";
    return 1;
  }
  const InputMode inputMode = ::inputMode;
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
  runOptions.inputMode = inputMode;
  std::vector<CaseResult> results;
  std::map<Outcome, int> counts;
  size_t matched = 0;
  for (const std::string &name : cases) {
    if (!filter.empty() && name.find(filter) == std::string::npos)
      continue;
    if (matched++ % sample != 0)
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
  if (sample > 1)
    llvm::outs() << "1 case in " << sample << " sampled: ";
  llvm::outs() << counts[Outcome::Pass] << " of " << results.size()
               << " cases pass (";
  if (target != kReferenceTarget)
    llvm::outs() << counts[Outcome::HostFallback]
                 << " more pass by host fallback, "
                 << counts[Outcome::NoTargetCode]
                 << " pass with no target code, ";
  llvm::outs() << counts[Outcome::Fail] << " fail, "
               << counts[Outcome::Unsupported] << " unsupported)\n";

  std::map<std::string, const CaseResult *> byName;
  for (const CaseResult &result : results)
    byName[result.name] = &result;
  // Cases the reference evaluator passes and this target does not, and
  // those it passes only by host fallback or with no target code.
  std::vector<const CaseResult *> gaps, hostFallbacks, noTargetCode;
  std::map<Outcome, int> referenceCounts;
  size_t referenceCases = 0;
  if (!referencePassingPath.empty()) {
    std::optional<std::vector<std::string>> referencePassing =
        readList(referencePassingPath);
    if (!referencePassing)
      return 1;
    for (const std::string &name : *referencePassing) {
      auto it = byName.find(name);
      if (it == byName.end())
        continue;
      ++referenceCases;
      ++referenceCounts[it->second->outcome];
      if (it->second->outcome == Outcome::HostFallback)
        hostFallbacks.push_back(it->second);
      else if (it->second->outcome == Outcome::NoTargetCode)
        noTargetCode.push_back(it->second);
      else if (it->second->outcome != Outcome::Pass)
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
    const bool userPath = inputMode == InputMode::UserPath;
    // The files of this target and mode, as the Regenerate line names them.
    const std::string suffix = userPath ? "" : "-constants";
    const std::string targetPart = compiled ? "-" + target : "";
    std::string regenerate =
        "build/tools/loom-onnx-conformance/loom-onnx-conformance --target=" +
        target + (userPath ? "" : " --mode=constants") +
        " --report docs/onnx-conformance" + targetPart + suffix +
        ".md --write-passing test/onnx/passing" + targetPart + suffix + ".txt";
    if (compiled)
      regenerate += " --write-host-fallback test/onnx/host-fallback-" +
                    target + suffix +
                    ".txt --write-no-target-code test/onnx/no-target-code-" +
                    target + suffix +
                    ".txt --reference-passing test/onnx/passing" + suffix +
                    ".txt";
    if (!otherModeReportPath.empty())
      regenerate += " --other-mode-report " + otherModeReportPath;
    // The figure of the constants-bound report, quoted by the user path's:
    // its first line that says how many cases pass. (The constants-bound
    // report only links to the user path's, so that the two are written
    // in that order, each once.)
    std::string otherFigure;
    if (!otherModeReportPath.empty() && userPath) {
      if (auto other = llvm::MemoryBuffer::getFile(otherModeReportPath)) {
        for (llvm::line_iterator line(**other); !line.is_at_end(); ++line)
          if (line->contains(" cases pass")) {
            otherFigure = line->trim().str();
            break;
          }
      }
      if (otherFigure.empty()) {
        llvm::errs() << otherModeReportPath
                     << ": no line saying how many cases pass\n";
        return 1;
      }
    }
    std::string otherName =
        llvm::sys::path::filename(otherModeReportPath).str();
    std::ofstream report(reportPath);
    report << (compiled ? "# ONNX backend conformance of the " + target +
                              " target"
                        : std::string("# ONNX backend conformance"))
           << (userPath ? ", as a user gets it\n\n"
                        : ", with shape inputs bound as constants\n\n")
           << counts[Outcome::Pass] << " of " << results.size()
           << " cases pass\n\n";
    // What a user of the command line sees, counted as ONNX Runtime's 941
    // is: every case whose outputs are right, whatever ran them.
    if (userPath && compiled)
      report << counts[Outcome::Pass] + counts[Outcome::HostFallback] +
                    counts[Outcome::NoTargetCode]
             << " of " << results.size()
             << " cases give the expected outputs through the command line: "
             << counts[Outcome::Pass] << " run the " << target
             << " target's code, "
             << (counts[Outcome::HostFallback]
                     ? std::to_string(counts[Outcome::HostFallback]) +
                           " run some of it on the host (host fallback), "
                     : std::string())
             << "and " << counts[Outcome::NoTargetCode]
             << " launch no kernel (their outputs are copies of inputs or "
                "constants).\n\n";
    if (userPath)
      report << "Every case runs the path of the command line: "
             << (compiled ? "`loomc model.onnx --target=" + target +
                                " -o m.loom` (the compiler's file path, "
                                "at -O" + std::to_string(optLevel) +
                                ", with `--input-shape` only where the "
                                "importer asks for it, `--max-dim=32` "
                                "where it asks for a bound of sizes that "
                                "inputs give at run time, and `NAME:none` "
                                "for an optional input the test leaves "
                                "empty), "
                                "then `loom-run m.loom --input=...` with "
                                "every input of the test given at run time "
                                "(bound by name, else by position, a "
                                "sequence's tensors as `NAME.0`, `NAME.1`, "
                                "..., and checked against the artifact's "
                                "dtypes and shapes; the runtime in process, "
                                "on one thread)"
                          : std::string("on the reference evaluator, "
                                        "the ONNX importer as loomc runs "
                                        "it (with `--input-shape` only "
                                        "where it asks for it, "
                                        "`--max-dim=32` where it asks for "
                                        "a bound, and "
                                        "`NAME:none` for an optional input "
                                        "the test leaves empty) and every "
                                        "input of the test a function "
                                        "argument given at run time (a "
                                        "sequence's tensors one argument "
                                        "each), then "
                                        "the simplification pipeline and "
                                        "the evaluator"))
             << ". No input is bound as a constant.";
    else
      report << "Not what a user gets: when the importer needs an input at "
                "compile time (Reshape's `shape`, Slice's `starts`, "
                "Resize's `scales`, OneHot's `depth`, ...), the case is run "
                "again with that input and every integer input bound to the "
                "test's values as constants (marked \"inputs bound as "
                "constants\"), "
             << (compiled ? "and the imported module is compiled in "
                            "process at -O" + std::to_string(optLevel) +
                                " and run by the runtime on one thread"
                          : std::string("and run on the reference "
                                        "evaluator"))
             << ". It measures the converters and kernels behind those "
                "inputs.";
    if (!otherFigure.empty())
      report << " With shape inputs bound as constants instead ([" << otherName
             << "](" << otherName << ")): " << otherFigure << ".";
    else if (!otherModeReportPath.empty())
      report << " What a user gets: [" << otherName << "](" << otherName
             << ").";
    if (userPath)
      report << " ONNX Runtime 1.30, run the same way (every input at run "
                "time), passes 941 of the 1071 cases of this suite "
                "(measured for issue 15).";
    report << "\n\nThe ONNX backend test data of Debian's `libonnx-testdata` "
              "(ONNX 1.12), compared with the "
           << comparison << ". Regenerate with `" << regenerate
           << "`" << (compiled ? " (and review the lists' changes before "
                                 "committing them: every case that leaves "
                                 "a list must be explained)"
                               : std::string())
           << ".\n\n";
    report << "| outcome | count |\n|---|---|\n"
           << "| pass | " << counts[Outcome::Pass] << " |\n";
    if (compiled)
      report << "| pass (host fallback) | " << counts[Outcome::HostFallback]
             << " |\n"
             << "| no target code | " << counts[Outcome::NoTargetCode]
             << " |\n";
    report << "| fail | " << counts[Outcome::Fail] << " |\n"
           << "| unsupported | " << counts[Outcome::Unsupported] << " |\n\n";
    if (compiled)
      report << "A pass runs the " << target
             << " target's generated code on its device. A pass by host "
                "fallback ran some kernels on the host CPU instead "
                "(docs/systolic.md, \"Host fallback\"), compared with the "
                "evaluator at the suite's tolerances rather than bit for "
                "bit. A case with no target code launches no kernel (its "
                "inputs were bound as constants and its outputs folded, or "
                "its outputs are copies): its outputs are right but no code "
                "of the target ran, so it is not counted as a pass.\n\n";
    if (!referencePassingPath.empty()) {
      auto percent = [&](int count) {
        std::ostringstream text;
        text.precision(1);
        text << std::fixed
             << (referenceCases ? 100.0 * count / referenceCases : 0.0) << "%";
        return text.str();
      };
      report << "Of the " << referenceCases
             << " cases the reference evaluator passes: "
             << referenceCounts[Outcome::Pass] << " pass here ("
             << percent(referenceCounts[Outcome::Pass]) << ")";
      if (compiled)
        report << ", " << referenceCounts[Outcome::HostFallback]
               << " by host fallback ("
               << percent(referenceCounts[Outcome::HostFallback]) << "), "
               << referenceCounts[Outcome::NoTargetCode]
               << " with no target code ("
               << percent(referenceCounts[Outcome::NoTargetCode]) << ")";
      report << ", and " << gaps.size()
             << " do not pass and are listed below with their reasons.\n\n";
      report << kGapsHeading.str() << "\n\n"
             << gaps.size() << " cases.\n\n| case | outcome | reason |\n"
             << "|---|---|---|\n";
      for (const CaseResult *gap : gaps)
        report << "| " << gap->name << " | " << outcomeName(gap->outcome)
               << " | " << gap->reason << " |\n";
      if (compiled) {
        report << "\n## Passing by host fallback\n\n"
               << hostFallbacks.size()
               << " cases of the reference evaluator's passes.\n\n"
               << "| case | kernels on the host |\n|---|---|\n";
        for (const CaseResult *result : hostFallbacks)
          report << "| " << result->name << " | " << result->reason << " |\n";
        report << "\n## Constant-folded, no target code\n\n"
               << noTargetCode.size()
               << " cases of the reference evaluator's passes.\n\n"
               << "| case | reason |\n|---|---|\n";
        for (const CaseResult *result : noTargetCode)
          report << "| " << result->name << " | " << result->reason << " |\n";
      }
      report << "\n## Every case\n\n";
    }
    report << "| case | outcome | reason |\n|---|---|---|\n";
    for (const CaseResult &result : results)
      report << "| " << result.name << " | " << outcomeName(result.outcome)
             << " | " << result.reason << " |\n";
  }
  for (auto [path, outcome] :
       {std::pair{passingPath, Outcome::Pass},
        std::pair{hostFallbackPath, Outcome::HostFallback},
        std::pair{noTargetCodePath, Outcome::NoTargetCode}}) {
    if (path.empty())
      continue;
    std::ofstream list(path);
    for (const CaseResult &result : results)
      if (result.outcome == outcome)
        list << result.name << "\n";
  }

  // Each list's cases must end in one of its outcomes.
  int problems = 0;
  struct Expectation {
    std::string path;
    std::vector<Outcome> accepted;
    const char *what;
  };
  for (const Expectation &expectation :
       {Expectation{expectedPath, {Outcome::Pass}, "expected-passing"},
        Expectation{expectedHostFallbackPath,
                    {Outcome::Pass, Outcome::HostFallback},
                    "expected host-fallback"},
        Expectation{expectedNoTargetCodePath,
                    {Outcome::Pass, Outcome::NoTargetCode},
                    "expected no-target-code"}}) {
    if (expectation.path.empty())
      continue;
    std::optional<std::vector<std::string>> expected =
        readList(expectation.path);
    if (!expected)
      return 1;
    int regressions = 0;
    for (const std::string &name : *expected) {
      auto it = byName.find(name);
      if (it == byName.end()) {
        if (filter.empty() && sample == 1) {
          llvm::errs() << "regression: " << name << " is not in the test data\n";
          ++regressions;
        }
        continue;
      }
      if (!llvm::is_contained(expectation.accepted, it->second->outcome)) {
        llvm::errs() << "regression: " << name << " "
                     << outcomeName(it->second->outcome) << ": "
                     << it->second->reason << "\n";
        ++regressions;
      }
    }
    if (regressions)
      llvm::errs() << regressions << " " << expectation.what
                   << " cases do not pass as listed\n";
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
