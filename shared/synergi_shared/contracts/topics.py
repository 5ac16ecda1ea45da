"""The topic catalogue: every Kafka topic Synergi uses is named here, and only here."""

from enum import StrEnum


class Topic(StrEnum):
    REGISTRATION = "synergi.registration.v1"
    WORKSHOPS = "synergi.workshops.v1"
    FEEDBACK = "synergi.feedback.v1"
    MATCHING = "synergi.matching.v1"

    @property
    def dlq(self) -> str:
        """Dead-letter topic for events of this topic that can never be processed."""
        return f"{self.value}.dlq"


def all_topic_names() -> list[str]:
    """Every topic to create on a fresh cluster, dead-letter topics included."""
    return [name for topic in Topic for name in (topic.value, topic.dlq)]
