
# kernel @main_kernel_0
s.li s5, 0
s.li s6, 3330048
s.lif s9, 0xff800000
v.splat v0, s9
s.li s7, 0                                     # max_pool: -inf padding
s.li s9, 813
vst v0, s7, 512, 8, 128
s.addi s7, s7, 4096
loop s9, 6
s.addi s7, s7, -3330048
s.addi s7, s5, 460
s.addi s8, s3, 0
s.li s9, 64
dma.load s7, s8, f0, 112, 448, 456, 448
s.addi s7, s7, 51984
s.addi s8, s8, 50176
loop s9, 13
s.addi s7, s7, -3326976
s.addi s8, s8, -3211264
wait f0, 64
s.li s9, 64
s.li s10, 7
s.lif s11, 0xff800000
v.splat v0, s11
s.addi s7, s5, 0                               # max_pool window
vlds v1, s7, 912, 8, 56, 2
v.cmple v2, v1, v0
v.sel v3, v2, v0, v1
v.cmpeq v4, v0, v0
v.sel v0, v4, v3, v0
s.addi s7, s5, 4
vlds v1, s7, 912, 8, 56, 2
v.cmple v2, v1, v0
v.sel v3, v2, v0, v1
v.cmpeq v4, v0, v0
v.sel v0, v4, v3, v0
s.addi s7, s5, 8
vlds v1, s7, 912, 8, 56, 2
v.cmple v2, v1, v0
v.sel v3, v2, v0, v1
v.cmpeq v4, v0, v0
v.sel v0, v4, v3, v0
s.addi s7, s5, 456
vlds v1, s7, 912, 8, 56, 2
v.cmple v2, v1, v0
v.sel v3, v2, v0, v1
v.cmpeq v4, v0, v0
v.sel v0, v4, v3, v0
s.addi s7, s5, 460
vlds v1, s7, 912, 8, 56, 2
v.cmple v2, v1, v0
v.sel v3, v2, v0, v1
v.cmpeq v4, v0, v0
v.sel v0, v4, v3, v0
s.addi s7, s5, 464
vlds v1, s7, 912, 8, 56, 2
v.cmple v2, v1, v0
v.sel v3, v2, v0, v1
v.cmpeq v4, v0, v0
v.sel v0, v4, v3, v0
s.addi s7, s5, 912
vlds v1, s7, 912, 8, 56, 2
v.cmple v2, v1, v0
v.sel v3, v2, v0, v1
v.cmpeq v4, v0, v0
v.sel v0, v4, v3, v0
s.addi s7, s5, 916
vlds v1, s7, 912, 8, 56, 2
v.cmple v2, v1, v0
v.sel v3, v2, v0, v1
v.cmpeq v4, v0, v0
v.sel v0, v4, v3, v0
s.addi s7, s5, 920
vlds v1, s7, 912, 8, 56, 2
v.cmple v2, v1, v0
v.sel v3, v2, v0, v1
v.cmpeq v4, v0, v0
v.sel v0, v4, v3, v0
vst v0, s6, 224, 8, 56
s.addi s5, s5, 7296
s.addi s6, s6, 1792
loop s10, 22
s.addi s5, s5, -51072
s.addi s6, s6, -12544
s.addi s5, s5, 51984
s.addi s6, s6, 12544
loop s9, 21
s.addi s5, s5, -3326976
s.addi s6, s6, -802816
dma.store s6, s4, f0, 1, 802816, 802816, 802816
wait f0, 1
halt
