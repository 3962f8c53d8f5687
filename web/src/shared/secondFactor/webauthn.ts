/**
 * The browser's side of passkeys (WebAuthn): the API sends a ceremony's options as JSON with
 * its binary members base64url (go-webauthn's encoding); navigator.credentials wants them as
 * bytes, and answers a PublicKeyCredential whose binary members go back as base64url. No
 * dependency: the conversions are these few lines.
 */

/** Options of a ceremony as the API answers them (`{ publicKey: ... }`). */
export interface CeremonyOptions {
  publicKey: Record<string, unknown>;
}

/** base64url (with or without padding) to bytes. */
export function fromBase64url(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const text = atob(padded);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Bytes to base64url without padding. */
export function toBase64url(value: ArrayBuffer | ArrayBufferView): string {
  const bytes =
    value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

interface Descriptor {
  id: string;
  type: string;
  transports?: string[];
}

function descriptors(list: unknown): PublicKeyCredentialDescriptor[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return (list as Descriptor[]).map((d) => ({
    ...d,
    id: fromBase64url(d.id),
    type: "public-key",
    transports: (d.transports ?? []) as AuthenticatorTransport[],
  }));
}

/** The creation options of a registration, binary members decoded. */
export function creationOptions(options: CeremonyOptions): PublicKeyCredentialCreationOptions {
  const pk = options.publicKey;
  const user = pk.user as { id: string; name: string; displayName: string };
  const out = {
    ...pk,
    challenge: fromBase64url(pk.challenge as string),
    user: { ...user, id: fromBase64url(user.id) },
  } as unknown as PublicKeyCredentialCreationOptions;
  const exclude = descriptors(pk.excludeCredentials);
  if (exclude) out.excludeCredentials = exclude;
  return out;
}

/** The request options of an assertion, binary members decoded. */
export function requestOptions(options: CeremonyOptions): PublicKeyCredentialRequestOptions {
  const pk = options.publicKey;
  const out = { ...pk, challenge: fromBase64url(pk.challenge as string) } as unknown as PublicKeyCredentialRequestOptions;
  const allow = descriptors(pk.allowCredentials);
  if (allow) out.allowCredentials = allow;
  return out;
}

/** A PublicKeyCredential as the API reads it: binary members base64url. */
export function credentialJSON(credential: PublicKeyCredential): Record<string, unknown> {
  const r = credential.response;
  const response: Record<string, unknown> = { clientDataJSON: toBase64url(r.clientDataJSON) };
  if ("attestationObject" in r) {
    const att = r as AuthenticatorAttestationResponse;
    response.attestationObject = toBase64url(att.attestationObject);
    if (typeof att.getTransports === "function") response.transports = att.getTransports();
  }
  if ("authenticatorData" in r) {
    const as = r as AuthenticatorAssertionResponse;
    response.authenticatorData = toBase64url(as.authenticatorData);
    response.signature = toBase64url(as.signature);
    if (as.userHandle) response.userHandle = toBase64url(as.userHandle);
  }
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response,
    clientExtensionResults: {},
    ...(credential.authenticatorAttachment ? { authenticatorAttachment: credential.authenticatorAttachment } : {}),
  };
}

/** A passkey's name: 1 to 60 characters (code points) once trimmed, the API's rule. */
export function validPasskeyName(name: string): boolean {
  const trimmed = name.trim();
  return trimmed.length > 0 && Array.from(trimmed).length <= 60;
}

/** Whether this browser can use passkeys at all. */
export function passkeysSupported(): boolean {
  return typeof window !== "undefined" && typeof window.PublicKeyCredential === "function" && !!navigator.credentials;
}

/** Thrown when the person cancels the browser's dialog or no passkey answers it. */
export class PasskeyCancelled extends Error {
  constructor() {
    super("passkey cancelled");
    this.name = "PasskeyCancelled";
  }
}

async function ceremony(run: () => Promise<Credential | null>): Promise<Record<string, unknown>> {
  let credential: Credential | null;
  try {
    credential = await run();
  } catch (error) {
    // NotAllowedError: cancelled, timed out, or no passkey for this site.
    if (error instanceof DOMException && (error.name === "NotAllowedError" || error.name === "AbortError")) {
      throw new PasskeyCancelled();
    }
    throw error;
  }
  if (!credential) throw new PasskeyCancelled();
  return credentialJSON(credential as PublicKeyCredential);
}

/** Creates a passkey with the API's creation options; its JSON for the API's finish. */
export function createPasskey(options: CeremonyOptions): Promise<Record<string, unknown>> {
  return ceremony(() => navigator.credentials.create({ publicKey: creationOptions(options) }));
}

/** Asks for an assertion with the API's request options; its JSON for the API's finish. */
export function getPasskey(options: CeremonyOptions): Promise<Record<string, unknown>> {
  return ceremony(() => navigator.credentials.get({ publicKey: requestOptions(options) }));
}
