import { describe, expect, it } from "vitest";
import { recordTitle } from "./recordTitle";

describe("recordTitle", () => {
  it.each([
    ["a contact by last name: first and last", "Contacts", "Last_Name", { First_Name: "Patrícia", Last_Name: "Brandão" }, "Brandão", "Patrícia Brandão"],
    ["a lead by first name: first and last", "Leads", "First_Name", { First_Name: "Rui", Last_Name: "Costa" }, "Rui", "Rui Costa"],
    ["a contact without a first name: the last", "Contacts", "Last_Name", { Last_Name: "Brandão" }, "Brandão", "Brandão"],
    ["a contact whose first name is hidden: the last", "Contacts", "Last_Name", { Last_Name: " Brandão " }, "Brandão", "Brandão"],
    ["a contact titled by email: the email", "Contacts", "Email", { First_Name: "Rui", Email: "rui@x.example" }, "rui@x.example", "rui@x.example"],
    ["a case by its subject", "Cases", "Subject", { Subject: "Printer" }, "Printer", "Printer"],
    ["an invoice with Last_Name-like field: its text", "Invoices", "Last_Name", { First_Name: "A", Last_Name: "B" }, "B", "B"],
    ["a contact with no name at all: empty", "Contacts", "Last_Name", {}, "", ""],
    ["no title field: the text", "Contacts", undefined, { First_Name: "Rui" }, "", ""],
  ])("%s", (_name, module, field, values, text, want) => {
    const got = recordTitle(module, field, values, text);
    expect(got).toBe(want);
  });
});
