"""/31 and /32 counted like any subnet: network and broadcast taken away (counts 0 and -1)."""


def _host_range(network: int, broadcast: int, prefix: int) -> tuple[int, int]:
    return network + 1, broadcast - 1
