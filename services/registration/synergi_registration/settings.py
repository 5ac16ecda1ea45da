"""Registration's own settings, beside every service's (`SYNERGI_*`)."""

from synergi_registration.domain import MailKind
from synergi_shared.runtime.mail import MailSettings


class RegistrationSettings(MailSettings):
    # How long a sign-in link may wait to be used (once); the session it gives
    # lasts jwt_ttl_seconds.
    sign_in_link_ttl_seconds: int = 72 * 3600
    # The organiser's links open every organisation's data: a shorter wait.
    organizer_sign_in_link_ttl_seconds: int = 24 * 3600
    # How often registration erases what its retention schedule says has expired.
    retention_check_seconds: float = 3600.0
    # Kinds of mail not to send at all (`SYNERGI_MAIL_OFF='["invitation"]'`).
    mail_off: frozenset[MailKind] = frozenset()
    # Days after the day is closed at which one reminder to evaluate goes out.
    evaluation_reminder_days: float = 3.0
    # How often registration looks for reminders to evaluate that are due
    # (and days to close).
    evaluation_check_seconds: float = 600.0
    # Close each day this many hours after it ends (`ends_at`, or midnight),
    # if the organiser has not: the evaluation links go out. Unset: only the
    # organiser closes a day. A day that ended more than a week ago is never
    # closed by itself (no link about a day long past).
    close_days_after_hours: float | None = None
