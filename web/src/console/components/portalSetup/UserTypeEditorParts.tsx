import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Module, type Tab } from "../../../shared/api/client";
import { useLanguage } from "../../session";
import { fieldLabel, moduleLabel, moduleSingularLabel } from "../../../shared/lib/labels";
import { type EditorState } from "../../lib/portalConfig";
import { tabPart } from "../../lib/userTypeEditor";
import "./portalSetup.css";

export function ScopeSummary({
  tab,
  base,
  byName,
}: {
  tab: Tab;
  base: Module | undefined;
  byName: Map<string, Module>;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const baseName = base ? moduleSingularLabel(base, language) : tab.module;
  if (tab.module === base?.apiName) return <>{t("typeEditor.scopeSelf", { module: baseName })}</>;
  if (tab.scope === "catalog") return <>{t("typeEditor.scopeCatalog")}</>;
  const field = byName.get(tab.module)?.fields.find((f) => f.apiName === tab.scopeField);
  const through = field ? fieldLabel(field, language) : tab.scopeField;
  return (
    <>
      {tab.scope === "own"
        ? t("typeEditor.scopeOwnThrough", { module: baseName, field: through })
        : t("typeEditor.scopeAccountThrough", { field: through })}
    </>
  );
}

export function AddTab({
  modules,
  label,
  onAdd,
}: {
  modules: Module[];
  label: (name: string) => string;
  onAdd: (module: Module) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [choice, setChoice] = useState(modules[0]?.apiName ?? "");
  const module = modules.find((candidate) => candidate.apiName === choice) ?? modules[0];
  return (
    <div className="toolbar">
      <div className="inline-field">
        <label htmlFor={id}>{t("typeEditor.addTabModule")}</label>
        <select
          id={id}
          value={module?.apiName ?? ""}
          onChange={(event) => {
            setChoice(event.target.value);
          }}
        >
          {modules.map((candidate) => (
            <option key={candidate.apiName} value={candidate.apiName}>
              {label(candidate.apiName)}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        onClick={() => {
          if (module) onAdd(module);
        }}
      >
        {t("typeEditor.addTab")}
      </button>
      <p className="field-hint">{t("typeEditor.addTabHint")}</p>
    </div>
  );
}

/** A readable name for an error path: "Invoices: column 2", "Cases: Status permission". */
export function PathName({
  path,
  state,
  byName,
}: {
  path: string;
  state: EditorState;
  byName: Map<string, Module>;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const moduleName = (name: string) => {
    const module = byName.get(name);
    return module ? moduleLabel(module, language) : name;
  };
  const fieldName = (moduleApi: string, name: string) => {
    const field = byName.get(moduleApi)?.fields.find((f) => f.apiName === name);
    return field ? fieldLabel(field, language) : name;
  };

  let text: string;
  const fields = /^fields\.([^.]+)\.([^.]+)$/.exec(path);
  const tab = /^tabs\[(\d+)\]\.?(.*)$/.exec(path);
  if (path === "name") text = t("userTypes.name");
  else if (path === "baseModule") text = t("userTypes.baseModule");
  else if (path === "seats") text = t("userTypes.seats");
  else if (fields?.[1] && fields[2]) {
    text = t("typeEditor.pathPermission", {
      module: moduleName(fields[1]),
      field: fieldName(fields[1], fields[2]),
    });
  } else if (tab?.[1] !== undefined) {
    const module = state.tabs[Number(tab[1])]?.module ?? "";
    const rest = tab[2] ?? "";
    const column = /^display\.(columns|cardFields)\[(\d+)\]$/.exec(rest);
    const part = column?.[1]
      ? t(column[1] === "columns" ? "typeEditor.column" : "typeEditor.cardField", {
          n: Number(column[2]) + 1,
        })
      : tabPart(rest, t);
    text = part ? `${moduleName(module)}: ${part}` : moduleName(module);
  } else {
    text = path;
  }
  return <strong>{text}</strong>;
}

/** One-click fixes of an issue the editor found as the admin edits, next to the control. */
export function FixButtons({ fixes }: { fixes: { key: string; label: string; apply: () => void }[] }) {
  if (fixes.length === 0) return null;
  return (
    <span className="fix-buttons">
      {fixes.map((fix) => (
        <button key={fix.key} type="button" className="small" onClick={fix.apply}>
          {fix.label}
        </button>
      ))}
    </span>
  );
}
