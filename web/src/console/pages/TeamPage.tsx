import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../shared/lib/problems";
import * as z from "zod/mini";
import { ApiError } from "../../shared/api/client";
import {
  createStaffMember,
  staffKeys,
  updateStaffMember,
  useStaff,
  type StaffMember,
  type StaffMemberChange,
  type StaffRole,
} from "../api/staff";
import { ConfirmDialog } from "../../shared/components/ConfirmDialog";
import { Dialog } from "../../shared/components/Dialog";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { StatusBadge } from "../../shared/components/StatusBadge";
import { useFormatContext, useSession } from "../session";
import { invalidProps } from "../../shared/lib/aria";
import { formatDateTime } from "../../shared/lib/format";
import { resetStaffMfa } from "../secondFactor/api";
import { MfaBadge, MfaResetButton } from "../secondFactor/MfaReset";

const ROLES: readonly StaffRole[] = ["admin", "user"];
const MAX_NAME = 100;
const MAX_EMAIL = 254;

/** A change waiting for the admin's confirmation. */
interface Pending {
  member: StaffMember;
  change: StaffMemberChange;
}

type Outcome =
  | { tone: "good"; text: string }
  | { tone: "error"; error: unknown };

/**
 * /admin/team: the organization's staff. Admins add members (who get an
 * email to set their password), change roles and deactivate or reactivate
 * members; every such change is confirmed first because it ends the
 * member's sessions. Others are told the page is for admins only.
 */
export function TeamPage() {
  const { t } = useTranslation();
  const session = useSession();
  const isAdmin = session.user.role === "admin";

  return (
    <>
      <h1>{t("team.heading")}</h1>
      <p className="lead">{t("team.intro")}</p>
      {isAdmin ? (
        <TeamList selfId={session.user.id} />
      ) : (
        <p role="status" className="notice notice-warn" data-testid="team-admins-only">
          {t("team.adminsOnly")}
        </p>
      )}
    </>
  );
}

