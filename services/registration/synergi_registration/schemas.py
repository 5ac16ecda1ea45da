"""Request and response bodies of the registration API."""

from datetime import date as Date
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    Base64Bytes,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    field_validator,
    model_validator,
)

from synergi_registration.commands import (
    AddParticipant,
    ChangeEdition,
    ChangeOrganization,
    CreateEdition,
    CreateOrganization,
    Register,
)
from synergi_registration.domain import DEFAULT_RETENTION_MONTHS, MailKind, normalize_tags
from synergi_registration.domain.spreadsheet import Field as ImportField
from synergi_shared.contracts.text import SingleLine

# A time of day in Danish time, "HH:MM".
LocalTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class EditionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: str = Field(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        min_length=2,
        max_length=64,
        description="Lower-case letters, digits and dashes, e.g. 'impact-day-2026'",
    )
    title: SingleLine = Field(min_length=1, max_length=200)
    date: Date
    venue: SingleLine | None = Field(default=None, max_length=200)
    registration_deadline: AwareDatetime | None = Field(
        default=None,
        description="After this moment new registrations are refused (409). With a time zone.",
        examples=["2026-04-15T23:59:00+02:00"],
    )
    starts_at: LocalTime | None = Field(
        default=None,
        description="*Added* 2026-12: when the day begins, Danish time (Europe/Copenhagen); "
        "without it the calendar file is an all-day event",
        examples=["09:00"],
    )
    ends_at: LocalTime | None = Field(
        default=None,
        description="*Added* 2026-12: when the day ends, Danish time",
        examples=["16:00"],
    )
    recommendations_per_organization: int = Field(
        default=10,
        ge=3,
        le=50,
        description="How many partners each organisation's recommendation list holds (K)",
    )
    retention_months: int = Field(
        default=DEFAULT_RETENTION_MONTHS,
        ge=1,
        le=120,
        description="Months after the day at which every participant's personal data is "
        "erased (the default: the last default follow-up round, 12, and 18 more)",
    )

    def command(self) -> CreateEdition:
        return CreateEdition(**self.model_dump())


class EditionUpdate(BaseModel):
    """Only the fields sent are changed; the slug and K stay."""

    model_config = ConfigDict(extra="forbid")

    title: SingleLine | None = Field(default=None, min_length=1, max_length=200)
    date: Date | None = None
    venue: SingleLine | None = Field(default=None, max_length=200)
    registration_deadline: AwareDatetime | None = None
    starts_at: LocalTime | None = None
    ends_at: LocalTime | None = None
    retention_months: int | None = Field(default=None, ge=1, le=120)

    def command(self) -> ChangeEdition:
        return ChangeEdition(**self.model_dump(exclude_unset=True))


class EditionPublic(EditionCreate):
    model_config = ConfigDict(extra="ignore")

    created_at: datetime
    personal_data_erased_at: datetime | None = Field(
        default=None, description="When the retention job erased its participants' personal data"
    )
    closed_at: datetime | None = Field(
        default=None,
        description="*Added* 2026-12: when the organiser closed the day (the evaluation links)",
    )


def _tuples(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()}


class EditionOfOrganization(EditionPublic):
    """An edition on an organisation's home."""

    registered: bool = Field(description="The organisation has an active registration in it")
    open: bool = Field(description="Open for registration: the day ahead, the deadline not passed")


class _ProfileFields(BaseModel):
    @field_validator("target_groups", "regions", "offers", "needs", check_fields=False)
    @classmethod
    def _normalize(cls, tags: list[str] | None) -> list[str] | None:
        return None if tags is None else normalize_tags(tags)


class OrganizationCreate(_ProfileFields):
    model_config = ConfigDict(extra="forbid")

    name: SingleLine = Field(min_length=1, max_length=200)
    size: Literal["small", "medium", "large"]
    target_groups: list[str] = Field(default_factory=list, max_length=50)
    regions: list[str] = Field(default_factory=list, max_length=50)
    offers: list[str] = Field(default_factory=list, max_length=50)
    needs: list[str] = Field(default_factory=list, max_length=50)
    description: str | None = Field(default=None, max_length=5000)

    def command(self) -> CreateOrganization:
        return CreateOrganization(**_tuples(self.model_dump()))


