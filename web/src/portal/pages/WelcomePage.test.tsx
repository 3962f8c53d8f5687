import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Me } from "../../shared/api/client";
import { App } from "../../App";
import { mockApi } from "../../test/console";
import { emptyTabs, me, publicPortal } from "../../test/customer";
import { LocationProbe } from "../../test/probe";
import { jsonResponse, problemResponse, renderWithProviders } from "../../test/utils";

const firstLogin: Me = me({
  preferencesSet: false,
  preferences: {
    language: "pt-BR",
    timeFormat: "24h",
    timeZone: "America/Sao_Paulo",
    country: "BR",
  },
});

function renderWelcome(routes: Parameters<typeof mockApi>[0]) {
  mockApi({
    "GET /api/p/acme": () => jsonResponse(publicPortal),
    "GET /api/me": () => jsonResponse(firstLogin),
    "GET /api/me/tabs": () => jsonResponse(emptyTabs),
    ...routes,
  });
  const result = renderWithProviders(
    <>
      <App />
      <LocationProbe />
    </>,
    { language: "en", route: "/p/acme/welcome" },
  );
  return { ...result, user: userEvent.setup() };
}

describe("welcome page", () => {
  it("starts from the organization's defaults, saves with the header's language and opens the first tab", async () => {
    const sent: { body: unknown; header: string | null }[] = [];
    const { user, i18n } = renderWelcome({
      "PATCH /api/me/preferences": async (request) => {
        const body = (await request.json()) as Me["preferences"];
        sent.push({ body, header: request.headers.get("X-Requested-With") });
        return jsonResponse({ ...firstLogin, preferences: body, preferencesSet: true });
      },
    });

    expect(
      await screen.findByRole("heading", { level: 1, name: "Welcome, Maria Silva" }),
    ).toBeInTheDocument();
    // One language control: the header's, which the form saves with the rest.
    expect(screen.queryByLabelText("Your language")).not.toBeInTheDocument();
    expect(screen.getByTestId("language-hint")).toHaveTextContent("Language: English");
    expect(screen.getByLabelText("Time format")).toHaveValue("24h");
    expect(screen.getByLabelText("Time zone")).toHaveValue("America/Sao_Paulo");
    expect(screen.getByLabelText("Country")).toHaveValue("BR");

    await user.selectOptions(screen.getByLabelText("Time format"), "12h");
    await user.selectOptions(screen.getByLabelText("Time zone"), "Europe/Lisbon");
    await user.selectOptions(screen.getByLabelText("Country"), "PT");
    // Every kind of notification is on until the user turns one off.
    const shared = screen.getByRole("switch", { name: "Files shared with me" });
    expect(shared).toBeChecked();
    await user.click(shared);
    // Before the first save the switch is not saved on its own: the form saves it.
    await user.selectOptions(screen.getByLabelText("Language"), "pt-BR");
    expect(screen.getByTestId("language-hint")).toHaveTextContent("Idioma: Português");
    await user.click(screen.getByRole("button", { name: "Salvar preferências" }));

    await waitFor(() => {
      expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/Invoices");
    });
    expect(await screen.findByRole("button", { name: "Sair" })).toBeInTheDocument();
    expect(i18n.language).toBe("pt-BR");
    expect(sent).toEqual([
      {
        body: {
          language: "pt-BR",
          timeFormat: "12h",
          timeZone: "Europe/Lisbon",
          country: "PT",
          notifyOff: ["file.shared"],
        },
        header: "portal",
      },
    ]);
  });

  it("goes to the portal's home when the user has no tab", async () => {
    const { user } = renderWelcome({
      "PATCH /api/me/preferences": async (request) => {
        const body = (await request.json()) as Me["preferences"];
        const answer: Partial<Me> = { ...firstLogin, preferences: body, preferencesSet: true };
        delete answer.firstTab;
        return jsonResponse(answer);
      },
    });
    await user.click(await screen.findByRole("button", { name: "Save preferences" }));
    await waitFor(() => {
      expect(screen.getByTestId("location")).toHaveTextContent(/^\/p\/acme$/);
    });
    expect(await screen.findByTestId("portal-welcome")).toBeInTheDocument();
  });

  it("shows the server's refusal next to the field", async () => {
    const { user } = renderWelcome({
      "PATCH /api/me/preferences": () =>
        problemResponse({
          type: "/problems/validation",
          title: "Invalid",
          status: 422,
          errors: [{ field: "timeZone", message: "Unknown time zone." }],
        }),
    });
    await user.click(await screen.findByRole("button", { name: "Save preferences" }));
    expect(await screen.findByText("Unknown time zone.")).toBeInTheDocument();
    expect(screen.getByLabelText("Time zone")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("location")).toHaveTextContent("/p/acme/welcome");
  });
});
