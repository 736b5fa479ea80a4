"""Run an ASGI app under uvicorn on a free 127.0.0.1 port, in a thread, for the tests."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import uvicorn


class LiveServer:
    """``until_ready``: enter once ``/healthz`` says the worker processes are ready. Their
    start-up takes seconds on a busy machine, and the first request waits for it: beyond
    httpx's default timeout (5 s), the tests' first calls had failed under load."""

    def __init__(self, app: Any, *, until_ready: bool = True, **config_options: Any) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on", **config_options)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.until_ready = until_ready

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        deadline = time.monotonic() + 60
        while self.until_ready and httpx.get(f"{self.url}/healthz", timeout=10).json().get("workers") == "starting":
            if time.monotonic() > deadline:
                raise RuntimeError("the service's workers did not start within 60 s")
            time.sleep(0.05)
        return self

    @property
    def url(self) -> str:
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
