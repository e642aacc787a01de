// loomc on a device mesh: --emit=sharded shows every tensor's layout, the
// report the mesh and the collectives, the artifact runs on every device;
// every bad mesh, spec or preset is one line naming the tensor and why.

// RUN: loomc %s --mesh=model=2 --parallel=tensor --emit=sharded | FileCheck %s --check-prefix=SHARDED
// SHARDED: shard.grid @mesh(shape = 2) {loom.mesh_axes = ["model"]}
// SHARDED: loom.matmul {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0]]>}
// SHARDED: loom.relu {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0]]>}
// SHARDED: loom.matmul {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []], partial = [0]>}

// RUN: loomc %s --mesh=model=2 --parallel=tensor --emit=dispatches | FileCheck %s --check-prefix=DISPATCHES
// DISPATCHES: shard.all_slice {{.*}} slice_axis = 1 : tensor<16x32xf32> -> tensor<16x16xf32>
// DISPATCHES: shard.all_slice {{.*}} slice_axis = 0 : tensor<32x16xf32> -> tensor<16x16xf32>
// DISPATCHES: call @main_kernel_0
// DISPATCHES: %[[Y:.*]] = call @main_kernel_1
// DISPATCHES-NEXT: %[[R:.*]] = shard.all_reduce %[[Y]] on @mesh grid_axes = [0] : tensor<8x16xf32> -> tensor<8x16xf32>
// DISPATCHES-NEXT: return %[[R]]

// RUN: loomc %s --mesh=model=2 --parallel=tensor -o %t.loom --report | FileCheck %s --check-prefix=REPORT
// REPORT: mesh: model=2 (2 devices; every figure below is per device)
// REPORT: collective mesh axes devices elements bytes bytes sent
// REPORT-NEXT: all_reduce model 2 128 512 512
// REPORT-NEXT: collectives: 1, bytes sent: 512
// REPORT: constant bytes: 2048
// RUN: loomc %s --mesh=model=2 --parallel=tensor -o %t.loom --report=json | FileCheck %s --check-prefix=JSON
// JSON: "bytes_sent_per_device":512
// JSON-SAME: "collectives":[{"bytes":512,"bytes_sent":512,"devices":2,"elements":128,"kind":"all_reduce","mesh_axes":"model"}]

// The two devices' result is the one device's: relu(x @ 0.5) @ 0.25 for
// x = 1 is 32 * (16 * 0.5) * 0.25 = 64 everywhere.
// RUN: loom-run %t.loom --input=8x16xf32=1 | FileCheck %s --check-prefix=OUT
// RUN: loomc %s -o %t.one.loom
// RUN: loom-run %t.one.loom --input=8x16xf32=1 | FileCheck %s --check-prefix=OUT
// OUT-NOT: error
// OUT: output 'y': 8x16xf32 [64, 64, 64, 64,