function TeamList({ selfId }: { selfId: string }) {
  const { t } = useTranslation();
  const format = useFormatContext();
  const queryClient = useQueryClient();
  const staff = useStaff();
  const [adding, setAdding] = useState(false);
  const [pending, setPending] = useState<Pending | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const roleName = (role: StaffRole) => t(`console.role.${role}`);

  const apply = async ({ member, change }: Pending) => {
    setBusy(true);
    setOutcome(undefined);
    try {
      const updated = await updateStaffMember(member.id, change);
      queryClient.setQueryData<StaffMember[]>(staffKeys.staff, (items) =>
        items?.map((item) => (item.id === updated.id ? updated : item)),
      );
      let text: string;
      if (change.status === "inactive") {
        text = t("team.done.deactivated", { name: updated.name });
      } else if (change.status === "active") {
        text = t("team.done.activated", { name: updated.name });
      } else {
        text = t("team.done.role", { name: updated.name, role: roleName(updated.role) });
      }
      setOutcome({ tone: "good", text });
      // Their tokens were revoked or re-scoped: the organization's list changed too.
      await queryClient.invalidateQueries({ queryKey: staffKeys.orgTokens });
    } catch (error) {
      setOutcome({ tone: "error", error });
      // A refusal may come from a change made elsewhere: show the team as it is now.
      if (error instanceof ApiError && error.status === 409) {
        await queryClient.invalidateQueries({ queryKey: staffKeys.staff });
      }
    } finally {
      setBusy(false);
      setPending(undefined);
    }
  };

  if (staff.error) return <ProblemNotice error={staff.error} onRetry={() => void staff.refetch()} />;
  if (!staff.data) return <Loading label={t("team.loading")} />;
  const members = staff.data;

  return (
    <>
      <div className="page-actions">
        <button
          type="button"
          className="primary"
          onClick={() => {
            setOutcome(undefined);
            setAdding(true);
          }}
        >
          {t("team.add")}
        </button>
      </div>
      {outcome?.tone === "good" && (
        <p role="status" className="notice notice-good" data-testid="team-notice">
          {outcome.text}
        </p>
      )}
      {outcome?.tone === "error" && <ChangeRefused error={outcome.error} />}
      {members.length === 0 ? (
        <p className="muted card">{t("team.empty")}</p>
      ) : (
        <div className="table-scroll card">
          <table className="records" aria-busy={busy || staff.isFetching}>
            <caption className="visually-hidden">{t("team.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("team.name")}</th>
                <th scope="col">{t("team.email")}</th>
                <th scope="col">{t("team.role")}</th>
                <th scope="col">{t("team.status")}</th>
                <th scope="col">{t("secondFactor.column")}</th>
                <th scope="col">{t("team.createdAt")}</th>
                <th scope="col">{t("team.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => {
                const self = member.id === selfId;
                return (
                  <tr key={member.id} data-testid={`staff-${member.id}`}>
                    <th scope="row">
                      {member.name} {self && <span className="muted">{t("team.you")}</span>}
                    </th>
                    <td>{member.email}</td>
                    <td>
                      {self ? (
                        roleName(member.role)
                      ) : (
                        <select
                          aria-label={t("team.roleFor", { name: member.name })}
                          value={member.role}
                          disabled={busy}
                          onChange={(event) => {
                            const role = event.target.value as StaffRole;
                            if (role !== member.role) setPending({ member, change: { role } });
                          }}
                        >
                          {ROLES.map((role) => (
                            <option key={role} value={role}>
                              {roleName(role)}
                            </option>
                          ))}
                        </select>
                      )}
                    </td>
                    <td>
                      <StatusBadge tone={member.status === "active" ? "good" : "bad"}>
                        {t(`team.statuses.${member.status}`)}
                      </StatusBadge>
                    </td>
                    <td>
                      <MfaBadge methods={member.mfa} />
                    </td>
                    <td>
                      <time dateTime={member.createdAt}>
                        {formatDateTime(member.createdAt, format)}
                      </time>
                    </td>
                    <td>
                      {self ? (
                        <span className="muted">{t("team.selfHint")}</span>
                      ) : (
                        <div
                          className="row-actions"
                          role="group"
                          aria-label={t("team.actionsFor", { name: member.name })}
                        >
                          <button
                            type="button"
                            className={member.status === "active" ? "danger" : undefined}
                            disabled={busy}
                            onClick={() => {
                              setPending({
                                member,
                                change: {
                                  status: member.status === "active" ? "inactive" : "active",
                                },
                              });
                            }}
                          >
                            {member.status === "active" ? t("team.deactivate") : t("team.activate")}
                          </button>
                          {(member.mfa ?? []).length > 0 && (
                            <MfaResetButton
                              name={member.name}
                              disabled={busy}
                              reset={() => resetStaffMfa(member.id)}
                              onDone={(text) => {
                                queryClient.setQueryData<StaffMember[]>(staffKeys.staff, (items) =>
                                  items?.map((item) => (item.id === member.id ? { ...item, mfa: [] } : item)),
                                );
                                setOutcome({ tone: "good", text });
                              }}
                            />
                          )}
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {pending && (
        <ConfirmChange
          pending={pending}
          busy={busy}
          onConfirm={() => void apply(pending)}
          onCancel={() => {
            setPending(undefined);
          }}
        />
      )}
      {adding && (
        <AddMemberDialog
          onClose={() => {
            setAdding(false);
          }}
          onAdded={(member) => {
            setAdding(false);
            setOutcome({ tone: "good", text: t("team.added", { email: member.email }) });
          }}
        />
      )}
    </>
  );
}

/**
 * Why a change was refused. A 409 (it would leave no active admin, or an
 * admin changing themselves) carries the server's explanation in `detail`.
 */
function ChangeRefused({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const problems = useProblems();
  if (error instanceof ApiError && error.status === 409) {
    return (
      <div role="alert" className="notice notice-error" data-testid="team-refused">
        <p className="notice-title">{t("team.refused")}</p>
        {error.problem?.detail && <p>{problems.detail(error.problem, error.status)}</p>}
      </div>
    );
  }
  return <ProblemNotice error={error} />;
}

/** Says what a role or status change does to the member before it is made. */
function ConfirmChange({
  pending: { member, change },
  busy,
  onConfirm,
  onCancel,
}: {
  pending: Pending;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const name = member.name;
  let title: string;
  let body: string;
  let confirm: string;
  if (change.status === "inactive") {
    title = t("team.deactivateTitle", { name });
    body = t("team.deactivateBody", { name });
    confirm = t("team.deactivate");
  } else if (change.status === "active") {
    title = t("team.activateTitle", { name });
    body = t("team.activateBody", { name });
    confirm = t("team.activate");
  } else {
    title = t("team.roleTitle", { name });
    body = t("team.roleBody", { name, role: t(`console.role.${change.role ?? member.role}`) });
    confirm = t("team.confirmRole");
  }
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={confirm}
      busyLabel={t("team.working")}
      busy={busy}
      tone={change.status === "active" ? "primary" : "danger"}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>{body}</p>
    </ConfirmDialog>
  );
}

interface NewMember {
  email: string;
  name: string;
  role: StaffRole;
}

const FIELDS = new Set<string>(["email", "name", "role"]);

function AddMemberDialog({
  onClose,
  onAdded,
}: {
  onClose: () => void;
  onAdded: (member: StaffMember) => void;
}) {
  const { t } = useTranslation();
  const problems = useProblems();
  const id = useId();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<unknown>(undefined);

  const schema = z.object({
    email: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, t("validation.required")),
        z.maxLength(MAX_EMAIL, t("validation.maxLength", { max: MAX_EMAIL })),
        z.email(t("validation.email")),
      ),
    name: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, t("validation.required")),
        z.maxLength(MAX_NAME, t("validation.maxLength", { max: MAX_NAME })),
      ),
    role: z.enum(["admin", "user"], t("validation.option")),
  });
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<NewMember>({
    resolver: zodResolver(schema),
    defaultValues: { email: "", name: "", role: "user" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFailure(undefined);
    try {
      const member = await createStaffMember(values);
      queryClient.setQueryData<StaffMember[]>(staffKeys.staff, (items) =>
        items ? [...items.filter((item) => item.id !== member.id), member] : items,
      );
      onAdded(member);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setError("email", { type: "server", message: t("team.emailTaken") });
        return;
      }
      const fieldErrors =
        error instanceof ApiError && error.status === 422 ? (error.problem?.errors ?? []) : [];
      const mapped = fieldErrors.filter((item) => FIELDS.has(item.field));
      for (const item of mapped) {
        setError(item.field as keyof NewMember, { type: "server", message: problems.field(item) });
      }
      if (mapped.length === 0 || mapped.length < fieldErrors.length) setFailure(error);
    }
  });

  const messages = (name: keyof NewMember) => {
    const message = errors[name]?.message;
    return message ? [message] : [];
  };
  const errorText = (name: keyof NewMember) =>
    messages(name).length > 0 && (
      <p id={`${id}-${name}-error`} className="field-error">
        {messages(name).join(" ")}
      </p>
    );

  return (
    <Dialog title={t("team.addTitle")} onClose={onClose}>
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <p className="field-hint">{t("team.addIntro")}</p>
        {failure !== undefined && <ProblemNotice error={failure} />}
        <div className="form-field">
          <label htmlFor={`${id}-email`}>{t("team.email")}</label>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="off"
            {...invalidProps(messages("email"), `${id}-email-error`)}
            {...register("email")}
          />
          {errorText("email")}
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-name`}>{t("team.name")}</label>
          <input
            id={`${id}-name`}
            type="text"
            autoComplete="off"
            {...invalidProps(messages("name"), `${id}-name-error`)}
            {...register("name")}
          />
          {errorText("name")}
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-role`}>{t("team.role")}</label>
          <select
            id={`${id}-role`}
            {...invalidProps(messages("role"), `${id}-role-error`)}
            {...register("role")}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`console.role.${role}`)}
              </option>
            ))}
          </select>
          {errorText("role")}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={isSubmitting}>
            {isSubmitting ? t("team.adding") : t("team.add")}
          </button>
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
