import { useContext, useMemo } from "react";
import { SessionContext } from "./sessionContext";
import { useTranslation } from "react-i18next";
import { useOrg } from "./api/admin";
import type { StaffSession } from "../shared/api/client";
import { currentLanguage } from "../i18n";
import { formatContext, type FormatContext } from "../shared/lib/format";

export { SessionContext } from "./sessionContext";

export function useSession(): StaffSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside the staff console shell");
  return session;
}

/** Formatting settings from the UI language and the organization's defaults. */
export function useFormatContext(): FormatContext {
  const { i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const { data: org } = useOrg();
  return useMemo(() => formatContext(language, org), [language, org]);
}

export { useLanguage } from "../shared/lib/language";
