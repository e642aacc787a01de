    s.li    s2, 0
    vmul    v0, v1, v2
    halt
