// What an API error says, as sentences for the person: one for the form or
// action, and one per field the API named (FastAPI's 422 list).

export interface Explained {
  message: string;
  fields: Record<string, string>;
}

interface FieldError {
  loc?: (string | number)[];
  msg?: string;
}

export function explain(status: number, body: unknown, fallback: string): Explained {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === "string") return { message: detail, fields: {} };
  if (Array.isArray(detail)) {
    const fields: Record<string, string> = {};
    for (const item of detail as FieldError[]) {
      // ["body", "participants", 0, "email"] -> "participants.0.email"
      const path = (item.loc ?? []).filter((part) => part !== "body").join(".");
      if (path && item.msg && !(path in fields)) fields[path] = sentence(item.msg);
    }
    const first = Object.entries(fields)[0];
    return { message: first ? `${first[0]}: ${first[1]}` : fallback, fields };
  }
  return { message: status >= 500 ? `${fallback} (${status})` : fallback, fields: {} };
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
