"""Sending e-mail through any SMTP server named in the settings (stdlib
`smtplib`, in a thread, so the event loop keeps going)."""

import asyncio
import smtplib
from email.message import EmailMessage

from synergi_shared.runtime.settings import Settings

SMTP_TIMEOUT_SECONDS = 30


class MailNotConfigured(RuntimeError):
    """No SMTP server is set: nothing can be sent until one is."""


async def send_mail(settings: Settings, message: EmailMessage) -> None:
    """Hand `message` to the SMTP server; raises if it is not accepted."""
    if not settings.smtp_host:
        raise MailNotConfigured("no SMTP server is configured (SYNERGI_SMTP_HOST)")
    message["From"] = settings.mail_from
    await asyncio.to_thread(_send, settings, message)


def _send(settings: Settings, message: EmailMessage) -> None:
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        smtp.send_message(message)
