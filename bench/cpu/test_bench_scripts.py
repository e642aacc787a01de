#!/usr/bin/python3
"""Tests of the CPU benchmark's scripts that need no engine: report.py on
fake results (cells, ratios, bars, peer failures) and loom_bench.py with
fake loomc / loom-run programs (every way a Loom step can fail, and the
success path). ctest runs this; the benchmark itself never runs in ctest.
"""

import json
import os
import stat
import subprocess
import sys
import tempfile
import textwrap
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = sys.executable


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def write_tool(path, body):
    """A fake tool: a python script that runs `body` with sys.argv."""
    write(path, f"#!{PYTHON}\nimport sys, shutil, os\n" + textwrap.dedent(body))
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)


class ReportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.results = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def result(self, case, engine, obj, threads=2):
        write(os.path.join(self.results, f"{case}-t{threads}.{engine}.json"),
              json.dumps(obj) + "\n")

    def report(self, models, sizes, docs=None, threads="2"):
        command = [PYTHON, os.path.join(HERE, "report.py"), f"--results={self.results}",
                   f"--models={models}", f"--matmul-sizes={sizes}", "--runs=5",
                   "--warmups=1", f"--threads={threads}", "--quick"]
        if docs:
            command.append(f"--docs={docs}")
        return subprocess.run(command, capture_output=True, text=True)

    def ort(self, case, median, threads=2):
        self.result(case, "ort", {"median_ms": median, "min_ms": median - 1,
                                  "max_ms": median + 1, "runs": 5, "threads": threads,
                                  "rel_l2": 1e-7, "ort": "1.30.0"}, threads)

    def loom(self, case, median, rel_l2=2e-5, threads=2):
        self.result(case, "loom", {"median_ms": median, "min_ms": median, "max_ms": median,
                                   "runs": 5, "rel_l2": rel_l2, "compile_s": 3.25}, threads)

    def test_model_ratios_and_bars(self):
        self.ort("model-fast", 10.0)
        self.loom("model-fast", 8.0)
        self.ort("model-slow", 10.0)
        self.loom("model-slow", 40.0)
        self.ort("model-wrong", 10.0)
        self.loom("model-wrong", 5.0, rel_l2=3e-3)
        self.ort("model-new", 10.0)
        self.result("model-new", "loom", {"error": "not yet: loomc: no lowering for loom.foo"})
        docs = os.path.join(self.results, "benchmarks.md")
        run = self.report("fast,slow,wrong,new", "", docs)
        self.assertEqual(run.returncode, 0, run.stderr)
        lines = run.stdout.splitlines()
        row = lambda name: next(line for line in lines if line.startswith(f"| {name} |"))
        self.assertEqual(row("fast"), "| fast | 10.000 (9.000–11.000) | 1.00e-07 | "
                         "8.000 (8.000–8.000) | 2.00e-05 | 0.80x | 3.2 | pass |")
        self.assertIn("| 4.00x | 3.2 | **FAIL** |", row("slow"))
        self.assertIn("| 3.00e-03 | 0.50x | 3.2 | **FAIL** |", row("wrong"))
        self.assertIn("| not yet: loomc: no lowering for loom.foo | — | — | — | — |", row("new"))
        # The mean of 0.8, 4 and 0.5 is 1.17; a model that did not run fails it.
        self.assertIn("Geometric mean of Loom / ORT over 3 models: 1.17x (bar: at most "
                      "0.85x): **FAIL** (not every model ran)", run.stdout)
        with open(docs) as f:
            text = f.read()
        self.assertIn("# CPU benchmarks", text)
        self.assertIn("ONNX Runtime 1.30.0", text)
        self.assertIn("`--quick` run, 5 timed runs", text)
        self.assertIn(row("fast"), text)

    def test_geometric_mean_bar(self):
        for name, loom in (("a", 5.0), ("b", 10.0)):
            self.ort(f"model-{name}", 10.0)
            self.loom(f"model-{name}", loom)
        run = self.report("a,b", "")
        self.assertIn("over 2 models: 0.71x (bar: at most 0.85x): pass", run.stdout)

    def test_quantized_models_have_their_own_table_and_bound(self):
        # PyTorch's quantized logits differ from ORT's by quantization steps:
        # a QDQ model's rel L2 is held to 1.5x ORT's, not to 1e-4.
        self.result("model-net_qdq", "ort", {"median_ms": 10.0, "min_ms": 9.0,
                                             "max_ms": 11.0, "runs": 5, "threads": 2,
                                             "rel_l2": 2e-2, "ort": "1.30.0"})
        self.loom("model-net_qdq", 8.0, rel_l2=2.5e-2)
        self.result("model-bad_qdq", "ort", {"median_ms": 10.0, "min_ms": 9.0,
                                             "max_ms": 11.0, "runs": 5, "threads": 2,
                                             "rel_l2": 2e-2, "ort": "1.30.0"})
        self.loom("model-bad_qdq", 8.0, rel_l2=4e-2)
        self.ort("model-float", 10.0)
        self.loom("model-float", 5.0)
        run = self.report("float,net_qdq,bad_qdq", "")
        self.assertEqual(run.returncode, 0, run.stderr)
        floats = run.stdout.index("### Models, 2 threads ")
        quantized = run.stdout.index("### Quantized models, 2 threads ")
        self.assertLess(floats, quantized)
        self.assertNotIn("qdq", run.stdout[floats:quantized])
        self.assertIn("over 1 models: 0.50x", run.stdout[floats:quantized])
        self.assertIn("| net_qdq | 10.000 (9.000–11.000) | 2.00e-02 | 8.000 (8.000–8.000) "
                      "| 2.50e-02 | 0.80x | 3.2 | pass |", run.stdout[quantized:])
        self.assertIn("| 4.00e-02 | 0.80x | 3.2 | **FAIL** |", run.stdout[quantized:])

    def test_one_table_per_thread_count(self):
        for threads, loom in ((1, 12.0), (2, 7.0)):
            self.ort("model-m", 10.0, threads=threads)
            self.loom("model-m", loom, threads=threads)
        run = self.report("m", "", threads="1,2")
        self.assertEqual(run.returncode, 0, run.stderr)
        one = run.stdout.index("### Models, 1 thread ")
        two = run.stdout.index("### Models, 2 threads ")
        self.assertLess(one, two)
        self.assertIn("| 1.20x |", run.stdout[one:two])
        self.assertIn("| 0.70x |", run.stdout[two:])

    def peak(self, gflops, threads=2):
        self.result("fma-peak", "peak", {"threads": threads, "gflops": gflops,
                                         "isa": "avx512f", "lanes": 16, "chains": 24,
                                         "rounds": 7}, threads)

    def openblas(self, size, gflops):
        self.result(f"matmul-{size}", "openblas",
                    {"median_ms": 2.0 * size**3 / (gflops * 1e6), "min_ms": 1.0,
                     "max_ms": 2.0, "runs": 5, "threads": 2, "gflops": gflops,
                     "openblas": "OpenBLAS 0.3.21"})

    def test_matmul_ratio_bar_at_every_size(self):
        self.peak(150.0)
        for size, loom_gflops in ((256, 120.0), (512, 90.0), (1024, 40.0)):
            self.openblas(size, 100.0)
            self.loom(f"matmul-{size}", 2.0 * size**3 / (loom_gflops * 1e6), rel_l2=1e-6)
        run = self.report("", "256,512,1024")
        self.assertEqual(run.returncode, 0, run.stderr)
        lines = run.stdout.splitlines()
        row = lambda size: next(line for line in lines if line.startswith(f"| {size} |"))
        self.assertTrue(row(256).endswith("| 100.0 | 67% | 0.280 (0.280–0.280)"
                                          " | 120.0 | 80% | 1.20 | 1.00e-06 | pass |"), row(256))
        self.assertTrue(row(512).endswith("| 90.0 | 60% | 0.90 | 1.00e-06 | **FAIL** |"), row(512))
        self.assertTrue(row(1024).endswith("| 40.0 | 27% | 0.40 | 1.00e-06 | **FAIL** |"),
                        row(1024))
        self.assertIn("FMA peak at 2 threads: 150.0 GFLOP/s, measured by fma_peak.c (2 threads "
                      "of avx512f FMAs, 16 lanes x 24 independent accumulators, best of 7 rounds)",
                      run.stdout)

    def test_matmul_peak_bar_at_1024_and_2048(self):
        # Ahead of OpenBLAS everywhere; 1024 and 2048 also need 75% of the
        # peak, 512 does not.
        self.peak(200.0)
        for size, loom_gflops in ((512, 120.0), (1024, 149.0), (2048, 150.0)):
            self.openblas(size, 100.0)
            self.loom(f"matmul-{size}", 2.0 * size**3 / (loom_gflops * 1e6), rel_l2=1e-6)
        run = self.report("", "512,1024,2048")
        self.assertEqual(run.returncode, 0, run.stderr)
        lines = run.stdout.splitlines()
        row = lambda size: next(line for line in lines if line.startswith(f"| {size} |"))
        self.assertTrue(row(512).endswith("| 60% | 1.20 | 1.00e-06 | pass |"), row(512))
        self.assertTrue(row(1024).endswith("| 74% | 1.49 | 1.00e-06 | **FAIL** |"), row(1024))
        self.assertTrue(row(2048).endswith("| 75% | 1.50 | 1.00e-06 | pass |"), row(2048))

    def test_a_failed_peak_measurement_fails_the_run(self):
        write(os.path.join(self.results, "fma-peak-t2.peak.log"),
              "fma_peak: the CPU has neither AVX-512F nor AVX2+FMA\n")
        for size in (512, 1024):
            self.openblas(size, 100.0)
            self.loom(f"matmul-{size}", 2.0 * size**3 / (120.0 * 1e6), rel_l2=1e-6)
        run = self.report("", "512,1024")
        self.assertEqual(run.returncode, 1)
        lines = run.stdout.splitlines()
        row = lambda size: next(line for line in lines if line.startswith(f"| {size} |"))
        # Without the peak, 512's bar still stands and 1024's is unknown.
        self.assertTrue(row(512).endswith("| 120.0 | — | 1.20 | 1.00e-06 | pass |"), row(512))
        self.assertTrue(row(1024).endswith("| 120.0 | — | 1.20 | 1.00e-06 | — |"), row(1024))
        self.assertIn("FMA peak at 2 threads: failed: fma_peak: the CPU has neither", run.stdout)

    def test_a_failed_peer_is_reported_and_fails_the_run(self):
        write(os.path.join(self.results, "matmul-256-t2.openblas.log"),
              "\nsgemm_openblas: out of memory\n")
        self.loom("matmul-256", 1.0)
        run = self.report("", "256")
        self.assertEqual(run.returncode, 1)
        self.assertIn("| 256 | failed: sgemm_openblas: out of memory | — |", run.stdout)


class LoomBenchTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.expected = os.path.join(self.dir, "expected.npy")
        np.save(self.expected, np.arange(6, dtype=np.float32).reshape(2, 3))
        self.input = os.path.join(self.dir, "input.npy")
        np.save(self.input, np.zeros(3, dtype=np.float32))
        self.model = os.path.join(self.dir, "model.onnx")
        write(self.model, "")
        self.loomc = os.path.join(self.dir, "loomc")
        self.loom_run = os.path.join(self.dir, "loom-run")

    def tearDown(self):
        self.tmp.cleanup()

    def bench(self):
        run = subprocess.run(
            [PYTHON, os.path.join(HERE, "loom_bench.py"), f"--loomc={self.loomc}",
             f"--loom-run={self.loom_run}", f"--model={self.model}", f"--input={self.input}",
             f"--expected={self.expected}", f"--out-dir={self.dir}", "--runs=7", "--timeout=60"],
            capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        return json.loads(run.stdout)

    def working_loomc(self):
        write_tool(self.loomc, """
            assert "--target=cpu" in sys.argv and "-O3" in sys.argv
            open(sys.argv[sys.argv.index("-o") + 1], "w").write("artifact")
        """)

    def test_missing_tools(self):
        self.assertEqual(self.bench(), {"error": f"not yet: loomc is not built ({self.loomc})"})
        self.working_loomc()
        self.assertEqual(self.bench(),
                         {"error": f"not yet: loom-run is not built ({self.loom_run})"})

    def test_the_first_error_line_is_reported_once_named(self):
        write_tool(self.loomc, """
            print("loomc: note: importing", file=sys.stderr)
            print("loomc: model.onnx: node 'Conv_3' (Conv, opset 17): error: no lowering",
                  file=sys.stderr)
            print("loomc: a second error", file=sys.stderr)
            sys.exit(1)
        """)
        self.assertEqual(self.bench(), {"error": "not yet: loomc: model.onnx: node 'Conv_3' "
                                                 "(Conv, opset 17): error: no lowering"})

    def test_a_run_failure_names_the_artifact_without_its_directory(self):
        self.working_loomc()
        write_tool(self.loom_run, """
            print(f"{sys.argv[1]}: kernel main_kernel_0 returned 1", file=sys.stderr)
            sys.exit(1)
        """)
        self.assertEqual(self.bench(),
                         {"error": "not yet: loom-run: model.loom: kernel main_kernel_0 returned 1"})

    def test_success(self):
        self.working_loomc()
        # The fake writes the expected output with one element off by 1, and
        # prints the benchmark object loom-run prints.
        write_tool(self.loom_run, f"""
            import numpy as np
            assert "--threads=2" in sys.argv and "--input=@{self.input}" in sys.argv
            outputs = [a[len("--output=@"):] for a in sys.argv if a.startswith("--output=@")]
            if outputs:
                out = np.load("{self.expected}")
                out[0, 0] += 1
                np.save(outputs[0], out)
            else:
                assert "--benchmark=7" in sys.argv
                print('{{"median_ms": 2.5, "min_ms": 2.0, "max_ms": 4.0, "mean_ms": 2.8, '
                      '"runs": 7, "threads": 2}}')
        """)
        result = self.bench()
        self.assertGreater(result.pop("compile_s"), 0)
        self.assertAlmostEqual(result.pop("rel_l2"), 1 / np.sqrt(55))
        self.assertEqual(result, {"median_ms": 2.5, "min_ms": 2.0, "max_ms": 4.0, "runs": 7})


if __name__ == "__main__":
    unittest.main()
