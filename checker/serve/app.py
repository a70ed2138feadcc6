"""The HTTP face of the service (SPEC §9), a Starlette application.

| route | answers |
|---|---|
| ``POST /v1/check`` | one draft or a batch (:mod:`checker.serve.drafts`), checked by the workers |
| ``GET /v1/rules`` | the loaded claims and the last reload error |
| ``GET /healthz`` | 200 while serving |
| ``GET /`` and ``/static/…`` | the editor's page, its script and its styles |

Every answer is JSON except the page; every error is a 4xx or 5xx with
``{"error": "…"}``, never a traceback.  Every response carries the headers a
page of untrusted text needs (:data:`SECURITY_HEADERS`).  The page's files
are read once, from the package, when the application is built: no
request ever names a file the service reads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import asynccontextmanager
from importlib import resources

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .drafts import BadRequest
from .service import Service

MAX_BODY = 2 * 1024 * 1024  # bytes of a request body

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
# drafts are unpublished copy: no cache keeps them or the answers about them
NO_STORE = (b"cache-control", b"no-store")

PAGE_FILES = {  # URL path → (package file, media type)
    "/": ("index.html", "text/html; charset=utf-8"),
    "/static/page.js": ("page.js", "text/javascript; charset=utf-8"),
    "/static/page.css": ("page.css", "text/css; charset=utf-8"),
    "/static/icon.svg": ("icon.svg", "image/svg+xml"),
    "/favicon.ico": ("icon.svg", "image/svg+xml"),  # what browsers ask for on their own
}

log = logging.getLogger("claimcheck.serve")


class SecurityHeaders:
    """Adds ``headers`` (:data:`SECURITY_HEADERS`, unless the server adds them
    itself) and ``no-store`` unless the app chose a cache policy, to every
    HTTP response, errors included."""

    def __init__(self, app: ASGIApp, headers: tuple[tuple[bytes, bytes], ...] = SECURITY_HEADERS) -> None:
        self.app = app
        self.headers = headers
        self.names = frozenset(k for k, _ in headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() not in self.names]
                headers.extend(self.headers)
                if not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append(NO_STORE)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request body, or a 413 as soon as it is known to exceed ``limit``."""
    too_large = BadRequest(f"the body is larger than {limit // (1024 * 1024)} MB", 413)
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def page_files() -> dict[str, tuple[bytes, str]]:
    folder = resources.files("checker.serve") / "page"
    return {url: ((folder / name).read_bytes(), media) for url, (name, media) in PAGE_FILES.items()}


def create_app(
    service: Service,
    *,
    allow_origins: Sequence[str] = (),
    on_ready: Callable[[], None] | None = None,
    server_adds_headers: bool = False,
) -> ASGIApp:
    """The ASGI application of ``service`` (whose workers it starts and stops).

    ``server_adds_headers``: the server puts :data:`SECURITY_HEADERS` on every
    response itself, its own errors included (``claimcheck serve`` has uvicorn
    do so, for the 400 it answers to a request that is not HTTP)."""
    pages = page_files()

    async def check(request: Request) -> Response:
        try:
            wanted = await service.parse(await read_body(request))
        except BadRequest as bad:
            return error(bad.message, bad.status)
        status, answer = await service.check(wanted)
        return Response(answer, status_code=status, media_type="application/json")

    async def rules(request: Request) -> Response:
        return JSONResponse(service.rules_doc())

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "rules_version": service.loaded.version,
                             "claims": len(service.loaded.rules.claims),
                             "rules_error": service.error is not None})

    async def page(request: Request) -> Response:
        content, media = pages[request.url.path]
        return Response(content, media_type=media, headers={"cache-control": "no-cache"})

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        detail = {404: f"no such endpoint: {request.method} {request.url.path}",
                  405: f"{request.method} is not allowed on {request.url.path}"}.get(exc.status_code, exc.detail)
        return JSONResponse({"error": detail}, status_code=exc.status_code, headers=exc.headers)

    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return error("internal error: the service could not answer this request (see its log)", 500)

    @asynccontextmanager
    async def lifespan(app):
        await service.start()
        if on_ready is not None:
            on_ready()
        try:
            yield
        finally:
            await service.stop()

    routes = [
        Route("/v1/check", check, methods=["POST"]),
        Route("/v1/rules", rules, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        *(Route(url, page, methods=["GET"]) for url in pages),
    ]
    middleware = []
    if allow_origins:
        from starlette.middleware import Middleware
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=list(allow_origins),
                                     allow_methods=["GET", "POST"], allow_headers=["content-type"]))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={HTTPException: http_error, Exception: server_error})
    return SecurityHeaders(app, () if server_adds_headers else SECURITY_HEADERS)
