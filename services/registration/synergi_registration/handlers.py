"""What registration does with events. Which pairs matching lists (its
recommendation-changed events, ids only), so it can show a partner's
contacts to a listed pair and refuse anyone else. And the mail it sends when
an event asks for it (it alone holds the addresses): follow-ups and their
reminders (matching's events), invitations, new sign-in links and the
evaluation links after the day (its own events, so a failed send is retried
and dead-lettered like any event), and notices of workshop places won or
taken away (workshops' events), and meetings asked for, agreed, expired and
called off (workshops'). And what the evaluation mail needs to know: who
checked in (workshops') and who answered (feedback's); and "did you meet?",
which meetings were agreed and which side said it met (workshops'). Every other event
is not its business."""

from dataclasses import dataclass

from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import (
    clock,
    remember_meeting,
    send_evaluation_links,
    send_follow_up,
    send_invitation,
    send_meeting_mail,
    send_new_link,
    send_place_notice,
)
from synergi_shared.contracts.events import (
    AttendanceRecorded,
    DayClosed,
    EvaluationReminderDue,
    Event,
    FeedbackSubmitted,
    FollowUpDue,
    FollowUpReminderDue,
    InvitationRequested,
    MeetingAccepted,
    MeetingCancelled,
    MeetingExpired,
    MeetingHeld,
    MeetingRequested,
    RecommendationChanged,
    SignInLinkRequested,
    SignupCancelled,
    SignupConfirmed,
)


@dataclass(frozen=True)
class Mailer:
    store: RegistrationStore
    settings: RegistrationSettings


async def handle_event(mailer: Mailer, event: Event) -> None:
    store, settings = mailer.store, mailer.settings
    if isinstance(event, RecommendationChanged):
        await store.listed_pairs.apply([event])
    elif isinstance(event, FollowUpDue | FollowUpReminderDue):
        await send_follow_up(store, settings, event)
    elif isinstance(event, InvitationRequested):
        await send_invitation(store, settings, event)
    elif isinstance(event, SignInLinkRequested):
        await send_new_link(store, settings, event)
    elif _place_won_or_lost(event):
        await send_place_notice(store, settings, event)
    elif isinstance(event, MeetingRequested | MeetingAccepted | MeetingExpired | MeetingCancelled):
        if isinstance(event, MeetingAccepted | MeetingCancelled):
            await remember_meeting(store, event)
        await send_meeting_mail(store, settings, event)
    elif isinstance(event, MeetingHeld):
        await remember_meeting(store, event)
    elif isinstance(event, DayClosed | EvaluationReminderDue):
        await send_evaluation_links(store, settings, event)
    elif isinstance(event, AttendanceRecorded):
        await store.evaluations.checked_in(event.edition, event.participant_id, clock.now())
    elif isinstance(event, FeedbackSubmitted):
        await store.evaluations.answered(event.edition, event.participant_id, clock.now())


def _place_won_or_lost(event: Event) -> bool:
    """A move up from the waitlist, or a place the organiser took away."""
    if isinstance(event, SignupConfirmed):
        return event.from_waitlist
    return isinstance(event, SignupCancelled) and event.taken_off