// RUN: not loomc %s --mesh=data=3 --parallel=data -o %t.bad.loom 2>&1 | FileCheck %s --check-prefix=DIVISIBLE
// DIVISIBLE: error: --parallel=data: input 'x': dimension 0 of size 8 is not divisible by 3 (data)
// RUN: not loomc %s --mesh=model=3 --shard='x=[_,model]' -o %t.bad.loom 2>&1 | FileCheck %s --check-prefix=SPEC-DIVISIBLE
// SPEC-DIVISIBLE: error: --shard 'x=[_,model]': dimension 1 of size 16 is not divisible by 3 (model)
// RUN: not loomc %s --mesh=model=2 --shard='x=[data,_]' -o %t.bad.loom 2>&1 | FileCheck %s --check-prefix=AXIS
// AXIS: error: --shard 'x=[data,_]': the mesh has no axis 'data' (its axes: model)
// RUN: not loomc %s --mesh=model=2 --shard='x=[model,model]' -o %t.bad.loom 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: error: --shard 'x=[model,model]': axis 'model' is used twice in [model,model]
// RUN: not loomc %s --mesh=model=2 --shard='x=[model]' -o %t.bad.loom 2>&1 | FileCheck %s --check-prefix=RANK
// RANK: error: --shard 'x=[model]': tensor 'x' has rank 2 but the spec has 1 entry
// RUN: not loomc %s --mesh=model=2 --shard='z=[_,_]' -o %t.bad.loom 2>&1 | FileCheck %s --check-prefix=NAME
// NAME: error: --shard 'z=[_,_]': the model has no tensor named 'z'
// RUN: not loomc %s --mesh=model=0 -o %t.bad.loom 2>&1 | FileCheck %s --check-prefix=MESH
// MESH: error: --mesh 'model=0': axis 'model' has size 0; sizes are at least 1
// Axis sizes whose product overflows int64 (here to 0) are refused, not divided by.
// RUN: not loomc %s --mesh=a=4294967296,b=4294967296 --shard='x=[(a,b),_]' -o %t.bad.loom 2>&1 | FileCheck %s --check-prefix=MESH-SIZE
// MESH-SIZE: error: --mesh 'a=4294967296,b=4294967296': the mesh has more than 65536 devices
// Axes are numbered with 16 bits; a mesh has at most 64 of them.
// RUN: not loomc %s --mesh=a0=1,a1=1,a2=1,a3=1,a4=1,a5=1,a6=1,a7=1,a8=1,a9=1,a10=1,a11=1,a12=1,a13=1,a14=1,a15=1,a16=1,a17=1,a18=1,a19=1,a20=1,a21=1,a22=1,a23=1,a24=1,a25=1,a26=1,a27=1,a28=1,a29=1,a30=1,a31=1,a32=1,a33=1,a34=1,a35=1,a36=1,a37=1,a38=1,a39=1,a40=1,a41=1,a42=1,a43=1,a44=1,a45=1,a46=1,a47=1,a48=1,a49=1,a50=1,a51=1,a52=1,a53=1,a54=1,a55=1,a56=1,a57=1,a58=1,a59=1,a60=1,a61=1,a62=1,a63=1,a64=1 -o %t.bad.loom 2>&1 | FileCheck %s --check-prefix=MESH-AXES
// MESH-AXES: error: --mesh 'a0=1,a1=1,a2=1,a3=1,a4=1,a5=1,a6=1,a7=1,a8=1,a9=1,a10=1,a11=1,a12=1,a13=1,a14=1,a15=1,a16=1,a17=1,a18=1,a19=1,a20=1,a21=1,a22=1,a23=1,a24=1,a25=1,a26=1,a27=1,a28=1,a29=1,a30=1,a31=1,a32=1,a33=1,a34=1,a35=1,a36=1,a37=1,a38=1,a39=1,a40=1,a41=1,a42=1,a43=1,a44=1,a45=1,a46=1,a47=1,a48=1,a49=1,a50=1,a51=1,a52=1,a53=1,a54=1,a55=1,a56=1,a57=1,a58=1,a59=1,a60=1,a61=1,a62=1,a63=1,a64=1': the mesh has more than 64 axes
// RUN: not loomc %s --mesh=data=2 --parallel=pipeline -o %t.bad.loom 2>&1 | FileCheck %s --check-prefix=PRESET
// PRESET: error: --parallel 'pipeline': unknown preset (data, tensor)
// RUN: not loomc %s --parallel=data -o %t.bad.loom 2>&1 | FileCheck %s --check-prefix=NO-MESH
// NO-MESH: --shard and --parallel need a device mesh (--mesh=data=2,...)
// RUN: not loomc %s --mesh=data=2 --parallel=data -o %t.bad.loom --report=xml 2>&1 | FileCheck %s --check-prefix=REPORT-FORMAT
// REPORT-FORMAT: loomc: --report=xml: expected text or json

func.func @main(%x: tensor<8x16xf32> {loom.name = "x"}) -> (tensor<8x16xf32> {loom.name = "y"}) {
  %w1 = loom.constant dense<0.5> : tensor<16x32xf32>
  %w2 = loom.constant dense<0.25> : tensor<32x16xf32>
  %h = loom.matmul %x, %w1 : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %a = loom.relu %h : tensor<8x32xf32>
  %y = loom.matmul %a, %w2 : (tensor<8x32xf32>, tensor<32x16xf32>) -> tensor<8x16xf32>
  return %y : tensor<8x16xf32>
}
