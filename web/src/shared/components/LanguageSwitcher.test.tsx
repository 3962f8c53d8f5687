import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import { LANGUAGE_STORAGE_KEY } from "../../i18n";
import { healthyResponse, jsonResponse, mockFetch, renderWithProviders } from "../../test/utils";

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
    mockFetch(() => jsonResponse(healthyResponse));
    renderWithProviders(<App />);

    expect(await screen.findByTestId("health-status")).toHaveTextContent("Operacional");
    expect(screen.getByLabelText("Idioma")).toHaveValue("pt-BR");
    expect(document.documentElement.lang).toBe("pt-BR");
    expect(document.title).toBe("Portal do Cliente");
  });

  it("maps other Portuguese and English variants onto the supported ones", async () => {
    preferBrowserLanguages(["pt-PT"]);
    mockFetch(() => jsonResponse(healthyResponse));
    const { i18n } = renderWithProviders(<App />);
    expect(i18n.resolvedLanguage).toBe("pt-BR");
    await screen.findByTestId("health-status");
  });

  it("falls back to English for an unsupported browser language", async () => {
    preferBrowserLanguages(["fr-FR", "de"]);
    mockFetch(() => jsonResponse(healthyResponse));
    renderWithProviders(<App />);

    expect(await screen.findByTestId("health-status")).toHaveTextContent("OK");
    expect(screen.getByLabelText("Language")).toHaveValue("en");
  });

  it("prefers the stored choice over the browser's language", async () => {
    preferBrowserLanguages(["en-US", "en"]);
    localStorage.setItem(LANGUAGE_STORAGE_KEY, "pt-BR");
    mockFetch(() => jsonResponse(healthyResponse));
    renderWithProviders(<App />);

    expect(await screen.findByTestId("health-status")).toHaveTextContent("Operacional");
  });

  it("switches the text with the switcher and remembers the choice", async () => {
    preferBrowserLanguages(["en-US", "en"]);
    mockFetch(() => jsonResponse(healthyResponse));
    const user = userEvent.setup();
    renderWithProviders(<App />);

    expect(await screen.findByTestId("health-status")).toHaveTextContent("OK");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Customer Portal");
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBeNull();

    await user.selectOptions(screen.getByRole("combobox", { name: "Language" }), "pt-BR");

    expect(await screen.findByRole("heading", { name: "Status do serviço" })).toBeInTheDocument();
    expect(screen.getByTestId("health-status")).toHaveTextContent("Operacional");
    expect(screen.getByRole("row", { name: /Tabela do banco de dados/ })).toHaveTextContent(
      "Disponível",
    );
    expect(screen.getByRole("combobox", { name: "Idioma" })).toHaveValue("pt-BR");
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("pt-BR");
    expect(document.documentElement.lang).toBe("pt-BR");

    await user.selectOptions(screen.getByRole("combobox", { name: "Idioma" }), "en");
    expect(await screen.findByRole("heading", { name: "Service status" })).toBeInTheDocument();
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("en");
  });
});
