# Waits for a DMA that was never issued.
    s.li    s2, 0
    wait    f3, 1
    halt
