import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import { LANGUAGE_STORAGE_KEY } from "../../i18n";
import { renderWithProviders } from "../../test/utils";

/** The root page's line under its heading, which shows once the page has rendered. */
const EN_LEAD = "Customer relationship data, shared with your customers.";
const PT_LEAD = "Dados de relacionamento com o cliente, compartilhados com seus clientes.";

function preferBrowserLanguages(languages: string[]) {
  vi.spyOn(window.navigator, "languages", "get").mockReturnValue(languages);
  vi.spyOn(window.navigator, "language", "get").mockReturnValue(languages[0] ?? "");
}

describe("language", () => {
  afterEach(() => {
    document.documentElement.lang = "";
  });

  it("follows the browser's language", async () => {
    preferBrowserLanguages(["pt-BR", "pt", "en"]);
    renderWithProviders(<App />);

    expect(await screen.findByText(PT_LEAD)).toBeInTheDocument();
    expect(screen.getByLabelText("Idioma")).toHaveValue("pt-BR");
    expect(document.documentElement.lang).toBe("pt-BR");
    expect(document.title).toBe("Portal do Cliente");
  });

  it("maps other Portuguese and English variants onto the supported ones", async () => {
    preferBrowserLanguages(["pt-PT"]);
    const { i18n } = renderWithProviders(<App />);
    expect(i18n.resolvedLanguage).toBe("pt-BR");
    await screen.findByText(PT_LEAD);
  });

  it("falls back to English for an unsupported browser language", async () => {
    preferBrowserLanguages(["fr-FR", "de"]);
    renderWithProviders(<App />);

    expect(await screen.findByText(EN_LEAD)).toBeInTheDocument();
    expect(screen.getByLabelText("Language")).toHaveValue("en");
  });

  it("prefers the stored choice over the browser's language", async () => {
    preferBrowserLanguages(["en-US", "en"]);
    localStorage.setItem(LANGUAGE_STORAGE_KEY, "pt-BR");
    renderWithProviders(<App />);

    expect(await screen.findByText(PT_LEAD)).toBeInTheDocument();
  });

  it("switches the text with the switcher and remembers the choice", async () => {
    preferBrowserLanguages(["en-US", "en"]);
    const user = userEvent.setup();
    renderWithProviders(<App />);

    expect(await screen.findByText(EN_LEAD)).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Customer Portal");
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBeNull();

    await user.selectOptions(screen.getByRole("combobox", { name: "Language" }), "pt-BR");

    expect(await screen.findByText(PT_LEAD)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Entrar como equipe" })).toHaveAttribute(
      "href",
      "/admin",
    );
    expect(screen.getByRole("combobox", { name: "Idioma" })).toHaveValue("pt-BR");
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("pt-BR");
    expect(document.documentElement.lang).toBe("pt-BR");

    await user.selectOptions(screen.getByRole("combobox", { name: "Idioma" }), "en");
    expect(await screen.findByText(EN_LEAD)).toBeInTheDocument();
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("en");
  });
});
