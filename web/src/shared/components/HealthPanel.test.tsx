import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  healthyResponse,
  jsonResponse,
  mockFetch,
  problemResponse,
  renderWithProviders,
} from "../../test/utils";
import { HealthPanel } from "./HealthPanel";

describe("HealthPanel", () => {
  it("asks for the deep health check", async () => {
    const fetchMock = mockFetch(() => jsonResponse(healthyResponse));
    renderWithProviders(<HealthPanel />, { language: "en" });

    await screen.findByText("1.2.3-test");
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const request = fetchMock.mock.calls[0]?.[0];
    expect(request).toBeInstanceOf(Request);
    const url = new URL((request as Request).url);
    expect(url.pathname).toBe("/api/health");
    expect(url.searchParams.get("deep")).toBe("1");
    expect(url.origin).toBe(window.location.origin);
  });

  it("shows the status, version and checks in English", async () => {
    mockFetch(() => jsonResponse(healthyResponse));
    renderWithProviders(<HealthPanel />, { language: "en" });

    expect(screen.getByRole("status")).toHaveTextContent("Checking the service status…");
    expect(await screen.findByTestId("health-status")).toHaveTextContent("OK");
    expect(screen.getByRole("heading", { name: "Service status" })).toBeInTheDocument();
    expect(screen.getByTestId("health-version")).toHaveTextContent("1.2.3-test");

    const table = screen.getByRole("table", { name: "Dependencies" });
    const tableRow = within(table).getByRole("row", { name: /Database table/ });
    expect(tableRow).toHaveTextContent("Up");
    expect(tableRow).toHaveTextContent("12.5 ms");
    const bucketRow = within(table).getByRole("row", { name: /File storage bucket/ });
    expect(bucketRow).toHaveTextContent("Up");
    expect(bucketRow).toHaveTextContent("7 ms");
  });

  it("shows the status, version and checks in Portuguese", async () => {
    mockFetch(() => jsonResponse(healthyResponse));
    renderWithProviders(<HealthPanel />, { language: "pt-BR" });

    expect(screen.getByRole("status")).toHaveTextContent("Verificando o status do serviço…");
    expect(await screen.findByTestId("health-status")).toHaveTextContent("Operacional");
    expect(screen.getByRole("heading", { name: "Status do serviço" })).toBeInTheDocument();

    const table = screen.getByRole("table", { name: "Dependências" });
    const tableRow = within(table).getByRole("row", { name: /Tabela do banco de dados/ });
    expect(tableRow).toHaveTextContent("Disponível");
    expect(tableRow).toHaveTextContent("12,5 ms");
    const bucketRow = within(table).getByRole("row", { name: /Bucket de arquivos/ });
    expect(bucketRow).toHaveTextContent("Disponível");
  });

  it("shows a degraded service from a 503 answer", async () => {
    mockFetch(() =>
      jsonResponse(
        {
          status: "degraded",
          version: "1.2.3-test",
          checks: {
            table: { status: "up", latencyMs: 10 },
            bucket: { status: "down", latencyMs: 2000, error: "timeout" },
          },
        },
        503,
      ),
    );
    renderWithProviders(<HealthPanel />, { language: "en" });

    expect(await screen.findByTestId("health-status")).toHaveTextContent("Degraded");
    const bucketRow = screen.getByRole("row", { name: /File storage bucket/ });
    expect(bucketRow).toHaveTextContent("Down");
    expect(bucketRow).toHaveTextContent("timeout");
    expect(bucketRow).toHaveTextContent("2,000 ms");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("explains a problem+json refusal politely", async () => {
    mockFetch(() =>
      problemResponse({
        type: "https://portal.invalid/problems/validation",
        title: "Invalid query",
        status: 400,
        detail: "deep must be 0 or 1",
      }),
    );
    renderWithProviders(<HealthPanel />, { language: "en" });

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("We could not check the service status");
    expect(alert).toHaveTextContent("The service refused the request (HTTP 400).");
    expect(alert).toHaveTextContent("Invalid query — deep must be 0 or 1");
  });

  it("explains an unexpected server error in Portuguese", async () => {
    mockFetch(() => new Response("<html>bad gateway</html>", { status: 502 }));
    renderWithProviders(<HealthPanel />, { language: "pt-BR" });

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Não foi possível verificar o status do serviço");
    expect(alert).toHaveTextContent("HTTP 502");
    expect(alert).not.toHaveTextContent("bad gateway");
  });

  it("explains a network failure", async () => {
    mockFetch(() => Promise.reject(new TypeError("Failed to fetch")));
    renderWithProviders(<HealthPanel />, { language: "en" });

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The service could not be reached. Please check your connection and try again.",
    );
  });
});
