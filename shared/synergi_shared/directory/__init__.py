"""Read models services keep from other services' events, above the
runtime, which they use: the participant directory (what workshops and
feedback know of registration's participants) and the listed pairs (what
registration and workshops know of matching's lists, ids only)."""

from synergi_shared.directory.listed_pairs import ListedPairs
from synergi_shared.directory.participants import ParticipantDirectory

__all__ = ["ListedPairs", "ParticipantDirectory"]
