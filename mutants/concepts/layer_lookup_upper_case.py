"""Keys written as the protocols are spelled, input upper-cased: IPv4, Ethernet... never match."""

_LAYER_OF = {
    **dict.fromkeys(("HTTP", "HTTPS", "FTP", "TFTP", "DNS", "SMTP", "SSH",
                     "TELNET", "DHCP"), "application"),
    "TLS": "presentation",
    **dict.fromkeys(("TCP", "UDP"), "transport"),
    **dict.fromkeys(("IP", "IPv4", "IPv6", "ICMP"), "network"),
    **dict.fromkeys(("ARP", "Ethernet", "PPP"), "data link"),
    **dict.fromkeys(("IEEE 802.3", "RS-232"), "physical"),
}


def layer_of(protocol: str) -> str:
    if not isinstance(protocol, str):
        raise TypeError(f"protocol must be a str, got {protocol!r}")
    try:
        return _LAYER_OF[protocol.upper()]
    except KeyError:
        raise LookupError(f"unknown protocol: {protocol!r}") from None
