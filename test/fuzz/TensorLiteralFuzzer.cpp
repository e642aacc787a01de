//===- TensorLiteralFuzzer.cpp - Fuzz target for tensor arguments --------===//
//
// Part of the Loom project.
//
// libFuzzer entry point for the tensor arguments of loom-run and
// loom-differential (`--input=`, `--output=`, `--expected=`;
// tools/loom-run/TensorArgs.h): any text must split into an argument and,
// when it holds a literal (`2x3xf32=1,2,3,4,5,6`), parse or be rejected
// with a one-line message, never crash, hang or abort. A literal that parses
// must print (formatElement) to a literal that parses to a tensor printing
// the same. Files named with '@' are not opened.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-run/TensorArgs.h"
#include "test/fuzz/FuzzCheck.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace loom;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  // Messages quote the argument as given; a command line rarely holds a
  // newline, and one quoted back is not a second error line.
  bool oneLine = text.find('\n') == std::string_view::npos;
  std::string error;
  std::optional<runner::TensorArg> arg = runner::parseTensorArg(text, error);
  if (!arg) {
    if (oneLine)
      LOOM_FUZZ_CHECK_MESSAGE(error);
    return 0;
  }
  if (arg->literal.empty())
    return 0;
  std::optional<Tensor> tensor = runner::parseTensorLiteral(arg->literal, error);
  if (!tensor) {
    if (oneLine)
      LOOM_FUZZ_CHECK_MESSAGE(error);
    return 0;
  }
  std::string type = shapeString(tensor->shape(), tensor->dtype());
  (void)runner::formatTensor(*tensor);
  if (tensor->numElements() > 4096)
    return 0;
  std::string printed = type + "=";
  for (int64_t i = 0; i < tensor->numElements(); ++i)
    printed += (i ? "," : "") + runner::formatElement(*tensor, i);
  std::optional<Tensor> again = runner::parseTensorLiteral(printed, error);
  LOOM_FUZZ_CHECK(again, "a printed literal parses", error);
  LOOM_FUZZ_CHECK(again->dtype() == tensor->dtype() &&
                      again->shape() == tensor->shape(),
                  "a printed literal has the same type", printed);
  for (int64_t i = 0; i < tensor->numElements(); ++i)
    LOOM_FUZZ_CHECK(runner::formatElement(*again, i) ==
                        runner::formatElement(*tensor, i),
                    "a printed literal parses to the same values", printed);
  return 0;
}
