import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../shared/lib/problems";
import { Link, useNavigate } from "react-router";
import * as z from "zod/mini";
import { adminKeys, useModules } from "../api/admin";
import {
  ApiError,
  type ModuleSummary,
  type OrgLimits,
  type UserType,
  type UserTypeChange,
} from "../../shared/api/client";
import { createUserType, deleteUserType, useUserTypes } from "../api/portalSetup";
import { PortalSetupNav, UsageMeter } from "../components/portalSetup/PortalBits";
import { PreviewControl } from "../components/portalSetup/PreviewControl";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { useLanguage, useSession } from "../session";
import { invalidProps } from "../../shared/lib/aria";
import { moduleLabel } from "../../shared/lib/labels";
import { BASE_MODULES, MAX_TYPE_NAME, poolLeft, type BaseModule } from "../lib/portalConfig";

/** The label of a base module from the module list, else its API name. */
function useModuleName() {
  const language = useLanguage();
  const modules = useModules();
  return (apiName: string) => {
    const summary = modules.data?.find((module) => module.apiName === apiName);
    return summary ? moduleLabel(summary, language) : apiName;
  };
}

/** /admin/portal/user-types */
export function UserTypesPage() {
  const { t } = useTranslation();
  const list = useUserTypes();

  return (
    <>
      <PortalSetupNav />
      <h1>{t("console.sections.userTypes")}</h1>
      <p className="lead">{t("userTypes.intro")}</p>
      {list.error && <ProblemNotice error={list.error} onRetry={() => void list.refetch()} />}
      {!list.data && !list.error && <Loading label={t("console.loading")} />}
      {list.data && <UserTypeList items={list.data.items} limits={list.data.limits} />}
    </>
  );
}

