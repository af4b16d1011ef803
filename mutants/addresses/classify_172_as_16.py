"""172.16.0.0/12 taken as 172.16.0.0/16: 172.17-172.31 called public."""

_SPECIAL = [((network, 16 if network == parse_ipv4("172.16.0.0") else prefix), label)
            for (network, prefix), label in _SPECIAL]
