"""The HTTP service: the same pipeline and cache as the CLI, behind FastAPI.

``POST /v1/clean``, ``/v1/readout``, ``/v1/translate``, ``/v1/brief`` take a JSON body
with the report as ``text`` or as ``base64`` bytes (any encoding the cleaner reads).
``GET /healthz``; the OpenAPI docs are at ``/docs``.

The edge maps errors to statuses: bad input 422, a report the provider's content filter
refused 422 (``kind: ContentFilteredError``), no endpoint for an LLM-only task 503,
the LLM endpoint failing 502, over the time budget 504, a call that would pass the
request's ``max_cost`` (or the server's ``--max-cost``) 402, a body over the limit 413, a
missing bearer token 401 and a wrong one 403 (when ``JIYAO_SERVICE_TOKEN`` is set), a
full queue 503 with ``Retry-After``, a client too slow to send its body 408. No
traceback reaches a client, and no secret: error texts are redacted.

Under load, in order: the token is checked from the headers before a byte of body is
read; a request beyond ``workers + queue`` in flight is refused at once (503); the body
is read with a per-read timeout and a size limit; cleaning and offline work run in
``workers`` worker processes (so the event loop never waits for the GIL), LLM calls in as
many threads; ``/healthz`` never waits for either. When the server stops (SIGTERM,
Ctrl-C), work still running after ``STOP_GRACE`` seconds is answered 503 (:class:`Stopping`).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jiyao import __version__, deadline
from jiyao.cleaning import CleanReport, clean_bytes, clean_text, require_text
from jiyao.cleaning.known_names import names_in_file
from jiyao.cpu_pool import CpuPool
from jiyao.errors import (
    CONTENT_FILTER,
    BudgetExceededError,
    ConfigError,
    ContentFilteredError,
    InputError,
    JiyaoError,
    LLMError,
    TimeBudgetError,
)
from jiyao.redact import redact
from jiyao.settings import Settings

if TYPE_CHECKING:
    from jiyao.pipeline.budget import Budget

T = TypeVar("T")
B = TypeVar("B", bound="ReportIn")

log = logging.getLogger("jiyao.service")
DEFAULT_BODY_LIMIT = 2 * 1024 * 1024


class ReportIn(BaseModel):
    """A report: exactly one of ``text`` or ``base64``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="The report as text.")
    base64: str | None = Field(
        None, description="The report's bytes, base64-encoded (GBK, Big5, UTF-16…, a .docx or a PDF welcome)."
    )
    name: str = Field("report", max_length=200, description="A name for messages and the brief.")
    script: Literal["simplified", "traditional"] | None = Field(None, description="Convert the clean text's script.")
    names: list[str] = Field(
        default_factory=list,
        max_length=20_000,
        description="People the report may name (2-4 Chinese characters each): where the page lost bytes "
        "inside a name, the name that fits the bytes left is read, not marked □.",
    )

    @model_validator(mode="after")
    def _one_source(self) -> ReportIn:
        if (self.text is None) == (self.base64 is None):
            raise ValueError("give the report as exactly one of 'text' or 'base64'")
        for value in (self.text, self.name):
            if value is not None and any("\ud800" <= ch <= "\udfff" for ch in value):
                raise ValueError("the text holds a lone surrogate (\\ud800-\\udfff), which is not a character")
        if self.names:
            from jiyao.cleaning.known_names import checked_names

            try:  # the check alone, on the event loop: the worker reads them in both scripts
                checked_names(self.names)
            except InputError as e:
                raise ValueError(f"'names': {e}") from None
        return self

    def clean(self) -> CleanReport:
        if self.text is not None:
            if not self.text.strip():
                raise InputError("the report is empty")
            return require_text(clean_text(self.text, script=self.script, names=self.names), self.name)
        try:
            data = base64.b64decode(self.base64 or "", validate=True)
        except (binascii.Error, ValueError) as e:
            raise InputError("'base64' is not valid base64") from e
        return clean_bytes(data, script=self.script, path=self.name, names=self.names)


class AskIn(ReportIn):
    """A report for a task an endpoint may be asked to do."""

    max_cost: float | None = Field(
        None,
        ge=0,
        description="Dollars this request may spend on LLM calls: 402 before a call would pass it (answers "
        "from the cache cost nothing; 0 answers from the cache only). The server's --max-cost caps it.",
    )


