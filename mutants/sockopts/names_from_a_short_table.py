"""describe_socket names families and types from a short table: anything else is 'unknown'."""
import socket


def _name(enum_class, value):
    table = {socket.AF_INET: "AF_INET", socket.AF_INET6: "AF_INET6",
             socket.AF_UNIX: "AF_UNIX"} if enum_class is socket.AddressFamily else {
             socket.SOCK_STREAM: "SOCK_STREAM", socket.SOCK_DGRAM: "SOCK_DGRAM"}
    return table.get(value, "unknown")
