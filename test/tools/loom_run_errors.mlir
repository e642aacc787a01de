// Every error of loom-run is one line on stderr (nothing on stdout) and exit
// code 1. The models are at the end of the file.
// RUN: rm -rf %t && split-file %s %t
// RUN: loomc %t/add.mlir --target=cpu -o %t.loom

// A missing, a truncated and a corrupted artifact: the loader's message,
// with the file name.
// RUN: not loom-run %t.missing.loom 2>&1 | FileCheck %s --check-prefix=MISSING --implicit-check-not='{{.}}'
// MISSING: loom-run: error: {{.*}}.missing.loom: no such file
// RUN: head -c 100 %t.loom > %t.truncated.loom
// RUN: not loom-run %t.truncated.loom 2>&1 | FileCheck %s --check-prefix=TRUNCATED --implicit-check-not='{{.}}'
// TRUNCATED: loom-run: error: {{.*}}.truncated.loom: the artifact is truncated: its flatbuffer needs {{[0-9]+}} bytes, but the file has 100
// Cut 100 bytes into the kernel library, which follows the flatbuffer
// (padded to 64 bytes; the model has no constants).
// RUN: python3 -c "import sys, struct; b = open(sys.argv[1], 'rb').read(); n = (struct.unpack('<I', b[:4])[0] + 4 + 63) // 64 * 64 + 100; open(sys.argv[2], 'wb').write(b[:n])" %t.loom %t.short.loom
// RUN: not loom-run %t.short.loom 2>&1 | FileCheck %s --check-prefix=SHORT --implicit-check-not='{{.}}'
// SHORT: loom-run: error: {{.*}}.short.loom: kernel library 0 (offset {{[0-9]+}}, size {{[0-9]+}}) ends past the end of the file ({{[0-9]+}} bytes)
// RUN: python3 -c "import sys; b = bytearray(open(sys.argv[1], 'rb').read()); b[20] ^= 0xff; open(sys.argv[2], 'wb').write(b)" %t.loom %t.corrupt.loom
// RUN: not loom-run %t.corrupt.loom 2>&1 | FileCheck %s --check-prefix=CORRUPT --implicit-check-not='{{.}}'
// CORRUPT: loom-run: error: {{.*}}.corrupt.loom: the artifact is corrupt: its flatbuffer fails verification
// The kernel library's ELF header damaged: its checksum refuses the file;
// trusted (--skip-checksums) the artifact verifies and the library does not
// load.
// RUN: python3 -c "import sys; b = bytearray(open(sys.argv[1], 'rb').read()); i = b.index(b'\x7fELF'); b[i + 1] ^= 0xff; open(sys.argv[2], 'wb').write(b)" %t.loom %t.elf.loom
// RUN: not loom-run %t.elf.loom 2>&1 | FileCheck %s --check-prefix=DAMAGED --implicit-check-not='{{.}}'
// DAMAGED: loom-run: error: {{.*}}.elf.loom: the artifact is damaged: the code of kernel library 0 ({{[0-9]+}} bytes at offset {{[0-9]+}}) does not match its checksum
// RUN: not loom-run %t.elf.loom --skip-checksums 2>&1 | FileCheck %s --check-prefix=ELF --implicit-check-not='{{.}}'
// ELF: loom-run: error: {{.*}}.elf.loom: kernel library 0 is not a loadable shared object: {{.*}}

// Wrong input count, a missing input, an unknown name, one input twice.
// RUN: not loom-run %t.loom --input=2x4xf32=1 --input=2x4xf32=1 --input=2x4xf32=1 2>&1 | FileCheck %s --check-prefix=COUNT --implicit-check-not='{{.}}'
// COUNT: loom-run: error: the model has 2 inputs but 3 were given
// RUN: not loom-run %t.loom --input=y=2x4xf32=1 2>&1 | FileCheck %s --check-prefix=MISSING-INPUT --implicit-check-not='{{.}}'
// MISSING-INPUT: loom-run: error: input 'x' (2x4xf32) is not given
// RUN: not loom-run %t.loom --input=2x4xf32=1 --input=q=2x4xf32=1 2>&1 | FileCheck %s --check-prefix=UNKNOWN --implicit-check-not='{{.}}'
// UNKNOWN: loom-run: error: the model has no input 'q'; its inputs are 'x', 'y'
// RUN: not loom-run %t.loom --input=x=2x4xf32=1 --input=x=2x4xf32=1 2>&1 | FileCheck %s --check-prefix=TWICE --implicit-check-not='{{.}}'
// TWICE: loom-run: error: input 'x' is given twice

// Shape and dtype mismatches, from literals and from .npy files.
// RUN: not loom-run %t.loom --input=2x3xf32=1 --input=2x4xf32=1 2>&1 | FileCheck %s --check-prefix=SHAPE --implicit-check-not='{{.}}'
// SHAPE: loom-run: error: input 'x': got 2x3xf32, the model expects 2x4xf32
// RUN: loomc %t/copy_i32.mlir --target=cpu -o %t.i32.loom
// RUN: loom-run %t.i32.loom --input=2x4xi32=7 --output=@%t.i32.npy
// RUN: not loom-run %t.loom --input=2x4xf32=1 --input=y=@%t.i32.npy 2>&1 | FileCheck %s --check-prefix=DTYPE --implicit-check-not='{{.}}'
// DTYPE: loom-run: error: input 'y': got 2x4xi32, the model expects 2x4xf32

