"""What registration does, each built from the rules in `domain` and written
by the store with the events it causes: editions (`editions`), organisation
profiles (`organizations`), registrations and their participants
(`registrations`), sign-in links and sessions (`sign_in`), follow-up e-mails
(`follow_ups`) and retention (`retention`). Each takes a command
(`synergi_registration.commands`) or plain arguments, never an HTTP body."""

from synergi_registration.usecases.editions import create_edition, update_edition
from synergi_registration.usecases.follow_ups import send_follow_up
from synergi_registration.usecases.organizations import create_organization, update_organization
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

__all__ = [
    "add_participant",
    "apply_retention",
    "cancel",
    "create_edition",
    "create_organization",
    "erase_participant",
    "keep_retention",
    "log_out",
    "make_sign_in_link",
    "register",
    "remove_participant",
    "revoke_sign_in_links",
    "send_follow_up",
    "set_consent",
    "sign_in",
    "update_edition",
    "update_organization",
]
