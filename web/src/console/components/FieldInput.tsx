import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { useController, useFieldArray, useWatch, type Control, type UseFormRegister } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { adminKeys, fetchRecords, useModules } from "../api/admin";
import type { CrmRecord, Ref } from "../../shared/api/client";
import {
  FieldInput as PlainFieldInput,
  type ComplexInputs,
  type FieldInputProps,
  type LookupFieldProps,
} from "../../shared/components/FieldInput";
import { ScrollRegion } from "../../shared/components/ScrollRegion";
import { useFormatContext, useLanguage } from "../session";
import { formatCurrency } from "../../shared/lib/format";
import { fieldLabel, moduleLabel } from "../../shared/lib/labels";
import { errorMessage, lineRowTotal, type LineRow } from "../../shared/lib/recordForm";
import "./FieldInput.css";

/** A labelled form control for one field, lookups and line items included. */
export function FieldInput(props: FieldInputProps) {
  return <PlainFieldInput {...props} complex={complexInputs} />;
}

function LookupField({ name, control, ...rest }: LookupFieldProps) {
  const { field } = useController({ name, control });
  const value =
    field.value && typeof field.value === "object" && "id" in field.value ? field.value : null;
  return (
    <LookupInput
      {...rest}
      value={value}
      onChange={(ref) => {
        field.onChange(ref);
      }}
      onBlur={field.onBlur}
    />
  );
}

interface LookupInputProps {
  inputId: string;
  label: string;
  targetModule: string;
  value: Ref | null;
  onChange: (value: Ref | null, record?: CrmRecord) => void;
  onBlur?: () => void;
  invalid?: boolean;
  describedBy?: string | undefined;
}

const LOOKUP_PAGE = 10;

/**
 * A search box over the target module's records (by its name field) that
 * sets a lookup to the chosen record.
 */