// Bad literals: the count of values, a value, the type, the range.
// RUN: not loom-run %t.loom --input=2x4xf32=1,2 --input=2x4xf32=1 2>&1 | FileCheck %s --check-prefix=LITERAL-COUNT --implicit-check-not='{{.}}'
// LITERAL-COUNT: loom-run: error: input 'x': literal '2x4xf32=1,2': 2 values for the 8 elements of 2x4xf32
// RUN: not loom-run %t.loom --input=2x4xf32=1,2,3,x,5,6,7,8 --input=2x4xf32=1 2>&1 | FileCheck %s --check-prefix=LITERAL-VALUE --implicit-check-not='{{.}}'
// LITERAL-VALUE: loom-run: error: input 'x': literal '2x4xf32=1,2,3,x,5,6,7,8': 'x' is not a value of f32
// RUN: not loom-run %t.loom --input=2x4xq7=1 2>&1 | FileCheck %s --check-prefix=LITERAL-TYPE --implicit-check-not='{{.}}'
// LITERAL-TYPE: loom-run: error: --input: '2x4xq7=1' is neither @FILE, NAME=@FILE, DIMSxDTYPE=VALUES nor NAME=DIMSxDTYPE=VALUES
// RUN: not loom-run %t.i32.loom --input=2x4xi32=1,2,3,4,5,6,7,3000000000 2>&1 | FileCheck %s --check-prefix=LITERAL-RANGE --implicit-check-not='{{.}}'
// LITERAL-RANGE: loom-run: error: input 'x': literal '2x4xi32=1,2,3,4,5,6,7,3000000000': '3000000000' is not in the range of i32
// RUN: not loom-run %t.i32.loom --input=2x4xi32=1.5 2>&1 | FileCheck %s --check-prefix=LITERAL-INT --implicit-check-not='{{.}}'
// LITERAL-INT: loom-run: error: input 'x': literal '2x4xi32=1.5': '1.5' is not an integer of i32
// A literal of more than 64 MiB is refused before anything is allocated.
// RUN: not loom-run %t.loom --input=300000000xf32=1 --input=2x4xf32=1 2>&1 | FileCheck %s --check-prefix=LITERAL-SIZE --implicit-check-not='{{.}}'
// LITERAL-SIZE: loom-run: error: input 'x': literal '300000000xf32=1': the shape is too large (a literal holds at most 64 MiB; use an .npy file)

// Unreadable .npy files: missing, and not an .npy file.
// RUN: not loom-run %t.loom --input=x=@%t.none.npy --input=2x4xf32=1 2>&1 | FileCheck %s --check-prefix=NPY-MISSING --implicit-check-not='{{.}}'
// NPY-MISSING: loom-run: error: input 'x': {{.*}}.none.npy: cannot open the file
// RUN: not loom-run %t.loom --input=@%s --input=2x4xf32=1 2>&1 | FileCheck %s --check-prefix=NPY-BAD --implicit-check-not='{{.}}'
// NPY-BAD: loom-run: error: input 'x': {{.*}}loom_run_errors.mlir: not an .npy file (bad magic)
// A damaged dtype is quoted with its unprintable bytes escaped, on one line.
// RUN: python3 -c "import sys; h = b'{\\'descr\\': \\'<f\\n4\\xfe\\', }'; open(sys.argv[1], 'wb').write(b'\\x93NUMPY\\x01\\x00' + bytes([len(h), 0]) + h)" %t.dtype.npy
// RUN: not loom-run %t.loom --input=x=@%t.dtype.npy --input=2x4xf32=1 2>&1 | FileCheck %s --check-prefix=NPY-DTYPE --implicit-check-not='{{.}}'
// NPY-DTYPE: loom-run: error: input 'x': {{.*}}.dtype.npy: dtype '<f\x0a4\xfe' is not supported (Loom reads <f4 <f2 <f8 <u2 (bf16 or ui16) |b1 |i1 <i2 <i4 <i8 |u1 <u4 <u8)

