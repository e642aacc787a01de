# The HBM address is not a multiple of the 4-byte DMA alignment.
    s.li    s2, 0
    s.li    s3, 102
    dma.load s2, s3, f0, 1, 64, 0, 0
    wait    f0, 1
    halt
