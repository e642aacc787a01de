//===- Conv.cpp - (being written) -------------------------------------------===//

#include "backends/systolic/codegen/KernelCodegen.h"

namespace loom::systolic::codegen {

void addConvPatterns(std::vector<KernelPattern> &) {}

} // namespace loom::systolic::codegen
