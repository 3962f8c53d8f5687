/** Modules whose records are people, named "First_Name Last_Name" (as crm.NameOf names them). */
const PEOPLE = new Set(["Contacts", "Leads"]);
const NAME_PARTS = new Set(["First_Name", "Last_Name"]);

/**
 * The name a record is shown under. A person (Contacts, Leads) whose title field is their
 * first or last name is titled "First Last" from the values at hand (the parts the viewer
 * sees; an absent one is left out); any other record by its title field's text (`text`,
 * already formatted). "" when there is nothing to show, so the caller picks its fallback.
 */
export function recordTitle(
  module: string,
  titleField: string | undefined,
  values: Record<string, unknown>,
  text: string,
): string {
  if (PEOPLE.has(module) && titleField && NAME_PARTS.has(titleField)) {
    const part = (name: string) => {
      const value = values[name];
      return typeof value === "string" ? value.trim() : "";
    };
    const full = [part("First_Name"), part("Last_Name")].filter(Boolean).join(" ");
    if (full) return full;
  }
  return text.trim();
}
