import * as z from "zod/mini";
import type {
  Criterion,
  Field,
  Module,
  OrgLimits,
  Perm,
  Problem,
  Tab,
  TabDisplay,
  UserType,
  UserTypeChange,
} from "../../shared/api/client";
import type { CustomerNotifyKind } from "../../shared/lib/notifySettings";
import type { MfaPolicy } from "../../shared/secondFactor/types";
import {
  MAX_CARD_FIELDS,
  MAX_COLUMNS,
  MAX_CRITERION_VALUES,
  MAX_LABEL_LENGTH,
} from "../../shared/limits.gen";

/**
 * The rules of a portal user type's tabs and field permissions, as the API
 * enforces them (see the UserType and Tab schemas in the OpenAPI document):
 * the console uses them to offer only valid choices. The server stays the
 * judge: its 422 answers name the broken rules by path.
 */

export const MAX_TYPE_NAME = 100;
/** Candidate tabs list this many fields. */
const DEFAULT_COLUMNS = 5;
/** Modules a tab may show as a catalog: every record, read-only. */
export const CATALOG_MODULES: ReadonlySet<string> = new Set(["Products", "Solutions"]);
/** Lookups to these modules link records to portal users: the portal sets them. */
const PORTAL_LINKS: ReadonlySet<string> = new Set(["Contacts", "Leads", "Accounts"]);
export const DEFAULT_LAYOUT = "default";
/** Languages of the customer-facing labels the console edits. */
export const LABEL_LANGUAGES = ["pt-BR", "en", "es"] as const;
export const BASE_MODULES = ["Contacts", "Leads"] as const;
export type BaseModule = (typeof BASE_MODULES)[number];
export type Scope = Tab["scope"];
export type PermissionsByModule = Record<string, Record<string, Perm>>;
export type ServerErrors = NonNullable<Problem["errors"]>;

/** Seats of the license pool that no licensed type holds yet. */
export function poolLeft(items: UserType[], limits: OrgLimits): number {
  const allocated = items.reduce((sum, item) => sum + (item.free ? 0 : item.seats), 0);
  return Math.max(limits.licensePool - allocated, 0);
}

// ------------------------------------------------------------------ fields

/** Lookup fields of `module` that point to `target`, in field order. */
export function lookupsTo(module: Module, target: string): Field[] {
  return module.fields.filter((field) => field.type === "lookup" && field.lookupModule === target);
}

/** Records of `base` link to an Account (Contacts), which makes account scope possible. */
export function hasAccount(base: Module): boolean {
  return base.fields.some(
    (field) =>
      field.apiName === "Account_Name" &&
      field.type === "lookup" &&
      field.lookupModule === "Accounts",
  );
}

/** Fields a list column, a card or a filter can use: all but line items. */
export function displayableFields(module: Module): Field[] {
  return module.fields.filter((field) => field.type !== "lineitems");
}

export function picklistFields(module: Module): Field[] {
  return module.fields.filter(
    (field) => field.type === "picklist" || field.type === "multipicklist",
  );
}

/** A field's permission for a user type; a field not listed is hidden. */
export function effectivePerm(perms: Record<string, Perm> | undefined, field: Field): Perm {
  const perm = perms?.[field.apiName];
  if (perm === "write") return field.system ? "read" : "write";
  return perm === "read" ? "read" : "hidden";
}

/**
 * Why portal users can never write `field` in `tab`, or undefined when they
 * may: system fields, the fields that link records to portal users (the
 * tab's scope field, lookups to Contacts, Leads or Accounts) and every field
 * of a catalog.
 */
export function writeBlock(
  tab: Tab | undefined,
  field: Field,
): "system" | "portal" | "catalog" | undefined {
  if (field.system) return "system";
  if (tab?.scopeField && tab.scopeField === field.apiName) return "portal";
  if (field.type === "lookup" && PORTAL_LINKS.has(field.lookupModule ?? "")) return "portal";
  if (tab?.scope === "catalog") return "catalog";
  return undefined;
}

// ------------------------------------------------------------------- tabs

/** One scope a tab may have, with the lookups that can carry it. */
export interface ScopeChoice {
  scope: Scope;
  /** Candidate scope fields: lookups to the base module (own) or to Accounts (account). */
  fields: Field[];
}

/**
 * The scopes a tab of `module` may have in a user type based on `base`: the
 * base module's own tab shows the user's own record; another module's tab
 * shows records linked to the user (own, through a lookup to the base
 * module), to the user's account (account, Contacts-based types only) or
 * every record (catalog, Products and Solutions).
 */
