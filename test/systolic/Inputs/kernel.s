# A little of everything: used by the assembler/disassembler round trip.
.equ ROWS, 8
.equ LANES, 128
.equ STRIDE, 512
start:
    s.li    s2, 0x1000          ; VMEM base
    s.li    s3, 4096
    s.lif   s4, 1.5
    s.lif   s5, -0.0
    s.addi  s6, s2, -64
    s.mul   s7, s2, s3
    s.shr   s8, s7, s3
    dma.load  s2, s3, f0, 4, 512, 512, 1024
    dma.store s2, s3, f1, 4, 512, 512, 1024
    wait    f0, 1
    signal  f2, 3
    ldw     m0, s2, 16, 16, 32
    ldw.f32 m1, s2, 8, 8, 64
    matmul.swap m0, s4, s2, 32, 32
    matmul.acc.swap.f32 m1, s4, s2, 7, 64
    matmul.acc m0, s4, s2, 1, 32
    pop     m0, v3, s4, 0
    vld     v1, s2, STRIDE, ROWS, LANES
    vld.bf16 v2, s2, 256, 3, 17
    vst     v1, s3, STRIDE, ROWS, LANES
    vst.bf16 v2, s3, 256, 8, 128
    v.add   v4, v1, v2
    v.sel   v5, v6, v1, v2
    v.exp   v7, v4
    v.splat v8, s4
    x.sum   v9, v8
    x.transpose v16, v0
    send    s2, s3, f3, 4096
    recv    s2, s3, f4, 4096
loop_top:
    br.lt   s2, s3, loop_top
    loop    s5, start
    jmp     done
done:
    halt
