#!/usr/bin/python3
"""Tests of the systolic benchmark's report.py on fake results: the kernel
shapes read from dispatches, the profile tables (one chip and a mesh), the
SCALE-Sim topology it writes and the report it reads back (a fake loom-sim),
the per-layer and overall utilizations, the acceptance bars and a failed
step. ctest runs this; the benchmark itself never runs in ctest.
"""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = sys.executable
sys.path.insert(0, HERE)
import report  # noqa: E402

DISPATCHES = """\
module {
  func.func @main(%arg0: tensor<2x8x16x16xf32>) -> tensor<2x4xf32> {
    %0 = call @main_kernel_0(%arg0, %w) : (tensor<2x8x16x16xf32>, tensor<32x8x3x3xf32>) -> tensor<2x32x8x8xf32>
    return %0 : tensor<2x4xf32>
  }
  func.func private @main_kernel_0(%arg0: tensor<2x8x16x16xf32>, %arg1: tensor<32x8x3x3xf32>) -> tensor<2x32x8x8xf32> attributes {loom.kernel = #loom.kernel<generic>} {
    %0 = loom.constant dense<"0x"> : tensor<1x32x1x1xf32>
    %1 = loom.conv %arg0, %arg1 strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<2x8x16x16xf32>, tensor<32x8x3x3xf32>) -> tensor<2x32x8x8xf32>
    %2 = loom.relu %1 : tensor<2x32x8x8xf32>
    return %2 : tensor<2x32x8x8xf32>
  }
  func.func private @main_kernel_1(%arg0: tensor<2x32x8x8xf32>) -> tensor<2x32x4x4xf32> attributes {loom.kernel = #loom.kernel<generic>} {
    %0 = loom.max_pool %arg0 kernel [2, 2] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<2x32x8x8xf32>) -> tensor<2x32x4x4xf32>
    return %0 : tensor<2x32x4x4xf32>
  }
  func.func private @main_kernel_2(%arg0: tensor<2x32x8x8xf32>, %arg1: tensor<32x1x3x3xf32>) -> tensor<2x32x8x8xf32> attributes {loom.kernel = #loom.kernel<generic>} {
    %0 = loom.conv %arg0, %arg1 strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 32 : (tensor<2x32x8x8xf32>, tensor<32x1x3x3xf32>) -> tensor<2x32x8x8xf32>
    return %0 : tensor<2x32x8x8xf32>
  }
  func.func private @main_kernel_3(%arg0: tensor<1x128x384xf32>, %arg1: tensor<384x64xf32>) -> tensor<1x128x64xf32> attributes {loom.kernel = #loom.kernel<generic>} {
    %0 = loom.matmul %arg0, %arg1 : (tensor<1x128x384xf32>, tensor<384x64xf32>) -> tensor<1x128x64xf32>
    return %0 : tensor<1x128x64xf32>
  }
  func.func private @main_kernel_4(%arg0: tensor<1x8x128x48xf32>, %arg1: tensor<1x8x48x128xf32>) -> tensor<1x8x128x128xf32> attributes {loom.kernel = #loom.kernel<generic>} {
    %0 = loom.matmul %arg0, %arg1 : (tensor<1x8x128x48xf32>, tensor<1x8x48x128xf32>) -> tensor<1x8x128x128xf32>
    return %0 : tensor<1x8x128x128xf32>
  }
}
"""

PROFILE = """\
systolic profile: 5 launches, 20000 cycles (19.048 us at 1.05 GHz); 0 copies of 0 bytes on the host
kernel         launches       cycles    time (us)  MXU util           MACs     HBM read  HBM written
main_kernel_0         1         4000        3.810     1.00%        2621440        16384        16384
                 stalls (cycles): flag wait 10
main_kernel_1         1         6000        5.714     0.00%              0        16384         4096
main_kernel_2         1         2000        1.905     0.50%         655360        16384        16384
main_kernel_3         1         3000        2.857    10.00%       19660800        16384        16384
main_kernel_4         1         5000        4.762     2.00%        6553600        16384        16384
total                 5        20000       19.048     2.25%       29491200        81920        69632
                 stalls (cycles): flag wait 100, HBM channel busy 50
"""

MESH_PROFILE = """\
systolic profile: 8 chips, 56 launches, 900818 cycles (857.922 us at 1.05 GHz); 0 copies of 0 bytes on the host
kernel         launches       cycles    time (us)  MXU util           MACs     HBM read  HBM written   link bytes   link stall
main_kernel_0         1        32996       31.425     5.79%      250478592      1279488      6422528            0            0
total                56       900818      857.922    22.96%    27114897408    326915392     90541888            0            0
chip                          cycles    time (us)  MXU util           MACs     HBM read  HBM written   link bytes   link stall
chip 0                        900818      857.922    22.96%    13557448704    163457696     45270944            0            0
"""

