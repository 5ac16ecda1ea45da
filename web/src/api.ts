// Every call the app makes goes through here: the public HTTP APIs behind the
// gateway, with the session's bearer token and the reader's language.
import { explain, type Explained } from "./errors";
import { currentSession, signOut } from "./session";
import i18n from "./i18n";

export class ApiError extends Error {
  readonly status: number;
  readonly fields: Record<string, string>;
  readonly retryAfter: number | null;

  constructor(status: number, explained: Explained, retryAfter: number | null) {
    super(explained.message);
    this.status = status;
    this.fields = explained.fields;
    this.retryAfter = retryAfter;
  }
}

export interface Page<T> {
  items: T[];
  total: number;
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { "Accept-Language": i18n.language };
  const session = currentSession();
  if (session) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { message: i18n.t("error.offline"), fields: {} }, null);
  }
  // A session ended elsewhere (logged out everywhere, links revoked): forget it here.
  if (response.status === 401 && session) signOut();
  if (!response.ok) {
    const parsed = await response.json().catch(() => null);
    const retry = response.headers.get("Retry-After");
    throw new ApiError(
      response.status,
      explain(response.status, parsed, i18n.t("error.unknown")),
      retry ? Number(retry) : null,
    );
  }
  return response;
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Ends the session at the server, so every service refuses its token from
 * then on, and then in this browser (even when the server cannot be reached). */
export async function logOut(): Promise<void> {
  await call("POST", "/registration/sessions/logout").catch(() => undefined);
  signOut();
}

export const get = <T,>(path: string) => call<T>("GET", path);

/** A paged list: the items and `X-Total-Count`. */
export async function getPage<T>(path: string): Promise<Page<T>> {
  const response = await send("GET", path);
  const items = (await response.json()) as T[];
  return { items, total: Number(response.headers.get("X-Total-Count") ?? items.length) };
}

/** Every page of a list (for lists the app needs whole, such as the network's):
 * the first page says how many there are, the rest are asked for at once. */
export async function getAll<T>(path: string, pageSize = 200): Promise<T[]> {
  const join = path.includes("?") ? "&" : "?";
  const page = (offset: number) => getPage<T>(`${path}${join}limit=${pageSize}&offset=${offset}`);
  const first = await page(0);
  const offsets = [];
  for (let offset = pageSize; offset < first.total; offset += pageSize) offsets.push(offset);
  const rest = await Promise.all(offsets.map(page));
  return [first, ...rest].flatMap((p) => p.items);
}

/** A call that may meet "not yet" (409 with Retry-After): sent again, a few times. */
export async function callPatiently<T>(method: string, path: string, body?: unknown): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call<T>(method, path, body);
    } catch (error) {
      if (!(error instanceof ApiError) || error.retryAfter === null || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(error.retryAfter!, 3) * 1000));
    }
  }
}

/** A file behind the token (the CSV exports): fetched with it, then saved. */
export async function download(path: string, filename: string): Promise<void> {
  const response = await send("GET", path);
  const anchor = document.createElement("a");
  anchor.href = URL.createObjectURL(await response.blob());
  anchor.download = filename;
  anchor.click();
  URL.revokeObjectURL(anchor.href);
}
