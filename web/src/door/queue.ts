// The door's check-ins while the network comes and goes: each tap made
// offline waits in IndexedDB with the time it happened; back online they are
// sent in order (the API is idempotent: a person two tablets checked in is
// checked in once, at the earliest time), and what the API refuses (a
// participant removed meanwhile) is listed for the volunteer to resolve.
import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../api/client";
import { checkIn } from "../api/workshops";
import { sent, wait, waiting, type Waiting } from "./offline";

export interface Refused {
  name: string;
  reason: string;
}

/** Refused for good: the next try would be refused the same way. */
const refusedForGood = (error: unknown) =>
  error instanceof ApiError && error.status >= 400 && error.status < 500 && ![401, 408, 429].includes(error.status);

export function useDoorQueue(slug: string) {
  const [online, setOnline] = useState(() => navigator.onLine);
  const [count, setCount] = useState(0);
  const [refused, setRefused] = useState<Refused[]>([]);
  const recount = useCallback(async () => setCount((await waiting(slug)).length), [slug]);

  const send = useCallback(async () => {
    for (const item of await waiting(slug)) {
      try {
        await checkIn(slug, item.workshopId, item.participantId, item.at);
      } catch (error) {
        if (!refusedForGood(error)) break; // no network, or the server: later
        setRefused((before) => [...before, { name: item.name, reason: (error as Error).message }]);
      }
      await sent(item.id!);
    }
    await recount();
  }, [slug, recount]);

  useEffect(() => {
    const goneOnline = () => {
      setOnline(true);
      void send();
    };
    const goneOffline = () => setOnline(false);
    window.addEventListener("online", goneOnline);
    window.addEventListener("offline", goneOffline);
    if (navigator.onLine) void send();
    else void recount();
    return () => {
      window.removeEventListener("online", goneOnline);
      window.removeEventListener("offline", goneOffline);
    };
  }, [send, recount]);

  /** A check-in made without network: kept, with its time, until it can be sent. */
  const keep = useCallback(
    async (item: Waiting) => {
      await wait(item);
      await recount();
    },
    [recount],
  );
  return { online, count, refused, keep };
}

/** Whether a failed call never reached the API (no network): then it waits. */
export const unreachable = (error: unknown) => !(error instanceof ApiError);
