"""The participant directory: what workshops and feedback know of
registration's participants, learnt from its events. Above the runtime, which
it uses; no service but those two needs it."""

from synergi_shared.directory.participants import ParticipantDirectory

__all__ = ["ParticipantDirectory"]
