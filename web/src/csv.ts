// CSV files the app makes for spreadsheets (a mail merge of sign-in links, the
// registrations): a byte-order mark so spreadsheet programs read æ, ø and å,
// fields quoted as RFC 4180 says, and no cell a spreadsheet would run.

export function toCsv(header: string[], rows: string[][]): string {
  const lines = [header, ...rows].map((line) => line.map((cell) => quote(spreadsheetSafe(cell))).join(","));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}

/** What an organisation typed, as a spreadsheet shows it and never runs it: a
 * leading ' before anything it would read as a formula (OWASP's CSV injection
 * guidance; the services' CSVs follow the same rule). */
export function spreadsheetSafe(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Save `text` as a file the browser downloads. */
export function save(text: string, filename: string): void {
  const anchor = document.createElement("a");
  anchor.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  anchor.download = filename;
  anchor.click();
  URL.revokeObjectURL(anchor.href);
}
