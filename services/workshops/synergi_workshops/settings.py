"""Workshops' own settings, beside every service's (`SYNERGI_*`)."""

from pydantic import model_validator

from synergi_shared.runtime.settings import Settings


class WorkshopsSettings(Settings):
    # Days a meeting request waits for an answer; it expires sooner if the
    # day starts first.
    meeting_request_days: float = 5.0
    # How often workshops looks for meeting requests whose time is up.
    meeting_check_seconds: float = 60.0
    # Tests only: the clock the meeting rules go by runs this far ahead, so
    # a test on the real platform can be after a meeting's time.
    clock_shift_seconds: float = 0.0

    @model_validator(mode="after")
    def _shift_only_in_tests(self) -> "WorkshopsSettings":
        if self.clock_shift_seconds and self.environment != "test":
            raise ValueError("SYNERGI_CLOCK_SHIFT_SECONDS is for SYNERGI_ENVIRONMENT=test only")
        return self