# A fake `loom-sim scalesim`: checks the arguments and the config, and reports
# Total Cycles = M + N + K for each GEMM of the topology (half that with
# --full-model), the other columns constant.
FAKE_LOOM_SIM = """\
import os, sys
args = sys.argv[1:]
assert args[0] == "scalesim", args
option = lambda name: args[args.index(name) + 1]
assert option("-i") == "gemm"
config = open(option("-c")).read()
assert "Dataflow : ws" in config and "ArrayHeight:    128" in config
run = [l.split("=")[1].strip() for l in config.splitlines() if l.startswith("run_name")][0]
rows = open(option("-t")).read().splitlines()
assert rows[0] == "Layer, M, N, K,", rows[0]
out = os.path.join(option("-p"), run)
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "COMPUTE_REPORT.csv"), "w") as f:
    f.write("LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,\\n")
    for index, row in enumerate(rows[1:]):
        _, m, n, k = [x.strip() for x in row.split(",")[:4]]
        cycles = int(m) + int(n) + int(k)
        if "--full-model" in args:
            cycles //= 2
        f.write(f"{index}, {cycles}, 0, 1.0, 1.0, 1.0,\\n")
"""


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


class Shapes(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "m.dispatches.mlir")
        write(self.path, DISPATCHES)

    def tearDown(self):
        self.dir.cleanup()

    def test_conv_matmul_and_other_kernels(self):
        gemms, ops = report.kernel_gemms(self.path)
        self.assertEqual(sorted(gemms), ["main_kernel_0", "main_kernel_2", "main_kernel_3",
                                         "main_kernel_4"])
        conv = gemms["main_kernel_0"][0]
        # M = 2 images x 8 x 8 outputs, K = 3 x 3 x 8, N = 32 filters.
        self.assertEqual((conv.kind, conv.m, conv.k, conv.n, conv.count), ("conv", 128, 72, 32, 1))
        self.assertEqual(conv.describe, "conv 3x3/2 8->32 @8x8")
        depthwise = gemms["main_kernel_2"][0]
        self.assertEqual((depthwise.m, depthwise.k, depthwise.n, depthwise.count), (128, 9, 1, 32))
        self.assertEqual(depthwise.macs, 128 * 9 * 32)
        # A rank-2 B: A's leading dimensions are rows.
        dense = gemms["main_kernel_3"][0]
        self.assertEqual((dense.m, dense.k, dense.n, dense.count), (128, 384, 64, 1))
        # A batched matmul: one product per batch element.
        batched = gemms["main_kernel_4"][0]
        self.assertEqual((batched.m, batched.k, batched.n, batched.count), (128, 48, 128, 8))
        self.assertEqual(ops["main_kernel_1"], ["max_pool"])
        self.assertEqual(ops["main_kernel_0"], ["relu"])


class Profiles(unittest.TestCase):
    def test_one_chip_and_mesh(self):
        with tempfile.TemporaryDirectory() as work:
            one, mesh = os.path.join(work, "one.log"), os.path.join(work, "mesh.log")
            write(one, "loom-run: a line before\n" + PROFILE)
            write(mesh, MESH_PROFILE)
            profile = report.Profile(one)
            self.assertEqual((profile.chips, profile.cycles), (1, 20000))
            self.assertEqual(list(profile.kernels), [f"main_kernel_{i}" for i in range(5)])
            self.assertEqual(profile.kernels["main_kernel_3"]["macs"], 19660800)
            self.assertEqual(profile.stalls, "stalls (cycles): flag wait 100, HBM channel busy 50")
            profile = report.Profile(mesh)
            self.assertEqual((profile.chips, profile.cycles), (8, 900818))
            self.assertEqual(list(profile.kernels), ["main_kernel_0"])

    def test_no_profile_is_one_line(self):
        with tempfile.TemporaryDirectory() as work:
            path = os.path.join(work, "x.run.log")
            write(path, "loom-run: error: something failed\n")
            with self.assertRaises(SystemExit) as raised:
                report.Profile(path)
            self.assertIn("holds no systolic profile", str(raised.exception))