class ReadoutIn(AskIn):
    keep_ungrounded: bool = False


class BriefIn(AskIn):
    format: Literal["md", "html"] = "html"


OPEN_PATHS = ("/healthz", "/docs", "/openapi.json", "/docs/oauth2-redirect", "/redoc")


_HOW_TO_SEND = (
    'send a JSON object, {"text": "…"} or {"base64": "…"} (the file\'s bytes), '
    "with Content-Type: application/json (see /docs)"
)


def _problem(error: dict[str, Any], content_type: str) -> str:
    """One of a request's validation errors in words a client can act on: a body that is
    no JSON object (a file posted as it is, a form) says how to send a report."""
    where = ".".join(str(part) for part in error["loc"][1:])
    if error["type"] == "json_invalid":
        reason = error.get("ctx", {}).get("error", "")
        at = f"at character {where or 0}" + (f": {reason}" if reason else "")
        return f"the body is not valid JSON ({at}): {_HOW_TO_SEND}"
    if not where and error["type"] in ("model_attributes_type", "model_type", "dict_type"):
        sent = f" (this one was sent as {content_type.split(';')[0]})" if "json" not in content_type else ""
        return f"the body is not a JSON object{sent}: {_HOW_TO_SEND}"
    if error["type"] == "extra_forbidden":
        return f"{where}: no such field; {_HOW_TO_SEND}"
    return f"{where or 'body'}: {error['msg'].removeprefix('Value error, ')}"


STOP_GRACE = 2.0  # seconds the work in flight may go on once the server begins to stop


class Stopping:
    """Set when the server begins to stop (SIGTERM, Ctrl-C). Work still running ``grace``
    seconds later is answered 503 (send it again), before uvicorn's last resort, which
    cancels the requests' tasks, drops their connections and logs a trace for each."""

    def __init__(self, grace: float = STOP_GRACE) -> None:
        self.grace = grace
        self._over: asyncio.Event | None = None
        self.when_grace_over: list[Callable[[], None]] = []

    def _event(self) -> asyncio.Event:
        if self._over is None:  # made on the server's loop, by the first to need it
            self._over = asyncio.Event()
        return self._over

    def begin(self) -> None:
        asyncio.get_running_loop().call_later(self.grace, self._end_grace)

    def _end_grace(self) -> None:
        self._event().set()
        for then in self.when_grace_over:
            then()

    async def grace_over(self) -> None:
        await self._event().wait()