class OrganizationUpdate(_ProfileFields):
    """Only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    name: SingleLine | None = Field(default=None, min_length=1, max_length=200)
    size: Literal["small", "medium", "large"] | None = None
    target_groups: list[str] | None = Field(default=None, max_length=50)
    regions: list[str] | None = Field(default=None, max_length=50)
    offers: list[str] | None = Field(default=None, max_length=50)
    needs: list[str] | None = Field(default=None, max_length=50)
    description: str | None = Field(default=None, max_length=5000)

    @model_validator(mode="after")
    def _no_null_for_required_fields(self) -> "OrganizationUpdate":
        nulled = [
            name
            for name in ("name", "size", "target_groups", "regions", "offers", "needs")
            if name in self.model_fields_set and getattr(self, name) is None
        ]
        if nulled:
            raise ValueError(
                f"{', '.join(nulled)} may not be null; leave a field out to keep it, "
                "or send [] to empty a list"
            )
        return self

    def command(self) -> ChangeOrganization:
        return ChangeOrganization(**_tuples(self.model_dump(exclude_unset=True)))


class OrganizationPublic(OrganizationCreate):
    model_config = ConfigDict(extra="ignore")

    id: str
    version: int


class ParticipantCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: SingleLine = Field(min_length=1, max_length=200)
    email: EmailStr
    role: SingleLine | None = Field(
        default=None, max_length=50, examples=["leader", "staff", "volunteer", "board"]
    )
    share_contact: bool = Field(
        default=False,
        description="May name and e-mail be shared with recommended partners? Default no.",
    )

    def command(self) -> AddParticipant:
        return AddParticipant(
            name=self.name, email=str(self.email), role=self.role, share_contact=self.share_contact
        )


class Consent(BaseModel):
    share_contact: bool
    recorded_at: datetime


class ConsentUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    share_contact: bool


class ParticipantPublic(BaseModel):
    """A participant as stored; after erasure only `id`, `role` and `erased_at` remain."""

    id: str
    name: str | None = None
    email: str | None = None
    role: str | None = None
    consent: Consent | None = None
    erased_at: datetime | None = None


class RegistrationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organization_id: str
    participants: list[ParticipantCreate] = Field(min_length=1, max_length=50)
    challenge_themes: list[str] = Field(
        default_factory=list,
        max_length=10,
        examples=[["measurement-documentation", "co-creation"]],
    )
    expectations: str | None = Field(default=None, max_length=5000)

    def command(self) -> Register:
        return Register(
            organization_id=self.organization_id,
            participants=tuple(person.command() for person in self.participants),
            challenge_themes=tuple(self.challenge_themes),
            expectations=self.expectations,
        )


class RegistrationPublic(BaseModel):
    id: str
    edition: str
    organization_id: str
    status: Literal["active", "cancelled"]
    participants: list[ParticipantPublic]
    challenge_themes: list[str]
    expectations: str | None = None
    created_at: datetime
    cancelled_at: datetime | None = None


class RegistrationSummary(BaseModel):
    id: str
    edition: str
    organization_id: str
    status: Literal["active", "cancelled"]
    created_at: datetime


class MailLogEntry(BaseModel):
    """One e-mail Synergi sent, or is sending, to one person. No body is kept."""

    kind: MailKind = Field(description="What the mail is for (`docs/mail.md`)")
    edition: str | None = None
    organization_id: str | None = None
    organization_name: str | None = None
    recipient_id: str | None = Field(
        default=None,
        description="The participant written to, or `contact:{organization_id}` for the "
        "organisation's contact person",
    )
    recipient_name: str | None = Field(default=None, description="None once they are erased")
    to: str | None = Field(default=None, description="Their address; None once they are erased")
    status: Literal["sent", "failed", "dead-lettered", "sending"] = Field(
        description="`failed`: the server refused or was unreachable, and the next delivery "
        "tries again; (*added* 2026-12) `dead-lettered`: it failed at every delivery, and the "
        "request waits in the dead-letter topic for `synergi dlq replay`"
    )
    sent_at: datetime | None = None
    failed_at: datetime | None = Field(default=None, description="The last failed attempt")
    failure: str | None = Field(default=None, description="Why it failed, while not sent")


class ContactUpdate(BaseModel):
    """An organisation's contact person: whom Synergi writes to about the
    organisation (invitations, waitlist notices, new links)."""

    model_config = ConfigDict(extra="forbid")

    name: SingleLine = Field(min_length=1, max_length=200)
    email: EmailStr
    language: Literal["da", "en"] = Field(default="da", description="The language of their mail")
    share_with_partners: bool = Field(
        default=False,
        description="May the organisations that have this one on their list see the contact "
        "person's name and e-mail? Default no.",
    )


class MailSent(BaseModel):
    kind: MailKind
    sent_at: datetime


class ContactPublic(BaseModel):
    """All Synergi holds on an organisation's contact person (the right of access)."""

    organization_id: str
    name: str
    email: str
    language: Literal["da", "en"]
    share_with_partners: bool = False
    updated_at: datetime
    mails: list[MailSent] = Field(description="The mails sent to them, oldest first")
    unsubscribed: list[MailKind] = Field(description="The kinds of mail they turned off")


