# Loads past the end of VMEM.
    s.li    s2, 0x1fffe00    # 32 MiB - 512
    vld     v0, s2, 512, 8, 128
    halt
