"""Settings shared by every service, read from `SYNERGI_*` environment variables.
A service with settings of its own extends `Settings` (registration's and
matching's `settings.py`); its `ServiceSpec` names the class."""

import ipaddress
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Published in this repository: usable only in development, on loopback.
DEVELOPMENT_JWT_SECRET = "synergi-development-secret-do-not-use-in-production"
# Outside development: HS256 wants a key at least as long as its hash.
MIN_SECRET_BYTES = 32


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SYNERGI_", extra="ignore")

    # Production unless told otherwise: `make run`, `synergi run --in-memory`
    # and the tests say development (or test) themselves.
    environment: Literal["development", "test", "production"] = "production"
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    mongo_url: str = "mongodb://127.0.0.1:27017"
    # Each service keeps its own database: f"{mongo_database_prefix}_{service}".
    mongo_database_prefix: str = "synergi"
    # Put before every consumer group id, so two deployments can share a cluster.
    kafka_consumer_group_prefix: str = ""
    jwt_secret: SecretStr = SecretStr(DEVELOPMENT_JWT_SECRET)
    # A session's lifetime (and the longest an organiser's or organisation's
    # token may last); a tool's token may last up to tool_token_max_seconds.
    jwt_ttl_seconds: int = 12 * 3600
    tool_token_max_seconds: int = 90 * 24 * 3600
    # How often the outbox relay scans for events a crashed process left behind
    # (a collection scan); new events are relayed at once, without waiting for this.
    outbox_poll_seconds: float = 5.0
    # The web app's address, for the links in e-mails.
    public_url: str = "http://127.0.0.1:8000"
    # Where a service reaches the others' APIs (matching's board report reads
    # them all, with the caller's token): the gateway.
    gateway_url: str = "http://127.0.0.1:8000"
    # Whether /<service>/docs, /openapi.json and /asyncapi(.json) answer anyone.
    public_docs: bool = True
    # Attempts to process one event before it goes to the dead-letter topic.
    consumer_max_attempts: int = 3
    # Larger request bodies get 413 before they are read; every valid one is far smaller.
    max_request_bytes: int = 64 * 1024
    # A consumed event larger than this goes to the dead-letter topic unread.
    max_event_bytes: int = 256 * 1024
    # Tests only: the clock workshops' meeting rules and registration's mail
    # go by runs this far ahead, so a test on the real platform can be after
    # a meeting's time.
    clock_shift_seconds: float = 0.0

    @model_validator(mode="after")
    def _shift_only_in_tests(self) -> "Settings":
        if self.clock_shift_seconds and self.environment != "test":
            raise ValueError("SYNERGI_CLOCK_SHIFT_SECONDS is for SYNERGI_ENVIRONMENT=test only")
        return self

    def secret_problem(self, host: str | None = None) -> str | None:
        """Why the JWT secret may not be used (to listen on `host`), or None.
        A service refuses to start on any such problem."""
        secret = self.jwt_secret.get_secret_value()
        if secret == DEVELOPMENT_JWT_SECRET:
            if self.environment != "development":
                return (
                    "SYNERGI_JWT_SECRET must be set to a secret of your own when "
                    f"SYNERGI_ENVIRONMENT={self.environment} (production unless set)"
                )
            if host is not None and not is_loopback(host):
                return (
                    f"the development secret is published: set SYNERGI_JWT_SECRET before "
                    f"listening on {host} (or listen on 127.0.0.1)"
                )
        elif self.environment != "development" and len(secret.encode()) < MIN_SECRET_BYTES:
            return (
                f"SYNERGI_JWT_SECRET must be at least {MIN_SECRET_BYTES} random bytes "
                "(for example `openssl rand -hex 32`)"
            )
        return None

    def token_max_seconds(self) -> dict[str, int]:
        """The longest lifetime a token of each role may have."""
        return {
            "organizer": self.jwt_ttl_seconds,
            "organization": self.jwt_ttl_seconds,
            "participant": self.jwt_ttl_seconds,
            "door": self.jwt_ttl_seconds,
            "tool": self.tool_token_max_seconds,
        }

    def database_name(self, service: str) -> str:
        return f"{self.mongo_database_prefix}_{service}"

    def consumer_group(self, service: str) -> str:
        return f"{self.kafka_consumer_group_prefix}{service}"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
