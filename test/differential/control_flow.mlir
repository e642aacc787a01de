// loom.scan and loom.if on the CPU against the evaluator on random inputs:
// each is a kernel of its own, a loop an scf.for that carries the state and
// writes the stacked results in place, an if an scf.if
// (passes/LowerToLinalgControlFlow.cpp).
// RUN: loom-differential %s

// Running sums forward, with the prefix sums stacked.
func.func @prefix_sums(%zero: tensor<3x5xf32>, %xs: tensor<7x3x5xf32>) -> (tensor<3x5xf32>, tensor<7x3x5xf32>) {
  %sum, %prefix = loom.scan carried(%zero) scanned(%xs) invariants() {length = 7 : i64} : (tensor<3x5xf32>, tensor<7x3x5xf32>) -> (tensor<3x5xf32>, tensor<7x3x5xf32>) {
  ^bb0(%t: tensor<i64>, %acc: tensor<3x5xf32>, %x: tensor<3x5xf32>):
    %next = loom.add %acc, %x : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
    loom.yield %next, %next : tensor<3x5xf32>, tensor<3x5xf32>
  }
  return %sum, %prefix : tensor<3x5xf32>, tensor<7x3x5xf32>
}

// An Elman cell walking the sequence backwards, its weight an invariant,
// the position stacked as a second per-step value. The weight is scaled
// down so that the recurrence contracts: with random weights of norm above
// 1 it would amplify the last bits in which tanh's approximation differs
// from the evaluator's, step after step.
func.func @reverse_rnn(%h: tensor<2x16xf32>, %xs: tensor<20x2x16xf32>, %w: tensor<16x16xf32>) -> (tensor<2x16xf32>, tensor<20x2x16xf32>, tensor<20xi64>) {
  %r:3 = loom.scan carried(%h) scanned(%xs) invariants(%w) {length = 20 : i64, reverse} : (tensor<2x16xf32>, tensor<20x2x16xf32>, tensor<16x16xf32>) -> (tensor<2x16xf32>, tensor<20x2x16xf32>, tensor<20xi64>) {
  ^bb0(%t: tensor<i64>, %state: tensor<2x16xf32>, %x: tensor<2x16xf32>, %weight: tensor<16x16xf32>):
    %m = loom.matmul %state, %weight : (tensor<2x16xf32>, tensor<16x16xf32>) -> tensor<2x16xf32>
    %scale = loom.constant dense<0.125> : tensor<f32>
    %ms = loom.mul %m, %scale : (tensor<2x16xf32>, tensor<f32>) -> tensor<2x16xf32>
    %a = loom.add %ms, %x : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %n = loom.tanh %a : tensor<2x16xf32>
    loom.yield %n, %n, %t : tensor<2x16xf32>, tensor<2x16xf32>, tensor<i64>
  }
  return %r#0, %r#1, %r#2 : tensor<2x16xf32>, tensor<20x2x16xf32>, tensor<20xi64>
}

