import type { Field, Module, Tab } from "../../shared/api/client";
import {
  effectivePerm,
  toChange,
  writeBlock,
  type EditorState,
  type ServerErrors,
} from "./portalConfig";

/**
 * The rules of shared/access ValidateUserType that a person can break by
 * editing field permissions or a tab in the console, checked as they edit
 * so the editor flags them at once with a fix. They apply to enabled tabs
 * only, as on the server; the server stays the judge and its 422 answers
 * name the same paths.
 */

/** Where a hidden field is still in use: a list column, the card's title, subtitle or a card field, a filter. */
export type Place =
  | { kind: "column"; index: number }
  | { kind: "title" }
  | { kind: "subtitle" }
  | { kind: "cardField"; index: number }
  | { kind: "filter"; index: number };

/** One way out of an issue, applied by [applyFix]. */
export type Fix =
  | { kind: "makeRead"; module: string; field: string }
  | { kind: "makeWrite"; module: string; field: string }
  | { kind: "removeUse"; tab: number; place: Place }
  | { kind: "createOff"; tab: number };

export type Issue =
  /** A hidden field shown or filtered on by an enabled tab. */
  | { rule: "hiddenInUse"; path: string; module: string; field: string; tab: number; place: Place; fixes: Fix[] }
  /** An enabled tab creates records but a required field is not read-write for portal users. */
  | { rule: "createNeedsWrite"; path: string; module: string; field: string; tab: number; fixes: Fix[] }
  /** Read-write on a field portal users can never write (system, set by the portal, catalog). */
  | { rule: "writeBlocked"; path: string; module: string; field: string; fixes: Fix[] };

/** The API path of a place in tab `tab`: `tabs[0].display.columns[1]`, `tabs[0].filterable[0]`. */
export function placePath(tab: number, place: Place): string {
  const p = `tabs[${String(tab)}]`;
  switch (place.kind) {
    case "column":
      return `${p}.display.columns[${String(place.index)}]`;
    case "title":
      return `${p}.display.title`;
    case "subtitle":
      return `${p}.display.subtitle`;
    case "cardField":
      return `${p}.display.cardFields[${String(place.index)}]`;
    case "filter":
      return `${p}.filterable[${String(place.index)}]`;
  }
}

/** The fields tab `tab` shows or filters on, where, skipping repeats as the server does. */
function uses(tab: Tab): { name: string; place: Place }[] {
  const out: { name: string; place: Place }[] = [];
  const display = tab.display;
  if (display.kind === "list") {
    const columns = display.columns ?? [];
    columns.forEach((name, index) => {
      if (columns.indexOf(name) === index) out.push({ name, place: { kind: "column", index } });
    });
  } else {
    const title = display.title ?? "";
    const subtitle = display.subtitle ?? "";
    const cards = display.cardFields ?? [];
    if (title) out.push({ name: title, place: { kind: "title" } });
    if (subtitle && subtitle !== title) out.push({ name: subtitle, place: { kind: "subtitle" } });
    cards.forEach((name, index) => {
      if (name === title || name === subtitle || cards.indexOf(name) < index) return;
      out.push({ name, place: { kind: "cardField", index } });
    });
  }
  tab.filterable.forEach((name, index) => {
    if (tab.filterable.indexOf(name) === index) out.push({ name, place: { kind: "filter", index } });
  });
  return out;
}

/** Whether removing the field from `place` leaves a valid display (a list keeps one column, a card its title). */
function removable(tab: Tab, place: Place): boolean {
  if (place.kind === "title") return false;
  if (place.kind === "column") return (tab.display.columns ?? []).length > 1;
  return true;
}

/**
 * The issues of `state` under the rules above, in tab order then field
 * permissions; `byName` gives a module by API name (unknown ones are left
 * to the server).
 */
