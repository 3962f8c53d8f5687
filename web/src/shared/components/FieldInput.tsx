import { useId, type ComponentType, type ReactNode } from "react";
import type { Control, FieldErrors, UseFormRegister } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Field } from "../api/client";
import { useLanguage } from "../lib/language";
import { fieldLabel, optionLabel } from "../lib/labels";
import { errorMessage, type FormValues } from "../lib/recordForm";

/** What a lookup control gets: the form field's name and how it is labelled. */
export interface LookupFieldProps {
  name: string;
  control: Control<FormValues>;
  inputId: string;
  label: string;
  targetModule: string;
  invalid: boolean;
  describedBy: string | undefined;
}

/**
 * The controls of the field types that need more than the field itself: a
 * lookup searches the CRM's records and line items total in the
 * organization's currency, so only the staff console, which may do both,
 * provides them. Without them such a field is a plain text input (the portal
 * never offers them for writing).
 */
export interface ComplexInputs {
  Lookup: ComponentType<LookupFieldProps>;
  LineItems: ComponentType<FieldInputProps>;
}

export interface FieldInputProps {
  field: Field;
  control: Control<FormValues>;
  register: UseFormRegister<FormValues>;
  errors: FieldErrors<FormValues>;
}

/** A labelled form control for one field, chosen by the field's type. */
export function FieldInput({
  field,
  control,
  register,
  errors,
  complex,
}: FieldInputProps & { complex?: ComplexInputs }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const name = field.apiName;
  const label = fieldLabel(field, language);
  const error = errorMessage(errors, name);
  const errorId = `${id}-error`;
  const common = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? errorId : undefined,
    "aria-required": field.required ? true : undefined,
  } as const;
  // A function, not an element: register() must only run for the control that is rendered.
  const plainInput = () => (
    <input
      type="text"
      maxLength={field.maxLength}
      autoComplete="off"
      {...common}
      {...register(name)}
    />
  );

  const labelElement = (
    <label htmlFor={id}>
      {label}
      {field.required && (
        <span className="required-mark" title={t("common.required")}>
          {" *"}
        </span>
      )}
    </label>
  );
  const errorElement = error && (
    <p id={errorId} className="field-error">
      {error}
    </p>
  );

  let input: ReactNode;
  switch (field.type) {
    case "textarea":
      input = <textarea rows={4} {...common} {...register(name)} />;
      break;
    case "email":
    case "url":
    case "date":
      input = <input type={field.type} {...common} {...register(name)} />;
      break;
    case "phone":
      input = <input type="tel" autoComplete="off" {...common} {...register(name)} />;
      break;
    case "datetime":
      input = <input type="datetime-local" {...common} {...register(name)} />;
      break;
    case "number":
    case "percent":
      input = <input type="number" step="any" {...common} {...register(name)} />;
      break;
    case "currency":
      input = <input type="number" step="0.01" {...common} {...register(name)} />;
      break;
    case "boolean":
      return (
        <div className="form-field form-field-check">
          <input type="checkbox" {...common} {...register(name)} />
          {labelElement}
          {errorElement}
        </div>
      );
    case "picklist":
      input = (
        <select {...common} {...register(name)}>
          <option value="">{t("recordForm.selectNone")}</option>
          {field.options?.map((option) => (
            <option key={option.value} value={option.value}>
              {optionLabel(field, option.value, language)}
            </option>
          ))}
        </select>
      );
      break;
    case "multipicklist":
      input = (
        <>
          <select multiple {...common} {...register(name)}>
            {field.options?.map((option) => (
              <option key={option.value} value={option.value}>
                {optionLabel(field, option.value, language)}
              </option>
            ))}
          </select>
          <p className="field-hint">{t("recordForm.multiHint")}</p>
        </>
      );
      break;
    case "lookup":
      if (!complex) {
        input = plainInput();
        break;
      }
      input = (
        <complex.Lookup
          name={name}
          control={control}
          inputId={id}
          label={label}
          targetModule={field.lookupModule ?? ""}
          invalid={Boolean(error)}
          describedBy={error ? errorId : undefined}
        />
      );
      break;
    case "lineitems":
      if (!complex) {
        input = plainInput();
        break;
      }
      return (
        <fieldset className="form-field line-items">
          <legend>{label}</legend>
          <complex.LineItems field={field} control={control} register={register} errors={errors} />
          {errorElement}
        </fieldset>
      );
    default:
      input = plainInput();
  }

  return (
    <div className="form-field">
      {labelElement}
      {input}
      {errorElement}
    </div>
  );
}
