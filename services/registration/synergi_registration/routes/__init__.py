"""HTTP routes of the registration service, one module per resource."""

from fastapi import APIRouter

from synergi_registration.routes import (
    contacts,
    door,
    editions,
    evaluations,
    imports,
    invitations,
    mail_log,
    organizations,
    participants,
    partner_contacts,
    registrations,
    sign_in,
    unsubscribe,
)

router = APIRouter()
router.include_router(editions.router)
router.include_router(organizations.router)
router.include_router(registrations.router)
router.include_router(participants.router)
router.include_router(sign_in.router)
router.include_router(mail_log.router)
router.include_router(contacts.router)
router.include_router(invitations.router)
router.include_router(evaluations.router)
router.include_router(unsubscribe.router)
router.include_router(partner_contacts.router)
router.include_router(door.router)
router.include_router(imports.router)
