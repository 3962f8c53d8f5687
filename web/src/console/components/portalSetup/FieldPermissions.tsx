import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { Module, Perm, Tab } from "../../../shared/api/client";
import { useLanguage } from "../../session";
import { fieldLabel, moduleLabel } from "../../../shared/lib/labels";
import { effectivePerm, writeBlock } from "../../lib/portalConfig";
import type { EditorContext } from "./FieldListChooser";
import { ErrorText } from "./PortalBits";
import "./portalSetup.css";

const PERMS = ["hidden", "read", "write"] as const;

interface FieldPermissionsProps extends EditorContext {
  module: Module;
  tab: Tab | undefined;
  perms: Record<string, Perm> | undefined;
  onChange: (field: string, perm: Perm) => void;
  /** Sets every field that allows it to `perm`. */
  onChangeAll: (perm: Perm) => void;
}

/**
 * The field permissions of one module: a row per field, a radio per
 * permission. A field that is not listed (a new one too) is hidden.
 */
export function FieldPermissions({
  module,
  tab,
  perms,
  onChange,
  onChangeAll,
  errors,
  idFor,
  fixes,
}: FieldPermissionsProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const label = moduleLabel(module, language);
  const permText = {
    hidden: t("typeEditor.permHidden"),
    read: t("typeEditor.permRead"),
    write: t("typeEditor.permWrite"),
  };
  const blockText = {
    system: t("typeEditor.blockSystem"),
    portal: t("typeEditor.blockPortal"),
    catalog: t("typeEditor.blockCatalog"),
  };
  const moduleErrors = errors.at(`fields.${module.apiName}`);

  return (
    <>
      <p className="field-hint">{t("typeEditor.fieldsHint")}</p>
      <ErrorText id={`${idFor(`fields.${module.apiName}`)}-error`} messages={moduleErrors} />
      <p className="page-actions" role="group" aria-label={t("typeEditor.setAll")}>
        {PERMS.map((perm) => (
          <button
            key={perm}
            type="button"
            onClick={() => {
              onChangeAll(perm);
            }}
          >
            {t("typeEditor.setAllTo", { perm: permText[perm] })}
          </button>
        ))}
      </p>
      <div className="table-scroll">
        <table className="records permissions" data-testid={`permissions-${module.apiName}`}>
          <caption className="visually-hidden">
            {t("typeEditor.fieldsCaption", { module: label })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("typeEditor.field")}</th>
              {PERMS.map((perm) => (
                <th scope="col" key={perm} id={`${id}-${perm}`} className="perm-col">
                  {permText[perm]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {module.fields.map((field) => {
              const path = `fields.${module.apiName}.${field.apiName}`;
              const rowId = `${id}-${field.apiName}`;
              const errorId = `${idFor(path)}-error`;
              const messages = errors.at(path);
              const current = effectivePerm(perms, field);
              const blocked = writeBlock(tab, field);
              return (
                <tr key={field.apiName} className={messages.length > 0 ? "row-invalid" : undefined}>
                  <th scope="row">
                    <span id={rowId}>{fieldLabel(field, language)}</span>
                    {field.required && (
                      <span className="required-mark" title={t("common.required")}>
                        {" *"}
                      </span>
                    )}
                    {blocked && <span className="field-hint perm-note"> {blockText[blocked]}</span>}
                    <ErrorText id={errorId} messages={messages} />
                    {fixes(path)}
                  </th>
                  {PERMS.map((perm) => (
                    <td key={perm} className="perm-col">
                      <input
                        id={perm === "hidden" ? idFor(path) : `${idFor(path)}-${perm}`}
                        type="radio"
                        name={`${id}-${field.apiName}`}
                        value={perm}
                        checked={current === perm}
                        disabled={perm === "write" && Boolean(blocked) && current !== "write"}
                        aria-labelledby={`${rowId} ${id}-${perm}`}
                        aria-describedby={messages.length > 0 ? errorId : undefined}
                        onChange={() => {
                          onChange(field.apiName, perm);
                        }}
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