class SharedPerson(BaseModel):
    name: str
    role: str | None = None
    email: str


class SharedContactPerson(BaseModel):
    name: str
    email: str


class PartnerContacts(BaseModel):
    """What a listed partner shares: its people who consented, and its
    contact person when the partner allows it."""

    organization_id: str
    people: list[SharedPerson]
    contact_person: SharedContactPerson | None = None


class PartnerContactsList(BaseModel):
    edition: str
    organization_id: str
    partners: list[PartnerContacts] = Field(
        description="Every partner on the organisation's list (either side lists the pair) "
        "that is registered for the edition, in id order"
    )


class InvitationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organization_ids: list[str] | None = Field(
        default=None,
        max_length=10000,
        description="The organisations to invite; left out or null: every one in the directory",
    )


class InvitationsMade(BaseModel):
    """What the request did, organisation by organisation."""

    invited: list[str] = Field(description="Invited now: each contact gets one mail")
    invited_lately: list[str] = Field(
        description="Invited less than 7 days ago: nothing is sent again"
    )
    no_contact: list[str] = Field(description="No contact person: not invited")
    unsubscribed: list[str] = Field(description="Their contact turned invitations off")


class InvitationPublic(BaseModel):
    organization_id: str
    organization_name: str | None
    invited_at: datetime = Field(description="The last invitation")
    times: int = Field(description="How many times it was invited")
    mail: Literal["waiting", "sending", "sent", "failed", "dead-lettered"] = Field(
        description="How the last invitation's mail went (`waiting`: not taken yet)"
    )
    registered: bool
    unsubscribed: bool


class NewLinkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailStr


class NewLinkAnswer(BaseModel):
    detail: str


class FollowUpMailSent(BaseModel):
    follow_up_id: str = Field(description="`{edition}/{months}/{organization_id}`: the round")
    sent_at: datetime


class RegistrationHeld(BaseModel):
    """What registration holds about the person in one edition."""

    participant: ParticipantPublic
    consent_history: list[Consent]
    registration: RegistrationSummary
    organization_name: str
    follow_up_emails: list[FollowUpMailSent] = Field(description="The follow-up mails sent to them")


class HeldBy(BaseModel):
    """Each service's part, by participant id (one per edition the person
    took part in). The other services' parts are their own
    `GET /<service>/participants/{id}/export` answers."""

    registration: dict[str, RegistrationHeld]
    workshops: dict[str, dict[str, Any]]
    feedback: dict[str, dict[str, Any]]
    matching: dict[str, dict[str, Any]]


class ParticipantExport(BaseModel):
    """Everything stored about one person (the right of access), and nobody
    else: this participant, and (*added* 2026-12) the same person's other
    registrations (found by e-mail), with what every service holds."""

    participant: ParticipantPublic
    consent_history: list[Consent]
    registration: RegistrationSummary
    organization_name: str
    same_person: list[str] = Field(
        description="The person's participant ids in every edition, this one first (an "
        "organisation sees those registered by it)"
    )
    held_by: HeldBy


class SignInLinkCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organization_id: str | None = Field(
        default=None, description="The organisation it signs in as; none: the organiser"
    )


class SignInLink(BaseModel):
    role: Literal["organizer", "organization"]
    organization_id: str | None
    code: str = Field(description="Shown once: only its hash is kept")
    path: str = Field(
        description="Where the web app takes the code: put the site's address before it"
    )
    expires_at: datetime


class SessionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=200)


class Session(BaseModel):
    token: str = Field(description="A bearer token for every service's API")
    role: Literal["organizer", "organization", "participant", "door"]
    organization_id: str | None
    participant_id: str | None = Field(
        default=None, description="*Added* 2026-12: a participant session's person"
    )
    edition: str | None = Field(
        default=None,
        description="*Added* 2026-12: the edition a participant session evaluates, or a "
        "door session checks people in at",
    )
    expires_at: datetime


class EvaluationMails(BaseModel):
    """How the evaluation after the day is going, person by person counted."""

    closed_at: datetime | None = Field(description="When the organiser closed the day")
    reminder_at: datetime | None = Field(description="When the reminder was asked for")
    checked_in: int = Field(description="Participants checked in (each gets a link)")
    sent: int = Field(description="Evaluation links mailed")
    opened: int = Field(description="Links used to sign in")
    answered: int = Field(description="Participants who sent their evaluation")
    reminded: int = Field(description="Reminders mailed")


class LinksRevoked(BaseModel):
    revoked: int = Field(description="How many unused links no longer sign in")


# --- the door ---------------------------------------------------------------


class DoorLinkCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: SingleLine | None = Field(
        default=None, max_length=100, description="Whose tablet, e.g. 'Indgang nord'"
    )


class DoorLinkListed(BaseModel):
    id: str = Field(description="The link's id (not its code)")
    edition: str
    label: str | None
    created_at: datetime
    expires_at: datetime = Field(description="Midnight after the edition's day, Danish time")
    revoked_at: datetime | None

    @classmethod
    def of(cls, doc: dict[str, Any]) -> "DoorLinkListed":
        return cls.model_validate({**doc, "id": doc["link_id"]})


class DoorLink(DoorLinkListed):
    code: str = Field(description="Shown once: exchange it at POST /registration/sessions")
    path: str = Field(description="Where the web app takes it: `/sign-in#code=…`")


class DoorLinks(BaseModel):
    items: list[DoorLinkListed]


class DoorPerson(BaseModel):
    participant_id: str
    name: str
    organization_id: str
    organization_name: str | None


class DoorList(BaseModel):
    """Who the door may check in: names and organisations, no addresses."""

    edition: str
    people: list[DoorPerson]


# --- importing the foundation's spreadsheet -------------------------------


class OrganizationImport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filename: SingleLine = Field(
        min_length=5, max_length=200, description="Ends in .csv or .xlsx", examples=["tilskud.xlsx"]
    )
    content: Base64Bytes = Field(description="The file, base64-encoded (at most 1 MiB sent)")
    mapping: dict[str, ImportField | None] = Field(
        default_factory=dict,
        max_length=100,
        description="A column's header to the field it holds, or null to leave it out; "
        "a column not named here is recognised by its header (Danish or English)",
    )
    commit: bool = Field(
        default=False, description="false: only say what importing would do; true: do it"
    )


class ImportedColumn(BaseModel):
    header: str
    field: ImportField | None = Field(description="null: left out")


class ImportedRow(BaseModel):
    number: int = Field(description="The row's number in the spreadsheet (the header is 1)")
    name: str
    status: Literal["new", "same", "changed", "refused"]
    reason: str | None = Field(description="Why a row is refused")
    organization_id: str | None = Field(description="The organisation it is, or became")
    changes: list[str] = Field(description="What a changed row changes")


class ImportResult(BaseModel):
    filename: str
    columns: list[ImportedColumn]
    rows: list[ImportedRow]
    counts: dict[str, int] = Field(description="Rows by status")
    written: int = Field(description="Organisations created or changed now (0 without commit)")
