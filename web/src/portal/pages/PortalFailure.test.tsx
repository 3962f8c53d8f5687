import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { PortalFailure } from "./PortalFailure";
import { refused } from "../../test/cases";
import { renderWithProviders } from "../../test/utils";

describe("more errors of a problem on a portal page", () => {
  it("shows the count on a portal page too", () => {
    renderWithProviders(<PortalFailure error={refused(3)} />, { language: "pt-BR" });
    expect(screen.getByRole("alert")).toHaveTextContent("…e mais 3 erros.");
  });
});
