import { describe, expect, it } from "vitest";
import { ApiError, isHealth, isProblem, requestedWith } from "./client";

async function applyMiddleware(method: string): Promise<Request> {
  const request = new Request("http://localhost/api/example", { method });
  const onRequest = requestedWith.onRequest;
  if (!onRequest) throw new Error("middleware has no onRequest");
  const result = await onRequest({
    request,
    schemaPath: "/api/example",
    params: {},
    options: {} as never,
    id: "test",
  });
  return result instanceof Request ? result : request;
}

describe("API client", () => {
  it("marks state-changing requests with X-Requested-With", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect((await applyMiddleware(method)).headers.get("X-Requested-With")).toBe("portal");
    }
  });

  it("leaves safe requests alone", async () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect((await applyMiddleware(method)).headers.has("X-Requested-With")).toBe(false);
    }
  });

  it("recognises problem+json bodies and health bodies", () => {
    expect(isProblem({ type: "about:blank", title: "Bad Request", status: 400 })).toBe(true);
    expect(isProblem({ title: "Bad Request" })).toBe(false);
    expect(isProblem("Bad Request")).toBe(false);
    expect(isHealth({ status: "degraded", version: "1" })).toBe(true);
    expect(isHealth({ status: "broken", version: "1" })).toBe(false);
    expect(isHealth(null)).toBe(false);
  });

  it("names the problem in ApiError", () => {
    const problem = { type: "about:blank", title: "Not Found", status: 404 };
    expect(new ApiError(404, problem)).toMatchObject({ status: 404, problem, message: "Not Found" });
    expect(new ApiError(502).message).toBe("HTTP 502");
  });
});
