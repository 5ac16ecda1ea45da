import time

import jwt
import pytest

from synergi_shared.runtime.auth import InvalidToken, decode_token, mint_token
from synergi_shared.runtime.settings import DEVELOPMENT_JWT_SECRET, Settings

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
    unscoped = jwt.encode({"role": "organization", "exp": time.time() + 60}, SECRET, "HS256")
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


def test_outside_development_the_default_secret_is_refused(monkeypatch) -> None:
    monkeypatch.delenv("SYNERGI_JWT_SECRET", raising=False)
    with pytest.raises(ValueError, match="SYNERGI_JWT_SECRET"):
        Settings(environment="production")
    with pytest.raises(ValueError, match="SYNERGI_JWT_SECRET"):
        Settings(environment="production", jwt_secret=DEVELOPMENT_JWT_SECRET)
    assert Settings(environment="production", jwt_secret=SECRET).environment == "production"
    assert Settings(environment="development").jwt_secret.get_secret_value()


def test_settings_come_from_synergi_variables(monkeypatch) -> None:
    monkeypatch.setenv("SYNERGI_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    monkeypatch.setenv("SYNERGI_MONGO_DATABASE_PREFIX", "x")
    settings = Settings()
    assert settings.kafka_bootstrap_servers == "kafka:9092"
    assert settings.database_name("matching") == "x_matching"
