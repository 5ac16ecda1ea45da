"""Sending e-mail through any SMTP server named in the settings (stdlib
`smtplib`, in a thread, so the event loop keeps going).

The connection is encrypted unless told otherwise: STARTTLS (port 587) by
default, or implicit TLS (port 465), the server's certificate verified against
the system's authorities either way. Unencrypted (`none`) is for a relay on
the same machine or network; a login is then refused unless the settings say
the server is local, so no password crosses a network in clear."""

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from typing import Literal

from pydantic import SecretStr

from synergi_shared.runtime.settings import Settings

SMTP_TIMEOUT_SECONDS = 30


class MailSettings(Settings):
    """The settings of a service that sends e-mail (registration's follow-ups).
    No host: nothing is sent, and what asked for the mail goes to the
    dead-letter topic with that reason, to be replayed once a server is set.
    Encrypted with STARTTLS (port 587) or implicit TLS (465), the certificate
    verified; `none` only for a relay nearby, and a login over it only when
    `smtp_local` says the server is on this machine or network."""

    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_local: bool = False
    mail_from: str = "Synergi <synergi@localhost>"


class MailNotConfigured(RuntimeError):
    """The settings allow no sending: no server, or a login that would go in clear."""


async def send_mail(settings: MailSettings, message: EmailMessage) -> None:
    """Hand `message` to the SMTP server; raises if it is not accepted."""
    if not settings.smtp_host:
        raise MailNotConfigured("no SMTP server is configured (SYNERGI_SMTP_HOST)")
    if settings.smtp_security == "none" and settings.smtp_username and not settings.smtp_local:
        raise MailNotConfigured(
            "refusing to log in to the SMTP server without encryption: set "
            "SYNERGI_SMTP_SECURITY to starttls or tls (or SYNERGI_SMTP_LOCAL=true "
            "for a server on this machine or network)"
        )
    message["From"] = settings.mail_from
    await asyncio.to_thread(_send, settings, message)


def _send(settings: MailSettings, message: EmailMessage) -> None:
    host, port = settings.smtp_host, settings.smtp_port
    verified = ssl.create_default_context()
    if settings.smtp_security == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=SMTP_TIMEOUT_SECONDS, context=verified
        )
    else:
        smtp = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
    with smtp:
        if settings.smtp_security == "starttls":
            smtp.starttls(context=verified)
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        smtp.send_message(message)
