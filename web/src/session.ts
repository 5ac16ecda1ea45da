// The session a sign-in link gave: its bearer token is kept in this browser
// until it expires or the person signs out.
import type { Sent } from "./sent";
import type { components } from "./schema/registration";

export type Session = Sent<components["schemas"]["Session"]>;

const KEY = "synergi.session";

export function currentSession(now: Date = new Date()): Session | null {
  const kept = localStorage.getItem(KEY);
  if (!kept) return null;
  const session = JSON.parse(kept) as Session;
  if (new Date(session.expires_at) <= now) {
    localStorage.removeItem(KEY);
    return null;
  }
  return session;
}

export function keepSession(session: Session): void {
  localStorage.setItem(KEY, JSON.stringify(session));
}

export function signOut(): void {
  localStorage.removeItem(KEY);
}

/** The code in a sign-in link: `/sign-in#code=...` (a fragment never reaches a server log). */
export function codeFrom(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, "")).get("code");
}
