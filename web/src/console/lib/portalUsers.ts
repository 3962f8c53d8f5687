import type { Delivery, PortalUser, PortalUserStatus, UserType } from "../../shared/api/client";
import type { PortalUserAction } from "../api/portalUsers";
import type { Tone } from "../../shared/components/StatusBadge";

/** Modules whose records are people who can be invited to the portal. */
export const INVITABLE_MODULES: readonly string[] = ["Contacts", "Leads"];

export const PORTAL_USER_STATUSES: readonly PortalUserStatus[] = ["invited", "active", "deactivated"];

export function isPortalUserStatus(value: string | null): value is PortalUserStatus {
  return (PORTAL_USER_STATUSES as readonly (string | null)[]).includes(value);
}

export function statusTone(status: PortalUserStatus): Tone {
  return status === "active" ? "good" : status === "invited" ? "warn" : "bad";
}

export function deliveryTone(state: Delivery["state"]): Tone {
  return state === "sent" || state === "delivered" ? "good" : "bad";
}

/** Whether `action` applies to a user: resend and revoke while invited, and so on. */
export function actionApplies(user: Pick<PortalUser, "status">, action: PortalUserAction | "erase"): boolean {
  switch (action) {
    case "resend":
    case "revoke":
      return user.status === "invited";
    case "deactivate":
      return user.status === "invited" || user.status === "active";
    case "activate":
      return user.status === "deactivated";
    case "change-type":
    case "erase":
      return true;
  }
}

/** The user types whose base module is `module` (a portal user is a record of it). */
export function typesFor(types: readonly UserType[] | undefined, module: string): UserType[] {
  return (types ?? []).filter((type) => type.baseModule === module);
}
