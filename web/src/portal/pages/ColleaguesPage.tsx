import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../shared/api/client";
import { ConfirmDialog } from "../../shared/components/ConfirmDialog";
import { RoleBadge } from "../../shared/components/RoleBadge";
import { StatusBadge } from "../../shared/components/StatusBadge";
import { formatDateTime } from "../../shared/lib/format";
import { useProblems } from "../../shared/lib/problems";
import {
  actOnColleague,
  colleaguesKey,
  inviteColleague,
  useColleagues,
  type Colleague,
  type ColleagueAction,
  type ColleagueList,
} from "../api/colleagues";
import { usePortalContext, usePortalTitle } from "../layouts/portalContext";
import { colleagueActions, colleagueTone } from "../lib/colleagues";
import "./ColleaguesPage.css";

interface Notice {
  tone: "good" | "error";
  text: string;
}

/**
 * /p/:slug/colleagues, for an account admin: the portal users of their company's account,
 * an invitation for one of its contacts, and the resend, deactivate and reactivate actions,
 * each confirmed first. The server decides what they may reach; for anyone else the page
 * says it is not available (the API answers 404).
 */
export function ColleaguesPage() {
  const { t } = useTranslation();
  usePortalTitle(t("colleagues.heading"));
  const colleagues = useColleagues();
  const [notice, setNotice] = useState<Notice | undefined>(undefined);

  let body;
  if (colleagues.error instanceof ApiError && colleagues.error.status === 404) {
    body = (
      <p className="notice" data-testid="colleagues-unavailable">
        {t("colleagues.notAvailable")}
      </p>
    );
  } else if (colleagues.error) {
    body = (
      <p role="alert" className="notice notice-error">
        {t("problem.heading")}
      </p>
    );
  } else if (!colleagues.data) {
    body = (
      <p role="status" className="muted">
        {t("colleagues.loading")}
      </p>
    );
  } else {
    body = (
      <>
        <ColleagueTable list={colleagues.data} onNotice={setNotice} />
        <InviteForm list={colleagues.data} onNotice={setNotice} />
      </>
    );
  }
  return (
    <section aria-labelledby="colleagues-heading" data-testid="colleagues-page">
      <h1 id="colleagues-heading">{t("colleagues.heading")}</h1>
      <p className="lead">{t("colleagues.intro")}</p>
      {notice && (
        <p
          role={notice.tone === "good" ? "status" : "alert"}
          className={`notice ${notice.tone === "good" ? "notice-good" : "notice-error"}`}
          data-testid="colleagues-notice"
        >
          {notice.text}
        </p>
      )}
      {body}
    </section>
  );
}

