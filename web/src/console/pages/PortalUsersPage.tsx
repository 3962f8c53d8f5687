import { useQueryClient } from "@tanstack/react-query";
import { useId, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { adminKeys } from "../api/admin";
import type { PortalUser, PortalUserStatus, UserType } from "../../shared/api/client";
import { useUserTypes } from "../api/portalSetup";
import {
  erasePortalUser,
  portalUserAction,
  usePortalUsers,
  type PortalUserAction,
} from "../api/portalUsers";
import { startBulk } from "../api/portalUsersBulk";
import { BulkJobResult } from "../components/BulkJobResult";
import { Dialog } from "../../shared/components/Dialog";
import { PortalSetupNav } from "../components/portalSetup/PortalBits";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { CursorPager } from "../../shared/components/CursorPager";
import { StatusBadge } from "../../shared/components/StatusBadge";
import { useProblemText } from "../problemText";
import { useFormatContext, useSession } from "../session";
import { resetPortalUserMfa } from "../secondFactor/api";
import { MfaBadge, MfaResetButton } from "../secondFactor/MfaReset";
import { AccountAdminBadge, AccountAdminToggle } from "../components/AccountAdminToggle";
import { formatDateTime } from "../../shared/lib/format";
import {
  actionApplies,
  deliveryTone,
  isPortalUserStatus,
  PORTAL_USER_STATUSES,
  statusTone,
  typesFor,
} from "../lib/portalUsers";
import "./PortalUsersPage.css";

/** What a row or the bulk bar can do to users. */
type Act = PortalUserAction | "erase";

/** Runs one action on one user. */
function perform(user: PortalUser, act: Act, userTypeId?: string): Promise<unknown> {
  return act === "erase" ? erasePortalUser(user.id) : portalUserAction(user.id, act, userTypeId);
}

/** /admin/portal/users: who was invited to the portal, and what to do about them. */
export function PortalUsersPage() {
  const { t } = useTranslation();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get("status");
  const status = isPortalUserStatus(statusParam) ? statusParam : undefined;
  const typeId = params.get("type") ?? "";
  const userTypes = useUserTypes();

  const update = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };

  return (
    <>
      <PortalSetupNav />
      <h1>{t("portalUsers.heading")}</h1>
      <p className="lead">{t("portalUsers.intro")}</p>
      <div className="toolbar" role="search" aria-label={t("portalUsers.filters")}>
        <div className="inline-field">
          <label htmlFor={`${id}-status`}>{t("portalUsers.statusFilter")}</label>
          <select
            id={`${id}-status`}
            value={status ?? ""}
            onChange={(event) => {
              update("status", event.target.value);
            }}
          >
            <option value="">{t("portalUsers.allStatuses")}</option>
            {PORTAL_USER_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`portalUsers.status.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="inline-field">
          <label htmlFor={`${id}-type`}>{t("portalUsers.typeFilter")}</label>
          <select
            id={`${id}-type`}
            value={typeId}
            onChange={(event) => {
              update("type", event.target.value);
            }}
          >
            <option value="">{t("portalUsers.allTypes")}</option>
            {typeId && !userTypes.data?.items.some((type) => type.id === typeId) && (
              <option value={typeId}>{typeId}</option>
            )}
            {userTypes.data?.items.map((type) => (
              <option key={type.id} value={type.id}>
                {type.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {/* A new filter starts again at the first page. */}
      <PortalUserPages
        key={`${status ?? ""}|${typeId}`}
        status={status}
        typeId={typeId}
        types={userTypes.data?.items}
      />
    </>
  );
}

interface Notice {
  tone: "good" | "error";
  text: string;
}

/** A bulk action: one job on the server, which the page follows until it ends. */
interface BulkState {
  act: Act;
  total: number;
  /** The job's id once the API took it. */
  jobId?: string;
  running: boolean;
  /** The users' emails by id, for the report. */
  emails: ReadonlyMap<string, string>;
  /** Why the API refused the whole request. */
  error?: unknown;
}

function PortalUserPages({
  status,
  typeId,
  types,
}: {
  status: PortalUserStatus | undefined;
  typeId: string;
  types: UserType[] | undefined;
}) {
  const { t } = useTranslation();
  const format = useFormatContext();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const isAdmin = useSession().user.role === "admin";
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const users = usePortalUsers({
    ...(status ? { status } : {}),
    ...(typeId ? { userTypeId: typeId } : {}),
    ...(cursor ? { cursor } : {}),
  });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const [changing, setChanging] = useState<string | undefined>(undefined);
  const [erasing, setErasing] = useState<PortalUser[] | undefined>(undefined);
  const [bulk, setBulk] = useState<BulkState | undefined>(undefined);
  const [bulkType, setBulkType] = useState("");
  const bulkTypeId = useId();

  const refetch = () => queryClient.invalidateQueries({ queryKey: adminKeys.portalUsers });
  const doneText = (act: Act, email: string) => t(`portalUsers.done.${act}`, { email });

  const runOne = async (user: PortalUser, act: Act, userTypeId?: string) => {
    setBusy(user.id);
    setNotice(undefined);
    try {
      await perform(user, act, userTypeId);
      setNotice({ tone: "good", text: doneText(act, user.email) });
      setChanging(undefined);
      await refetch();
      await queryClient.invalidateQueries({ queryKey: adminKeys.userTypes });
    } catch (error) {
      setNotice({
        tone: "error",
        text: t("portalUsers.actionFailed", { email: user.email, reason: problemText(error) }),
      });
    } finally {
      setBusy(undefined);
    }
  };

  const runBulk = async (act: Act, targets: PortalUser[], userTypeId?: string) => {
    setNotice(undefined);
    const emails = new Map(targets.map((user) => [user.id, user.email]));
    setBulk({ act, total: targets.length, running: true, emails });
    try {
      const ids = targets.map((user) => user.id);
      const jobId = await startBulk(act, ids, userTypeId);
      setBulk({ act, total: targets.length, running: true, emails, jobId });
    } catch (error) {
      setBulk({ act, total: targets.length, running: false, emails, error });
    }
  };

  const bulkFinished = () => {
    setBulk((state) => state && { ...state, running: false });
    setSelected(new Set());
    void refetch();
    void queryClient.invalidateQueries({ queryKey: adminKeys.userTypes });
  };

  if (users.error) return <ProblemNotice error={users.error} onRetry={() => void users.refetch()} />;
  if (!users.data) return <Loading label={t("portalUsers.loading")} />;
  const items = users.data.items;
  const chosen = items.filter((user) => selected.has(user.id));
  const allChosen = items.length > 0 && chosen.length === items.length;
  const bulkModules = new Set(chosen.map((user) => user.recordModule));
  const bulkTypes = bulkModules.size === 1 ? typesFor(types, [...bulkModules][0] ?? "") : [];
  const running = bulk?.running ?? false;

  const toggle = (userId: string, on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(userId);
      else next.delete(userId);
      return next;
    });
  };

  return (
    <>
      {notice && (
        <p
          role={notice.tone === "good" ? "status" : "alert"}
          className={`notice ${notice.tone === "good" ? "notice-good" : "notice-error"}`}
          data-testid="portal-users-notice"
        >
          {notice.text}
        </p>
      )}
      {chosen.length > 0 && (
        <div
          role="toolbar"
          aria-label={t("portalUsers.bulkLabel")}
          className="bulk-bar card"
          data-testid="bulk-bar"
        >
          <span>{t("invite.selected", { count: chosen.length })}</span>
          {(["resend", "deactivate", "activate"] as const).map((act) => (
            <button
              key={act}
              type="button"
              disabled={running}
              onClick={() => void runBulk(act, chosen)}
            >
              {t(`portalUsers.bulk.${act}`)}
            </button>
          ))}
          <span className="inline-field">
            <label htmlFor={bulkTypeId}>{t("portalUsers.bulkNewType")}</label>
            <select
              id={bulkTypeId}
              value={bulkType}
              disabled={running || bulkTypes.length === 0}
              onChange={(event) => {
                setBulkType(event.target.value);
              }}
            >
              <option value="">{t("invite.chooseType")}</option>
              {bulkTypes.map((type) => (
                <option key={type.id} value={type.id}>
                  {type.name}
                </option>
              ))}
            </select>
          </span>
          <button
            type="button"
            disabled={running || !bulkTypes.some((type) => type.id === bulkType)}
            onClick={() => void runBulk("change-type", chosen, bulkType)}
          >
            {t("portalUsers.bulk.change-type")}
          </button>
          <button
            type="button"
            className="danger"
            disabled={running}
            onClick={() => {
              setErasing(chosen);
            }}
          >
            {t("portalUsers.bulk.erase")}
          </button>
        </div>
      )}
      {bulk && (
        <section className="card" aria-label={t("portalUsers.bulkResult")} data-testid="bulk-result">
          {bulk.jobId ? (
            <BulkJobResult
              jobId={bulk.jobId}
              total={bulk.total}
              label={t(`portalUsers.bulkProgress.${bulk.act}`)}
              names={bulk.emails}
              onFinished={bulkFinished}
            />
          ) : bulk.error ? (
            <ProblemNotice error={bulk.error} />
          ) : (
            <Loading label={t(`portalUsers.bulkProgress.${bulk.act}`)} />
          )}
        </section>
      )}
      {items.length === 0 ? (
        <p className="muted">{t("portalUsers.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="records" aria-busy={users.isFetching}>
            <caption>{t("portalUsers.caption", { page: cursors.length + 1 })}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={t("invite.selectAll")}
                    checked={allChosen}
                    disabled={running}
                    onChange={(event) => {
                      setSelected(
                        event.target.checked ? new Set(items.map((user) => user.id)) : new Set(),
                      );
                    }}
                  />
                </th>
                <th scope="col">{t("portalUsers.email")}</th>
                <th scope="col">{t("portalUsers.name")}</th>
                <th scope="col">{t("portalUsers.userType")}</th>
                <th scope="col">{t("portalUsers.statusColumn")}</th>
                <th scope="col">{t("secondFactor.column")}</th>
                <th scope="col">{t("portalUsers.delivery")}</th>
                <th scope="col">{t("portalUsers.invitedAt")}</th>
                <th scope="col">{t("portalUsers.lastLogin")}</th>
                <th scope="col">{t("portalUsers.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((user) => (
                <tr key={user.id} data-testid={`portal-user-${user.id}`}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t("invite.selectRecord", { name: user.email })}
                      checked={selected.has(user.id)}
                      disabled={running}
                      onChange={(event) => {
                        toggle(user.id, event.target.checked);
                      }}
                    />
                  </td>
                  <th scope="row">{user.email}</th>
                  <td>
                    <Link
                      to={`/admin/records/${encodeURIComponent(user.recordModule)}/${encodeURIComponent(user.recordId)}`}
                    >
                      {user.name || user.email}
                    </Link>{" "}
                    <AccountAdminBadge user={user} />
                  </td>
                  <td>{user.userType.name}</td>
                  <td>
                    <StatusBadge tone={statusTone(user.status)}>
                      {t(`portalUsers.status.${user.status}`)}
                    </StatusBadge>
                  </td>
                  <td>
                    <MfaBadge methods={user.mfa} />
                  </td>
                  <td>
                    {user.delivery ? (
                      <>
                        <StatusBadge tone={deliveryTone(user.delivery.state)}>
                          {t(`portalUsers.deliveryState.${user.delivery.state}`)}
                        </StatusBadge>
                        {user.delivery.reason && (
                          <span className="delivery-reason"> {user.delivery.reason}</span>
                        )}
                      </>
                    ) : (
                      <span className="muted">{t("common.none")}</span>
                    )}
                  </td>
                  <td>
                    <time dateTime={user.invitedAt}>{formatDateTime(user.invitedAt, format)}</time>
                  </td>
                  <td>
                    {user.lastLoginAt ? (
                      <time dateTime={user.lastLoginAt}>
                        {formatDateTime(user.lastLoginAt, format)}
                      </time>
                    ) : (
                      <span className="muted">{t("portalUsers.never")}</span>
                    )}
                  </td>
                  <td>
                    <RowActions
                      user={user}
                      types={typesFor(types, user.recordModule)}
                      disabled={busy === user.id || running}
                      changing={changing === user.id}
                      onChanging={(on) => {
                        setChanging(on ? user.id : undefined);
                      }}
                      onAct={(act, userTypeId) => {
                        if (act === "erase") setErasing([user]);
                        else void runOne(user, act, userTypeId);
                      }}
                      mfaReset={
                        isAdmin && (user.mfa ?? []).length > 0 ? (
                          <MfaResetButton
                            name={user.email}
                            disabled={busy === user.id || running}
                            reset={() => resetPortalUserMfa(user.id)}
                            onDone={(text) => {
                              setNotice({ tone: "good", text });
                              void refetch();
                            }}
                          />
                        ) : undefined
                      }
                      accountAdmin={
                        <AccountAdminToggle
                          user={user}
                          disabled={busy === user.id || running}
                          onDone={(next) => {
                            setNotice(next);
                            void refetch();
                          }}
                        />
                      }
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CursorPager
        cursors={cursors}
        setCursors={(change) => {
          setSelected(new Set());
          setCursors(change);
        }}
        nextCursor={users.data.nextCursor}
        busy={users.isFetching}
        nextDisabled={users.isPlaceholderData}
        pageTestId="portal-users-page"
      />
      {erasing && (
        <Dialog
          role="alertdialog"
          title={t("portalUsers.eraseTitle", { count: erasing.length })}
          onClose={() => {
            setErasing(undefined);
          }}
        >
          <p>
            {erasing.length === 1
              ? t("portalUsers.eraseOne", { email: erasing[0]?.email ?? "" })
              : t("portalUsers.eraseMany", { count: erasing.length })}
          </p>
          <p>{t("portalUsers.eraseRecordStays")}</p>
          <p className="form-actions">
            <button
              type="button"
              className="danger"
              onClick={() => {
                const targets = erasing;
                setErasing(undefined);
                const [only] = targets;
                if (targets.length === 1 && only) void runOne(only, "erase");
                else void runBulk("erase", targets);
              }}
            >
              {t("portalUsers.eraseConfirm")}
            </button>
            <button
              type="button"
              onClick={() => {
                setErasing(undefined);
              }}
            >
              {t("common.cancel")}
            </button>
          </p>
        </Dialog>
      )}
    </>
  );
}

/** The actions that apply to one user's status; "Change type" opens a type picker. */
function RowActions({
  user,
  types,
  disabled,
  changing,
  onChanging,
  onAct,
  mfaReset,
  accountAdmin,
}: {
  user: PortalUser;
  types: UserType[];
  disabled: boolean;
  changing: boolean;
  onChanging: (on: boolean) => void;
  onAct: (act: Act, userTypeId?: string) => void;
  /** An admin's "Reset second factor", for a user who has one. */
  mfaReset?: ReactNode;
  /** An admin's account admin toggle, for the user of a Contact. */
  accountAdmin?: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const others = types.filter((type) => type.id !== user.userType.id);
  const [typeId, setTypeId] = useState("");

  if (changing) {
    return (
      <form
        className="row-actions"
        aria-label={t("portalUsers.changeTypeFor", { email: user.email })}
        onSubmit={(event) => {
          event.preventDefault();
          if (typeId) onAct("change-type", typeId);
        }}
      >
        <label htmlFor={`${id}-type`} className="visually-hidden">
          {t("portalUsers.newType")}
        </label>
        <select
          id={`${id}-type`}
          value={typeId}
          disabled={disabled}
          onChange={(event) => {
            setTypeId(event.target.value);
          }}
        >
          <option value="">{t("invite.chooseType")}</option>
          {others.map((type) => (
            <option key={type.id} value={type.id}>
              {type.name}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={disabled || !typeId}>
          {t("portalUsers.apply")}
        </button>
        <button
          type="button"
          onClick={() => {
            onChanging(false);
          }}
        >
          {t("common.cancel")}
        </button>
      </form>
    );
  }

  const acts: Act[] = ["resend", "revoke", "deactivate", "activate"];
  return (
    <div
      className="row-actions"
      role="group"
      aria-label={t("portalUsers.actionsFor", { email: user.email })}
    >
      {acts
        .filter((act) => actionApplies(user, act))
        .map((act) => (
          <button
            key={act}
            type="button"
            disabled={disabled}
            onClick={() => {
              onAct(act);
            }}
          >
            {t(`portalUsers.act.${act}`)}
          </button>
        ))}
      {others.length > 0 && (
        <button
          type="button"
          disabled={disabled}
          onClick={() => {
            onChanging(true);
          }}
        >
          {t("portalUsers.act.change-type")}
        </button>
      )}
      <button
        type="button"
        className="danger"
        disabled={disabled}
        onClick={() => {
          onAct("erase");
        }}
      >
        {t("portalUsers.act.erase")}
      </button>
      {mfaReset}
      {accountAdmin}
    </div>
  );
}