// Two carried values of different types and no scanned operand: an
// integer counter and a float state that doubles while the position is
// below a threshold read at run time.
func.func @two_carried(%count: tensor<4xi32>, %x: tensor<4xf64>, %limit: tensor<i64>) -> (tensor<4xi32>, tensor<4xf64>) {
  %r:2 = loom.scan carried(%count, %x) scanned() invariants(%limit) {length = 5 : i64} : (tensor<4xi32>, tensor<4xf64>, tensor<i64>) -> (tensor<4xi32>, tensor<4xf64>) {
  ^bb0(%t: tensor<i64>, %c: tensor<4xi32>, %v: tensor<4xf64>, %l: tensor<i64>):
    %one = loom.constant dense<1> : tensor<i32>
    %c2 = loom.add %c, %one : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
    %two = loom.constant dense<2.0> : tensor<f64>
    %d = loom.mul %v, %two : (tensor<4xf64>, tensor<f64>) -> tensor<4xf64>
    %below = loom.compare lt, %t, %l : (tensor<i64>, tensor<i64>) -> tensor<i1>
    %v2 = loom.select %below, %d, %v : (tensor<i1>, tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
    loom.yield %c2, %v2 : tensor<4xi32>, tensor<4xf64>
  }
  return %r#0, %r#1 : tensor<4xi32>, tensor<4xf64>
}

// A loop in a loop: each outer step sums its row with an inner scan.
func.func @nested(%zero: tensor<f32>, %xs: tensor<4x6xf32>) -> (tensor<f32>, tensor<4xf32>) {
  %r:2 = loom.scan carried(%zero) scanned(%xs) invariants(%zero) {length = 4 : i64} : (tensor<f32>, tensor<4x6xf32>, tensor<f32>) -> (tensor<f32>, tensor<4xf32>) {
  ^bb0(%t: tensor<i64>, %total: tensor<f32>, %row: tensor<6xf32>, %z: tensor<f32>):
    %s = loom.scan carried(%z) scanned(%row) invariants() {length = 6 : i64} : (tensor<f32>, tensor<6xf32>) -> tensor<f32> {
    ^bb0(%u: tensor<i64>, %acc: tensor<f32>, %x: tensor<f32>):
      %n = loom.add %acc, %x : (tensor<f32>, tensor<f32>) -> tensor<f32>
      loom.yield %n : tensor<f32>
    }
    %total2 = loom.add %total, %s : (tensor<f32>, tensor<f32>) -> tensor<f32>
    loom.yield %total2, %s : tensor<f32>, tensor<f32>
  }
  return %r#0, %r#1 : tensor<f32>, tensor<4xf32>
}

// The loop between two kernels: its inputs and outputs computed by others.
func.func @between_kernels(%h: tensor<3x8xf32>, %xs: tensor<9x3x8xf32>) -> tensor<3x8xf32> {
  %e = loom.exp %xs : tensor<9x3x8xf32>
  %r = loom.scan carried(%h) scanned(%e) invariants() {length = 9 : i64} : (tensor<3x8xf32>, tensor<9x3x8xf32>) -> tensor<3x8xf32> {
  ^bb0(%t: tensor<i64>, %acc: tensor<3x8xf32>, %x: tensor<3x8xf32>):
    %m = loom.max %acc, %x : (tensor<3x8xf32>, tensor<3x8xf32>) -> tensor<3x8xf32>
    loom.yield %m : tensor<3x8xf32>
  }
  %n = loom.neg %r : tensor<3x8xf32>
  return %n : tensor<3x8xf32>
}

// An if on a comparison computed by another kernel, its regions reading
// two invariants; the else region yields an invariant as it is.
func.func @if_between_kernels(%a: tensor<f32>, %x: tensor<3x5xf32>, %w: tensor<5x4xf32>) -> tensor<3x4xf32> {
  %zero = loom.constant dense<0.0> : tensor<f32>
  %c = loom.compare gt, %a, %zero : (tensor<f32>, tensor<f32>) -> tensor<i1>
  %s = loom.slice %x offsets [0, 0] steps [1, 1] : tensor<3x5xf32> to tensor<3x4xf32>
  %r = loom.if %c invariants(%x, %w, %s) : (tensor<i1>, tensor<3x5xf32>, tensor<5x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32> {
  ^bb0(%x1: tensor<3x5xf32>, %w1: tensor<5x4xf32>, %s1: tensor<3x4xf32>):
    %m = loom.matmul %x1, %w1 : (tensor<3x5xf32>, tensor<5x4xf32>) -> tensor<3x4xf32>
    %t = loom.tanh %m : tensor<3x4xf32>
    loom.yield %t : tensor<3x4xf32>
  } else {
  ^bb0(%x1: tensor<3x5xf32>, %w1: tensor<5x4xf32>, %s1: tensor<3x4xf32>):
    loom.yield %s1 : tensor<3x4xf32>
  }
  %n = loom.neg %r : tensor<3x4xf32>
  return %n : tensor<3x4xf32>
}

// An if in a loop's body: a ReLU-like recurrence that adds the entry only
// while the state is below a threshold.
func.func @if_in_loop(%h: tensor<f32>, %xs: tensor<12xf32>, %limit: tensor<f32>) -> (tensor<f32>, tensor<12xf32>) {
  %r:2 = loom.scan carried(%h) scanned(%xs) invariants(%limit) {length = 12 : i64} : (tensor<f32>, tensor<12xf32>, tensor<f32>) -> (tensor<f32>, tensor<12xf32>) {
  ^bb0(%t: tensor<i64>, %state: tensor<f32>, %x: tensor<f32>, %l: tensor<f32>):
    %below = loom.compare lt, %state, %l : (tensor<f32>, tensor<f32>) -> tensor<i1>
    %next = loom.if %below invariants(%state, %x) : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32> {
    ^bb0(%s: tensor<f32>, %e: tensor<f32>):
      %sum = loom.add %s, %e : (tensor<f32>, tensor<f32>) -> tensor<f32>
      loom.yield %sum : tensor<f32>
    } else {
    ^bb0(%s: tensor<f32>, %e: tensor<f32>):
      loom.yield %s : tensor<f32>
    }
    loom.yield %next, %next : tensor<f32>, tensor<f32>
  }
  return %r#0, %r#1 : tensor<f32>, tensor<12xf32>
}

// A loop in an if's region.
func.func @loop_in_if(%c: tensor<1xi1>, %xs: tensor<6x3xi32>, %zero: tensor<3xi32>) -> tensor<3xi32> {
  %r = loom.if %c invariants(%xs, %zero) : (tensor<1xi1>, tensor<6x3xi32>, tensor<3xi32>) -> tensor<3xi32> {
  ^bb0(%ys: tensor<6x3xi32>, %z: tensor<3xi32>):
    %sum = loom.scan carried(%z) scanned(%ys) invariants() {length = 6 : i64} : (tensor<3xi32>, tensor<6x3xi32>) -> tensor<3xi32> {
    ^bb0(%t: tensor<i64>, %acc: tensor<3xi32>, %y: tensor<3xi32>):
      %n = loom.add %acc, %y : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
      loom.yield %n : tensor<3xi32>
    }
    loom.yield %sum : tensor<3xi32>
  } else {
  ^bb0(%ys: tensor<6x3xi32>, %z: tensor<3xi32>):
    loom.yield %z : tensor<3xi32>
  }
  return %r : tensor<3xi32>
}
