// The registration service: editions, organisations, registrations and their
// participants, sign-in links and sessions (docs/registration.md).
import type { components } from "../schema/registration";
import { allPages, answer, api, ApiError, page, saveFile, type Sent } from "./client";

type Schemas = components["schemas"];
export type Edition = Sent<Schemas["EditionPublic"]>;
export type Organization = Sent<Schemas["OrganizationPublic"]>;
export type Participant = Sent<Schemas["ParticipantPublic"]>;
export type Registration = Sent<Schemas["RegistrationPublic"]>;
export type SignInLink = Sent<Schemas["SignInLink"]>;
export type MailSent = Sent<Schemas["MailLogEntry"]>;
export type Contact = Sent<Schemas["ContactPublic"]>;
export type PartnerContacts = Sent<Schemas["PartnerContacts"]>;
export type ContactFields = Schemas["ContactUpdate"];
export type Invitation = Sent<Schemas["InvitationPublic"]>;
export type InvitationsMade = Sent<Schemas["InvitationsMade"]>;
export type EvaluationMails = Sent<Schemas["EvaluationMails"]>;
export type { Session } from "../session";
export type EditionFields = Schemas["EditionUpdate"];
export type NewEdition = Schemas["EditionCreate"];
export type NewOrganization = Schemas["OrganizationCreate"];
export type ProfileChange = Schemas["OrganizationUpdate"];
export type NewRegistration = Schemas["RegistrationCreate"];
type RegistrationFilter = { status?: "active" | "cancelled"; organization_id?: string };

// --- editions

export const editions = () => answer(api.GET("/registration/editions"));

export const edition = (slug: string) =>
  answer(api.GET("/registration/editions/{slug}", { params: { path: { slug } } }));

export const createEdition = (body: NewEdition) => answer(api.POST("/registration/editions", { body }));

export const changeEdition = (slug: string, body: EditionFields) =>
  answer(api.PATCH("/registration/editions/{slug}", { params: { path: { slug } }, body }));

/** Close the day: each checked-in participant is mailed a link to evaluate it. */
export const closeDay = (slug: string) =>
  answer(api.POST("/registration/editions/{slug}/close", { params: { path: { slug } } }));

/** Evaluation links sent, opened and answered. */
export const evaluationMails = (slug: string) =>
  answer(api.GET("/registration/editions/{slug}/evaluation-mails", { params: { path: { slug } } }));

/** The day as a calendar file (the same the invitation carries). */
export const saveCalendar = (slug: string) =>
  saveFile(
    api.GET("/registration/editions/{slug}/calendar.ics", { params: { path: { slug } }, parseAs: "blob" }),
    `${slug}.ics`,
  );

// --- organisations

export const organization = (orgId: string) =>
  answer(api.GET("/registration/organizations/{org_id}", { params: { path: { org_id: orgId } } }));

export const createOrganization = (body: NewOrganization) =>
  answer(api.POST("/registration/organizations", { body }));

export const changeOrganization = (orgId: string, body: ProfileChange) =>
  answer(api.PATCH("/registration/organizations/{org_id}", { params: { path: { org_id: orgId } }, body }));

/** One page of the directory, names containing `q`. */
export const organizationsPage = (q: string, limit: number, offset: number) =>
  page(api.GET("/registration/organizations", { params: { query: { q, limit, offset } } }));

/** The whole directory. */
export const allOrganizations = () =>
  allPages((limit, offset) => api.GET("/registration/organizations", { params: { query: { limit, offset } } }));

/** The organisation's contact person; null when it has none. */
export const contactOf = (orgId: string) =>
  answer(api.GET("/registration/organizations/{org_id}/contact", { params: { path: { org_id: orgId } } })).catch(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    },
  );

export const setContact = (orgId: string, body: ContactFields) =>
  answer(api.PUT("/registration/organizations/{org_id}/contact", { params: { path: { org_id: orgId } }, body }));

export const eraseContact = (orgId: string) =>
  answer(api.DELETE("/registration/organizations/{org_id}/contact", { params: { path: { org_id: orgId } } }));

/** What each partner on the organisation's list shares with it, by partner;
 * empty for anyone but the organisation itself (the organiser reads none). */
export const partnerContactsOf = (slug: string, orgId: string) =>
  answer(
    api.GET("/registration/editions/{slug}/organizations/{org_id}/partner-contacts", {
      params: { path: { slug, org_id: orgId } },
    }),
  ).then(
    (list) => new Map(list.partners.map((partner) => [partner.organization_id, partner])),
    (error: unknown) => {
      if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
        return new Map<string, PartnerContacts>();
      }
      throw error;
    },
  );

/** The organisations invited to the edition, and how it went. */
export const invitationsOf = (slug: string) =>
  answer(api.GET("/registration/editions/{slug}/invitations", { params: { path: { slug } } }));

