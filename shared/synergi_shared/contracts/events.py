"""v1 integration events: the `data` of the CloudEvents on Synergi's topics.

Changes within v1 are additive; consumers ignore fields they do not know. Events
carry ids, never a person's name or e-mail address (those stay in the
registration service), and no words a person typed: an evaluation's insights,
topics, notes and comment stay in the feedback service, where erasure reaches
them. Kafka keeps a record for the topic's retention, out of erasure's reach,
so nothing that erasure must remove may be in one.
"""

from datetime import date, datetime
from typing import Annotated, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

from synergi_shared.contracts.topics import Topic

# Every event type, by its CloudEvents `type`; filled in as the classes are defined.
EVENT_TYPES: dict[str, type["Event"]] = {}

OrganizationSize = Literal["small", "medium", "large"]
InsightKind = Literal["tip", "ambition"]


class Event(BaseModel):
    """Base of every integration event."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    # `synergi.<service>.<name>.v1`; the event goes on `synergi.<service>.v1`,
    # with `/synergi/<service>` as its CloudEvents source: only <service> sends it.
    type: ClassVar[str]
    topic: ClassVar[Topic]
    source: ClassVar[str]
    # The field that is the Kafka key, and what it is, for the AsyncAPI documents.
    key_field: ClassVar[str] = "organization_id"
    key_is: ClassVar[str] = "The organisation id: one organisation's events stay in order"
    # CloudEvents `subject`, what the event is about within its source, from the fields.
    subject_is: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "type" in cls.__dict__:
            service = cls.type.split(".")[1]
            cls.topic, cls.source = Topic(f"synergi.{service}.v1"), f"/synergi/{service}"
            EVENT_TYPES[cls.type] = cls

    @property
    def key(self) -> str:
        """Kafka key (see `key_is`): by default the organisation id, so one
        organisation's events keep their order."""
        return str(getattr(self, self.key_field))

    @property
    def subject(self) -> str | None:
        return self.subject_is.format_map(dict(self)) if self.subject_is else None


# --- synergi.registration.v1 -------------------------------------------------


class EditionCreated(Event):
    type: ClassVar[str] = "synergi.registration.edition-created.v1"

    edition: str = Field(description="The edition's slug")
    title: str
    date: date
    recommendations_per_organization: int = Field(
        default=10, ge=3, le=50, description="K: how many partners each organisation's list holds"
    )

    key_field: ClassVar[str] = "edition"
    key_is: ClassVar[str] = "The edition's slug"
    subject_is: ClassVar[str] = "editions/{edition}"


class EditionRescheduled(Event):
    """*Added* 2026-12: the edition's day moved to another date."""

    type: ClassVar[str] = "synergi.registration.edition-rescheduled.v1"

    edition: str = Field(description="The edition's slug")
    date: date

    key_field: ClassVar[str] = "edition"
    key_is: ClassVar[str] = "The edition's slug"
    subject_is: ClassVar[str] = "editions/{edition}"


class OrganizationProfileUpdated(Event):
    """A full snapshot of an organisation's profile; the highest version wins."""

    type: ClassVar[str] = "synergi.registration.organization-profile-updated.v1"

    organization_id: str
    version: int = Field(ge=1)
    name: str = Field(description="The organisation's public name (not personal data)")
    size: OrganizationSize
    target_groups: list[str] = []
    regions: list[str] = []
    offers: list[str] = []
    needs: list[str] = []

    subject_is: ClassVar[str] = "organizations/{organization_id}"


