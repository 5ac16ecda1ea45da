"""Matching's own settings, beside every service's (`SYNERGI_*`)."""

from synergi_shared.runtime.settings import Settings


class MatchingSettings(Settings):
    # How often matching looks for follow-up rounds that have fallen due.
    follow_up_check_seconds: float = 600.0
