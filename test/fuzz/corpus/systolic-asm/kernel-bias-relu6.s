
# kernel @main_kernel_0
s.lif s6, 0.0
v.splat v0, s6
s.lif s6, 6.0
v.splat v1, s6
s.li s7, 0
s.li s8, 8064
s.li s9, 8192
s.add s6, s7, s3
s.addi s6, s6, 0
dma.load s7, s6, f0, 1, 8064, 8064, 8064
s.addi s7, s7, 8064
s.add s6, s8, s4
s.addi s6, s6, -8064
dma.load s8, s6, f0, 1, 128, 128, 128
s.addi s8, s8, 128
s.addi s7, s7, -8064
s.addi s8, s8, -128
wait f0, 2
s.li s10, 4
vld v2, s7, 252, 8, 63
vlds v3, s8, 4, 8, 63, 0
v.add v4, v2, v3                               # loom.add
v.cmplt v5, v4, v0                             # loom.clamp
v.sel v6, v5, v0, v4
v.cmplt v5, v1, v6
v.sel v7, v5, v1, v6
vst v7, s9, 252, 8, 63
s.addi s7, s7, 2016
s.addi s8, s8, 32
s.addi s9, s9, 2016
loop s10, 19
s.addi s7, s7, -8064
s.addi s8, s8, -128
s.addi s9, s9, -8064
s.addi s7, s7, 8064
s.addi s8, s8, 128
s.add s6, s9, s5
s.addi s6, s6, -8192
dma.store s9, s6, f1, 1, 8064, 8064, 8064
s.addi s9, s9, 8064
wait f1, 1
halt
