import type { TFunction } from "i18next";
import type { Module, Tab, UserType } from "../../shared/api/client";
import { editorState, ErrorIndex, type EditorState } from "./portalConfig";

/** Drops permissions of modules and fields that no longer exist: the API would refuse them. */
export function initialState(userType: UserType, byName: Map<string, Module>): EditorState {
  const state = editorState(userType);
  const fields: EditorState["fields"] = {};
  for (const [module, perms] of Object.entries(state.fields)) {
    const definition = byName.get(module);
    if (!definition) continue;
    const names = new Set(definition.fields.map((field) => field.apiName));
    fields[module] = Object.fromEntries(Object.entries(perms).filter(([name]) => names.has(name)));
  }
  return { ...state, fields };
}

/** The module an error path is about: its tab's, or the one of its field permissions. */
export function moduleOfPath(path: string, tabs: Tab[]): string | undefined {
  const index = ErrorIndex.tabIndex(path);
  if (index !== undefined) return tabs[index]?.module;
  return ErrorIndex.fieldsModule(path);
}

// i18next's TFunction: inferring through ReturnType<typeof useTranslation> goes too deep for tsc.
export type T = TFunction;

/** The control group a path inside a tab belongs to. */
export function tabPart(rest: string, t: T): string {
  const head = /^[A-Za-z]+/.exec(rest)?.[0] ?? "";
  switch (head) {
    case "":
      return "";
    case "module":
      return t("typeEditor.module");
    case "enabled":
      return t("typeEditor.enabled");
    case "scope":
    case "scopeField":
      return t("typeEditor.access");
    case "layouts":
      return t("typeEditor.layouts");
    case "display":
      return t("typeEditor.display");
    case "filterable":
      return t("typeEditor.filterable");
    case "fixed":
      return t("typeEditor.fixed");
    case "picklistLabels":
      return t("typeEditor.labels");
    case "notes":
    case "attachments":
    case "decide":
      return t("typeEditor.extras");
    default:
      return t("typeEditor.permissions");
  }
}
