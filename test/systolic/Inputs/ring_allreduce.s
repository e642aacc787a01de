# Ring all-reduce of p chunks of CHUNK bytes (f32) at VMEM 0, SPMD on a ring
# of p = s1 chips (s0 = this chip). Reduce-scatter: in step t chip i sends
# chunk (i - t) mod p right and adds the chunk (i - t - 1) mod p it receives
# from the left into its own. All-gather: in step t chip i forwards chunk
# (i + 1 - t) mod p and receives chunk (i - t) mod p in place.
.equ CHUNK, 65536
.equ BLOCK, 4096             # one 8 x 128 f32 vector register
.equ BLOCKS, 16              # CHUNK / BLOCK
.equ TMP, 0x200000           # two receive buffers, used alternately

    s.addi  s2, s0, 1        # right neighbour
    s.rem   s2, s2, s1
    s.add   s3, s0, s1       # left neighbour
    s.subi  s3, s3, 1
    s.rem   s3, s3, s1
    s.subi  s5, s1, 1        # p - 1 steps per phase
    s.li    s4, 0            # step
scatter:
    s.sub   s6, s0, s4       # send chunk (i - t) mod p
    s.add   s6, s6, s1
    s.rem   s6, s6, s1
    s.muli  s6, s6, CHUNK
    s.subi  s7, s6, CHUNK    # reduce into chunk (i - t - 1) mod p
    s.add   s9, s1, s0
    s.sub   s9, s9, s4
    s.subi  s9, s9, 1
    s.rem   s9, s9, s1
    s.muli  s7, s9, CHUNK
    s.andi  s10, s4, 1       # receive buffer TMP + (t mod 2) * CHUNK
    s.muli  s10, s10, CHUNK
    s.addi  s10, s10, TMP
    recv    s10, s3, f1, CHUNK
    send    s6, s2, f0, CHUNK
    wait    f1, 1
    s.li    s11, BLOCKS
add:
    vld     v0, s10, 512, 8, 128
    vld     v1, s7, 512, 8, 128
    v.add   v2, v0, v1       # received partial sum + own value
    vst     v2, s7, 512, 8, 128
    s.addi  s10, s10, BLOCK
    s.addi  s7, s7, BLOCK
    loop    s11, add
    wait    f0, 1
    s.addi  s4, s4, 1
    br.lt   s4, s5, scatter
    s.li    s4, 0
gather:
    s.addi  s6, s0, 1        # send chunk (i + 1 - t) mod p
    s.sub   s6, s6, s4
    s.add   s6, s6, s1
    s.rem   s6, s6, s1
    s.muli  s6, s6, CHUNK
    s.sub   s7, s0, s4       # receive chunk (i - t) mod p in place
    s.add   s7, s7, s1
    s.rem   s7, s7, s1
    s.muli  s7, s7, CHUNK
    recv    s7, s3, f1, CHUNK
    send    s6, s2, f0, CHUNK
    wait    f1, 1
    wait    f0, 1
    s.addi  s4, s4, 1
    br.lt   s4, s5, gather
    halt
