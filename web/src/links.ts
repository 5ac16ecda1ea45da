// The sign-in links of an edition as a CSV for a mail merge: a byte-order
// mark so spreadsheet programs read æ, ø and å, and fields quoted as RFC 4180 says.

export interface LinkRow {
  name: string;
  email: string;
  url: string;
  expires: string;
}

export function linksCsv(rows: LinkRow[]): string {
  const lines = [["organisation", "email", "sign_in_link", "valid_until"], ...rows.map((r) => [r.name, r.email, r.url, r.expires])];
  return "\ufeff" + lines.map((line) => line.map(quote).join(",")).join("\r\n") + "\r\n";
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
