"""The length header uses native byte order (struct "I": little-endian on x86).

Encoder and decoders agree with each other, so a round trip through this
module alone still works; only a peer speaking network order notices.
"""
import struct

HEADER = struct.Struct("I")