export function liveIssues(state: EditorState, byName: ReadonlyMap<string, Module>): Issue[] {
  const issues: Issue[] = [];
  const tabOf = new Map(state.tabs.map((tab) => [tab.module, tab]));
  state.tabs.forEach((tab, index) => {
    const module = byName.get(tab.module);
    if (!module || !tab.enabled) return;
    const perms = state.fields[tab.module];
    const fieldOf = (name: string) => module.fields.find((field) => field.apiName === name);
    for (const use of uses(tab)) {
      const field = fieldOf(use.name);
      if (!field || field.type === "lineitems" || effectivePerm(perms, field) !== "hidden") continue;
      const fixes: Fix[] = [{ kind: "makeRead", module: tab.module, field: field.apiName }];
      if (removable(tab, use.place)) fixes.push({ kind: "removeUse", tab: index, place: use.place });
      issues.push({
        rule: "hiddenInUse",
        path: placePath(index, use.place),
        module: tab.module,
        field: field.apiName,
        tab: index,
        place: use.place,
        fixes,
      });
    }
    const isBase = tab.module === state.baseModule;
    if (tab.create && tab.scope !== "catalog" && !isBase) {
      for (const field of module.fields) {
        if (!field.required || field.apiName === tab.scopeField) continue;
        const blocked = writeBlock(tab, field);
        if (effectivePerm(perms, field) === "write" && blocked !== "portal") continue;
        const fixes: Fix[] = blocked
          ? [{ kind: "createOff", tab: index }]
          : [
              { kind: "makeWrite", module: tab.module, field: field.apiName },
              { kind: "createOff", tab: index },
            ];
        issues.push({
          rule: "createNeedsWrite",
          path: `tabs[${String(index)}].create`,
          module: tab.module,
          field: field.apiName,
          tab: index,
          fixes,
        });
      }
    }
  });
  for (const [moduleName, perms] of Object.entries(state.fields)) {
    const module = byName.get(moduleName);
    if (!module) continue;
    for (const field of module.fields) {
      if (perms[field.apiName] !== "write" || !writeBlock(tabOf.get(moduleName), field)) continue;
      issues.push({
        rule: "writeBlocked",
        path: `fields.${moduleName}.${field.apiName}`,
        module: moduleName,
        field: field.apiName,
        fixes: [{ kind: "makeRead", module: moduleName, field: field.apiName }],
      });
    }
  }
  return issues;
}

/** The permission path of the field an issue is about: the editor flags that row too. */
export function fieldPath(issue: Issue): string {
  return `fields.${issue.module}.${issue.field}`;
}

function withoutAt(list: readonly string[] | undefined, index: number): string[] {
  return (list ?? []).filter((_, at) => at !== index);
}

/** `state` with `fix` applied; everything else is kept as it is. */
export function applyFix(state: EditorState, fix: Fix): EditorState {
  switch (fix.kind) {
    case "makeRead":
    case "makeWrite":
      return {
        ...state,
        fields: {
          ...state.fields,
          [fix.module]: {
            ...state.fields[fix.module],
            [fix.field]: fix.kind === "makeRead" ? "read" : "write",
          },
        },
      };
    case "createOff":
      return {
        ...state,
        tabs: state.tabs.map((tab, at) => (at === fix.tab ? { ...tab, create: false } : tab)),
      };
    case "removeUse":
      return {
        ...state,
        tabs: state.tabs.map((tab, at) => (at === fix.tab ? removeUse(tab, fix.place) : tab)),
      };
  }
}

function removeUse(tab: Tab, place: Place): Tab {
  const display = tab.display;
  switch (place.kind) {
    case "column":
      return { ...tab, display: { ...display, columns: withoutAt(display.columns, place.index) } };
    case "title":
      return { ...tab, display: { ...display, title: "" } };
    case "subtitle":
      return { ...tab, display: { ...display, subtitle: "" } };
    case "cardField":
      return {
        ...tab,
        display: { ...display, cardFields: withoutAt(display.cardFields, place.index) },
      };
    case "filter":
      return { ...tab, filterable: withoutAt(tab.filterable, place.index) };
  }
}

// ------------------------------------------------------- errors of a save

/** What an error path is about in `state`: the part whose change may have answered it. */
function subject(state: EditorState, path: string): unknown {
  const tab = /^tabs\[(\d+)\]/.exec(path);
  if (tab) {
    const found = state.tabs[Number(tab[1])];
    return [state.baseModule, found, found ? state.fields[found.module] : undefined];
  }
  const fields = /^fields\.([^.]+)/.exec(path);
  if (fields?.[1]) {
    const module = fields[1];
    return [state.baseModule, state.fields[module], state.tabs.find((t) => t.module === module)];
  }
  if (path === "name") return state.name;
  if (path === "seats") return state.seats;
  return state;
}

/** JSON with object keys sorted, so two equal states compare equal whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * The errors of a refused save that still stand: an error is answered once
 * what it is about (its tab and that module's permissions, its module's
 * permissions and tab, or the general setting it names) has changed since
 * `then`; errors at a path a live issue names give way to that issue.
 */
export function standingErrors(
  errors: ServerErrors,
  then: EditorState,
  now: EditorState,
  live: readonly Issue[],
): ServerErrors {
  const livePaths = new Set(live.map((issue) => issue.path));
  return errors.filter(
    (error) =>
      !livePaths.has(error.field) &&
      canonical(subject(then, error.field)) === canonical(subject(now, error.field)),
  );
}

/** Whether two editor states would save the same user type (a field set hidden is a field not listed). */
export function sameState(a: EditorState, b: EditorState): boolean {
  return canonical(toChange(a, false)) === canonical(toChange(b, false));
}

/** A field of `module` by API name. */
export function fieldNamed(module: Module | undefined, name: string): Field | undefined {
  return module?.fields.find((field) => field.apiName === name);
}
