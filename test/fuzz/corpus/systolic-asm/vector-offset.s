# vldo / vsto / vldso: loads and stores at an immediate offset from s2
    s.li    s2, 8192
    vldo    v0, s2, -8192, 512, 8, 128
    vldso.bf16 v1, s2, -4096, 256, 8, 128, -1
    v.add   v2, v0, v1
    vsto    v2, s2, 4096, 512, 8, 128
    vstso.i8 v2, s2, 12288, 128, 8, 64, 2
    halt
