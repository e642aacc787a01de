# lit configuration for Loom's FileCheck tests.
import os

import lit.formats

config.name = "Loom"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.loom_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "unit", "systolic", "compiler", "Inputs",
                   "corpus"]

# Loom's tools first, then LLVM's FileCheck, not and count.
tool_dirs = [
    os.path.join(config.loom_tools_dir, name)
    for name in sorted(os.listdir(config.loom_tools_dir))
    if os.path.isdir(os.path.join(config.loom_tools_dir, name))
]
config.environment["PATH"] = os.pathsep.join(
    tool_dirs + [config.llvm_tools_dir, config.environment.get("PATH", "")]
)

# The cuda target is built where a CUDA toolkit is (test/cuda/lit.local.cfg).
if config.loom_enable_cuda in ("ON", "1", "TRUE", "YES", "On", "on", "true"):
    config.available_features.add("cuda")

# The ONNX backend test data (Debian's libonnx-testdata) that import tests read.
config.substitutions.append(("%onnx_data", "/usr/include/onnx/backend/test/data"))
