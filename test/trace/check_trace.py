"""loom-run --trace writes valid Chrome trace-event JSON: one span per
kernel launch (as many as --profile counts), copy and collective, each on
its device's track and inside the host's span of its run; a 2-device
tensor-parallel model has a track per device with its all-reduce on both;
a dataset run has the reader thread's batches beside the runs; a systolic
run has the simulated chip's unit-level timeline beside its launches.

usage: check_trace.py LOOMC LOOM-RUN MLP.mlir WORKDIR"""

import json
import os
import re
import subprocess
import sys

import numpy as np

from tfrecord_util import write_tfrecord

loomc, loom_run, mlp, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def run(*args):
    result = subprocess.run([str(a) for a in args], capture_output=True,
                            text=True, timeout=60)
    if result.returncode != 0:
        sys.exit("%s failed: %s" % (" ".join(map(str, args)), result.stderr))
    return result


def load(path):
    with open(path) as f:
        trace = json.load(f)  # valid JSON, or this raises
    check(isinstance(trace.get("traceEvents"), list), "traceEvents is a list")
    names = {}
    spans = []
    for event in trace["traceEvents"]:
        check(event.get("ph") in ("X", "M"), "ph is X or M: %r" % event)
        check(isinstance(event.get("pid"), int) and isinstance(event.get("tid"), int),
              "pid and tid are ints: %r" % event)
        if event["ph"] == "M":
            if event["name"] in ("process_name", "thread_name"):
                names[(event["name"], event["pid"], event["tid"])] = event["args"]["name"]
            continue
        check(isinstance(event.get("name"), str) and event["name"], "a span has a name")
        check(isinstance(event.get("ts"), (int, float)) and event["ts"] >= 0, "ts >= 0")
        check(isinstance(event.get("dur"), (int, float)) and event["dur"] >= 0, "dur >= 0")
        spans.append(event)
    return names, spans


def inside(span, runs):
    """The host's run span that holds `span` (1 us of clock slack)."""
    return any(r["ts"] - 1 <= span["ts"] and
               span["ts"] + span["dur"] <= r["ts"] + r["dur"] + 1 for r in runs)


# One device: 1 warm-up + 3 timed runs.
model = os.path.join(work, "mlp.loom")
run(loomc, mlp, "-o", model)
x = os.path.join(work, "x.npy")
np.save(x, (np.arange(32, dtype=np.float32) / 16 - 1).reshape(4, 8))


def profiled(artifact, target, timed_runs, trace):
    """Runs `artifact` with --profile and --trace; the launches a run makes
    (from the profile), the track names, and the spans: all, runs, launches."""
    ran = run(loom_run, artifact, "--input=@" + x, "--benchmark=%d" % timed_runs,
              "--profile", "--trace=" + trace)
    per_run = int(re.search(target + r" profile: (\d+) launches", ran.stderr).group(1))
    names, spans = load(trace)
    return (per_run, names, spans, [s for s in spans if s["cat"] == "run"],
            [s for s in spans if s["cat"] == "launch"])


per_run, names, spans, runs, launches = profiled(
    model, "cpu", 3, os.path.join(work, "mlp.json"))
check(len(runs) == 4, "4 run spans, got %d" % len(runs))
check(per_run > 0 and len(launches) == 4 * per_run,
      "one span per launch: %d runs x %d launches, got %d"
      % (len(runs), per_run, len(launches)))
check(all(s["pid"] == 1 and s["tid"] == 0 for s in launches),
      "launches on device 0's command track")
check(all(s["pid"] == 0 and s["tid"] == 0 for s in runs), "runs on the host's main thread")
check(all(inside(s, runs) for s in launches), "every launch inside a run")
check(all(re.fullmatch(r"mlp_kernel_\d+", s["name"]) for s in launches),
      "launches named by their kernels: %s" % sorted({s["name"] for s in launches}))
check(all("workgroups" in s["args"] and "command" in s["args"] for s in launches),
      "launch args: command and workgroups")
check(names.get(("process_name", 1, 0)) == "device 0 (cpu)", "device 0 named")
check(names.get(("process_name", 0, 0)) == "loom-run", "host named")

