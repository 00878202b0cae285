"""Links and pages of the portal: links under the proxy's root path, autoescaped Jinja templates
(the portal's own, and the reports' chart macro)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape

from auditor import __version__


def url(request: Request, *segments: object, **query: object) -> str:
    """A link inside the app: root path (behind a proxy) + quoted segments + query."""
    path = "/".join(quote(str(segment), safe="") for segment in segments)
    kept = {key: value for key, value in query.items() if value not in (None, "")}
    return f"{request.scope.get('root_path', '')}/{path}" + (f"?{urlencode(kept)}" if kept else "")


def environment() -> Environment:
    from importlib.resources import files

    return Environment(
        loader=ChoiceLoader(
            [PackageLoader("auditor.portal", "templates"), FileSystemLoader(str(files("auditor_reports")))]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(request: Request, name: str, *, status_code: int = 200, **context: object) -> HTMLResponse:
    environment: Environment = request.app.state.templates
    caller = getattr(request.state, "caller", None)
    page = environment.get_template(name).render(
        request=request,
        caller=caller,
        url=lambda *segments, **query: url(request, *segments, **query),
        version=__version__,
        **context,
    )
    return HTMLResponse(page, status_code=status_code)
