"""The portal's web application: FastAPI over the run store, pages and the JSON API.

create_app() is the only entry; it opens the store (migrating it) and loads the configuration once.
Pages are server-rendered Jinja templates (autoescaped) with one small script file; the API under
/api/v1/ documents itself at /api/v1/openapi.json. Every response carries the security headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from auditor import __version__
from auditor.config.loader import load_config
from auditor.portal import api, pages, signin, waiverpages
from auditor.portal.auth import LoginThrottle, SignInRequired, secure_request
from auditor.portal.web import environment, render, url
from auditor.store.database import Store

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class PortalSettings:
    db_url: str
    config: Path | None = None
    secure_cookies: bool = False  # force Secure cookies (a TLS proxy that does not forward the scheme)


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")
        if secure_request(request):
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response


def _sign_in_required(request: Request, _exc: Exception) -> Response:
    return RedirectResponse(url(request, "login", next=request.url.path), status_code=303)


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if request.url.path.startswith(f"{request.scope.get('root_path', '')}/api/"):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    return render(request, "error.html.j2", status_code=exc.status_code, message=str(exc.detail))


def create_app(settings: PortalSettings) -> FastAPI:
    app = FastAPI(
        title="auditor portal API",
        version=__version__,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the interactive docs load scripts from a CDN: not under this CSP
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = Store(settings.db_url)
    app.state.config = load_config(settings.config)
    app.state.templates = environment()
    app.state.throttle = LoginThrottle()
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.include_router(signin.router)
    app.include_router(pages.router)
    app.include_router(waiverpages.router)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(packages=[("auditor.portal", "static")]), name="static")
    return app
