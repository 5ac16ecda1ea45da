"""Mail leaves encrypted and to the right server: STARTTLS or implicit TLS,
the certificate verified; no login in clear to a server not said to be local
(security review, finding 11). Against real SMTP servers on loopback, with a
certificate made for the test."""

import ssl
import subprocess
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from synergi_shared.runtime.mail import MailNotConfigured, MailSettings, send_mail
from tests.helpers.processes import free_port


class Inbox:
    def __init__(self) -> None:
        self.received: list[bytes] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append(envelope.content)
        return "250 OK"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (its own authority)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


@pytest.fixture(params=["starttls", "tls"])
def server(request, certificate) -> Iterator[tuple[str, int, Inbox]]:
    inbox, port = Inbox(), free_port()
    context = _server_context(certificate)
    if request.param == "starttls":
        controller = Controller(
            inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True
        )
    else:
        controller = Controller(inbox, hostname="127.0.0.1", port=port, ssl_context=context)
    controller.start()
    try:
        yield request.param, port, inbox
    finally:
        controller.stop()


def _message() -> EmailMessage:
    message = EmailMessage()
    message["To"] = "anna@example.org"
    message["Subject"] = "Hej"
    message.set_content("Hej Anna")
    return message


async def test_a_certificate_no_authority_vouches_for_is_refused(server, settings) -> None:
    security, port, inbox = server
    settings = MailSettings(
        **settings.model_dump(), smtp_host="127.0.0.1", smtp_port=port, smtp_security=security
    )
    with pytest.raises(ssl.SSLCertVerificationError):
        await send_mail(settings, _message())
    assert inbox.received == []


async def test_a_verified_server_gets_the_mail(server, settings, certificate, monkeypatch) -> None:
    security, port, inbox = server
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # trust the test's authority
    settings = MailSettings(
        **settings.model_dump(), smtp_host="127.0.0.1", smtp_port=port, smtp_security=security
    )
    await send_mail(settings, _message())
    assert len(inbox.received) == 1 and b"Hej Anna" in inbox.received[0]


async def test_no_login_in_clear_unless_the_server_is_said_to_be_local(settings) -> None:
    plain = MailSettings(
        **settings.model_dump(), smtp_host="127.0.0.1", smtp_port=free_port(),
        smtp_security="none", smtp_username="synergi", smtp_password="secret",
    )  # fmt: skip
    with pytest.raises(MailNotConfigured, match="without encryption"):
        await send_mail(plain, _message())
    assert MailSettings().smtp_security == "starttls"