export function LookupInput({
  inputId,
  label,
  targetModule,
  value,
  onChange,
  onBlur,
  invalid,
  describedBy,
}: LookupInputProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const listId = useId();
  const modules = useModules();
  const target = modules.data?.find((module) => module.apiName === targetModule);
  const nameField = target?.nameField;
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [search, setSearch] = useState("");
  const [active, setActive] = useState(-1);

  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(text.trim());
    }, 250);
    return () => {
      clearTimeout(timer);
    };
  }, [text]);

  const query = {
    limit: LOOKUP_PAGE,
    ...(nameField ? { sort: nameField } : {}),
    filters: nameField && search ? { [`filter.${nameField}.contains`]: search } : {},
  };
  const results = useQuery({
    queryKey: adminKeys.recordList(targetModule, query),
    queryFn: ({ signal }) => fetchRecords(targetModule, query, signal),
    enabled: open && Boolean(nameField),
  });
  const items = results.data?.items ?? [];
  const nameOf = (record: CrmRecord) => {
    const raw = nameField ? record.fields[nameField] : undefined;
    return typeof raw === "string" || typeof raw === "number" ? String(raw) : record.id;
  };

  const choose = (record: CrmRecord) => {
    onChange({ id: record.id, name: nameOf(record) }, record);
    setOpen(false);
    setText("");
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, items.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === "Enter") {
      if (open) event.preventDefault();
      const record = items[active];
      if (open && record) choose(record);
    } else if (event.key === "Escape") {
      setOpen(false);
    }
  };

  const activeId = active >= 0 && items[active] ? `${listId}-${String(active)}` : undefined;
  const placeholder = t("recordForm.lookupSearch", {
    module: target ? moduleLabel(target, language) : targetModule,
  });

  return (
    <div className="lookup">
      <div className="lookup-row">
        <input
          id={inputId}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open ? activeId : undefined}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={describedBy}
          placeholder={placeholder}
          value={open ? text : (value?.name ?? "")}
          onFocus={() => {
            setOpen(true);
            setText("");
            setActive(-1);
          }}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onBlur={() => {
            setOpen(false);
            onBlur?.();
          }}
          onKeyDown={onKeyDown}
        />
        {value && (
          <button
            type="button"
            className="link-button"
            aria-label={t("recordForm.lookupClear", { field: label })}
            onClick={() => {
              onChange(null);
            }}
          >
            ×
          </button>
        )}
      </div>
      {open && (
        <ul id={listId} role="listbox" className="lookup-list" aria-label={placeholder}>
          {results.isFetching && items.length === 0 && (
            <li className="muted" role="presentation">
              {t("recordForm.lookupSearching")}
            </li>
          )}
          {!results.isFetching && results.data && items.length === 0 && (
            <li className="muted" role="presentation">
              {t("recordForm.lookupNoResults")}
            </li>
          )}
          {items.map((record, index) => (
            <li
              key={record.id}
              id={`${listId}-${String(index)}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? "active" : undefined}
              // mousedown, not click: the input's blur would close the list first
              onMouseDown={(event) => {
                event.preventDefault();
                choose(record);
              }}
            >
              {nameOf(record)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

type LineValues = Record<string, LineRow[]>;

function LineItemsInput({ field, control, register, errors }: FieldInputProps) {
  const { t } = useTranslation();
  const format = useFormatContext();
  const id = useId();
  const name = field.apiName;
  const lineControl = control as unknown as Control<LineValues>;
  const lineRegister = register as unknown as UseFormRegister<LineValues>;
  const { fields: rows, append, remove, update } = useFieldArray({ control: lineControl, name });
  const values = useWatch({ control: lineControl, name });
  const label = fieldLabel(field, useLanguage());

  return (
    <>
      {rows.length > 0 && (
        <ScrollRegion label={t("recordForm.lineCaption", { field: label })}>
          <table className="line-table">
            <caption className="visually-hidden">
              {t("recordForm.lineCaption", { field: label })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("recordForm.lineProduct")}</th>
                <th scope="col">{t("recordForm.lineQuantity")}</th>
                <th scope="col">{t("recordForm.lineUnitPrice")}</th>
                <th scope="col">{t("recordForm.lineDiscount")}</th>
                <th scope="col">{t("recordForm.lineTax")}</th>
                <th scope="col" className="numeric">
                  {t("recordForm.lineTotal")}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t("recordForm.lineActions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const current = values[index] ?? row;
                const total = lineRowTotal(current);
                const base = `${name}.${String(index)}` as const;
                const productError = errorMessage(errors, `${base}.product`);
                const quantityError = errorMessage(errors, `${base}.quantity`);
                const priceError = errorMessage(errors, `${base}.unitPrice`);
                const discountError = errorMessage(errors, `${base}.discount`);
                const taxError = errorMessage(errors, `${base}.tax`);
                const rowId = `${id}-${String(index)}`;
                return (
                  <tr key={row.id}>
                    <td>
                      <label className="visually-hidden" htmlFor={`${rowId}-product`}>
                        {t("recordForm.lineProduct")} {index + 1}
                      </label>
                      <LookupInput
                        inputId={`${rowId}-product`}
                        label={`${t("recordForm.lineProduct")} ${String(index + 1)}`}
                        targetModule={field.lookupModule ?? "Products"}
                        value={current.product}
                        invalid={Boolean(productError)}
                        onChange={(product, record) => {
                          const listed = record?.fields.Unit_Price;
                          update(index, {
                            ...current,
                            product,
                            unitPrice:
                              current.unitPrice || typeof listed !== "string"
                                ? current.unitPrice
                                : listed,
                          });
                        }}
                      />
                      {productError && <p className="field-error">{productError}</p>}
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={`${rowId}-quantity`}>
                        {t("recordForm.lineQuantity")} {index + 1}
                      </label>
                      <input
                        id={`${rowId}-quantity`}
                        type="number"
                        step="any"
                        min="0"
                        aria-invalid={quantityError ? true : undefined}
                        {...lineRegister(`${base}.quantity`)}
                      />
                      {quantityError && <p className="field-error">{quantityError}</p>}
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={`${rowId}-price`}>
                        {t("recordForm.lineUnitPrice")} {index + 1}
                      </label>
                      <input
                        id={`${rowId}-price`}
                        type="number"
                        step="0.01"
                        aria-invalid={priceError ? true : undefined}
                        {...lineRegister(`${base}.unitPrice`)}
                      />
                      {priceError && <p className="field-error">{priceError}</p>}
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={`${rowId}-discount`}>
                        {t("recordForm.lineDiscount")} {index + 1}
                      </label>
                      <input
                        id={`${rowId}-discount`}
                        type="number"
                        step="0.01"
                        min="0"
                        aria-invalid={discountError ? true : undefined}
                        {...lineRegister(`${base}.discount`)}
                      />
                      {discountError && <p className="field-error">{discountError}</p>}
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={`${rowId}-tax`}>
                        {t("recordForm.lineTax")} {index + 1}
                      </label>
                      <input
                        id={`${rowId}-tax`}
                        type="number"
                        step="any"
                        min="0"
                        max="100"
                        aria-invalid={taxError ? true : undefined}
                        {...lineRegister(`${base}.tax`)}
                      />
                      {taxError && <p className="field-error">{taxError}</p>}
                    </td>
                    <td className="numeric">{formatCurrency(total, format)}</td>
                    <td>
                      <button
                        type="button"
                        aria-label={t("recordForm.lineRemove", { number: index + 1 })}
                        onClick={() => {
                          remove(index);
                        }}
                      >
                        {t("recordForm.lineRemoveShort")}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <button
        type="button"
        className="line-add"
        onClick={() => {
          append({ product: null, quantity: "1", unitPrice: "", discount: "", tax: "" });
        }}
      >
        {t("recordForm.lineAdd")}
      </button>
    </>
  );
}

const complexInputs: ComplexInputs = { Lookup: LookupField, LineItems: LineItemsInput };
