import type { Me, MyTabs, PublicPortal } from "../shared/api/client";
import { problemResponse } from "./utils";

/** Fixtures of the customer portal (the /p/:slug pages). */
export const publicPortal: PublicPortal = {
  name: "Acme Portal",
  slug: "acme",
  logoUrl: "https://storage.example/logo.png",
  branding: {
    primaryColor: "#0a5fb4",
    welcome: { en: "Welcome to Acme", "pt-BR": "Bem-vindo à Acme" },
  },
  languages: ["pt-BR", "en"],
};

export function me(overrides: Partial<Me> = {}): Me {
  return {
    id: "pu1",
    email: "maria@cliente.example",
    name: "Maria Silva",
    userType: { id: "ut1", name: "Clientes" },
    preferences: {
      language: "en",
      timeFormat: "24h",
      timeZone: "America/Sao_Paulo",
      country: "BR",
    },
    preferencesSet: true,
    portal: publicPortal,
    firstTab: "Invoices",
    preview: false,
    ...overrides,
  };
}

/** The user of a preview session: the organization's defaults, never saved. */
export const previewMe: Me = me({
  id: "preview",
  email: "preview@portal.invalid",
  name: "Preview",
  preferencesSet: false,
  preview: true,
});

export const emptyTabs: MyTabs = {
  preview: false,
  userType: { id: "ut1", name: "Clientes" },
  tabs: [],
};

export const unauthorized = () =>
  problemResponse({ type: "/problems/unauthorized", title: "Unauthorized", status: 401 });

export const gone = () =>
  problemResponse({ type: "/problems/gone", title: "Gone", status: 410 });
