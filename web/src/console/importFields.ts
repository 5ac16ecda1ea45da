// The fields a spreadsheet's column may hold, in the order the console offers
// them (the API's `ImportedColumn.field`; importFields.test.ts keeps them equal).
import type { ImportField } from "../api/registration";

export const FIELDS: ImportField[] = [
  "name",
  "size",
  "regions",
  "target_groups",
  "offers",
  "needs",
  "description",
  "contact_name",
  "contact_email",
  "contact_language",
];
