"""Verified TLS for every client auditor opens: SMTP (alerts, report delivery) and HTTPS (webhooks).

One place decides how a TLS connection is checked, so no caller can forget: the system's trust
store (or a CA file from the config, for an MSP's private CA), the peer's certificate chain and
its host name are always verified, and TLS 1.2 is the floor. There is deliberately no switch to
turn verification off: a man in the middle with a self-signed certificate must not receive an
SMTP password or a webhook's token.
"""

from __future__ import annotations

import smtplib
import ssl
from pathlib import Path

from auditor.core.errors import ConfigError


def client_context(ca_file: Path | None = None) -> ssl.SSLContext:
    """A verifying client context: the system CAs, or only `ca_file` when one is configured."""
    if ca_file is not None and not ca_file.is_file():
        raise ConfigError(f"CA file {ca_file} does not exist")
    context = ssl.create_default_context(cafile=str(ca_file) if ca_file is not None else None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def open_smtp(
    host: str,
    port: int,
    *,
    starttls: bool,
    implicit_tls: bool = False,
    ca_file: Path | None = None,
    timeout: float = 10.0,
) -> smtplib.SMTP:
    """An SMTP session whose TLS (implicit, or STARTTLS before any login) is verified.

    The caller logs in and sends; a certificate that does not verify raises ssl.SSLError
    (an OSError) before a password could be sent. The caller closes the session (`with`).
    """
    if implicit_tls:
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=client_context(ca_file))
    smtp = smtplib.SMTP(host, port, timeout=timeout)
    if starttls:
        try:
            smtp.starttls(context=client_context(ca_file))
        except BaseException:
            smtp.close()
            raise
    return smtp


def describe_tls_error(exc: BaseException) -> str:
    """One line for a failed TLS handshake that says what to do about it."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        detail = exc.verify_message or str(exc)
        return f"TLS certificate not trusted ({detail}); nothing was sent: configure its CA with ca_file"
    return str(exc)
