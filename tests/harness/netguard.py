"""Refuse every network connection that does not stay on this machine.

Installed in the pytest process by conftest.py and in every Python subprocess
the tests start (notebook kernels, torchrun workers) through sitecustomize.py.
A refused attempt raises NetworkBlocked and is also appended to the file named
by $NETGUARD_LOG, so a test fails even when a library swallows the exception.
"""

import ipaddress
import os
import socket

# This machine's own name counts too: torch.distributed looks it up for gloo.
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "", socket.gethostname().lower()}


class NetworkBlocked(RuntimeError):
    pass


def _is_local(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host).strip("[]").lower()
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name other than localhost


def _refuse(host, port) -> None:
    message = f"network access blocked in tests: {host}:{port} (only loopback is allowed)"
    log = os.environ.get("NETGUARD_LOG")
    if log:
        with open(log, "a") as f:
            f.write(message + "\n")
    raise NetworkBlocked(message)


def install() -> None:
    if getattr(socket, "_netguard_installed", False):
        return
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host, port, *args, **kwargs):
        if not _is_local(host):
            _refuse(host, port)
        return real_getaddrinfo(host, port, *args, **kwargs)

    def check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            _refuse(address[0], address[1])

    def connect(self, address):
        check(self, address)
        return real_connect(self, address)

    def connect_ex(self, address):
        check(self, address)
        return real_connect_ex(self, address)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket._netguard_installed = True
