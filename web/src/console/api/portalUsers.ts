import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { adminKeys, signalOption } from "./admin";
import {
  api,
  ok,
  REQUESTED_WITH,
  type EmailTemplate,
  type EmailTemplateChange,
  type PortalUser,
  type PortalUserList,
  type PortalUserStatus,
} from "../../shared/api/client";

// -------------------------------------------------------------- invitation

/** Invites the person of a Contacts or Leads record as a user of `userTypeId`. */
export async function sendInvitation(
  module: string,
  id: string,
  userTypeId: string,
): Promise<PortalUser> {
  return ok(
    await api.POST("/api/admin/records/{module}/{id}/invitation", {
      params: { path: { module, id }, header: REQUESTED_WITH },
      body: { userTypeId },
    }),
  );
}

// ------------------------------------------------------------ portal users

/** Number of portal users one page asks for. */
export const PORTAL_USERS_PAGE = 25;

export interface PortalUserQuery {
  status?: PortalUserStatus;
  userTypeId?: string;
  cursor?: string;
}

export async function fetchPortalUsers(
  query: PortalUserQuery,
  signal?: AbortSignal,
): Promise<PortalUserList> {
  return ok(
    await api.GET("/api/admin/portal-users", {
      params: { query: { limit: PORTAL_USERS_PAGE, ...query } },
      ...signalOption(signal),
    }),
  );
}

export function usePortalUsers(query: PortalUserQuery) {
  return useQuery({
    queryKey: adminKeys.portalUserList(query),
    queryFn: ({ signal }) => fetchPortalUsers(query, signal),
    placeholderData: keepPreviousData,
  });
}

export type PortalUserAction = "resend" | "revoke" | "deactivate" | "activate" | "change-type";

/**
 * Acts on a portal user. The answer is the user after the action, or
 * undefined for `revoke` (204).
 */
export async function portalUserAction(
  id: string,
  action: PortalUserAction,
  userTypeId?: string,
): Promise<PortalUser | undefined> {
  return ok(
    await api.POST("/api/admin/portal-users/{id}/{action}", {
      params: { path: { id, action }, header: REQUESTED_WITH },
      ...(action === "change-type" ? { body: { userTypeId: userTypeId ?? "" } } : {}),
    }),
  );
}

/** Erases a portal user's portal data; the CRM record stays. */
export async function erasePortalUser(id: string): Promise<void> {
  ok(
    await api.DELETE("/api/admin/portal-users/{id}", {
      params: { path: { id }, header: REQUESTED_WITH },
    }),
  );
}

// --------------------------------------------------------- email templates

export type TemplateName = EmailTemplate["name"];
export type TemplateLanguage = "en" | "pt-BR" | "es";

export async function fetchEmailTemplates(signal?: AbortSignal): Promise<EmailTemplate[]> {
  return ok(await api.GET("/api/admin/email-templates", signalOption(signal))).items;
}

export function useEmailTemplates() {
  return useQuery({
    queryKey: adminKeys.emailTemplates,
    queryFn: ({ signal }) => fetchEmailTemplates(signal),
  });
}

export async function saveEmailTemplate(
  name: TemplateName,
  lang: TemplateLanguage,
  change: EmailTemplateChange,
): Promise<EmailTemplate> {
  return ok(
    await api.PUT("/api/admin/email-templates/{name}/{lang}", {
      params: { path: { name, lang }, header: REQUESTED_WITH },
      body: change,
    }),
  );
}

/** Goes back to the standard text; the answer is the standard template. */
export async function restoreEmailTemplate(
  name: TemplateName,
  lang: TemplateLanguage,
): Promise<EmailTemplate> {
  return ok(
    await api.DELETE("/api/admin/email-templates/{name}/{lang}", {
      params: { path: { name, lang }, header: REQUESTED_WITH },
    }),
  );
}

// ------------------------------------------------------------ account admins

/**
 * Makes a portal user an admin of their Account in the portal, or no longer one (the
 * account-admin action); a 422 names accountAdmin for a user whose Contact has no Account.
 */
export async function setAccountAdmin(id: string, accountAdmin: boolean): Promise<PortalUser> {
  const user = ok(
    await api.POST("/api/admin/portal-users/{id}/{action}", {
      params: { path: { id, action: "account-admin" }, header: REQUESTED_WITH },
      body: { accountAdmin },
    }),
  );
  if (!user) throw new Error("the account-admin action answered no user");
  return user;
}