class RegisteredParticipant(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    participant_id: str
    role: str | None = None


class _RegistrationEvent(Event):
    edition: str
    registration_id: str
    organization_id: str

    subject_is: ClassVar[str] = "editions/{edition}/registrations/{registration_id}"


class OrganizationRegistered(_RegistrationEvent):
    type: ClassVar[str] = "synergi.registration.organization-registered.v1"

    participants: list[RegisteredParticipant] = []
    challenge_themes: list[str] = []


class RegistrationCancelled(_RegistrationEvent):
    type: ClassVar[str] = "synergi.registration.registration-cancelled.v1"


class ParticipantAdded(_RegistrationEvent):
    """A participant joined an existing registration."""

    type: ClassVar[str] = "synergi.registration.participant-added.v1"

    participant_id: str
    role: str | None = None


class ParticipantRemoved(_RegistrationEvent):
    """A participant left a registration (not an erasure: see ParticipantErased)."""

    type: ClassVar[str] = "synergi.registration.participant-removed.v1"

    participant_id: str


class ParticipantErased(Event):
    type: ClassVar[str] = "synergi.registration.participant-erased.v1"

    participant_id: str
    organization_id: str

    subject_is: ClassVar[str] = "participants/{participant_id}"


class SessionsEnded(Event):
    """Sessions ended before their tokens expire: one session (a logout), or
    every session of `principal` begun before `not_before` but
    `except_session` ("log out everywhere", links revoked). Every service
    refuses their tokens from then on."""

    type: ClassVar[str] = "synergi.registration.sessions-ended.v1"

    principal: str = Field(description="An organisation's id, or `organizer`")
    session_id: str | None = Field(default=None, description="The one session ended (`jti`)")
    not_before: AwareDatetime | None = Field(
        default=None, description="Every session of `principal` begun before it is ended"
    )
    except_session: str | None = Field(
        default=None, description="With `not_before`: the one session that goes on"
    )
    until: AwareDatetime = Field(description="When every token it ends has expired anyway")

    key_field: ClassVar[str] = "principal"
    key_is: ClassVar[str] = "Whose sessions: an organisation's id, or `organizer`"
    subject_is: ClassVar[str] = "sessions/{principal}"


class InvitationRequested(Event):
    """*Added* 2026-12: the organiser invited an organisation to an edition.
    Ids only: registration itself mails the organisation's contact person,
    once per `invitation_id`, from its consumer (so a failure is retried and
    dead-lettered like any event)."""

    type: ClassVar[str] = "synergi.registration.invitation-requested.v1"

    invitation_id: str = Field(description="`{edition}/{organization_id}/{n}`: the n-th invitation")
    edition: str
    organization_id: str

    subject_is: ClassVar[str] = "editions/{edition}/invitations/{organization_id}"


class SignInLinkRequested(Event):
    """*Added* 2026-12: someone asked for a new sign-in link for an address
    registration knows. Ids only (the address stays in registration, which
    mails the link once per `request_id`)."""

    type: ClassVar[str] = "synergi.registration.sign-in-link-requested.v1"

    request_id: str
    organization_id: str
    recipient_id: str = Field(
        description="A participant's id, or `contact:{organization_id}` for its contact person"
    )

    subject_is: ClassVar[str] = "sign-in-link-requests/{request_id}"


class _EditionsDay(Event):
    """Something about an edition's day as a whole: keyed by the edition."""

    edition: str

    key_field: ClassVar[str] = "edition"
    key_is: ClassVar[str] = "The edition slug"
    subject_is: ClassVar[str] = "editions/{edition}"


class DayClosed(_EditionsDay):
    """*Added* 2026-12: the organiser closed the edition's day. Registration
    itself mails each checked-in participant a personal link to the
    evaluation (once each)."""

    type: ClassVar[str] = "synergi.registration.day-closed.v1"


class EvaluationReminderDue(_EditionsDay):
    """*Added* 2026-12: the days after the close have passed
    (`SYNERGI_EVALUATION_REMINDER_DAYS`): registration mails one reminder to
    each participant it sent an evaluation link who has not answered."""

    type: ClassVar[str] = "synergi.registration.evaluation-reminder-due.v1"


# --- synergi.workshops.v1 ----------------------------------------------------


class WorkshopScheduled(Event):
    type: ClassVar[str] = "synergi.workshops.workshop-scheduled.v1"

    edition: str
    workshop_id: str
    theme: str
    round: int
    capacity: int

    key_field: ClassVar[str] = "workshop_id"
    key_is: ClassVar[str] = "The workshop id: one workshop's events stay in order"


class _SignupEvent(Event):
    edition: str
    workshop_id: str
    participant_id: str
    organization_id: str

    subject_is: ClassVar[str] = "workshops/{workshop_id}/signups/{participant_id}"


class _ToldSignupEvent(_SignupEvent):
    # *Added* 2026-12: what a notice to the participant names, when one is
    # sent (a move up, a place taken away): the programme's words, no
    # one's personal data.
    title: str | None = Field(default=None, description="The workshop's title, for a notice")
    round: int | None = Field(default=None, description="Its round, for a notice")
    room: str | None = Field(default=None, description="Its room, if given, for a notice")


class SignupConfirmed(_ToldSignupEvent):
    type: ClassVar[str] = "synergi.workshops.signup-confirmed.v1"

    from_waitlist: bool = Field(
        default=False,
        description="*Added* 2026-12: the participant moved up from the waitlist into a freed seat",
    )


class SignupWaitlisted(_SignupEvent):
    type: ClassVar[str] = "synergi.workshops.signup-waitlisted.v1"

    position: int = Field(ge=1)


class SignupCancelled(_ToldSignupEvent):
    type: ClassVar[str] = "synergi.workshops.signup-cancelled.v1"

    taken_off: bool = Field(
        default=False,
        description="*Added* 2026-12: the organiser took the participant off (not their own "
        "organisation): they are told",
    )


class AttendanceRecorded(_SignupEvent):
    type: ClassVar[str] = "synergi.workshops.attendance-recorded.v1"

    theme: str


class _MeetingEvent(Event):
    """*Added* 2026-12: a meeting between two organisations that list each
    other (either side), asked for at the day's meeting periods or after it.
    Ids and times only: the note a requester writes stays in workshops."""

    edition: str
    meeting_id: str
    requester: str = Field(description="The organisation that asked for the meeting")
    partner: str = Field(description="The organisation asked")
    slot: int | None = Field(
        default=None, description="The day's meeting slot (1, 2, ... in time order); null: after"
    )
    starts_at: str | None = Field(
        default=None, description="Local time of day the slot starts, HH:MM (Europe/Copenhagen)"
    )
    ends_at: str | None = Field(default=None, description="Local time of day the slot ends")
    proposed_at: datetime | None = Field(
        default=None, description="A meeting after the day: the time proposed"
    )
    online: bool = Field(default=False, description="A meeting after the day held online")

    key_field: ClassVar[str] = "meeting_id"
    key_is: ClassVar[str] = "The meeting's id: one meeting's events stay in order"
    subject_is: ClassVar[str] = "editions/{edition}/meetings/{meeting_id}"


class MeetingRequested(_MeetingEvent):
    """Asked for, or another time proposed by the side asked (then `requester`
    is the side that proposes)."""

    type: ClassVar[str] = "synergi.workshops.meeting-requested.v1"

    expires_at: datetime | None = Field(
        default=None, description="When the request expires without an answer"
    )


class MeetingAccepted(_MeetingEvent):
    type: ClassVar[str] = "synergi.workshops.meeting-accepted.v1"

    table: int | None = Field(default=None, description="The table, for a meeting at the day")


class MeetingExpired(_MeetingEvent):
    type: ClassVar[str] = "synergi.workshops.meeting-expired.v1"


class MeetingCancelled(_MeetingEvent):
    """*Added* 2026-12: an agreed meeting called off by one side; its slot and
    table are free again. Not a declined partnership."""

    type: ClassVar[str] = "synergi.workshops.meeting-cancelled.v1"

    cancelled_by: str = Field(description="The side that called it off")


class MeetingHeld(_MeetingEvent):
    """One side says the meeting took place ("did you meet?" answered yes)."""

    type: ClassVar[str] = "synergi.workshops.meeting-held.v1"

    organization_id: str = Field(description="The side that says so")


# --- synergi.feedback.v1 -----------------------------------------------------

# Words a participant typed, which events carried before 2026-12: the field
# stays (v1 only grows), but whatever is given, it holds null, so no producer
# can put the words on Kafka and an older record's text is ignored.
NoLongerSent = Annotated[
    str | None,
    BeforeValidator(lambda _: None),
    Field(
        description="Always null since 2026-12: the words stay in the feedback service "
        "(kept in v1 so the schema only grows; an older record's text is ignored)",
        json_schema_extra={"deprecated": True},
    ),
]


class WorkshopFeedback(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    workshop_id: str
    theme: str
    rating: int = Field(ge=1, le=5)
    insight: NoLongerSent = None
    insight_kind: InsightKind | None = Field(
        default=None, description="The participant shared a tip, or an ambition, on this theme"
    )


class FollowUpWish(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    organization_id: str
    topic: NoLongerSent = None


class FeedbackSubmitted(Event):
    """A participant's whole evaluation; a higher version replaces a lower one."""

    type: ClassVar[str] = "synergi.feedback.feedback-submitted.v1"

    edition: str
    participant_id: str
    organization_id: str
    version: int = Field(ge=1)
    day_rating: int = Field(ge=1, le=5)
    workshops: list[WorkshopFeedback] = []
    follow_ups: list[FollowUpWish] = []

    subject_is: ClassVar[str] = "editions/{edition}/responses/{participant_id}"


# --- synergi.matching.v1 -----------------------------------------------------


class Reason(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    kind: str
    weight: float
    detail: str


class RecommendationChanged(Event):
    type: ClassVar[str] = "synergi.matching.recommendation-changed.v1"

    edition: str
    organization_a: str
    organization_b: str
    score: float = Field(ge=0, le=1)
    reasons: list[Reason]
    listed_by: list[str] = Field(
        default=[],
        description="Which of the two have the other in their list (an organisation's list "
        "is the pairs it lists, plus those with an outcome); empty when withdrawn",
    )
    version: int = Field(ge=1)
    model_version: str
    withdrawn: bool = Field(
        default=False, description="The pair is no longer recommended (score 0, no reasons)"
    )

    key_field: ClassVar[str] = "organization_a"
    key_is: ClassVar[str] = (
        "organization_a, the lower of the pair's two ids: one pair's changes stay in order"
    )
    subject_is: ClassVar[str] = "editions/{edition}/pairs/{organization_a}/{organization_b}"


class _FollowUpRound(Event):
    """One organisation's follow-up round: what both follow-up events carry."""

    follow_up_id: str = Field(description="`{edition}/{months}/{organization_id}`: one per round")
    edition: str
    organization_id: str
    months: int = Field(ge=1, le=60)
    partners: list[str] = Field(description="The partners it is asked about")

    subject_is: ClassVar[str] = "editions/{edition}/follow-ups/{months}/{organization_id}"


class FollowUpDue(_FollowUpRound):
    """An organisation is due to be asked what came of its recommendations,
    `months` after the edition. Ids only: registration, which holds the
    addresses, sends the e-mail, once per `follow_up_id`."""

    type: ClassVar[str] = "synergi.matching.follow-up-due.v1"


class FollowUpReminderDue(_FollowUpRound):
    """*Added* 2026-12: one reminder is due to an organisation that has not answered.
    14 days after its round was asked and no answer yet; once per
    `follow_up_id`. Ids only, as `follow-up-due`."""

    type: ClassVar[str] = "synergi.matching.follow-up-reminder-due.v1"
