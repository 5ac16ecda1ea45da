// CSV files the app makes for spreadsheets (a mail merge of sign-in links, the
// registrations): a byte-order mark so spreadsheet programs read æ, ø and å,
// and fields quoted as RFC 4180 says.

export function toCsv(header: string[], rows: string[][]): string {
  return "\ufeff" + [header, ...rows].map((line) => line.map(quote).join(",")).join("\r\n") + "\r\n";
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
