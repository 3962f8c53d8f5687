import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Health = components["schemas"]["Health"];
export type Check = components["schemas"]["Check"];
export type Problem = components["schemas"]["Problem"];

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The API refuses state-changing browser requests without this header. */
export const requestedWith: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method)) {
      request.headers.set("X-Requested-With", "portal");
    }
    return request;
  },
};

/**
 * Typed client for the portal API. The API lives on the same origin as the
 * app under /api, so every request goes to a relative /api/... path.
 */
export const api = createClient<paths>({
  baseUrl: globalThis.location.origin,
  headers: { Accept: "application/json, application/problem+json" },
  // Looked up on every call so that tests can replace the global fetch.
  fetch: (request) => globalThis.fetch(request),
});
api.use(requestedWith);

/** A response the API refused or failed, with its problem+json body if any. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;

  constructor(status: number, problem?: Problem) {
    super(problem?.title ?? `HTTP ${String(status)}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function isProblem(value: unknown): value is Problem {
  return (
    isRecord(value) &&
    typeof value.type === "string" &&
    typeof value.title === "string" &&
    typeof value.status === "number"
  );
}

export function isHealth(value: unknown): value is Health {
  return (
    isRecord(value) &&
    (value.status === "ok" || value.status === "degraded") &&
    typeof value.version === "string"
  );
}