# Two devices, tensor parallel: an all-reduce on each device's track.
sharded = os.path.join(work, "mlp-tp.loom")
run(loomc, mlp, "-o", sharded, "--mesh=model=2", "--parallel=tensor")
trace2 = os.path.join(work, "mlp-tp.json")
run(loom_run, sharded, "--input=@" + x, "--trace=" + trace2)
names, spans = load(trace2)
for device in (1, 2):
    mine = [s for s in spans if s["pid"] == device]
    check(any(s["cat"] == "launch" for s in mine), "launches on device %d" % (device - 1))
    check(any(s["cat"] == "collective" and s["name"] == "AllReduce" for s in mine),
          "an AllReduce on device %d: %s" % (device - 1,
                                             sorted({(s["cat"], s["name"]) for s in mine})))
    check(names.get(("process_name", device, 0)) == "device %d (cpu)" % (device - 1),
          "device %d named" % (device - 1))
check(all(inside(s, [r for r in spans if r["cat"] == "run"])
          for s in spans if s["pid"] > 0), "device spans inside the run")

# A dataset: reads on the reader thread, runs on the main thread.
data = os.path.join(work, "d.tfrecord")
rows = np.arange(40 * 8, dtype=np.float32).reshape(40, 8) / 100
write_tfrecord(data, [{"input_0": ("float", r.tolist())} for r in rows])
trace3 = os.path.join(work, "dataset.json")
run(loom_run, model, "--dataset=" + data, "--trace=" + trace3)
names, spans = load(trace3)
reads = [s for s in spans if s["cat"] == "read"]
runs = [s for s in spans if s["cat"] == "run"]
check(len(runs) == 10, "10 batches run, got %d" % len(runs))
check(len(reads) == 11, "10 batches read and the end, got %d" % len(reads))
check(all(s["pid"] == 0 and s["tid"] == 1 for s in reads), "reads on the reader thread")
check(names.get(("thread_name", 0, 1)) == "dataset reader", "reader thread named")
check(len([s for s in spans if s["cat"] == "launch"]) == 10 * per_run,
      "one span per launch of every batch")

# The systolic target: a span per launch on the device's command track
# (wall clock), and the simulated chip's own timeline on a process of its
# own: a span per launch on its "kernels" thread, each unit operation on
# its unit's thread, in simulated time from the start of the device's run.
chip = os.path.join(work, "mlp-systolic.loom")
run(loomc, mlp, "-o", chip, "--target=systolic")
per_run, names, spans, runs, launches = profiled(
    chip, "systolic", 1, os.path.join(work, "systolic.json"))
simulated = [s for s in spans if s["cat"] == "simulated"]
check(len(runs) == 2 and per_run > 0 and len(launches) == 2 * per_run,
      "systolic: one span per launch: %d runs x %d launches, got %d"
      % (len(runs), per_run, len(launches)))
check(all(s["pid"] == 1 and s["tid"] == 0 and inside(s, runs) for s in launches),
      "systolic: launches on device 0's command track, inside a run")
check(names.get(("process_name", 1, 0)) == "device 0 (systolic)", "systolic device named")
check(names.get(("process_name", 1000, 0)) == "device 0 (systolic chip, simulated time)",
      "simulated chip named")
kernel_thread = [t for (kind, pid, t), n in names.items()
                 if kind == "thread_name" and pid == 1000 and n == "kernels"]
check(len(kernel_thread) == 1, "the chip's kernels thread named")
kernels = [s for s in simulated if kernel_thread and s["tid"] == kernel_thread[0]]
units = [s for s in simulated if kernel_thread and s["tid"] != kernel_thread[0]]
check(all(s["pid"] == 1000 for s in simulated), "simulated spans on the chip's process")
check(sorted(s["name"] for s in kernels) == sorted(s["name"] for s in launches),
      "a simulated kernel span per launch")
check(any(names.get(("thread_name", 1000, s["tid"])) == "dma" for s in units)
      and any(names.get(("thread_name", 1000, s["tid"])) == "mxu0" for s in units),
      "unit operations on the dma and mxu0 threads")
check(all(s["args"]["end_cycle"] >= s["args"]["start_cycle"] for s in simulated),
      "simulated spans carry their cycles")
check(all(any(r["ts"] - 1 <= s["ts"] for r in runs) for s in kernels),
      "simulated kernels start within a run")

# A trace that cannot be written is one line.
bad = subprocess.run([loom_run, model, "--input=@" + x,
                      "--trace=/nonexistent/dir/t.json"],
                     capture_output=True, text=True, timeout=60)
check(bad.returncode == 1 and bad.stderr ==
      "loom-run: error: /nonexistent/dir/t.json: cannot write the trace file\n",
      "an unwritable trace is one line: %r" % bad.stderr)

if failures:
    sys.exit("%d check(s) failed" % len(failures))
print("trace checks passed")
