import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiError, type Problem } from "../../shared/api/client";
import { PortalFailure } from "./PortalFailure";
import { renderWithProviders } from "../../test/utils";

function refused(moreErrors?: number): ApiError {
  const problem: Problem = {
    type: "about:blank",
    title: "Unprocessable Entity",
    status: 422,
    detail: "invalid fields",
    errors: [
      { field: "abc", message: "is not a field of Accounts" },
      { field: "abd", message: "is not a field of Accounts" },
    ],
    ...(moreErrors === undefined ? {} : { moreErrors }),
  };
  return new ApiError(422, problem);
}

describe("more errors of a problem on a portal page", () => {
  it("shows the count on a portal page too", () => {
    renderWithProviders(<PortalFailure error={refused(3)} />, { language: "pt-BR" });
    expect(screen.getByRole("alert")).toHaveTextContent("…e mais 3 erros.");
  });
});
