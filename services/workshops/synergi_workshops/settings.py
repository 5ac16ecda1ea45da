"""Workshops' own settings, beside every service's (`SYNERGI_*`)."""

from synergi_shared.runtime.settings import Settings


class WorkshopsSettings(Settings):
    # Days a meeting request waits for an answer; it expires sooner if the
    # day starts first.
    meeting_request_days: float = 5.0
    # How often workshops looks for meeting requests whose time is up.
    meeting_check_seconds: float = 60.0