export function scopeChoices(module: Module, base: Module): ScopeChoice[] {
  if (module.apiName === base.apiName) return [{ scope: "own", fields: [] }];
  const choices: ScopeChoice[] = [];
  const own = lookupsTo(module, base.apiName);
  if (own.length > 0) choices.push({ scope: "own", fields: own });
  if (hasAccount(base)) {
    const account = lookupsTo(module, "Accounts");
    if (account.length > 0) choices.push({ scope: "account", fields: account });
  }
  if (CATALOG_MODULES.has(module.apiName)) choices.push({ scope: "catalog", fields: [] });
  return choices;
}

/** The first fields of a module's default layout that a list can show. */
export function defaultColumns(module: Module): string[] {
  const shown = new Set(displayableFields(module).map((field) => field.apiName));
  const layout =
    module.layouts.find((candidate) => candidate.id === DEFAULT_LAYOUT) ?? module.layouts[0];
  const names = layout ? layout.sections.flatMap((section) => section.fields) : [];
  const columns = [...new Set(names)].filter((name) => shown.has(name));
  const source = columns.length > 0 ? columns : [...shown];
  return source.slice(0, DEFAULT_COLUMNS);
}

/**
 * A new tab of `module` for a type based on `base`, off and with the
 * defaults the API gives candidate tabs: the first possible scope, the
 * default layout, view only (and edit on the user's own record), a list of
 * the default layout's first fields. Undefined when no scope is possible.
 */
export function candidateTab(module: Module, base: Module): Tab | undefined {
  const choice = scopeChoices(module, base)[0];
  if (!choice) return undefined;
  const isBase = module.apiName === base.apiName;
  const layout =
    module.layouts.find((candidate) => candidate.id === DEFAULT_LAYOUT) ?? module.layouts[0];
  return {
    module: module.apiName,
    enabled: false,
    scope: choice.scope,
    scopeField: choice.fields[0]?.apiName ?? "",
    layouts: layout ? [layout.id] : [],
    create: false,
    edit: isBase,
    view: true,
    delete: false,
    display: { kind: "list", columns: defaultColumns(module) },
    filterable: [],
    notes: false,
    attachments: false,
  };
}

/** The candidate tabs of a type based on `base`: its own tab first, then one per module. */
export function candidateTabs(base: Module, modules: Module[]): Tab[] {
  const tabs: Tab[] = [];
  const own = candidateTab(base, base);
  if (own) tabs.push(own);
  for (const module of modules) {
    if (module.apiName === base.apiName) continue;
    const tab = candidateTab(module, base);
    if (tab) tabs.push(tab);
  }
  return tabs;
}

/** Actions a tab allows: the user's own record is never created or deleted, a catalog is read-only. */
export function allowedActions(tab: Tab, baseModule: string) {
  const isBase = tab.module === baseModule;
  const catalog = tab.scope === "catalog";
  return {
    create: !catalog && !isBase,
    edit: !catalog,
    view: true,
    delete: !catalog && !isBase,
    notes: !catalog,
    attachments: !catalog,
  };
}

/** Switches a tab's display kind, carrying its fields over. */
export function switchDisplay(display: TabDisplay, kind: TabDisplay["kind"]): TabDisplay {
  if (display.kind === kind) return display;
  if (kind === "canvas") {
    const [title = "", subtitle = "", ...rest] = display.columns ?? [];
    return { kind, title, subtitle, cardFields: rest.slice(0, MAX_CARD_FIELDS) };
  }
  const columns = [display.title, display.subtitle, ...(display.cardFields ?? [])].filter(
    (name): name is string => Boolean(name),
  );
  return { kind, columns: columns.slice(0, MAX_COLUMNS) };
}

/** Changes a tab's scope, picking the first possible scope field. */
export function withScope(tab: Tab, scope: Scope, choices: ScopeChoice[]): Tab {
  const choice = choices.find((candidate) => candidate.scope === scope);
  const scopeField = choice?.fields[0]?.apiName ?? "";
  if (scope !== "catalog") return { ...tab, scope, scopeField };
  // A catalog is read-only and shows nothing private.
  return {
    ...tab,
    scope,
    scopeField,
    create: false,
    edit: false,
    delete: false,
    view: true,
    notes: false,
    attachments: false,
  };
}

/** Sets one action, keeping view on whenever another action needs it. */
export function withAction(
  tab: Tab,
  action: "create" | "edit" | "view" | "delete" | "notes" | "attachments",
  on: boolean,
): Tab {
  const next = { ...tab, [action]: on };
  if (on && action !== "view") next.view = true;
  if (!on && action === "view") {
    next.create = false;
    next.edit = false;
    next.delete = false;
    next.notes = false;
    next.attachments = false;
  }
  return next;
}

/** A copy of `record` without `key`. */
export function without<V>(record: Record<string, V>, key: string): Record<string, V> {
  return Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));
}

/** Sets or (with `undefined`) removes a tab's fixed criterion. */
export function withFixed(tab: Tab, fixed: Criterion | undefined): Tab {
  if (fixed) return { ...tab, fixed };
  const { fixed: removed, ...rest } = tab;
  return removed ? rest : tab;
}

