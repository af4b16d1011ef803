# hostile: asks for 10 GiB and touches it
def recv_until_eof(sock):
    block = bytearray(10 << 30)
    for i in range(0, len(block), 4096):
        block[i] = 1
    return bytes(block[:0])
