"""What registration does, each built from the rules in `domain` and written by
the store with the events it causes: editions (`editions`), organisation
profiles (`organizations`), registrations and their participants
(`registrations`), sign-in links and sessions (`sign_in`, `new_links`),
contact persons (`contacts`), a listed partner's contacts
(`partner_contacts`), the mails (`mail`, and one module per kind:
`invitations`, `follow_ups`, `places`, `evaluations`; `unsubscribe`) and
retention (`retention`). Each takes a command
(`synergi_registration.commands`) or plain arguments, never an HTTP body."""

from synergi_registration.usecases.contacts import contact_held, erase_contact, set_contact
from synergi_registration.usecases.editions import create_edition, update_edition
from synergi_registration.usecases.evaluations import (
    ask_due_reminders,
    close_day,
    evaluation_mails,
    keep_asking_reminders,
    send_evaluation_links,
)
from synergi_registration.usecases.follow_ups import send_follow_up
from synergi_registration.usecases.invitations import invitations_in, invite, send_invitation
from synergi_registration.usecases.meetings import remember_meeting, send_meeting_mail
from synergi_registration.usecases.new_links import request_new_link, send_new_link
from synergi_registration.usecases.organizations import create_organization, update_organization
from synergi_registration.usecases.partner_contacts import partner_contacts
from synergi_registration.usecases.places import send_place_notice
from synergi_registration.usecases.registrations import (
    add_participant,
    cancel,
    erase_participant,
    register,
    remove_participant,
    set_consent,
)
from synergi_registration.usecases.retention import apply_retention, keep_retention
from synergi_registration.usecases.sign_in import (
    log_out,
    make_sign_in_link,
    revoke_sign_in_links,
    sign_in,
)
from synergi_registration.usecases.unsubscribe import unsubscribe, unsubscribing_from

__all__ = [
    "add_participant",
    "apply_retention",
    "ask_due_reminders",
    "cancel",
    "close_day",
    "contact_held",
    "create_edition",
    "create_organization",
    "erase_contact",
    "erase_participant",
    "evaluation_mails",
    "invitations_in",
    "invite",
    "keep_asking_reminders",
    "keep_retention",
    "log_out",
    "make_sign_in_link",
    "partner_contacts",
    "register",
    "remember_meeting",
    "remove_participant",
    "request_new_link",
    "revoke_sign_in_links",
    "send_evaluation_links",
    "send_follow_up",
    "send_invitation",
    "send_meeting_mail",
    "send_new_link",
    "send_place_notice",
    "set_consent",
    "set_contact",
    "sign_in",
    "unsubscribe",
    "unsubscribing_from",
    "update_edition",
    "update_organization",
]
