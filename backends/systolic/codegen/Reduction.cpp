//===- Reduction.cpp - (being written) -------------------------------------------===//

#include "backends/systolic/codegen/KernelCodegen.h"

namespace loom::systolic::codegen {

void addReductionPatterns(std::vector<KernelPattern> &) {}

} // namespace loom::systolic::codegen
