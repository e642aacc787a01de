    s.li    s2, 0
    s.li    s3, 1
