
# kernel @main_kernel_0
s.lif s5, 0xff800000
v.splat v0, s5
s.lif s5, 0.0
v.splat v1, s5
s.li s6, 0
s.li s7, 1228800
s.li s8, 42
s.add s5, s6, s3
s.addi s5, s5, 0
dma.load s6, s5, f0, 1, 28800, 28800, 28800
s.addi s6, s6, 28800
loop s8, 7
s.add s5, s6, s3
s.addi s5, s5, 0
dma.load s6, s5, f0, 1, 19200, 19200, 19200
s.addi s6, s6, 19200
s.addi s6, s6, -1228800
s.li s8, 42
wait f0, 1
s.li s9, 3
v.mov v2, v0                                   # softmax: max
s.li s10, 2
vld v3, s6, 1200, 8, 128
v.cmpeq v4, v3, v3
v.sel v5, v4, v3, v0
x.max.init v2, v5, v2, 128
s.addi s6, s6, 512
loop s10, 22
vld v3, s6, 1200, 8, 44
v.cmpeq v4, v3, v3
v.sel v5, v4, v3, v0
x.max.init v2, v5, v2, 44
s.addi s6, s6, -1024
v.mov v3, v1                                   # softmax: sum
s.li s10, 2
vld v4, s6, 1200, 8, 128
v.sub v5, v4, v2
v.exp v6, v5
x.sum.init v3, v6, v3, 128
s.addi s6, s6, 512
loop s10, 35
vld v4, s6, 1200, 8, 44
v.sub v5, v4, v2
v.exp v6, v5
x.sum.init v3, v6, v3, 44
s.addi s6, s6, -1024
s.li s10, 2                                    # softmax: normalize
vld v4, s6, 1200, 8, 128
v.sub v5, v4, v2
v.exp v6, v5
v.div v7, v6, v3
vst v7, s7, 1200, 8, 128
s.addi s6, s6, 512
s.addi s7, s7, 512
loop s10, 47
vld v4, s6, 1200, 8, 44
v.sub v5, v4, v2
v.exp v6, v5
v.div v7, v6, v3
vst v7, s7, 1200, 8, 44
s.addi s6, s6, -1024
s.addi s7, s7, -1024
s.addi s6, s6, 9600
s.addi s7, s7, 9600
loop s9, 20
s.addi s6, s6, -28800
s.addi s7, s7, -28800
s.addi s6, s6, 28800
s.add s5, s7, s4
s.addi s5, s5, -1228800
dma.store s7, s5, f1, 1, 28800, 28800, 28800
s.addi s7, s7, 28800
loop s8, 18
wait f0, 1
s.li s8, 2
v.mov v2, v0                                   # softmax: max
s.li s9, 2
vld v3, s6, 1200, 8, 128
v.cmpeq v4, v3, v3
v.sel v5, v4, v3, v0
x.max.init v2, v5, v2, 128
s.addi s6, s6, 512
loop s9, 77
vld v3, s6, 1200, 8, 44
v.cmpeq v4, v3, v3
v.sel v5, v4, v3, v0
x.max.init v2, v5, v2, 44
s.addi s6, s6, -1024
v.mov v3, v1                                   # softmax: sum
s.li s9, 2
vld v4, s6, 1200, 8, 128
v.sub v5, v4, v2
v.exp v6, v5
x.sum.init v3, v6, v3, 128
s.addi s6, s6, 512
loop s9, 90
vld v4, s6, 1200, 8, 44
v.sub v5, v4, v2
v.exp v6, v5
x.sum.init v3, v6, v3, 44
s.addi s6, s6, -1024
s.li s9, 2                                     # softmax: normalize
vld v4, s6, 1200, 8, 128
v.sub v5, v4, v2
v.exp v6, v5
v.div v7, v6, v3
vst v7, s7, 1200, 8, 128
s.addi s6, s6, 512
s.addi s7, s7, 512
loop s9, 102
vld v4, s6, 1200, 8, 44
v.sub v5, v4, v2
v.exp v6, v5
v.div v7, v6, v3
vst v7, s7, 1200, 8, 44
s.addi s6, s6, -1024
s.addi s7, s7, -1024
s.addi s6, s6, 9600
s.addi s7, s7, 9600
loop s8, 75
s.addi s6, s6, -19200
s.addi s7, s7, -19200
s.addi s6, s6, 19200
s.add s5, s7, s4
s.addi s5, s5, -1228800
dma.store s7, s5, f1, 1, 19200, 19200, 19200
s.addi s7, s7, 19200
wait f1, 43
halt