/** Sets one customer-facing label of a picklist value; an empty text removes it. */
export function withLabel(
  labels: NonNullable<Tab["picklistLabels"]>,
  field: string,
  value: string,
  language: string,
  text: string,
): NonNullable<Tab["picklistLabels"]> {
  const byValue = labels[field] ?? {};
  const byLanguage = byValue[value] ?? {};
  const nextLanguages = text ? { ...byLanguage, [language]: text } : without(byLanguage, language);
  const nextValues =
    Object.keys(nextLanguages).length > 0
      ? { ...byValue, [value]: nextLanguages }
      : without(byValue, value);
  return Object.keys(nextValues).length > 0
    ? { ...labels, [field]: nextValues }
    : without(labels, field);
}

// ------------------------------------------------------------- the editor

/** What the user type editor holds. */
export interface EditorState {
  name: string;
  baseModule: string;
  /** Text of the seats input (licensed types). */
  seats: string;
  /** The portal opens the first tab instead of the home (absent: the home). */
  openFirstTab?: boolean;
  /** The kinds of notification the type's users get (absent: all, as the API's default). */
  notify?: CustomerNotifyKind[];
  /** The second-factor policy of the type's users (absent: the API's default, optional). */
  mfa?: MfaPolicy;
  /** Account admins may invite and manage the type's users (absent: staff only). */
  delegable?: boolean;
  /** The type's users may sign in with a passkey alone. */
  passkeyLogin?: boolean;
  tabs: Tab[];
  fields: PermissionsByModule;
}

function normalizeTab(tab: Tab): Tab {
  return {
    ...tab,
    display:
      tab.display.kind === "canvas"
        ? {
            kind: "canvas",
            title: tab.display.title ?? "",
            subtitle: tab.display.subtitle ?? "",
            cardFields: tab.display.cardFields ?? [],
          }
        : { kind: "list", columns: tab.display.columns ?? [] },
  };
}

export function editorState(userType: UserType): EditorState {
  return {
    name: userType.name,
    baseModule: userType.baseModule,
    seats: String(userType.seats),
    openFirstTab: userType.openFirstTab ?? false,
    notify: [...userType.notify],
    mfa: userType.mfa ?? "optional",
    delegable: userType.delegable ?? false,
    passkeyLogin: userType.passkeyLogin ?? false,
    tabs: (userType.tabs ?? []).map(normalizeTab),
    fields: userType.fields ?? {},
  };
}

