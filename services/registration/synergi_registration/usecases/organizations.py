"""Organisation profiles, versioned."""

from typing import Any

from synergi_registration import domain
from synergi_registration.commands import ChangeOrganization, CreateOrganization, given
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_shared.contracts.errors import Conflict
from synergi_shared.contracts.events import OrganizationProfileUpdated

# Attempts at a profile update while others write the same profile, before a 409.
PROFILE_UPDATE_ATTEMPTS = 5

# Each version of a profile is a document of its own, keyed by organisation
# and version, so the history is kept and inserting the next version is the
# concurrency guard: of two simultaneous updates exactly one can insert
# version n+1, the other finds it taken and tries again on top of it.


def _profile_version(profile: dict[str, Any], version: int) -> dict[str, Any]:
    return {
        "_id": f"{profile['organization_id']}@{version}",
        **profile,
        "version": version,
        "created_at": clock.now(),
    }


def _as_stored(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}


async def create_organization(
    store: RegistrationStore, organization: CreateOrganization, allow_duplicate_name: bool = False
) -> dict[str, Any]:
    if not allow_duplicate_name:
        for existing in await store.organizations_named(domain.name_key(organization.name)):
            raise Conflict(
                f"an organisation named '{existing['name']}' exists already "
                f"(id {existing['organization_id']}); to create another of that name, "
                "send allow_duplicate_name=true"
            )
    profile = {"organization_id": clock.new_id(), **_as_stored(given(organization))}
    doc = _profile_version(profile, 1)
    # A new organisation id: its version 1 cannot be taken.
    await store.insert_profile_version(doc, OrganizationProfileUpdated.model_validate(doc))
    return doc


async def update_organization(
    store: RegistrationStore, organization_id: str, change: ChangeOrganization
) -> dict[str, Any]:
    changes = _as_stored(given(change))
    for _ in range(PROFILE_UPDATE_ATTEMPTS):
        current = await store.get_organization(organization_id)
        profile = {k: v for k, v in current.items() if k not in ("_id", "version", "created_at")}
        if {**profile, **changes} == profile:
            return current  # nothing changes: no new version, no event
        doc = _profile_version({**profile, **changes}, current["version"] + 1)
        if await store.insert_profile_version(doc, OrganizationProfileUpdated.model_validate(doc)):
            return doc
        # Someone else wrote that version first: apply ours on top.
    raise Conflict("the profile is being changed by many at once; try again")
