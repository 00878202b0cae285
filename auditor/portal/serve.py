"""`auditor serve`: the portal under uvicorn, ready to sit behind a TLS reverse proxy."""

from __future__ import annotations

from auditor.portal.app import PortalSettings, create_app


def serve(
    settings: PortalSettings,
    *,
    host: str,
    port: int,
    root_path: str = "",
    forwarded_allow_ips: str = "127.0.0.1",
) -> None:
    """Serve until interrupted. Forwarded headers (scheme, client address) are trusted only from
    `forwarded_allow_ips`, the reverse proxy; `root_path` is the prefix the proxy serves it under."""
    import uvicorn

    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        root_path=root_path.rstrip("/"),
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        server_header=False,
        log_level="info",
    )