/** Invite the organisations named, or (null) every one in the directory. */
export const invite = (slug: string, organizationIds: string[] | null) =>
  answer(
    api.POST("/registration/editions/{slug}/invitations", {
      params: { path: { slug } },
      body: { organization_ids: organizationIds },
    }),
  );

/** "Send me a new link": the answer is the same for any address. */
export const requestNewLink = (email: string) =>
  answer(api.POST("/registration/sign-in-links/requests", { body: { email } }));

/** Every e-mail sent for the edition, newest first (the mail log). */
export const allMailsOf = (slug: string) =>
  allPages((limit, offset) =>
    api.GET("/registration/mail-log", { params: { query: { edition: slug, limit, offset } } }),
  );

// --- registrations and participants

const registrationsAt = (slug: string, filter: RegistrationFilter, limit: number, offset: number) =>
  api.GET("/registration/editions/{slug}/registrations", {
    params: { path: { slug }, query: { ...filter, limit, offset } },
  });

export const registrationsPage = (slug: string, filter: RegistrationFilter, limit: number, offset: number) =>
  page(registrationsAt(slug, filter, limit, offset));

export const allRegistrations = (slug: string, filter: RegistrationFilter) =>
  allPages((limit, offset) => registrationsAt(slug, filter, limit, offset));

export const register = (slug: string, body: NewRegistration) =>
  answer(api.POST("/registration/editions/{slug}/registrations", { params: { path: { slug } }, body }));

export const addParticipant = (
  slug: string,
  registrationId: string,
  body: Schemas["ParticipantCreate"],
) =>
  answer(
    api.POST("/registration/editions/{slug}/registrations/{registration_id}/participants", {
      params: { path: { slug, registration_id: registrationId } },
      body,
    }),
  );

export const removeParticipant = (slug: string, registrationId: string, participantId: string) =>
  answer(
    api.DELETE("/registration/editions/{slug}/registrations/{registration_id}/participants/{participant_id}", {
      params: { path: { slug, registration_id: registrationId, participant_id: participantId } },
    }),
  );

export const setConsent = (participantId: string, shareContact: boolean) =>
  answer(
    api.PUT("/registration/participants/{participant_id}/consent", {
      params: { path: { participant_id: participantId } },
      body: { share_contact: shareContact },
    }),
  );

// --- sign-in links and sessions

/** A single-use link for an organisation, or (none) for the organiser. */
export const makeSignInLink = (orgId: string | null) =>
  answer(api.POST("/registration/sign-in-links", { body: { organization_id: orgId } }));

/** The organisation's unused links stop working, and it is logged out everywhere. */
export const revokeSignInLinks = (orgId: string) =>
  answer(api.DELETE("/registration/organizations/{org_id}/sign-in-links", { params: { path: { org_id: orgId } } }));

/** The organiser's unused links stop working, and every other organiser session ends. */
export const revokeOrganizerLinks = () => answer(api.DELETE("/registration/organizer/sign-in-links"));

export const startSession = (code: string) => answer(api.POST("/registration/sessions", { body: { code } }));

export const endSession = () => answer(api.POST("/registration/sessions/logout"));

// --- the door (docs/security.md: a door session finds and checks in people, nothing else)

export type DoorLink = Sent<Schemas["DoorLink"]>;
export type DoorLinkListed = Sent<Schemas["DoorLinkListed"]>;
export type DoorPerson = Sent<Schemas["DoorPerson"]>;

/** Who the door may check in: names and organisations, no addresses. */
export const doorList = (slug: string) =>
  answer(api.GET("/registration/editions/{slug}/door-list", { params: { path: { slug } } }));

export const doorLinks = (slug: string) =>
  answer(api.GET("/registration/editions/{slug}/door-links", { params: { path: { slug } } }));

/** A link for a volunteer's tablet: its code is shown once. */
export const makeDoorLink = (slug: string, label: string | null) =>
  answer(api.POST("/registration/editions/{slug}/door-links", { params: { path: { slug } }, body: { label } }));

/** The link signs in no more, and its sessions end everywhere. */
export const revokeDoorLink = (slug: string, linkId: string) =>
  answer(
    api.DELETE("/registration/editions/{slug}/door-links/{link_id}", {
      params: { path: { slug, link_id: linkId } },
    }),
  );

// --- importing the foundation's spreadsheet

export type ImportResult = Sent<Schemas["ImportResult"]>;
export type ImportField = NonNullable<Schemas["ImportedColumn"]["field"]>;

/** What importing the file would do (`commit` false), or doing it. */
export const importOrganizations = (
  filename: string,
  content: string,
  mapping: Record<string, ImportField | null>,
  commit: boolean,
) => answer(api.POST("/registration/organizations/imports", { body: { filename, content, mapping, commit } }));

/** The editions an organisation's home lists: its own and those open, the next first. */
export const editionsOfOrganization = (orgId: string) =>
  answer(api.GET("/registration/organizations/{org_id}/editions", { params: { path: { org_id: orgId } } }));