function pruneLabels(labels: Tab["picklistLabels"]): Tab["picklistLabels"] {
  if (!labels) return undefined;
  const out: NonNullable<Tab["picklistLabels"]> = {};
  for (const [field, values] of Object.entries(labels)) {
    for (const [value, languages] of Object.entries(values)) {
      for (const [language, label] of Object.entries(languages)) {
        const text = label.trim();
        if (!text) continue;
        ((out[field] ??= {})[value] ??= {})[language] = text;
      }
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function apiTab(tab: Tab): Tab {
  const display: TabDisplay =
    tab.display.kind === "canvas"
      ? {
          kind: "canvas",
          title: tab.display.title ?? "",
          ...(tab.display.subtitle ? { subtitle: tab.display.subtitle } : {}),
          cardFields: tab.display.cardFields ?? [],
        }
      : { kind: "list", columns: tab.display.columns ?? [] };
  const { fixed, picklistLabels, ...rest } = tab;
  const labels = pruneLabels(picklistLabels);
  const criterion: Criterion | undefined = fixed && {
    ...fixed,
    values: fixed.values.map((value) => value.trim()),
  };
  return {
    ...rest,
    display,
    ...(criterion ? { fixed: criterion } : {}),
    ...(labels ? { picklistLabels: labels } : {}),
  };
}

/**
 * The PUT body of the edited type. Hidden is the default, so only read and
 * read-write fields are listed; a licensed type always sends its seats
 * (every property is replaced).
 */
export function toChange(state: EditorState, free: boolean): UserTypeChange {
  const fields: PermissionsByModule = {};
  for (const [module, perms] of Object.entries(state.fields)) {
    const listed = Object.entries(perms).filter(([, perm]) => perm !== "hidden");
    if (listed.length > 0) fields[module] = Object.fromEntries(listed);
  }
  return {
    name: state.name.trim(),
    baseModule: state.baseModule as BaseModule,
    ...(free ? {} : { seats: state.seats.trim() === "" ? Number.NaN : Number(state.seats) }),
    ...(state.openFirstTab ? { openFirstTab: true } : {}),
    ...(state.notify ? { notify: state.notify } : {}),
    ...(state.mfa ? { mfa: state.mfa } : {}),
    ...(state.delegable && state.baseModule === "Contacts" ? { delegable: true } : {}),
    ...(state.passkeyLogin ? { passkeyLogin: true } : {}),
    tabs: state.tabs.map(apiTab),
    fields,
  };
}

// ------------------------------------------------------------- validation

export interface ValidationTexts {
  required: string;
  nameLength: string;
  seats: string;
  seatsBelowUsers: string;
  layouts: string;
  columns: string;
  cardFields: string;
  repeats: string;
  criterionOne: string;
  criterionMany: string;
  labelLength: string;
}

/** An issue path as the API writes it: `tabs[0].display.columns[1]`. */
export function apiPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${String(key)}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function noRepeats(texts: ValidationTexts) {
  return z.superRefine<string[]>((names, ctx) => {
    names.forEach((name, index) => {
      if (name && names.indexOf(name) < index) {
        ctx.issues.push({ code: "custom", message: texts.repeats, input: name, path: [index] });
      }
    });
  });
}

function changeSchema(texts: ValidationTexts, users: number) {
  const fieldName = z.string().check(z.minLength(1, texts.required));
  const display = z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("list"),
      columns: z
        .array(fieldName)
        .check(
          z.minLength(1, texts.columns),
          z.maxLength(MAX_COLUMNS, texts.columns),
          noRepeats(texts),
        ),
    }),
    z.object({
      kind: z.literal("canvas"),
      title: fieldName,
      subtitle: z.optional(z.string()),
      cardFields: z
        .array(fieldName)
        .check(z.maxLength(MAX_CARD_FIELDS, texts.cardFields), noRepeats(texts)),
    }),
  ]);
  const criterion = z
    .object({
      field: fieldName,
      op: z.enum(["eq", "ne", "in"]),
      values: z.array(z.string().check(z.minLength(1, texts.required))),
    })
    .check(
      z.superRefine((value, ctx) => {
        const one = value.op !== "in";
        const count = value.values.length;
        if (one ? count !== 1 : count < 1 || count > MAX_CRITERION_VALUES) {
          ctx.issues.push({
            code: "custom",
            message: one ? texts.criterionOne : texts.criterionMany,
            input: value.values,
            path: ["values"],
          });
        }
      }),
    );
  const label = z.string().check(z.maxLength(MAX_LABEL_LENGTH, texts.labelLength));
  const tab = z.object({
    layouts: z.array(z.string()).check(z.minLength(1, texts.layouts)),
    display,
    fixed: z.optional(criterion),
    picklistLabels: z.optional(
      z.record(z.string(), z.record(z.string(), z.record(z.string(), label))),
    ),
  });
  return z.object({
    name: z
      .string()
      .check(z.minLength(1, texts.required), z.maxLength(MAX_TYPE_NAME, texts.nameLength)),
    seats: z.optional(
      z.number().check(
        z.refine((value) => Number.isInteger(value) && value >= 0, texts.seats),
        z.refine(
          (value) => !Number.isInteger(value) || value < 0 || value >= users,
          texts.seatsBelowUsers,
        ),
      ),
    ),
    tabs: z.array(tab),
  });
}

/** Problems the console can see before sending, as the API would name them. */
export function checkChange(
  change: UserTypeChange,
  texts: ValidationTexts,
  users: number,
): ServerErrors {
  const result = changeSchema(texts, users).safeParse(change);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    field: apiPath(issue.path),
    message: issue.message,
  }));
}

// ------------------------------------------------------------ error paths

/** Errors by API path, for the controls to show next to themselves. */
export class ErrorIndex {
  private readonly byPath = new Map<string, string[]>();
  readonly all: ServerErrors;

  constructor(errors: ServerErrors = []) {
    this.all = errors;
    for (const error of errors) {
      const list = this.byPath.get(error.field) ?? [];
      list.push(error.message);
      this.byPath.set(error.field, list);
    }
  }

  /** Messages for exactly this path. */
  at(path: string): string[] {
    return this.byPath.get(path) ?? [];
  }

  /** Messages for this path and everything under it (`x`, `x.y`, `x[0]`). */
  under(path: string): string[] {
    return this.all
      .filter(
        (error) =>
          error.field === path ||
          error.field.startsWith(`${path}.`) ||
          error.field.startsWith(`${path}[`),
      )
      .map((error) => error.message);
  }

  /** The tab index an error path is about, if any. */
  static tabIndex(path: string): number | undefined {
    const match = /^tabs\[(\d+)\]/.exec(path);
    return match ? Number(match[1]) : undefined;
  }

  /** The module of a `fields.<Module>...` path, if any. */
  static fieldsModule(path: string): string | undefined {
    const match = /^fields\.([^.]+)/.exec(path);
    return match?.[1];
  }

  get size(): number {
    return this.all.length;
  }
}