class Guard:
    """ASGI middleware in front of every work endpoint, in the cheapest order: the bearer
    token from the headers (401/403, no body read), admission (503 + Retry-After when
    ``capacity`` requests are already in flight), then the body, read with a timeout per
    read (408) and a size limit (413, declared or streamed), handed on whole; and once
    the server stops, work past the grace answers 503 + Retry-After."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str | None,
        limit: int,
        capacity: int,
        read_timeout: float = 10.0,
        stopping: Stopping | None = None,
    ) -> None:
        self.app = app
        self.token = token
        self.limit = limit
        self.capacity = capacity
        self.read_timeout = read_timeout
        self.stopping = stopping
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        refused = self._auth(headers.get(b"authorization", b"").decode("latin-1"))
        if refused is not None:
            await _answer(send, *refused)
            return
        if self.in_flight >= self.capacity:
            await _answer(send, 503, "busy: too many requests in flight; retry shortly", {"Retry-After": "2"})
            return
        self.in_flight += 1
        try:
            declared = headers.get(b"content-length")
            if declared is not None and declared.isdigit() and int(declared) > self.limit:
                await _answer(send, 413, f"request body over {self.limit} bytes")
                return
            body = await self._read(receive)
            if isinstance(body, tuple):
                await _answer(send, *body)
                return
            await self._work(scope, body, send)
        finally:
            self.in_flight -= 1

    async def _work(self, scope: Scope, body: bytes, send: Send) -> None:
        if self.stopping is None:
            await self.app(scope, _replay(body), send)
            return
        answered = False

        async def send_noted(message: Message) -> None:
            nonlocal answered
            answered = answered or message["type"] == "http.response.start"
            await send(message)

        work = asyncio.ensure_future(self.app(scope, _replay(body), send_noted))
        grace_over = asyncio.ensure_future(self.stopping.grace_over())
        cut = False
        try:
            await asyncio.wait({work, grace_over}, return_when=asyncio.FIRST_COMPLETED)
        finally:  # also when this request's own task is cancelled
            grace_over.cancel()
            if not work.done():
                work.cancel()
                cut = True
        if not cut:
            work.result()  # the answer was sent; an error goes on to the server as before
            return
        await asyncio.wait({work})  # the job is left behind: the pool ends it as the server stops
        if not answered:
            await _answer(send, 503, "the service is stopping: send the report again shortly", {"Retry-After": "5"})

    def _auth(self, header: str) -> tuple[int, str, dict[str, str]] | None:
        if self.token is None:
            return None
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            return 401, "missing bearer token (Authorization: Bearer …)", {"WWW-Authenticate": "Bearer"}
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return 403, "wrong bearer token", {}
        return None

    async def _read(self, receive: Receive) -> bytes | tuple[int, str]:
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), self.read_timeout)
            except TimeoutError:
                return 408, f"the request body did not arrive within {self.read_timeout:g} s"
            if message["type"] == "http.disconnect":
                return 400, "the client went away"
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return 413, f"request body over {self.limit} bytes"
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _answer(send: Send, status: int, error: str, headers: dict[str, str] | None = None) -> None:
    response = JSONResponse({"error": error}, status_code=status, headers=headers)
    await response({"type": "http"}, _empty_receive, send)


async def _empty_receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def _status(error: JiyaoError) -> int:
    if isinstance(error, TimeBudgetError):
        return 504
    if isinstance(error, BudgetExceededError):
        return 402  # as OpenRouter answers a request its credits do not cover
    if isinstance(error, InputError | ContentFilteredError):
        return 422  # a refused text is refused again: nothing for a client to retry
    if isinstance(error, ConfigError):
        return 503
    if isinstance(error, LLMError):
        return 502
    return 500


def _spent(engine: Any) -> dict[str, str]:
    """What a request's LLM work cost, in headers beside its answer (the CLI's usage line):
    calls made and answered from the cache, tokens, dollars (or "unknown": no price)."""
    if engine is None:
        return {}
    ledger = engine.ledger
    cost = ledger.usage.cost(engine.settings)
    return {
        "X-Jiyao-Calls": str(ledger.calls),
        "X-Jiyao-Cached": str(ledger.cache_hits),
        "X-Jiyao-Prompt-Tokens": str(ledger.usage.prompt_tokens),
        "X-Jiyao-Completion-Tokens": str(ledger.usage.completion_tokens),
        "X-Jiyao-Cost": f"{cost:.6f}" if cost is not None else "unknown",
    }


def _clean_dict_job(body: ReportIn) -> dict[str, Any]:
    from jiyao.cleaning.export import report_to_dict

    return report_to_dict(body.clean())


def _offline_readout_job(body: ReadoutIn) -> dict[str, Any]:
    from jiyao.pipeline import readout

    return readout(body.clean(), None, keep_ungrounded=body.keep_ungrounded, name=body.name).model_dump(mode="json")


def _offline_brief_job(body: BriefIn) -> str:
    from jiyao.pipeline import brief

    return brief(body.clean(), None, body.format, name=body.name)


def create_app(
    settings: Settings | None = None,
    *,
    body_limit: int = DEFAULT_BODY_LIMIT,
    workers: int = 2,
    queue: int = 64,
    max_cost: float | None = None,
    allow_unknown_price: bool = False,
) -> FastAPI:
    """The app; ``max_cost``: the dollars one request may spend (a request's own ``max_cost``
    may lower it)."""
    import anyio

    settings = settings or Settings.from_env()
    if body_limit < 1:
        raise ConfigError(f"the body limit must be at least 1 byte, not {body_limit}")
    engine = None
    if settings.has_endpoint:
        from jiyao.pipeline.engine import LLMEngine

        engine = LLMEngine(settings)
        engine.check_budget(max_cost, allow_unknown_price=allow_unknown_price)
    pool = CpuPool(workers)
    slots = anyio.CapacityLimiter(workers)
    # JIYAO_NAMES (serve --names): the names every request's report is read with, and its own
    # (as the file writes them: each worker reads a list in both scripts once).
    default_names = names_in_file(settings.names_path) if settings.names_path else []

    async def prepare() -> None:
        from jiyao.cpu_pool import build_tables_apart

        # The tables first (once per installation), then the workers that load them.
        try:
            await anyio.to_thread.run_sync(build_tables_apart, abandon_on_cancel=True)
        except (OSError, RuntimeError) as e:  # no Python to start (a frozen app), no processes left
            log.warning("the language tables will be built by the workers: %s", e)
        pool.warm()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.preparing = asyncio.create_task(prepare())
        try:
            yield
        finally:
            app.state.preparing.cancel()
            pool.close()
            if engine is not None:
                # Calls still out are left to finish, their answers cached, not cut off by
                # closing their connections: a Ctrl-C's exit waits for them (and says so), a
                # SIGTERM's process ends by the signal.
                engine.close(wait=not engine.unanswered.count)

    app = FastAPI(
        title="jiyao",
        version=__version__,
        description="Clean, read out, translate and brief Chinese government meeting reports.",
        lifespan=lifespan,
    )
    app.state.stopping = Stopping()
    # LLM calls still out: a Ctrl-C's exit waits for them (their answers are cached) and says so.
    app.state.unanswered = (lambda: engine.unanswered.count) if engine is not None else (lambda: 0)
    if engine is not None:  # past the grace, no request sends another call (each is answered 503)
        app.state.stopping.when_grace_over.append(engine.cancelled.set)
    app.add_middleware(
        Guard, token=settings.service_token, limit=body_limit, capacity=workers + queue, stopping=app.state.stopping
    )

    async def in_process(fn: Callable[[B], T], body: B) -> T:
        """Cleaning and offline work: in a worker process, under the per-report time budget."""
        if default_names:
            body = body.model_copy(update={"names": [*body.names, *default_names]})
        async with slots:
            return await pool.run(fn, body, budget=settings.report_timeout, what=body.name)

    async def with_llm(body: ReportIn, fn: Callable[[CleanReport], T]) -> T:
        """The report cleaned in a worker process, then ``fn`` (LLM calls: waiting, mostly)
        in a thread, under what is left of the one time budget."""
        started = time.monotonic()
        report = await in_process(ReportIn.clean, body)

        def budgeted() -> T:
            left = settings.report_timeout and max(settings.report_timeout - (time.monotonic() - started), 1e-3)
            with deadline.time_budget(left, body.name):
                return fn(report)

        # Abandoned, not awaited, when the server stops and answers 503: it sends no new call.
        return await anyio.to_thread.run_sync(budgeted, limiter=slots, abandon_on_cancel=True)

    @app.exception_handler(JiyaoError)
    async def _jiyao_error(request: Request, error: JiyaoError) -> JSONResponse:
        return JSONResponse({"error": redact(str(error)), "kind": type(error).__name__}, status_code=_status(error))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [_problem(e, request.headers.get("content-type", "")) for e in error.errors()]
        return JSONResponse({"error": redact("; ".join(dict.fromkeys(problems)))}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.error("unexpected error on %s: %s: %s", request.url.path, type(error).__name__, redact(str(error)))
        return JSONResponse({"error": "internal error"}, status_code=500)

    def spending(body: AskIn) -> Budget | None:
        """What the request may spend: its own max_cost, under the server's."""
        from jiyao.pipeline.budget import Budget

        if body.max_cost is not None and engine is not None and not engine.priced:
            raise InputError(
                f"'max_cost' needs the price of {engine.model!r}, which this server does not know "
                "(its operator sets JIYAO_PRICE_INPUT and JIYAO_PRICE_OUTPUT)"
            )
        if body.max_cost is not None and (max_cost is None or body.max_cost < max_cost):
            return Budget(body.max_cost, set_by="the request's max_cost")
        return Budget(max_cost, set_by="the server's --max-cost for a request") if max_cost is not None else None

    def fork(body: AskIn) -> Any:
        """The request's own engine (its ledger, its budget); None without an endpoint."""
        return engine.fork(budget=spending(body)) if engine is not None else None

    @app.get("/healthz")
    async def healthz() -> JSONResponse:
        # On the event loop, never behind the workers: it answers while work queues.
        cache_ok = engine.cache.healthy() if engine is not None else True
        body = {
            "status": "ok",
            "version": __version__,
            "engine": "llm" if engine else "offline",
            "cache": "ok" if cache_ok else (engine.cache.problem if engine is not None else None),
            "busy": slots.borrowed_tokens,
            # "starting" until the worker processes have loaded the tables: a readiness probe
            # waits for "ready", or the first requests wait for them.
            "workers": "ready" if app.state.preparing.done() and pool.ready else "starting",
        }
        return JSONResponse(body)

    @app.post("/v1/clean")
    async def clean(body: ReportIn) -> dict[str, Any]:
        return await in_process(_clean_dict_job, body)

    @app.post("/v1/readout", response_model=None)
    async def readout(body: ReadoutIn) -> JSONResponse:
        if engine is None:
            return JSONResponse(await in_process(_offline_readout_job, body))
        from jiyao.pipeline import readout as run_readout

        current = fork(body)

        def job(report: CleanReport) -> dict[str, Any]:
            result = run_readout(report, current, keep_ungrounded=body.keep_ungrounded, name=body.name)
            return result.model_dump(mode="json")

        return JSONResponse(await with_llm(body, job), headers=_spent(current))

    @app.post("/v1/translate", response_model=None)
    async def translate(body: AskIn) -> JSONResponse:
        from jiyao.pipeline import translate as run_translation

        current = fork(body)
        if current is None:
            settings.endpoint()  # raises ConfigError saying what to set → 503

        def job(report: CleanReport) -> dict[str, Any]:
            result = run_translation(report, current, name=body.name)
            if result.failures:
                reason = "; ".join(result.failures)
                if all(CONTENT_FILTER in failure for failure in result.failures):
                    stage = "answer" if all("withheld" in failure for failure in result.failures) else "prompt"
                    raise ContentFilteredError(reason, stage=stage)  # refused again if asked: 422
                raise LLMError(reason)
            return {"paragraphs": [{"index": p.index, "source": p.source, "target": p.target} for p in result.pairs]}

        return JSONResponse(await with_llm(body, job), headers=_spent(current))

    @app.post("/v1/brief", response_model=None)
    async def brief(body: BriefIn) -> PlainTextResponse:
        current = None
        if engine is None:
            text = await in_process(_offline_brief_job, body)
        else:
            from jiyao.pipeline import brief as make_brief

            current = fork(body)
            text = await with_llm(body, lambda report: make_brief(report, current, body.format, name=body.name))
        media = "text/html; charset=utf-8" if body.format == "html" else "text/markdown; charset=utf-8"
        return PlainTextResponse(text, media_type=media, headers=_spent(current))

    return app


