"""The network guard refuses connections that leave the machine, and records them."""

import socket
import subprocess
import sys
import threading

import pytest

from tests.harness.netguard import NetworkBlocked


@pytest.fixture
def guard_log(tmp_path, monkeypatch):
    """Record refusals in a private log, so these deliberate attempts don't fail the test."""
    log = tmp_path / "blocked.log"
    monkeypatch.setenv("NETGUARD_LOG", str(log))
    return log


def test_connection_by_name_is_refused_and_names_the_host(guard_log):
    with pytest.raises(NetworkBlocked, match="huggingface.co:443"):
        socket.create_connection(("huggingface.co", 443), timeout=1)
    assert "huggingface.co:443" in guard_log.read_text()


def test_connection_by_address_is_refused(guard_log):
    with socket.socket() as sock, pytest.raises(NetworkBlocked, match="10.1.2.3:80"):
        sock.connect(("10.1.2.3", 80))
    assert "10.1.2.3:80" in guard_log.read_text()


def test_a_swallowed_refusal_is_still_recorded(guard_log):
    try:
        socket.getaddrinfo("pypi.org", 443)
    except Exception:
        pass  # as a library falling back to its cache would
    assert "pypi.org:443" in guard_log.read_text()


def test_loopback_is_allowed(guard_log):
    with socket.create_server(("127.0.0.1", 0)) as server:
        accepted = threading.Thread(target=lambda: server.accept()[0].close())
        accepted.start()
        with socket.create_connection(server.getsockname(), timeout=5):
            pass
        accepted.join()
    assert not guard_log.exists()


def test_python_subprocesses_are_guarded_too(guard_log):
    result = subprocess.run(
        [sys.executable, "-c", "import urllib.request; urllib.request.urlopen('http://example.org', timeout=2)"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "NetworkBlocked" in result.stderr and "example.org:80" in result.stderr
    assert "example.org:80" in guard_log.read_text()
