"""``claimcheck serve``: the check as an HTTP service and an editor's page (SPEC §9).

Needs the ``serve`` extra (Starlette and uvicorn): ``pip install
"claimcheck[serve]"``.  The rules are loaded (a broken rule file is a located
error, exit 2) and the address is bound before anything is served; then
uvicorn serves until SIGINT or SIGTERM, lets the requests in flight finish,
stops the workers and the command exits 0.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from ..errors import CheckError

if TYPE_CHECKING:  # (imported where used: every command builds this one's parser)
    import socket

HELP = "serve the check over HTTP, with an editor's page"
DESCRIPTION = ("Check drafts over HTTP (POST /v1/check, GET /v1/rules, GET /healthz) and serve "
               "an editor's page at /. Rules are loaded once and reloaded when a rule file changes. "
               'Needs the "serve" extra: pip install "claimcheck[serve]".')

EXTRA = 'claimcheck serve needs the "serve" extra: pip install "claimcheck[serve]"'
NEEDS = ("starlette", "uvicorn")


def _processes() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", metavar="P",
                   help="rule file or directory (repeatable; default rules/)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument("--workers", type=int, default=_processes(), metavar="N",
                   help="processes that analyse drafts (default: one per available core)")
    p.add_argument("--reload-interval", type=float, default=1.0, metavar="SECONDS",
                   help="how often to look for changed rule files (default 1; 0 never reloads)")
    p.add_argument("--allow-origin", action="append", default=[], metavar="URL",
                   help="let pages from this origin call the API from a browser (CORS; repeatable)")
    p.add_argument("--access-log", action="store_true", help="log every request on standard error")


def _import_extra():
    """The service's modules, or a CheckError naming the extra to install."""
    try:
        import uvicorn

        from ..serve.app import create_app
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] in NEEDS:
            raise CheckError(f"{EXTRA} (missing: {exc.name})", "claimcheck serve") from None
        raise
    return uvicorn, create_app


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``, or a CheckError saying why not."""
    import socket

    if not 0 <= port <= 65535:
        raise CheckError(f"port {port} is not between 0 and 65535", "claimcheck serve")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise CheckError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", "claimcheck serve") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        # Listen now, not in uvicorn's start-up: the ready line announces the URL
        # from the lifespan start-up, before uvicorn calls listen() itself, and a
        # client that connects on reading it would otherwise be refused.
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise CheckError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", "claimcheck serve") from None
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _is_loopback(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class _Stopped(Exception):
    """SIGINT or SIGTERM outside uvicorn's own handling (before it serves,
    or re-raised by it once it has shut down gracefully)."""


def _stop(signum, frame) -> None:
    raise _Stopped


def run(args: argparse.Namespace) -> int:
    import signal

    from ..pipeline import DEFAULT_RULES

    uvicorn, create_app = _import_extra()
    from ..serve.app import SECURITY_HEADERS
    from ..serve.service import Service, log

    if args.workers < 1:
        raise CheckError("--workers must be at least 1", "claimcheck serve")
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    sock = None
    try:
        service = Service(args.rules or [DEFAULT_RULES], processes=args.workers, interval=args.reload_interval)
        sock = listen(args.host, args.port)
        url = url_of(sock)
        if not _is_loopback(args.host):
            log(f"listening on {args.host}, not this machine only: anyone who can reach it can send "
                "drafts; put it behind a reverse proxy (see docs/service.md)")

        def ready() -> None:
            n = len(service.loaded.rules.claims)
            log(f"serving {n} claims from {', '.join(service.loaded.files)} on {url} "
                f"with {service.processes} worker(s); Ctrl+C stops")

        app = create_app(service, allow_origins=args.allow_origin, on_ready=ready, server_adds_headers=True)
        config = uvicorn.Config(
            app, log_level="info" if args.access_log else "warning", access_log=args.access_log,
            server_header=False, lifespan="on", timeout_graceful_shutdown=30,
            headers=[(k.decode(), v.decode()) for k, v in SECURITY_HEADERS],  # on uvicorn's own errors too
        )
        uvicorn.Server(config).run(sockets=[sock])
    except _Stopped:
        pass
    finally:
        if sock is not None:
            sock.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log("stopped")
    return 0
