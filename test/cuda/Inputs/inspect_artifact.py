#!/usr/bin/env python3
"""Prints what test/cuda checks of a Loom artifact, one line each: every
device program's target, every kernel library's target, format and (for a
CudaImages library) its images, and every launch's grid, block and shared
memory. flatc (the FlatBuffers compiler the build uses) turns the
size-prefixed artifact flatbuffer and the CUDA library in its code segment
into JSON with the checked-in schemas.

usage: inspect_artifact.py ARTIFACT.loom
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
ARTIFACT_SCHEMA = os.path.join(ROOT, "runtime", "artifact", "loom_artifact.fbs")
CUDA_SCHEMA = os.path.join(ROOT, "runtime", "drivers", "cuda", "cuda_library.fbs")


def to_json(schema, data, size_prefixed):
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "data.bin")
        with open(path, "wb") as f:
            f.write(data)
        flags = ["--size-prefixed"] if size_prefixed else []
        subprocess.run(["flatc", "--json", "--strict-json", "--raw-binary",
                        "--defaults-json", *flags, "-o", work, schema, "--",
                        path], check=True)
        with open(os.path.join(work, "data.json")) as f:
            return json.load(f)


def main():
    data = open(sys.argv[1], "rb").read()
    size = struct.unpack("<I", data[:4])[0]
    artifact = to_json(ARTIFACT_SCHEMA, data[:4 + size], True)
    for index, program in enumerate(artifact.get("devices", [])):
        print(f"program {index} target {program['target']}")
    for index, library in enumerate(artifact.get("kernel_libraries", [])):
        line = (f"library {index} target {library['target']} "
                f"format {library['format']}")
        if library["format"] == "CudaImages":
            segment = library["code"]
            code = data[segment["offset"]:segment["offset"] + segment["size"]]
            images = to_json(CUDA_SCHEMA, code, False).get("images", [])
            line += " images " + " ".join(
                f"{image['format']}:sm_{image['arch']}" for image in images)
            for image in images:
                blob = bytes(image.get("data", []))
                if image["format"] == "Cubin" and blob[:4] != b"\x7fELF":
                    line += " (a cubin that is not an ELF)"
        print(line)
    for program in artifact.get("devices", []):
        for command in program.get("commands", []):
            if command.get("operation_type") != "Launch":
                continue
            launch = command["operation"]
            print(f"launch grid {launch.get('workgroups')} "
                  f"block {launch.get('block')} "
                  f"shared {launch.get('shared_memory_bytes', 0)}")


if __name__ == "__main__":
    main()
