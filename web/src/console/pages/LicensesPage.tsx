import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import * as z from "zod/mini";
import { adminKeys } from "../api/admin";
import { ApiError, type Licenses } from "../../shared/api/client";
import { updateLicenses, useLicenses } from "../api/portalSetup";
import { PortalSetupNav, UsageMeter } from "../components/portalSetup/PortalBits";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { useSession } from "../session";
import { invalidProps } from "../../shared/lib/aria";
import "../components/portalSetup/portalSetup.css";

/** /admin/portal/licenses: the license pool and its allocation among licensed user types. */
export function LicensesPage() {
  const { t } = useTranslation();
  const licenses = useLicenses();
  const [saved, setSaved] = useState(false);

  return (
    <>
      <PortalSetupNav />
      <h1>{t("console.sections.licenses")}</h1>
      <p className="lead">{t("licenses.intro")}</p>
      {saved && (
        <p role="status" className="notice notice-good" data-testid="licenses-saved">
          {t("licenses.saved")}
        </p>
      )}
      {licenses.error && (
        <ProblemNotice error={licenses.error} onRetry={() => void licenses.refetch()} />
      )}
      {!licenses.data && !licenses.error && <Loading label={t("console.loading")} />}
      {licenses.data && (
        <LicensesForm
          // Saved or reloaded allocations start a fresh form.
          key={JSON.stringify(licenses.data)}
          licenses={licenses.data}
          onSaved={setSaved}
        />
      )}
    </>
  );
}

interface AllocationValues {
  allocations: Record<string, string>;
}

