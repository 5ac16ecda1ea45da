"""Helpers the test suites share (never imported by the product); the
fixtures stay in each folder's conftest."""

# Every test signs its tokens with this secret, and its services run with it.
TEST_SECRET = "test-secret-at-least-32-bytes-long-for-hs256"


async def settles(check, tries: int = 300):
    """`check()`'s answer once it is truthy: for what an in-memory service
    consumes in the background (20 ms apart, 6 s at most by default)."""
    import asyncio

    for _ in range(tries):
        if found := await check():
            return found
        await asyncio.sleep(0.02)
    raise AssertionError("it never got there")


def mailing_to(settings, port: int):
    """`settings` with registration's mail going to the SMTP server on
    loopback `port` (the `inbox` fixture's), as `make run`'s does: a day's
    mail is sent, not failed and retried."""
    from synergi_registration.settings import RegistrationSettings

    return RegistrationSettings(
        **settings.model_dump(), smtp_host="127.0.0.1", smtp_port=port, smtp_security="none"
    )
