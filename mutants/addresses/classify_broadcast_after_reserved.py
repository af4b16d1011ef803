"""The table checked out of order: 255.255.255.255 answers "reserved", 0.0.0.0 "this-network"."""

_SPECIAL = sorted(_SPECIAL, key=lambda row: row[0][1])
