// The one way to the network: the services' public HTTP APIs behind the
// gateway, typed by their OpenAPI documents (src/schema/, generated), with the
// session's bearer token and the reader's language. Screens call the module of
// the service they need (./registration, ./workshops, ./feedback, ./matching),
// never a path.
import createClient from "openapi-fetch";
import { explain, type Explained } from "../errors";
import i18n from "../i18n";
import type { paths as FeedbackPaths } from "../schema/feedback";
import type { paths as MatchingPaths } from "../schema/matching";
import type { paths as RegistrationPaths } from "../schema/registration";
import type { paths as WorkshopsPaths } from "../schema/workshops";
import { currentSession, signOut } from "../session";

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

import type { Sent } from "../sent";

export type { Sent };

export interface Page<T> {
  items: T[];
  total: number;
}

// Path parameters are encoded by openapi-fetch: a value from the address bar
// (an edition's slug, a participant's id) stays one segment of the path.
export const api = createClient<RegistrationPaths & WorkshopsPaths & FeedbackPaths & MatchingPaths>({
  baseUrl: globalThis.location?.origin ?? "",
});
api.use({
  onRequest({ request }) {
    request.headers.set("Accept-Language", i18n.language);
    const session = currentSession();
    if (session) request.headers.set("Authorization", `Bearer ${session.token}`);
    return request;
  },
  onResponse({ response }) {
    // A session ended elsewhere (logged out everywhere, links revoked): forget it here.
    if (response.status === 401 && currentSession()) signOut();
    return response;
  },
});

interface Answered<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** What a call answered, or an `ApiError` with the service's sentence (and
 * `Retry-After`), or one that says the network is away. */
export async function answer<T>(call: Promise<Answered<T>>): Promise<Sent<NonNullable<T>>> {
  return (await answered(call)).data as Sent<NonNullable<T>>;
}

async function answered<T>(call: Promise<Answered<T>>): Promise<Answered<T>> {
  let result: Answered<T>;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, { message: i18n.t("error.offline"), fields: {} }, null);
  }
  const { response } = result;
  if (!response.ok) {
    const retry = response.headers.get("Retry-After");
    throw new ApiError(
      response.status,
      explain(response.status, result.error ?? null, i18n.t("error.unknown")),
      retry ? Number(retry) : null,
    );
  }
  return result;
}

/** One page of a list, and `X-Total-Count`. */
export async function page<T>(call: Promise<Answered<T[]>>): Promise<Page<Sent<T>>> {
  const { data, response } = await answered(call);
  const items = (data ?? []) as Sent<T>[];
  return { items, total: Number(response.headers.get("X-Total-Count") ?? items.length) };
}

/** Every page of a list (for lists the app needs whole, such as the network's):
 * the first page says how many there are, the rest are asked for at once. */
export async function allPages<T>(
  pageAt: (limit: number, offset: number) => Promise<Answered<T[]>>,
  pageSize = 200,
): Promise<Sent<T>[]> {
  const first = await page(pageAt(pageSize, 0));
  const offsets = [];
  for (let offset = pageSize; offset < first.total; offset += pageSize) offsets.push(offset);
  const rest = await Promise.all(offsets.map((offset) => page(pageAt(pageSize, offset))));
  return [first, ...rest].flatMap((p) => p.items);
}

/** A call that may meet "not yet" (409 with Retry-After): sent again, a few times. */
export async function patiently<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ApiError) || error.retryAfter === null || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(error.retryAfter!, 3) * 1000));
    }
  }
}

/** A file behind the token (the CSV exports, the report): fetched with it, then saved. */
export async function saveFile(call: Promise<Answered<Blob>>, filename: string): Promise<void> {
  const { data } = await answered(call);
  const anchor = document.createElement("a");
  anchor.href = URL.createObjectURL(data!);
  anchor.download = filename;
  anchor.click();
  URL.revokeObjectURL(anchor.href);
}
