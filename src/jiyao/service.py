"""The HTTP service: the same pipeline and cache as the CLI, behind FastAPI.

``POST /v1/clean``, ``/v1/readout``, ``/v1/translate``, ``/v1/brief`` take a JSON body
with the report as ``text`` or as ``base64`` bytes (any encoding the cleaner reads).
``GET /healthz``; the OpenAPI docs are at ``/docs``.

The edge maps errors to statuses: bad input 422, no endpoint for an LLM-only task 503,
the LLM endpoint failing 502, a body over the limit 413, a missing bearer token 401
and a wrong one 403 (when ``JIYAO_SERVICE_TOKEN`` is set). No traceback reaches a client.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
from typing import Any, Literal

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jiyao import __version__
from jiyao.cleaning import CleanReport, clean_bytes, clean_text
from jiyao.errors import ConfigError, InputError, JiyaoError, LLMError
from jiyao.settings import Settings

log = logging.getLogger("jiyao.service")
DEFAULT_BODY_LIMIT = 2 * 1024 * 1024


class ReportIn(BaseModel):
    """A report: exactly one of ``text`` or ``base64``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="The report as text.")
    base64: str | None = Field(None, description="The report's bytes, base64-encoded (GBK, Big5, UTF-16… welcome).")
    name: str = Field("report", max_length=200, description="A name for messages and the brief.")
    script: Literal["simplified", "traditional"] | None = Field(None, description="Convert the clean text's script.")

    @model_validator(mode="after")
    def _one_source(self) -> ReportIn:
        if (self.text is None) == (self.base64 is None):
            raise ValueError("give the report as exactly one of 'text' or 'base64'")
        return self

    def clean(self) -> CleanReport:
        if self.text is not None:
            if not self.text.strip():
                raise InputError("the report is empty")
            return clean_text(self.text, script=self.script)
        try:
            data = base64.b64decode(self.base64 or "", validate=True)
        except (binascii.Error, ValueError) as e:
            raise InputError("'base64' is not valid base64") from e
        return clean_bytes(data, script=self.script, path=self.name)


class ReadoutIn(ReportIn):
    keep_ungrounded: bool = False


class BriefIn(ReportIn):
    format: Literal["md", "html"] = "html"


class BodyLimit:
    """ASGI middleware: 413 for a request body over ``limit`` bytes, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._too_large(send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._too_large(send)

    async def _too_large(self, send: Send) -> None:
        response = JSONResponse({"error": f"request body over {self.limit} bytes"}, status_code=413)
        await response({"type": "http"}, _empty_receive, send)


class _TooLarge(Exception):
    pass


async def _empty_receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def _status(error: JiyaoError) -> int:
    if isinstance(error, InputError):
        return 422
    if isinstance(error, ConfigError):
        return 503
    if isinstance(error, LLMError):
        return 502
    return 500


def create_app(settings: Settings | None = None, *, body_limit: int = DEFAULT_BODY_LIMIT) -> FastAPI:
    settings = settings or Settings.from_env()
    token = settings.service_token
    app = FastAPI(
        title="jiyao",
        version=__version__,
        description="Clean, read out, translate and brief Chinese government meeting reports.",
    )
    app.add_middleware(BodyLimit, limit=body_limit)
    engine = None
    if settings.has_endpoint:
        from jiyao.pipeline.engine import LLMEngine

        engine = LLMEngine(settings)

    def authorized(request: Request) -> None:
        if token is None:
            return
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise _HTTPError(401, "missing bearer token (Authorization: Bearer …)")
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise _HTTPError(403, "wrong bearer token")

    @app.exception_handler(_HTTPError)
    async def _http_error(request: Request, error: _HTTPError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
        return JSONResponse({"error": error.message}, status_code=error.status, headers=headers)

    @app.exception_handler(JiyaoError)
    async def _jiyao_error(request: Request, error: JiyaoError) -> JSONResponse:
        return JSONResponse({"error": str(error), "kind": type(error).__name__}, status_code=_status(error))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg'].removeprefix('Value error, ')}"
            for e in error.errors()
        ]
        return JSONResponse({"error": "; ".join(problems)}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return JSONResponse({"error": "internal error"}, status_code=500)

    def fork() -> Any:
        return engine.fork() if engine is not None else None

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "engine": "llm" if engine else "offline"}

    @app.post("/v1/clean", dependencies=[Depends(authorized)])
    def clean(body: ReportIn) -> dict[str, Any]:
        from jiyao.cleaning.export import report_to_dict

        return report_to_dict(body.clean())

    @app.post("/v1/readout", dependencies=[Depends(authorized)])
    def readout(body: ReadoutIn) -> dict[str, Any]:
        from jiyao.pipeline import readout as run_readout

        result = run_readout(body.clean(), fork(), keep_ungrounded=body.keep_ungrounded, name=body.name)
        return result.model_dump(mode="json")

    @app.post("/v1/translate", dependencies=[Depends(authorized)])
    def translate(body: ReportIn) -> dict[str, Any]:
        from jiyao.pipeline import translate as run_translation

        current = fork()
        if current is None:
            settings.endpoint()  # raises ConfigError saying what to set → 503
        result = run_translation(body.clean(), current, name=body.name)
        if result.failures:
            raise LLMError("; ".join(result.failures))
        return {"paragraphs": [{"index": p.index, "source": p.source, "target": p.target} for p in result.pairs]}

    @app.post("/v1/brief", dependencies=[Depends(authorized)], response_model=None)
    def brief(body: BriefIn) -> PlainTextResponse:
        from jiyao.pipeline import brief as make_brief

        text = make_brief(body.clean(), fork(), body.format, name=body.name)
        media = "text/html; charset=utf-8" if body.format == "html" else "text/markdown; charset=utf-8"
        return PlainTextResponse(text, media_type=media)

    return app


class _HTTPError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