class Report(unittest.TestCase):
    def run_report(self, results, *extra):
        loom_sim = os.path.join(results, "..", "loom-sim")
        write(loom_sim, f"#!{PYTHON}\n" + FAKE_LOOM_SIM)
        os.chmod(loom_sim, 0o755)
        done = subprocess.run([PYTHON, os.path.join(HERE, "report.py"), f"--results={results}",
                               f"--loom-sim={loom_sim}", *extra],
                              capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout

    def test_tables_and_bars(self):
        with tempfile.TemporaryDirectory() as work:
            results = os.path.join(work, "results")
            os.makedirs(results)
            write(os.path.join(results, "resnet50_batch8.dispatches.mlir"), DISPATCHES)
            write(os.path.join(results, "resnet50_batch8.run.log"), PROFILE)
            write(os.path.join(results, "resnet50_batch8.loomc.time"), "1.5\n")
            write(os.path.join(results, "resnet50_batch8.run.time"), "2.0\n")
            write(os.path.join(results, "resnet50.run.time"), "130.0\n")
            for n, cycles in ((1, 1000), (2, 1000), (8, 1250)):
                head = f"systolic profile: {n} chips, " if n > 1 else "systolic profile: "
                write(os.path.join(results, f"scale-{n}.run.log"),
                      PROFILE.replace("systolic profile: ", head).replace("20000 cycles",
                                                                           f"{cycles} cycles"))
                write(os.path.join(results, f"scale-{n}.run.time"), "1.0\n")
            write(os.path.join(results, "commit"), "0123456789ab\n(with uncommitted changes in the tree)\n")
            docs = os.path.join(work, "page.md")
            out = self.run_report(results, "--layer-models=resnet50_batch8",
                                  "--models=resnet50_batch8,gpt", "--chips=1,2,8",
                                  "--torus=1,2,2x2x2", f"--docs={docs}")
            capacity = 4 * 128 * 128
            # The conv kernels: main_kernel_0 (128x72x32) and the depthwise one.
            conv_macs = 128 * 72 * 32 + 128 * 9 * 32
            util = 100.0 * conv_macs / ((4000 + 2000) * capacity)
            self.assertIn(f"**Loom {util:.1f}%**", out)
            # SCALE-Sim: Total Cycles = M + N + K per product, 32 products for
            # the depthwise conv.
            scalesim = 100.0 * conv_macs / ((128 + 32 + 72 + 32 * (128 + 1 + 9)) * 128 * 128)
            self.assertIn(f"SCALE-Sim {scalesim:.1f}% on one 128x128 array", out)
            self.assertIn("| main_kernel_4 | matmul 1x8x128x48 . 1x8x48x128 | 128x48x128 (8) |",
                          out)
            self.assertIn("utilization over the convolutions >= 50%", out)
            self.assertIn("(**fail**", out)
            self.assertIn("t1 / t8 >= 90%: 80.0% (**fail**)", out)
            self.assertIn("under 2 minutes on this machine: 130.0 s (**fail**)", out)
            self.assertIn("| 2 | 2 | 2 | failed | 1.00 | 1000 |", out)
            self.assertIn("main_kernel_1 (max_pool) 6000", out)
            self.assertIn("| gpt | failed | failed | — | — | — | — |", out)
            with open(docs) as page:
                text = page.read()
            self.assertTrue(text.startswith("# Systolic benchmarks\n"))
            self.assertIn("- Machine: ", text)
            self.assertIn("- Loom: 0123456789ab (with uncommitted changes in the tree)\n", text)
            with open(os.path.join(results, "scalesim", "resnet50_batch8.csv")) as topology:
                rows = topology.read().splitlines()
            # Each distinct (M, K, N) once, in that order.
            self.assertEqual(rows, ["Layer, M, N, K,", "gemm0, 128, 1, 9,", "gemm1, 128, 128, 48,",
                                    "gemm2, 128, 32, 72,", "gemm3, 128, 64, 384,"])

    def test_another_chip_is_refused(self):
        with tempfile.TemporaryDirectory() as work:
            results = os.path.join(work, "results")
            os.makedirs(results)
            write(os.path.join(results, "gpt.dispatches.mlir"), DISPATCHES)
            # Twice the utilization for the same MACs: a chip of half the MXUs.
            write(os.path.join(results, "gpt.run.log"),
                  PROFILE.replace("19.048     2.25%", "19.048     4.50%"))
            loom_sim = os.path.join(work, "loom-sim")
            done = subprocess.run([PYTHON, os.path.join(HERE, "report.py"),
                                   f"--results={results}", f"--loom-sim={loom_sim}",
                                   "--layer-models=gpt"], capture_output=True, text=True)
            self.assertEqual(done.returncode, 1)
            self.assertIn("the profile implies 32768 MACs per cycle, but report.py assumes "
                          "the default chip's 4 MXUs of 128x128 (65536)", done.stderr)

    def test_missing_model_is_said(self):
        with tempfile.TemporaryDirectory() as work:
            results = os.path.join(work, "results")
            os.makedirs(results)
            out = self.run_report(results, "--layer-models=gpt")
            self.assertIn("Not measured: loomc or loom-run failed (see gpt.*.log).", out)


if __name__ == "__main__":
    unittest.main()
