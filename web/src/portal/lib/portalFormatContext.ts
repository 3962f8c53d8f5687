import type { Preferences } from "../../shared/api/client";
import type { FormatContext } from "../../shared/lib/format";

// A module of its own: the portal's frame builds the context on every page's first load; the
// formatting code (portalFormat.ts) loads with the pages that show values.

/**
 * How the customer portal formats values: numbers and dates in the UI
 * language (which follows the user's saved language), and, with a portal
 * session, in the user's time zone and time format. Money is in the
 * organization's currency (GET /api/p/{slug} answers it), so an English
 * reader of a Brazilian company sees R$4,140.00; without it (an older API)
 * the currency follows the language: reais in Portuguese, US dollars
 * otherwise.
 */
export function portalFormatContext(
  language: string,
  preferences?: Pick<Preferences, "timeZone" | "timeFormat">,
  currency?: string,
): FormatContext {
  return {
    language,
    currency: validCurrency(currency) ?? (language === "pt-BR" ? "BRL" : "USD"),
    hour12: preferences ? preferences.timeFormat === "12h" : undefined,
    timeZone: validTimeZone(preferences?.timeZone),
  };
}

/** The currency code when Intl knows it; an unknown one would make Intl throw. */
function validCurrency(code: string | undefined): string | undefined {
  if (!code) return undefined;
  try {
    new Intl.NumberFormat("en", { style: "currency", currency: code });
    return code;
  } catch {
    return undefined;
  }
}

/** The zone when the browser knows it; an unknown one would make Intl throw. */
function validTimeZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}