HEADER_TIMEOUT = 10.0  # seconds a new connection may take to send its request line and headers


def serve_forever(app: Any, host: str, port: int) -> None:
    """Run under uvicorn on a socket bound here (a port in use is a clear error, exit 2),
    closing idle and half-open connections, and stopping within seconds on SIGTERM."""
    import math
    import socket

    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    stopping: Stopping | None = getattr(getattr(app, "state", None), "stopping", None)

    class Server(uvicorn.Server):
        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            if stopping is not None:
                stopping.begin()
            await super().shutdown(sockets)

    config = uvicorn.Config(
        app,
        log_level="info",
        http=guarded_http(),
        timeout_keep_alive=5,
        # The last resort, after the work past the grace has been answered (Stopping).
        timeout_graceful_shutdown=math.ceil(stopping.grace if stopping else STOP_GRACE) + 1,
        limit_concurrency=4096,
        backlog=2048,
    )
    Server(config).run(sockets=[sock])


def guarded_http() -> type:
    """uvicorn's HTTP protocol (httptools' C parser when installed, else h11), closing a
    connection that has not sent a whole request head within ``HEADER_TIMEOUT`` (uvicorn
    itself waits for ever: slowloris). Both create ``cycle`` once the head is complete."""
    base: type
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        base = HttpToolsProtocol
    except ImportError:
        from uvicorn.protocols.http.h11_impl import H11Protocol

        base = H11Protocol

    class GuardedHTTP(base):  # type: ignore[misc]
        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._head_timer = self.loop.call_later(HEADER_TIMEOUT, self._close_if_no_request)

        def _close_if_no_request(self) -> None:
            if self.cycle is None and not self.transport.is_closing():
                self.transport.close()

        def connection_lost(self, exc: Exception | None) -> None:
            self._head_timer.cancel()
            super().connection_lost(exc)

    return GuardedHTTP
