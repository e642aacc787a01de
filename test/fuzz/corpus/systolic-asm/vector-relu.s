# v.relu: the evaluator's loom.relu (x <= 0 ? +0 : x, NaN kept) in one op
    s.li    s2, 0
    s.li    s3, 4096
    vld     v0, s2, 512, 8, 128
    v.relu  v1, v0
    v.relu  v2, v1
    vst     v2, s3, 512, 8, 128
    halt
