import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { EmailTemplate } from "../../shared/api/client";
import { App } from "../../App";
import { consoleRoutes, mockApi } from "../../test/console";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

function template(
  name: EmailTemplate["name"],
  language: string,
  overrides: Partial<EmailTemplate> = {},
): EmailTemplate {
  return {
    name,
    language,
    subject: `${name} ${language} subject`,
    text: `Hello {{.Name}}, open {{.Link}}`,
    html: `<p>Hello {{.Name}}, <a href="{{.Link}}">open</a></p>`,
    custom: false,
    ...overrides,
  };
}

const templates = [
  template("invitation", "en"),
  template("invitation", "pt-BR", { custom: true, subject: "Convite para {{.Portal}}" }),
  template("portal-reset", "en"),
  template("portal-reset", "pt-BR"),
  template("notification", "en"),
  template("notification", "pt-BR"),
  template("invitation", "es"),
  template("portal-reset", "es"),
  template("notification", "es"),
];

function renderEmails(routes: Parameters<typeof mockApi>[0]) {
  mockApi({
    ...consoleRoutes(),
    "GET /api/admin/email-templates": () => jsonResponse({ items: templates }),
    ...routes,
  });
  renderWithProviders(<App />, { language: "en", route: "/admin/portal/emails" });
  return userEvent.setup();
}

describe("portal email templates", () => {
  it("lists the three emails in the three languages and explains the values", async () => {
    renderEmails({});
    expect(await screen.findByRole("form", { name: "Invitation — English" })).toBeInTheDocument();
    expect(screen.getByRole("form", { name: "Invitation — Português (Brasil)" })).toHaveTextContent(
      "Customized",
    );
    expect(screen.getByRole("form", { name: "Password reset — English" })).toHaveTextContent(
      "Standard text",
    );
    expect(screen.getByRole("form", { name: "Password reset — Português (Brasil)" })).toBeInTheDocument();
    expect(screen.getByRole("form", { name: "Notification — English" })).toHaveTextContent("Standard text");
    expect(screen.getByRole("form", { name: "Notification — Português (Brasil)" })).toBeInTheDocument();
    for (const name of ["Invitation", "Password reset", "Notification"]) {
      expect(screen.getByRole("form", { name: `${name} — Español` })).toHaveTextContent("Standard text");
    }
    const values = screen.getByTestId("email-values");
    for (const name of [
      "Portal",
      "Company",
      "Name",
      "Email",
      "Link",
      "Expires",
      "Brand",
      "Logo",
      "RecordName",
      "ModuleName",
      "Subject",
      "Summary",
      "Unsubscribe",
    ]) {
      // Exactly as a template needs it: the term is shown as written, never uppercased.
      const term = within(values).getByText(`{{.${name}}}`);
      expect(term.closest("dt")).toHaveStyle({ textTransform: "none" });
    }
    expect(screen.getByText(/must each contain the link/)).toHaveTextContent("{{.Link}}");
  });

  it("saves subject, text and HTML with a PUT", async () => {
    const sent: { url: string; body: unknown; header: string | null }[] = [];
    const user = renderEmails({
      "PUT /api/admin/email-templates/invitation/en": async (request) => {
        const body = (await request.json()) as Pick<EmailTemplate, "subject" | "text" | "html">;
        sent.push({
          url: new URL(request.url).pathname,
          body,
          header: request.headers.get("X-Requested-With"),
        });
        return jsonResponse({ ...template("invitation", "en"), ...body, custom: true });
      },
    });
    const form = await screen.findByRole("form", { name: "Invitation — English" });
    const subject = within(form).getByLabelText("Subject");
    expect(subject).toHaveValue("invitation en subject");
    await user.clear(subject);
    await user.type(subject, "Welcome to the portal");
    await user.click(within(form).getByRole("button", { name: "Save" }));

    expect(await within(form).findByText("The email is saved.")).toBeInTheDocument();
    expect(form).toHaveTextContent("Customized");
    expect(sent).toEqual([
      {
        url: "/api/admin/email-templates/invitation/en",
        body: {
          subject: "Welcome to the portal",
          text: "Hello {{.Name}}, open {{.Link}}",
          html: '<p>Hello {{.Name}}, <a href="{{.Link}}">open</a></p>',
        },
        header: "portal",
      },
    ]);
  });

  it("shows a 422's messages next to their fields", async () => {
    const user = renderEmails({
      "PUT /api/admin/email-templates/portal-reset/pt-BR": () =>
        problemResponse({
          type: "/problems/validation",
          title: "Invalid",
          status: 422,
          errors: [
            { field: "text", message: "must contain {{.Link}}" },
            { field: "html", message: "does not parse" },
          ],
        }),
    });
    const form = await screen.findByRole("form", { name: "Password reset — Português (Brasil)" });
    const text = within(form).getByLabelText("Text version");
    await user.clear(text);
    await user.type(text, "No link here");
    await user.click(within(form).getByRole("button", { name: "Save" }));

    expect(await within(form).findByText("must contain {{.Link}}")).toBeInTheDocument();
    expect(text).toHaveAttribute("aria-invalid", "true");
    expect(within(form).getByLabelText("HTML version")).toHaveAttribute("aria-invalid", "true");
    expect(within(form).getByText("does not parse")).toBeInTheDocument();
  });

  it("restores the standard text with a DELETE", async () => {
    const calls: string[] = [];
    const user = renderEmails({
      "DELETE /api/admin/email-templates/invitation/pt-BR": (request) => {
        calls.push(request.headers.get("X-Requested-With") ?? "");
        return jsonResponse(template("invitation", "pt-BR", { subject: "Seu convite" }));
      },
    });
    const form = await screen.findByRole("form", { name: "Invitation — Português (Brasil)" });
    expect(within(form).getByLabelText("Subject")).toHaveValue("Convite para {{.Portal}}");
    await user.click(within(form).getByRole("button", { name: "Restore the standard text" }));

    expect(await within(form).findByText("The standard text is back.")).toBeInTheDocument();
    expect(within(form).getByLabelText("Subject")).toHaveValue("Seu convite");
    expect(form).toHaveTextContent("Standard text");
    expect(calls).toEqual(["portal"]);
  });
});