function LicensesForm({
  licenses,
  onSaved,
}: {
  licenses: Licenses;
  onSaved: (saved: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const id = useId();
  const [forbidden, setForbidden] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const readOnly = forbidden || session.user.role !== "admin";
  const number = new Intl.NumberFormat(i18n.language);
  const usersById = new Map(licenses.types.map((type) => [type.id, type.users]));

  const schema = z.object({
    allocations: z.record(
      z.string(),
      z.string().check(z.regex(/^\s*\d+\s*$/, t("licenses.invalid"))),
    ),
  });
  const {
    control,
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<AllocationValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      allocations: Object.fromEntries(licenses.types.map((type) => [type.id, String(type.seats)])),
    },
  });
  const values = useWatch({ control, name: "allocations" });
  const total = licenses.types.reduce((sum, type) => {
    const seats = Number(values[type.id] ?? type.seats);
    return sum + (Number.isFinite(seats) ? seats : 0);
  }, 0);

  const onSubmit = handleSubmit(async (form) => {
    onSaved(false);
    setFailure(undefined);
    const allocations = Object.fromEntries(
      Object.entries(form.allocations).map(([typeId, seats]) => [typeId, Number(seats)]),
    );
    // What the API would refuse anyway, said before sending.
    let refused = false;
    for (const [typeId, seats] of Object.entries(allocations)) {
      const users = usersById.get(typeId) ?? 0;
      if (seats < users) {
        setError(`allocations.${typeId}`, {
          type: "users",
          message: t("licenses.belowUsers", { count: users }),
        });
        refused = true;
      }
    }
    const sum = Object.values(allocations).reduce((a, b) => a + b, 0);
    if (sum > licenses.pool) {
      setError("root.pool", {
        type: "pool",
        message: t("licenses.overPool", { total: sum, pool: licenses.pool }),
      });
      refused = true;
    }
    if (refused) return;
    try {
      const updated = await updateLicenses(allocations);
      queryClient.setQueryData(adminKeys.licenses, updated);
      await queryClient.invalidateQueries({ queryKey: adminKeys.userTypes });
      for (const type of updated.types) {
        void queryClient.invalidateQueries({ queryKey: adminKeys.userType(type.id) });
      }
      onSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) {
        setForbidden(true);
        return;
      }
      const fieldErrors =
        error instanceof ApiError && error.status === 422 ? (error.problem?.errors ?? []) : [];
      let mapped = 0;
      for (const item of fieldErrors) {
        const typeId = /^allocations\.(.+)$/.exec(item.field)?.[1];
        if (typeId && usersById.has(typeId)) {
          setError(`allocations.${typeId}`, { type: "server", message: item.message });
          mapped++;
        } else if (item.field === "seats") {
          setError("root.pool", { type: "server", message: item.message });
          mapped++;
        }
      }
      if (mapped === 0 || mapped < fieldErrors.length) setFailure(error);
    }
  });

  const poolMessage = errors.root?.pool?.message;
  const free = licenses.free;

  return (
    <>
      <section className="card" aria-labelledby={`${id}-pool`}>
        <h2 id={`${id}-pool`}>{t("licenses.poolHeading")}</h2>
        <dl className="summary">
          <div>
            <dt>{t("licenses.pool")}</dt>
            <dd>{number.format(licenses.pool)}</dd>
          </div>
          <div>
            <dt>{t("licenses.allocated")}</dt>
            <dd data-testid="licenses-allocated">
              {t("licenses.allocatedOf", {
                allocated: number.format(licenses.allocated),
                pool: number.format(licenses.pool),
              })}
            </dd>
          </div>
          <div>
            <dt>{t("licenses.available")}</dt>
            <dd>{number.format(Math.max(licenses.pool - licenses.allocated, 0))}</dd>
          </div>
          {free && (
            <div>
              <dt>{t("licenses.freeType", { name: free.name })}</dt>
              <dd data-testid="licenses-free">
                <UsageMeter
                  users={free.users}
                  capacity={free.seats}
                  label={t("userTypes.usageLabel", { name: free.name })}
                />
              </dd>
            </div>
          )}
        </dl>
        <p className="field-hint">{t("licenses.freeHint")}</p>
      </section>

      {readOnly && (
        <p role="status" className="notice notice-warn card">
          {t("licenses.readOnly")}
        </p>
      )}
      {failure !== undefined &&
        (failure instanceof ApiError && failure.status === 409 ? (
          <div role="alert" className="notice notice-error">
            <p className="notice-title">{t("licenses.conflict")}</p>
            <p>
              <button
                type="button"
                onClick={() => void queryClient.invalidateQueries({ queryKey: adminKeys.licenses })}
              >
                {t("common.reload")}
              </button>
            </p>
          </div>
        ) : (
          <ProblemNotice error={failure} />
        ))}

      {licenses.types.length === 0 ? (
        <p className="card muted">
          {t("licenses.noTypes")}{" "}
          <Link to="/admin/portal/user-types">{t("licenses.toUserTypes")}</Link>
        </p>
      ) : (
        <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate>
          <fieldset disabled={readOnly} className="plain">
            <div className="table-scroll">
              <table className="records licenses">
                <caption>{t("licenses.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("licenses.type")}</th>
                    <th scope="col" className="numeric">
                      {t("licenses.users")}
                    </th>
                    <th scope="col">{t("licenses.seats")}</th>
                  </tr>
                </thead>
                <tbody>
                  {licenses.types.map((type) => {
                    const messages = errors.allocations?.[type.id]?.message
                      ? [errors.allocations[type.id]?.message ?? ""]
                      : [];
                    const errorId = `${id}-${type.id}-error`;
                    return (
                      <tr key={type.id} data-testid={`allocation-${type.id}`}>
                        <th scope="row">
                          <Link to={`/admin/portal/user-types/${encodeURIComponent(type.id)}`}>
                            {type.name}
                          </Link>
                        </th>
                        <td className="numeric">{number.format(type.users)}</td>
                        <td>
                          <input
                            type="number"
                            className="seats-input"
                            min={type.users}
                            step={1}
                            inputMode="numeric"
                            aria-label={t("licenses.seatsFor", { name: type.name })}
                            {...invalidProps(messages, errorId)}
                            {...register(`allocations.${type.id}`)}
                          />
                          {messages.length > 0 && (
                            <p id={errorId} className="field-error">
                              {messages.join(" ")}
                            </p>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t("licenses.total")}</th>
                    <td />
                    <td data-testid="licenses-total">
                      <span className={total > licenses.pool ? "text-bad" : undefined}>
                        {t("licenses.allocatedOf", {
                          allocated: number.format(total),
                          pool: number.format(licenses.pool),
                        })}
                      </span>
                      {poolMessage && (
                        <p role="alert" className="field-error" data-testid="licenses-pool-error">
                          {poolMessage}
                        </p>
                      )}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
            {!readOnly && (
              <div className="form-actions">
                <button type="submit" className="primary" disabled={isSubmitting}>
                  {isSubmitting ? t("common.saving") : t("common.save")}
                </button>
              </div>
            )}
          </fieldset>
        </form>
      )}
    </>
  );
}