function UserTypeList({ items, limits }: { items: UserType[]; limits: OrgLimits }) {
  const { t } = useTranslation();
  const problems = useProblems();
  const session = useSession();
  const moduleName = useModuleName();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const isAdmin = session.user.role === "admin";
  const full = items.length >= limits.userTypes;
  const remove = useMutation({
    mutationFn: deleteUserType,
    onSuccess: async (_result, id) => {
      setConfirming(undefined);
      queryClient.removeQueries({ queryKey: adminKeys.userType(id) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: adminKeys.userTypes }),
        queryClient.invalidateQueries({ queryKey: adminKeys.licenses }),
      ]);
    },
  });
  const removeError = remove.error;

  return (
    <>
      <p className="limits" data-testid="user-type-limits">
        {t("userTypes.limits", { count: items.length, limit: limits.userTypes })}
      </p>
      {!isAdmin && (
        <p role="status" className="notice notice-warn">
          {t("userTypes.readOnly")}
        </p>
      )}
      {removeError &&
        (removeError instanceof ApiError && removeError.status === 409 ? (
          <div role="alert" className="notice notice-error" data-testid="delete-refused">
            <p className="notice-title">{t("userTypes.deleteRefused")}</p>
            {removeError.problem?.detail && <p>{problems.detail(removeError.problem, removeError.status)}</p>}
          </div>
        ) : (
          <ProblemNotice error={removeError} />
        ))}
      {items.length === 0 ? (
        <p className="muted card">{t("userTypes.empty")}</p>
      ) : (
        <div className="table-scroll card">
          <table className="records user-types">
            <caption className="visually-hidden">{t("userTypes.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("userTypes.name")}</th>
                <th scope="col">{t("userTypes.baseModule")}</th>
                <th scope="col">{t("userTypes.kind")}</th>
                <th scope="col">{t("userTypes.users")}</th>
                {isAdmin && (
                  <th scope="col">
                    <span className="visually-hidden">{t("userTypes.actions")}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} data-testid={`user-type-${item.id}`}>
                  <th scope="row">
                    <Link to={`/admin/portal/user-types/${encodeURIComponent(item.id)}`}>
                      {item.name}
                    </Link>
                  </th>
                  <td>{moduleName(item.baseModule)}</td>
                  <td>
                    <span className={`badge ${item.free ? "badge-good" : "badge-warn"}`}>
                      {item.free ? t("userTypes.free") : t("userTypes.licensed")}
                    </span>
                  </td>
                  <td>
                    <UsageMeter
                      users={item.users}
                      capacity={item.capacity}
                      label={t("userTypes.usageLabel", { name: item.name })}
                    />
                  </td>
                  {isAdmin && (
                    <td>
                      {confirming === item.id ? (
                        <span
                          role="group"
                          aria-label={t("userTypes.confirmDelete", { name: item.name })}
                          className="confirm"
                        >
                          <span>{t("userTypes.confirmDelete", { name: item.name })}</span>{" "}
                          <button
                            type="button"
                            className="danger"
                            disabled={remove.isPending}
                            onClick={() => {
                              remove.mutate(item.id);
                            }}
                          >
                            {remove.isPending
                              ? t("records.deleting")
                              : t("records.confirmDeleteYes")}
                          </button>{" "}
                          <button
                            type="button"
                            onClick={() => {
                              setConfirming(undefined);
                              remove.reset();
                            }}
                          >
                            {t("common.cancel")}
                          </button>
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="danger"
                          aria-label={t("userTypes.deleteNamed", { name: item.name })}
                          onClick={() => {
                            remove.reset();
                            setConfirming(item.id);
                          }}
                        >
                          {t("records.delete")}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isAdmin && items.length > 0 && <PreviewControl userTypes={items} />}
      {isAdmin &&
        (full ? (
          <p className="notice notice-warn card" data-testid="user-type-limit-reached">
            {t("userTypes.limitReached", { limit: limits.userTypes })}
          </p>
        ) : adding ? (
          <NewUserTypeForm
            items={items}
            limits={limits}
            onCancel={() => {
              setAdding(false);
            }}
          />
        ) : (
          <p className="form-actions">
            <button
              type="button"
              className="primary"
              onClick={() => {
                setAdding(true);
              }}
            >
              {t("userTypes.new")}
            </button>
          </p>
        ))}
      <p className="form-actions">
        <Link to="/admin/portal/licenses">{t("userTypes.toLicenses")}</Link>
      </p>
    </>
  );
}

interface NewValues {
  name: string;
  baseModule: BaseModule;
  seats: string;
}

/**
 * The first user type is the free one and is based on Contacts; the others
 * are licensed, based on Leads or Contacts, with seats from the pool.
 */
function NewUserTypeForm({
  items,
  limits,
  onCancel,
}: {
  items: UserType[];
  limits: OrgLimits;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const problems = useProblems();
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const moduleName = useModuleName();
  const modules = useModules();
  const [failure, setFailure] = useState<unknown>(undefined);
  const first = items.length === 0;
  const left = poolLeft(items, limits);
  const bases: readonly BaseModule[] = first ? ["Contacts"] : BASE_MODULES;
  const known = (name: string) =>
    !modules.data || modules.data.some((module: ModuleSummary) => module.apiName === name);

  const schema = z.object({
    name: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, t("validation.required")),
        z.maxLength(MAX_TYPE_NAME, t("validation.maxLength", { max: MAX_TYPE_NAME })),
      ),
    baseModule: z.enum(BASE_MODULES),
    seats: first
      ? z.string()
      : z.string().check(
          z.regex(/^\s*\d+\s*$/, t("userTypes.seatsInvalid")),
          z.refine((value) => Number(value) <= left, t("userTypes.seatsOverPool", { count: left })),
        ),
  });
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<NewValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: "",
      baseModule: "Contacts",
      seats: first ? "0" : String(Math.min(left, 10)),
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFailure(undefined);
    const change: UserTypeChange = {
      name: values.name,
      baseModule: first ? "Contacts" : values.baseModule,
      ...(first ? {} : { seats: Number(values.seats) }),
    };
    try {
      const created = await createUserType(change);
      queryClient.setQueryData(adminKeys.userType(created.id), created);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: adminKeys.userTypes }),
        queryClient.invalidateQueries({ queryKey: adminKeys.licenses }),
      ]);
      await navigate(`/admin/portal/user-types/${encodeURIComponent(created.id)}`);
    } catch (error) {
      const fieldErrors =
        error instanceof ApiError && error.status === 422 ? (error.problem?.errors ?? []) : [];
      const fields = new Set<string>(["name", "baseModule", "seats"]);
      const mapped = fieldErrors.filter((item) => fields.has(item.field));
      for (const item of mapped) {
        setError(item.field as keyof NewValues, { type: "server", message: problems.field(item) });
      }
      if (mapped.length === 0 || mapped.length < fieldErrors.length) setFailure(error);
      if (error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: adminKeys.userTypes });
      }
    }
  });

  const messages = (name: keyof NewValues) => {
    const message = errors[name]?.message;
    return message ? [message] : [];
  };
  const errorText = (name: keyof NewValues) =>
    messages(name).length > 0 && (
      <p id={`${id}-${name}-error`} className="field-error">
        {messages(name).join(" ")}
      </p>
    );

  return (
    <form
      className="form card"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h2 id={`${id}-heading`}>{t("userTypes.new")}</h2>
      <p className="field-hint">{first ? t("userTypes.firstHint") : t("userTypes.licensedHint")}</p>
      {failure !== undefined && <ProblemNotice error={failure} />}
      <div className="form-field">
        <label htmlFor={`${id}-name`}>{t("userTypes.name")}</label>
        <input
          id={`${id}-name`}
          type="text"
          {...invalidProps(messages("name"), `${id}-name-error`)}
          {...register("name")}
        />
        {errorText("name")}
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-baseModule`}>{t("userTypes.baseModule")}</label>
        <select
          id={`${id}-baseModule`}
          aria-invalid={messages("baseModule").length > 0 ? true : undefined}
          aria-describedby={
            messages("baseModule").length > 0
              ? `${id}-base-hint ${id}-baseModule-error`
              : `${id}-base-hint`
          }
          {...register("baseModule")}
        >
          {bases.filter(known).map((base) => (
            <option key={base} value={base}>
              {moduleName(base)}
            </option>
          ))}
        </select>
        <p id={`${id}-base-hint`} className="field-hint">
          {first ? t("userTypes.baseFirst") : t("userTypes.baseOthers")}
        </p>
        {errorText("baseModule")}
      </div>
      {!first && (
        <div className="form-field">
          <label htmlFor={`${id}-seats`}>{t("userTypes.seats")}</label>
          <input
            id={`${id}-seats`}
            type="number"
            min={0}
            max={left}
            step={1}
            inputMode="numeric"
            {...invalidProps(messages("seats"), `${id}-seats-error`)}
            {...register("seats")}
          />
          <p className="field-hint">{t("userTypes.poolLeft", { count: left })}</p>
          {errorText("seats")}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={isSubmitting}>
          {isSubmitting ? t("userTypes.creating") : t("userTypes.create")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