// An output file that cannot be written, and outputs that do not exist.
// RUN: not loom-run %t.loom --input=2x4xf32=1 --input=2x4xf32=1 --output=w=@%t.no-such-dir/w.npy 2>&1 | FileCheck %s --check-prefix=UNWRITABLE --implicit-check-not='{{.}}'
// UNWRITABLE: loom-run: error: output 'w': {{.*}}.no-such-dir/w.npy: cannot write the file
// RUN: not loom-run %t.loom --input=2x4xf32=1 --input=2x4xf32=1 --output=v=@%t.v.npy 2>&1 | FileCheck %s --check-prefix=OUTPUT-NAME --implicit-check-not='{{.}}'
// OUTPUT-NAME: loom-run: error: the model has no output 'v'; its outputs are 'z', 'w'
// RUN: not loom-run %t.loom --input=2x4xf32=1 --input=2x4xf32=1 --output=@%t.1.npy --output=@%t.2.npy --output=@%t.3.npy 2>&1 | FileCheck %s --check-prefix=OUTPUT-COUNT --implicit-check-not='{{.}}'
// OUTPUT-COUNT: loom-run: error: the model has 2 outputs but 3 were given
// RUN: not loom-run %t.loom --input=2x4xf32=1 --input=2x4xf32=1 --output=2x4xf32=1 2>&1 | FileCheck %s --check-prefix=OUTPUT-LITERAL --implicit-check-not='{{.}}'
// OUTPUT-LITERAL: loom-run: error: --output '2x4xf32=1' must name an .npy file as [NAME=]@FILE

// The command line itself.
// RUN: not loom-run 2>&1 | FileCheck %s --check-prefix=NO-MODEL --implicit-check-not='{{.}}'
// NO-MODEL: loom-run: error: no model given (usage: loom-run MODEL.loom [--input=...]...; see --help)
// RUN: not loom-run %t.loom %t.loom 2>&1 | FileCheck %s --check-prefix=TWO-MODELS --implicit-check-not='{{.}}'
// TWO-MODELS: loom-run: error: two models given, '{{.*}}' and '{{.*}}'
// RUN: not loom-run %t.loom --inptu=2x4xf32=1 2>&1 | FileCheck %s --check-prefix=OPTION --implicit-check-not='{{.}}'
// OPTION: loom-run: error: unknown option '--inptu' (see --help)
// RUN: not loom-run %t.loom --input 2>&1 | FileCheck %s --check-prefix=NO-VALUE --implicit-check-not='{{.}}'
// NO-VALUE: loom-run: error: --input needs a value
// RUN: not loom-run %t.loom --threads=0 2>&1 | FileCheck %s --check-prefix=THREADS --implicit-check-not='{{.}}'
// THREADS: loom-run: error: --threads needs an integer from 1 to 1000000, not '0'
// RUN: not loom-run %t.loom --benchmark=many 2>&1 | FileCheck %s --check-prefix=BENCHMARK --implicit-check-not='{{.}}'
// BENCHMARK: loom-run: error: --benchmark needs an integer from 1 to 1000000, not 'many'
// RUN: not loom-run %t.loom --benchmark=1000001 2>&1 | FileCheck %s --check-prefix=TOO-MANY --implicit-check-not='{{.}}'
// TOO-MANY: loom-run: error: --benchmark needs an integer from 1 to 1000000, not '1000001'
// RUN: not loom-run %t.loom --rtol=-1 2>&1 | FileCheck %s --check-prefix=RTOL --implicit-check-not='{{.}}'
// RTOL: loom-run: error: --rtol needs a non-negative number, not '-1'
// RUN: not loom-run %t.loom --driver-option=systolic.trace 2>&1 | FileCheck %s --check-prefix=DRIVER-OPTION --implicit-check-not='{{.}}'
// DRIVER-OPTION: loom-run: error: --driver-option needs KEY=VALUE, not 'systolic.trace'
// RUN: not loom-run %t.loom --input=2x4xf32=1 --input=2x4xf32=1 --driver-option=systolic.trace=%t.json 2>&1 | FileCheck %s --check-prefix=NO-SYSTOLIC --implicit-check-not='{{.}}'
// NO-SYSTOLIC: loom-run: error: {{.*}}.loom: driver option 'systolic.trace' is for the systolic driver, which runs no program of this artifact (its programs run on: cpu)
// RUN: not loom-run %t.loom --input=2x4xf32=1 --input=2x4xf32=1 --driver-option=gpu.x=1 2>&1 | FileCheck %s --check-prefix=NO-DRIVER --implicit-check-not='{{.}}'
// NO-DRIVER: loom-run: error: {{.*}}.loom: driver option 'gpu.x' names no driver of this runtime (keys are DRIVER.NAME; drivers: cpu, cuda, systolic)

//--- add.mlir
// z = (x + y) * 2 + [[10, 20, 30, 40], [50, 60, 70, 80]] and w = x + y.
func.func @main(%x: tensor<2x4xf32> {loom.name = "x"}, %y: tensor<2x4xf32> {loom.name = "y"}) -> (tensor<2x4xf32> {loom.name = "z"}, tensor<2x4xf32> {loom.name = "w"}) {
  %c = loom.constant dense<[[10.0, 20.0, 30.0, 40.0], [50.0, 60.0, 70.0, 80.0]]> : tensor<2x4xf32>
  %two = loom.constant dense<2.0> : tensor<f32>
  %w = loom.add %x, %y : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %scaled = loom.mul %w, %two : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x4xf32>
  %z = loom.add %scaled, %c : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %z, %w : tensor<2x4xf32>, tensor<2x4xf32>
}
//--- copy_i32.mlir
func.func @main(%x: tensor<2x4xi32> {loom.name = "x"}) -> (tensor<2x4xi32> {loom.name = "y"}) {
  return %x : tensor<2x4xi32>
}
