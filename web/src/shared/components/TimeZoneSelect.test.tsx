import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useForm, useWatch } from "react-hook-form";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../test/utils";
import { TimeZoneSelect } from "./TimeZoneSelect";

const ZONES = ["UTC", "America/Sao_Paulo", "Asia/Tokyo", "America/Manaus", "Europe/Lisbon"];

/** A form with the field, as the pages use it (react-hook-form's register), showing its value. */
function Form({ initial }: { initial: string }) {
  const { register, control } = useForm({ defaultValues: { timeZone: initial } });
  const value = useWatch({ control, name: "timeZone" });
  return (
    <form>
      <label htmlFor="tz">Time zone</label>
      <TimeZoneSelect id="tz" zones={ZONES} {...register("timeZone")} />
      <span data-testid="value">{value}</span>
    </form>
  );
}

function optionTexts(): string[] {
  const select = screen.getByRole("combobox", { name: "Time zone" });
  return Array.from((select as HTMLSelectElement).options, (option) => option.textContent);
}

describe("TimeZoneSelect", () => {
  it("labels the list and the search, and shows offsets, cities and names", () => {
    renderWithProviders(<Form initial="America/Sao_Paulo" />, { language: "en" });
    const select = screen.getByRole("combobox", { name: "Time zone" });
    expect(select).toHaveValue("America/Sao_Paulo");
    expect(screen.getByRole("searchbox", { name: "Search time zones" })).toBeInTheDocument();
    expect(optionTexts()).toContain("(UTC\u221203:00) Sao Paulo — America/Sao_Paulo");
    expect(optionTexts()).toHaveLength(ZONES.length);
  });

  it("narrows the list as one types, keeping the value selected", async () => {
    const user = userEvent.setup();
    renderWithProviders(<Form initial="America/Sao_Paulo" />, { language: "en" });
    await user.type(screen.getByRole("searchbox", { name: "Search time zones" }), "tokyo");
    expect(optionTexts()).toEqual([
      "(UTC\u221203:00) Sao Paulo — America/Sao_Paulo",
      expect.stringContaining("Tokyo — Asia/Tokyo"),
    ]);
    expect(screen.getByTestId("value")).toHaveTextContent("America/Sao_Paulo");
  });

  it("picks the first match with Enter, without submitting", async () => {
    const user = userEvent.setup();
    renderWithProviders(<Form initial="UTC" />, { language: "en" });
    await user.type(screen.getByRole("searchbox", { name: "Search time zones" }), "lisbon{Enter}");
    expect(screen.getByRole("combobox", { name: "Time zone" })).toHaveValue("Europe/Lisbon");
    expect(screen.getByTestId("value")).toHaveTextContent("Europe/Lisbon");
  });

  it("picks with the keyboard on the list", async () => {
    const user = userEvent.setup();
    renderWithProviders(<Form initial="UTC" />, { language: "en" });
    await user.selectOptions(screen.getByRole("combobox", { name: "Time zone" }), "Asia/Tokyo");
    expect(screen.getByTestId("value")).toHaveTextContent("Asia/Tokyo");
  });

  it("says when nothing matches, in the reader's language", async () => {
    const user = userEvent.setup();
    renderWithProviders(<Form initial="UTC" />, { language: "pt-BR" });
    await user.type(screen.getByRole("searchbox", { name: "Buscar fuso horário" }), "atlântida");
    expect(screen.getByRole("status")).toHaveTextContent(
      "Nenhum fuso horário corresponde a “atlântida”.",
    );
    // The value selected stays, alone.
    expect(optionTexts()).toEqual(["(UTC+00:00) UTC"]);
  });
});
