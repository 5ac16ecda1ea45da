import { useParams } from "react-router-dom";

/** A value from the address bar as one path segment of an API call: encoded,
 * so a crafted link (`/console/..%2F..%2Fregistration%2Fparticipants%2F…`)
 * cannot make the app call another API path with the reader's token. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/** The route's parameters (an edition's slug, a participant's id), each made
 * one path segment. A valid slug or id is unchanged by it. */
export function useSegments(): Record<string, string> {
  const params = useParams();
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, segment(value ?? "")]));
}
