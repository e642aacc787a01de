# Two chips each wait for the other's message before sending their own.
    s.li    s2, 0
    s.li    s3, 1
    s.sub   s3, s3, s0       # the other chip
    recv    s2, s3, f1, 4096
    wait    f1, 1
    send    s2, s3, f0, 4096
    wait    f0, 1
    halt
