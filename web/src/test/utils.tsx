import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { i18n as I18n } from "i18next";
import type { ReactElement } from "react";
import { UNSAFE_createMemoryHistory } from "react-router";
import { vi } from "vitest";
import type { Health, Problem } from "../shared/api/client";
import { AppProviders } from "../AppProviders";
import { GuardedRouter } from "../shared/components/GuardedRouter";
import { createGuardedHistory } from "../shared/lib/navigationGuard";
import { createI18n, resources, type Language } from "../i18n";

interface RenderOptions {
  /** Fixed language; when absent it is detected as in the browser. */
  language?: Language;
  /** Address the router starts at. */
  route?: string;
}

export function renderWithProviders(ui: ReactElement, options: RenderOptions = {}) {
  // Every text up front: a test's first render shows its texts as a loaded page does.
  const i18n: I18n = createI18n(
    options.language ? { lng: options.language, resources } : { resources },
  );
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity } },
  });
  // A guarded history as in main.tsx, in memory, so useNavigationGuard works in tests too.
  const history = createGuardedHistory(
    UNSAFE_createMemoryHistory({ initialEntries: [options.route ?? "/"], v5Compat: true }),
  );
  const result = render(
    <AppProviders i18n={i18n} queryClient={queryClient}>
      <GuardedRouter history={history}>{ui}</GuardedRouter>
    </AppProviders>,
  );
  return { ...result, i18n, queryClient };
}

export const healthyResponse: Health = {
  status: "ok",
  version: "1.2.3-test",
  checks: {
    table: { status: "up", latencyMs: 12.5 },
    bucket: { status: "up", latencyMs: 7 },
  },
};

export function jsonResponse(body: unknown, status = 200, contentType = "application/json") {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": contentType },
  });
}

export function problemResponse(problem: Problem) {
  return jsonResponse(problem, problem.status, "application/problem+json");
}

/** Replaces the global fetch; returns the mock to inspect the requests. */
export function mockFetch(respond: (request: Request) => Response | Promise<Response>) {
  const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve(respond(new Request(input, init))),
  );
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}
