// Host fallback (docs/systolic.md): a kernel the chip cannot run (a cast
// from ui32 to f32: the vector unit loads no ui32, and no other generator
// takes it) is compiled by the cpu target into a second kernel library of
// the artifact and run by the systolic device on its host, between chip
// kernels: the MatMul, the Transpose with the cast to ui32 before it, the
// Transpose after it and the Exp run on the chip. Its operand is an arena
// buffer written by the chip.
//
// RUN: sed -n 's|^// model: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.onnx
//
// The report lists the kernel with its op and the reason; the compile warns.
// RUN: loomc %t.onnx --target=systolic -o %t.loom --report 2> %t.warnings | FileCheck %s --check-prefix=REPORT
// RUN: FileCheck %s --check-prefix=WARNING < %t.warnings
// REPORT: host fallback: 1 kernel the device cannot run, compiled for the host (cpu) and run there:
// REPORT-NEXT: main_kernel_2 [loom.cast] generator refused: systolic: kernel @main_kernel_2 (loom.cast) has an operand of a type the vector unit does not compute with (only f32 and i1, or bf16, i32 and i64 arguments cast to f32)
// WARNING: node 'back_to_float': warning: systolic: kernel @main_kernel_2 (loom.cast) has an operand of a type the vector unit does not compute with (only f32 and i1, or bf16, i32 and i64 arguments cast to f32); placed on the host CPU instead (host fallback)
// RUN: loomc %t.onnx --target=systolic -o %t.json.loom --report=json | FileCheck %s --check-prefix=JSON
// JSON: "host_fallback":[{"kernel":"main_kernel_2","message":"systolic: kernel @main_kernel_2 (loom.cast) has an operand of a type the vector unit does not compute with (only f32 and i1, or bf16, i32 and i64 arguments cast to f32)","ops":["loom.cast"],"reason":"generator refused","target":"cpu"}]
//
// loom-run runs it; the profile shows the host kernel and the bytes it moved
// apart from the chip's cycles, and the output is bit for bit the
// evaluator's Bf16Matmul mode (loom-differential on loom-run's output) ...
// RUN: loom-run %t.loom --input=x=4x8xf32=0.589,1.972,1.288,-0.862,-0.457,0.675,-1.91,-0.153,-1.328,-1.532,-1.764,1.073,-1.483,-1.01,-0.436,1.486,-1.678,-0.203,0.198,1.534,1.277,1.456,-0.886,-0.339,-0.565,1.537,1.831,-1.396,-1.295,-1.072,-1.067,-0.06 --output=@%t.out.npy --profile 2>&1 | FileCheck %s --check-prefix=PROFILE
// PROFILE: systolic profile: 4 launches, {{[0-9]+}} cycles
// PROFILE: main_kernel_1 1
// PROFILE-NOT: main_kernel_2
// PROFILE: main_kernel_3 1
// PROFILE-NOT: main_kernel_2
// PROFILE: total 4
// PROFILE-NEXT: stalls
// PROFILE-NEXT: host fallback: 1 launch of kernels the chip cannot run, on the host CPU (not in the chip's cycles); 96 bytes read from HBM, 96 bytes written back
// PROFILE-NEXT: host kernel launches HBM read HBM written host time (us)
// PROFILE-NEXT: main_kernel_2 1 96 96 {{[0-9.]+$}}
// PROFILE-NEXT: total 1 96 96 {{[0-9.]+$}}
// RUN: loom-differential %t.onnx --target=systolic --input=4x8xf32=0.589,1.972,1.288,-0.862,-0.457,0.675,-1.91,-0.153,-1.328,-1.532,-1.764,1.073,-1.483,-1.01,-0.436,1.486,-1.678,-0.203,0.198,1.534,1.277,1.456,-0.886,-0.339,-0.565,1.537,1.831,-1.396,-1.295,-1.072,-1.067,-0.06 --actual=@%t.out.npy | FileCheck %s --check-prefix=DIFF
// DIFF: ok (1 output, bit-exact to the evaluator's bf16-matmul mode
// ... and so is the artifact loom-differential compiles and runs itself.
// RUN: loom-differential %t.onnx --target=systolic --input=4x8xf32=0.589,1.972,1.288,-0.862,-0.457,0.675,-1.91,-0.153,-1.328,-1.532,-1.764,1.073,-1.483,-1.01,-0.436,1.486,-1.678,-0.203,0.198,1.534,1.277,1.456,-0.886,-0.339,-0.565,1.537,1.831,-1.396,-1.295,-1.072,-1.067,-0.06 | FileCheck %s --check-prefix=DIFF
//
// --systolic-host-fallback=false refuses: the generator's one line, as
// before host fallback; other values and other targets are refused too.
// RUN: not loomc %t.onnx --target=systolic --systolic-host-fallback=false -o %t.refused.loom 2>&1 | FileCheck %s --check-prefix=REFUSE --implicit-check-not='{{.}}'
// REFUSE: {{.*}}node 'back_to_float': error: systolic: kernel @main_kernel_2 (loom.cast) has an operand of a type the vector unit does not compute with (only f32 and i1, or bf16, i32 and i64 arguments cast to f32)
// RUN: loomc %t.onnx --target=systolic --systolic-host-fallback=true -o %t.true.loom 2>&1 | FileCheck %s --check-prefix=WARNING
// RUN: not loomc %t.onnx --target=systolic --systolic-host-fallback=maybe -o %t.maybe.loom 2>&1 | FileCheck %s --check-prefix=VALUE --implicit-check-not='{{.}}'
// VALUE: {{.*}}systolic target: host-fallback must be true or false, not 'maybe'
// RUN: not loomc %t.onnx --target=cpu --systolic-host-fallback=false -o %t.cpu.loom 2>&1 | FileCheck %s --check-prefix=CPU --implicit-check-not='{{.}}'
// CPU: target 'cpu' has no option 'host-fallback'{{.*}}
//
// A mesh runs its chips in lockstep without host fallback: one line per
// kernel the chip cannot run.
// RUN: not loomc %t.onnx --target=systolic --mesh=data=2 --parallel=data -o %t.mesh.loom 2>&1 | FileCheck %s --check-prefix=MESH --implicit-check-not='{{.}}'
// MESH: {{.*}}node 'back_to_float': error: systolic: kernel @main_kernel_2 (loom.cast) has an operand of a type the vector unit does not compute with (only f32 and i1, or bf16, i32 and i64 arguments cast to f32); a mesh runs on the chips alone, without host fallback
//
// model: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model:   initializer { name: "w" data_type: 1 dims: 8 dims: 6 float_data: [-0.529, -1.047, 0.453, -1.283, 0.108, -0.403, -1.326, 0.022, -1.388, -0.199, -1.29, -1.228, -0.226, 0.981, -1.129, -0.83, 0.382, 1.343, 0.231, -0.31, 1.429, -1.36, 1.075, -0.631, -1.067, -1.147, -0.575, 0.948, -0.958, 0.245, 0.417, -0.383, 0.143, -1.312, -1.321, -0.882, 0.541, -0.217, -0.558, 0.257, -0.14, -0.601, 0.883, 0.597, -0.768, 0.223, 0.076, 1.125] }
// model:   node { input: "x" input: "w" output: "m" name: "matmul" op_type: "MatMul" }
// model:   node { input: "m" output: "t" name: "transpose" op_type: "Transpose" attribute { name: "perm" type: INTS ints: [1, 0] } }
// model:   node { input: "t" output: "i" name: "cast" op_type: "Cast" attribute { name: "to" type: INT i: 12 } }
// model:   node { input: "i" output: "r" name: "back_to_float" op_type: "Cast" attribute { name: "to" type: INT i: 1 } }
// model:   node { input: "r" output: "u" name: "back" op_type: "Transpose" attribute { name: "perm" type: INTS ints: [1, 0] } }
// model:   node { input: "u" output: "y" name: "exp" op_type: "Exp" }
// model:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } dim { dim_value: 8 } } } } }
// model:   output { name: "y" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } dim { dim_value: 6 } } } } } }
