import time

import jwt
import pytest

from synergi_shared.runtime.auth import InvalidToken, decode_token, mint_token
from synergi_shared.runtime.settings import DEVELOPMENT_JWT_SECRET, Settings
from synergi_shared.tools.single_process import create_single_process_app

SECRET = "a-test-secret-that-is-long-enough-1234"


def test_minted_token_decodes_to_its_role_and_org() -> None:
    principal = decode_token(SECRET, mint_token(SECRET, "organization", "org-1"))
    assert (principal.role, principal.org) == ("organization", "org-1")
    assert principal.may_act_for("org-1")
    assert not principal.may_act_for("org-2")


def test_organizer_acts_for_everyone_and_tool_for_no_one() -> None:
    assert decode_token(SECRET, mint_token(SECRET, "organizer")).may_act_for("any")
    assert not decode_token(SECRET, mint_token(SECRET, "tool")).may_act_for("any")


def test_organization_token_needs_an_org() -> None:
    with pytest.raises(ValueError, match="--org"):
        mint_token(SECRET, "organization")
    now = time.time()
    unscoped = jwt.encode({"role": "organization", "iat": now, "exp": now + 60}, SECRET, "HS256")
    with pytest.raises(InvalidToken, match="org"):
        decode_token(SECRET, unscoped)


@pytest.mark.parametrize(
    "token",
    [
        mint_token("another-secret-that-is-long-enough-12", "organizer"),
        mint_token(SECRET, "organizer", ttl_seconds=-10),
        jwt.encode({"role": "admin", "exp": time.time() + 60}, SECRET, "HS256"),
        jwt.encode({"role": "organizer"}, SECRET, "HS256"),  # no expiry
        "not-a-jwt",
    ],
    ids=["bad-signature", "expired", "unknown-role", "no-exp", "garbage"],
)
def test_bad_tokens_are_refused(token: str) -> None:
    with pytest.raises(InvalidToken):
        decode_token(SECRET, token)


def test_a_service_fails_closed_on_a_guessable_secret(monkeypatch) -> None:
    """Security review, finding 5: production unless told otherwise; the
    published development secret only in development and only on loopback;
    elsewhere a secret of at least 32 bytes."""
    monkeypatch.delenv("SYNERGI_JWT_SECRET", raising=False)
    monkeypatch.delenv("SYNERGI_ENVIRONMENT", raising=False)
    assert Settings().environment == "production"
    assert "SYNERGI_JWT_SECRET" in Settings().secret_problem()
    assert "SYNERGI_JWT_SECRET" in Settings(environment="test").secret_problem()
    assert "32" in Settings(environment="production", jwt_secret="x").secret_problem()
    assert Settings(environment="production", jwt_secret="k" * 31).secret_problem()
    assert Settings(environment="production", jwt_secret=SECRET).secret_problem() is None
    development = Settings(environment="development")
    assert development.jwt_secret.get_secret_value() == DEVELOPMENT_JWT_SECRET
    for loopback in (None, "127.0.0.1", "localhost", "::1"):
        assert development.secret_problem(loopback) is None
    for anywhere in ("0.0.0.0", "192.168.1.20", "synergi.example.org", "::"):
        assert "published" in development.secret_problem(anywhere)

    with pytest.raises(ValueError, match="SYNERGI_JWT_SECRET"):
        create_single_process_app(Settings())


def test_a_token_lasting_longer_than_its_role_may_is_refused() -> None:
    limits = Settings(jwt_ttl_seconds=3600, tool_token_max_seconds=86400).token_max_seconds()
    assert decode_token(SECRET, mint_token(SECRET, "organizer", ttl_seconds=3600), limits)
    century = mint_token(SECRET, "organizer", ttl_seconds=100 * 365 * 86400)
    with pytest.raises(InvalidToken, match="at most 3600 s"):
        decode_token(SECRET, century, limits)
    assert decode_token(SECRET, mint_token(SECRET, "tool", ttl_seconds=86400), limits)
    with pytest.raises(InvalidToken, match="at most 86400 s"):
        decode_token(SECRET, mint_token(SECRET, "tool", ttl_seconds=86401), limits)


def test_settings_come_from_synergi_variables(monkeypatch) -> None:
    monkeypatch.setenv("SYNERGI_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    monkeypatch.setenv("SYNERGI_MONGO_DATABASE_PREFIX", "x")
    settings = Settings()
    assert settings.kafka_bootstrap_servers == "kafka:9092"
    assert settings.database_name("matching") == "x_matching"
