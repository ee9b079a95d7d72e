"""Test fixtures on loopback: a free TCP port, and waiting until a local redis-server/sentinel answers PING."""

from __future__ import annotations

import socket
import time

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_redis_ping(port: int, password: str | None = None, timeout: float = 10.0) -> None:
    """Block until a Redis (or Sentinel) on 127.0.0.1:`port` answers PING; re-raise its error after `timeout` s."""
    import redis

    deadline = time.monotonic() + timeout
    while True:
        try:
            redis.Redis(host=HOST, port=port, password=password, socket_timeout=1).ping()
            return
        except redis.exceptions.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
