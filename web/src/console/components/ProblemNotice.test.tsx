import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { refused } from "../../test/cases";
import { renderWithProviders } from "../../test/utils";
import { ProblemNotice } from "./ProblemNotice";

describe("more errors of a problem", () => {
  const cases = [
    { name: "console, English, many", language: "en", more: 119900, want: "…and 119900 more errors." },
    { name: "console, English, one", language: "en", more: 1, want: "…and 1 more error." },
    { name: "console, Portuguese", language: "pt-BR", more: 5, want: "…e mais 5 erros." },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      renderWithProviders(<ProblemNotice error={refused(c.more)} />, { language: c.language });
      const items = screen.getAllByRole("listitem");
      expect(items).toHaveLength(3);
      expect(items[2]).toHaveTextContent(c.want);
    });
  }

  it("says nothing more when the problem lists every error", () => {
    renderWithProviders(<ProblemNotice error={refused()} />, { language: "en" });
    expect(screen.getAllByRole("listitem")).toHaveLength(2);
    expect(screen.queryByText(/more error/)).not.toBeInTheDocument();
  });
});
