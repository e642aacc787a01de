# Never halts.
top:
    s.addi  s2, s2, 1
    jmp     top
