import { describe, expect, it } from "vitest";
import { creationOptions, credentialJSON, fromBase64url, requestOptions, toBase64url } from "./webauthn";

describe("base64url", () => {
  it.each([
    ["empty", new Uint8Array([]), ""],
    ["one byte", new Uint8Array([0xfb]), "-w"],
    ["the url-safe letters", new Uint8Array([0xfb, 0xff, 0xbf]), "-_-_"],
    ["two bytes", new Uint8Array([1, 2]), "AQI"],
  ])("%s", (_name, bytes, text) => {
    expect(toBase64url(bytes)).toBe(text);
    expect(Array.from(fromBase64url(text))).toEqual(Array.from(bytes));
  });

  it("reads padded base64url too", () => {
    expect(Array.from(fromBase64url("AQI="))).toEqual([1, 2]);
  });
});

describe("ceremony options", () => {
  it("decodes the creation options' challenge, user id and exclusions", () => {
    const got = creationOptions({
      publicKey: {
        challenge: "AQI",
        rp: { id: "localhost", name: "Acme" },
        user: { id: "cDpv", name: "ana@example.com", displayName: "ana@example.com" },
        excludeCredentials: [{ id: "Aw", type: "public-key" }],
      },
    });
    expect(Array.from(new Uint8Array(got.challenge as ArrayBuffer))).toEqual([1, 2]);
    expect(new TextDecoder().decode(got.user.id as Uint8Array)).toBe("p:o");
    expect(got.rp.id).toBe("localhost");
    expect(Array.from(got.excludeCredentials?.[0]?.id as Uint8Array)).toEqual([3]);
  });

  it("decodes the request options' challenge and allowed credentials", () => {
    const got = requestOptions({ publicKey: { challenge: "AQI", allowCredentials: [{ id: "Aw", type: "public-key" }] } });
    expect(Array.from(got.challenge as Uint8Array)).toEqual([1, 2]);
    expect(Array.from(got.allowCredentials?.[0]?.id as Uint8Array)).toEqual([3]);
  });

  it("leaves allowCredentials out of a discoverable sign-in", () => {
    expect(requestOptions({ publicKey: { challenge: "AQI" } }).allowCredentials).toBeUndefined();
  });
});

describe("credentialJSON", () => {
  it("encodes an assertion's binary members", () => {
    const buf = (...b: number[]) => new Uint8Array(b).buffer;
    const got = credentialJSON({
      id: "Aw",
      rawId: buf(3),
      type: "public-key",
      authenticatorAttachment: null,
      response: { clientDataJSON: buf(1), authenticatorData: buf(2), signature: buf(4), userHandle: buf(5) },
    } as unknown as PublicKeyCredential);
    expect(got).toEqual({
      id: "Aw",
      rawId: "Aw",
      type: "public-key",
      clientExtensionResults: {},
      response: { clientDataJSON: "AQ", authenticatorData: "Ag", signature: "BA", userHandle: "BQ" },
    });
  });
});
