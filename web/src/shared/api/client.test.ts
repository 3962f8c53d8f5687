import { afterEach, describe, expect, it, vi } from "vitest";
import { healthyResponse, jsonResponse, mockFetch, problemResponse } from "../../test/utils";
import { api, ApiError, beforeRefusals, isHealth, isProblem, requestedWith } from "./client";

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

describe("refusals", () => {
  afterEach(() => {
    beforeRefusals(() => Promise.resolve());
  });

  const notFound = { type: "about:blank", title: "Not Found", status: 404, code: "record.not_found" };
  const get = () => api.GET("/api/health", { params: { query: { deep: "1" } } });

  it("reach their caller once what showing them needs is there", async () => {
    let release: (() => void) | undefined;
    const wait = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    beforeRefusals(wait);
    mockFetch(() => problemResponse(notFound));

    let status: number | undefined;
    const call = get().then((result) => (status = result.response.status));
    await vi.waitFor(() => {
      expect(wait).toHaveBeenCalledTimes(1);
    });
    expect(status).toBeUndefined();
    release?.();
    await call;
    expect(status).toBe(404);
  });

  it("do not hold an answer that is not one", async () => {
    // Never settles: an answer that waited for it would never arrive.
    const wait = vi.fn(() => new Promise<void>(() => undefined));
    beforeRefusals(wait);
    mockFetch(() => jsonResponse(healthyResponse));

    const result = await get();
    expect(result.data).toEqual(healthyResponse);
    expect(wait).not.toHaveBeenCalled();
  });

  it("are reported when what showing them needs failed to load", async () => {
    beforeRefusals(() => Promise.reject(new Error("offline")));
    mockFetch(() => problemResponse(notFound));

    const result = await get();
    expect(result.response.status).toBe(404);
    expect(result.error).toEqual(notFound);
  });
});