function ColleagueTable({ list, onNotice }: { list: ColleagueList; onNotice: (n: Notice | undefined) => void }) {
  const { t } = useTranslation();
  const { me, format } = usePortalContext();
  const queryClient = useQueryClient();
  const problems = useProblems();
  const [asking, setAsking] = useState<{ colleague: Colleague; action: ColleagueAction } | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    if (!asking) return;
    const { colleague, action } = asking;
    setBusy(true);
    onNotice(undefined);
    try {
      await actOnColleague(colleague.id, action);
      onNotice({ tone: "good", text: t(`colleagues.done.${action}`, { email: colleague.email }) });
    } catch (error) {
      onNotice({
        tone: "error",
        text: t("colleagues.failed", { email: colleague.email, reason: problems.messages(error).join(" ") }),
      });
    } finally {
      setBusy(false);
      setAsking(undefined);
      await queryClient.invalidateQueries({ queryKey: colleaguesKey });
    }
  };

  return (
    <>
      <div className="table-scroll">
        <table className="records">
          <caption>{t("colleagues.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("colleagues.name")}</th>
              <th scope="col">{t("colleagues.userType")}</th>
              <th scope="col">{t("colleagues.statusColumn")}</th>
              <th scope="col">{t("colleagues.lastLogin")}</th>
              <th scope="col">{t("colleagues.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((colleague) => {
              const self = colleague.id === me?.id;
              return (
                <tr key={colleague.id} data-testid={`colleague-${colleague.email}`}>
                  <th scope="row">
                    {colleague.name || colleague.email} {self && <span className="muted">{t("colleagues.you")}</span>}
                    {/* The address under the name: one column fewer, so the actions fit. */}
                    <div className="colleague-email">{colleague.email}</div>
                    {colleague.accountAdmin && (
                      <div>
                        <RoleBadge>{t("colleagues.adminBadge")}</RoleBadge>
                      </div>
                    )}
                  </th>
                  <td>{colleague.userType.name}</td>
                  <td>
                    <StatusBadge tone={colleagueTone(colleague.status)}>
                      {t(`colleagues.status.${colleague.status}`)}
                    </StatusBadge>
                  </td>
                  <td>
                    {colleague.lastLoginAt ? (
                      <time dateTime={colleague.lastLoginAt}>{formatDateTime(colleague.lastLoginAt, format)}</time>
                    ) : (
                      <span className="muted">{t("colleagues.never")}</span>
                    )}
                  </td>
                  <td>
                    {self ? null : colleague.manageable ? (
                      <div
                        className="row-actions"
                        role="group"
                        aria-label={t("colleagues.actionsFor", { email: colleague.email })}
                      >
                        {colleagueActions(colleague).map((action) => (
                          <button
                            key={action}
                            type="button"
                            className={action === "deactivate" ? "danger" : undefined}
                            disabled={busy}
                            onClick={() => {
                              setAsking({ colleague, action });
                            }}
                          >
                            {t(`colleagues.act.${action}`)}
                          </button>
                        ))}
                      </div>
                    ) : (
                      <span className="muted">{t("colleagues.managedByUs")}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {asking && (
        <ConfirmDialog
          title={t(`colleagues.confirm.${asking.action}Title`, {
            name: asking.colleague.name || asking.colleague.email,
            email: asking.colleague.email,
          })}
          confirmLabel={t(`colleagues.act.${asking.action}`)}
          busyLabel={t("colleagues.busy")}
          busy={busy}
          tone={asking.action === "deactivate" ? "danger" : "primary"}
          onConfirm={() => void run()}
          onCancel={() => {
            setAsking(undefined);
          }}
        >
          <p>{t(`colleagues.confirm.${asking.action}Body`)}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function InviteForm({ list, onNotice }: { list: ColleagueList; onNotice: (n: Notice | undefined) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const queryClient = useQueryClient();
  const problems = useProblems();
  const [recordId, setRecordId] = useState("");
  const [typeId, setTypeId] = useState("");
  const [sending, setSending] = useState(false);
  const candidate = list.candidates.find((c) => c.id === recordId);
  const type = list.types.find((ty) => ty.id === typeId);

  const submit = async () => {
    if (!candidate || !type) return;
    setSending(true);
    onNotice(undefined);
    try {
      await inviteColleague(candidate.id, type.id);
      onNotice({ tone: "good", text: t("colleagues.done.invite", { email: candidate.email }) });
      setRecordId("");
      setTypeId("");
    } catch (error) {
      onNotice({
        tone: "error",
        text: t("colleagues.failed", { email: candidate.email, reason: problems.messages(error).join(" ") }),
      });
    } finally {
      setSending(false);
      await queryClient.invalidateQueries({ queryKey: colleaguesKey });
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="colleague-invite">
      <h2 id={`${id}-heading`}>{t("colleagues.inviteHeading")}</h2>
      <p className="muted">{t("colleagues.inviteIntro")}</p>
      {list.candidates.length === 0 ? (
        <p>{t("colleagues.noCandidates")}</p>
      ) : list.types.length === 0 ? (
        <p>{t("colleagues.noTypes")}</p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
          className="form-grid"
        >
          <div className="form-field">
            <label htmlFor={`${id}-candidate`}>{t("colleagues.candidate")}</label>
            <select
              id={`${id}-candidate`}
              value={recordId}
              onChange={(event) => {
                setRecordId(event.target.value);
              }}
            >
              <option value="">{t("colleagues.chooseCandidate")}</option>
              {list.candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name ? `${c.name} <${c.email}>` : c.email}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-type`}>{t("colleagues.type")}</label>
            <select
              id={`${id}-type`}
              value={typeId}
              onChange={(event) => {
                setTypeId(event.target.value);
              }}
            >
              <option value="">{t("colleagues.chooseType")}</option>
              {list.types.map((ty) => (
                <option key={ty.id} value={ty.id}>
                  {t("colleagues.typeOption", { name: ty.name, count: ty.seatsLeft })}
                </option>
              ))}
            </select>
          </div>
          <p className="form-actions">
            <button type="submit" className="primary" disabled={sending || !candidate || !type}>
              {sending ? t("colleagues.inviting") : t("colleagues.invite")}
            </button>
          </p>
        </form>
      )}
    </section>
  );
}
