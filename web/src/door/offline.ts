// What the door's tablet keeps in the browser's IndexedDB (with `idb`), so
// check-in goes on without network: the edition's list (names, organisations,
// the programme: the least the door needs) and the check-ins waiting to be
// sent, each with the time it happened. Cleared when the session ends, and
// a list is not used after its day is over.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { DoorPerson } from "../api/registration";
import type { Workshop } from "../api/workshops";

export interface KeptList {
  slug: string;
  people: DoorPerson[];
  programme: Workshop[];
  keptAt: string;
  /** The door session's end (the link's day): not used after it. */
  until: string;
}

export interface Waiting {
  id?: number;
  slug: string;
  workshopId: string;
  participantId: string;
  name: string;
  at: string;
}

interface DoorDB extends DBSchema {
  lists: { key: string; value: KeptList };
  waiting: { key: number; value: Waiting; indexes: { slug: string } };
}

let opened: Promise<IDBPDatabase<DoorDB>> | null = null;

function db(): Promise<IDBPDatabase<DoorDB>> {
  opened ??= openDB<DoorDB>("synergi-door", 1, {
    upgrade(database) {
      database.createObjectStore("lists", { keyPath: "slug" });
      database.createObjectStore("waiting", { keyPath: "id", autoIncrement: true }).createIndex("slug", "slug");
    },
  });
  return opened;
}

export async function keepList(list: KeptList): Promise<void> {
  await (await db()).put("lists", list);
}

/** The list kept for the edition, unless its day is over (then it is deleted). */
export async function keptList(slug: string, now: Date = new Date()): Promise<KeptList | null> {
  const list = (await (await db()).get("lists", slug)) ?? null;
  if (list && new Date(list.until) <= now) {
    await (await db()).delete("lists", slug);
    return null;
  }
  return list;
}

export async function wait(item: Waiting): Promise<void> {
  await (await db()).add("waiting", item);
}

export async function waiting(slug: string): Promise<Waiting[]> {
  return (await db()).getAllFromIndex("waiting", "slug", slug);
}

export async function sent(id: number): Promise<void> {
  await (await db()).delete("waiting", id);
}

/** Everything the door kept: at sign-out. */
export async function forgetAll(): Promise<void> {
  const database = await db();
  await Promise.all([database.clear("lists"), database.clear("waiting")]);
}
