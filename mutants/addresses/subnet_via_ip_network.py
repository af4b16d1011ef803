"""ipaddress.ip_network(cidr, strict=False) trusted: a bare address, a netmask and "/024" accepted."""
import ipaddress


def subnet_info(cidr: str) -> Subnet:
    try:
        net = ipaddress.ip_network(cidr, strict=False)
    except ValueError as exc:
        raise ValueError(f"invalid subnet {cidr!r}: {exc}") from None
    size = net.num_addresses
    if net.prefixlen >= 31:
        first, last, count = net.network_address, net.broadcast_address, size
    else:
        first, last, count = net.network_address + 1, net.broadcast_address - 1, size - 2
    return Subnet(str(net.network_address), str(net.broadcast_address), str(net.netmask),
                  net.prefixlen, str(first), str(last), count)
