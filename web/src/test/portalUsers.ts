import type { PortalUser, UserType } from "../shared/api/client";
import { freeType, licensedType } from "./portal";

/** A user type for Leads, which Contacts records must not be offered. */
export const leadsType: UserType = {
  ...licensedType,
  id: "ut3",
  name: "Prospects",
  baseModule: "Leads",
  users: 1,
  capacity: 5,
};

/** A second Contacts type, full. */
export const fullType: UserType = {
  ...licensedType,
  id: "ut4",
  name: "Parceiros",
  users: 2,
  capacity: 2,
};

export const userTypes = { items: [freeType, licensedType, leadsType, fullType] };

export function portalUser(n: number, overrides: Partial<PortalUser> = {}): PortalUser {
  return {
    id: `pu${String(n)}`,
    email: `maria${String(n)}@cliente.example`,
    name: `Maria ${String(n)}`,
    recordId: `c${String(n)}`,
    recordModule: "Contacts",
    userType: { id: "ut1", name: "Clientes" },
    status: "invited",
    delivery: { state: "sent", at: "2026-11-28T12:00:00Z" },
    invitedAt: "2026-11-28T12:00:00Z",
    invitationExpiresAt: "2026-12-01T12:00:00Z",
    version: 1,
    ...overrides,
  };
}
