import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  decideErasureRequest,
  erasureRequestsKey,
  useErasureRequests,
  type ErasureDecision,
  type ErasureRequest,
} from "../api/erasureRequests";
import { PortalSetupNav } from "../components/portalSetup/PortalBits";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { ConfirmDialog } from "../../shared/components/ConfirmDialog";
import { CursorPager } from "../../shared/components/CursorPager";
import { formatDateTime } from "../../shared/lib/format";
import { useFormatContext, useSession } from "../session";

/**
 * /admin/portal/erasure-requests: the customers' pending requests for the erasure of their
 * account (the organization's erasure mode is approval), each approved (the account is
 * erased) or rejected after a confirmation, a page of 100 at a time (Previous / Next).
 * Admins only, as the server says.
 */
export function ErasureRequestsPage() {
  const { t } = useTranslation();
  const isAdmin = useSession().user.role === "admin";
  const format = useFormatContext();
  const queryClient = useQueryClient();
  const [cursors, setCursors] = useState<string[]>([]);
  const requests = useErasureRequests(cursors.at(-1));
  const [deciding, setDeciding] = useState<{ request: ErasureRequest; decision: ErasureDecision } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | null>(null);

  const items = requests.data?.items ?? [];
  return (
    <>
      <PortalSetupNav />
      <h1>{t("erasureRequests.heading")}</h1>
      <p className="lead">
        {t("erasureRequests.intro")} <Link to="/admin/settings">{t("erasureRequests.settingsLink")}</Link>
      </p>
      {!isAdmin ? (
        <p className="notice">{t("erasureRequests.adminsOnly")}</p>
      ) : requests.isPending ? (
        <Loading label={t("erasureRequests.loading")} />
      ) : requests.error ? (
        <ProblemNotice error={requests.error} />
      ) : (
        <>
          {done && (
            <p role="status" className="notice notice-success">
              {done}
            </p>
          )}
          {error !== undefined && <ProblemNotice error={error} />}
          {items.length === 0 ? (
            <p className="muted">{t("erasureRequests.empty")}</p>
          ) : (
            <div className="table-scroll">
              <table className="records" aria-busy={requests.isFetching}>
                <caption>{t("erasureRequests.caption", { count: items.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("erasureRequests.email")}</th>
                    <th scope="col">{t("erasureRequests.name")}</th>
                    <th scope="col">{t("erasureRequests.requestedAt")}</th>
                    <th scope="col">{t("erasureRequests.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((request) => (
                    <tr key={request.userId} data-testid={`erasure-request-${request.userId}`}>
                      <th scope="row">{request.email}</th>
                      <td>{request.name}</td>
                      <td>
                        <time dateTime={request.requestedAt}>{formatDateTime(request.requestedAt, format)}</time>
                      </td>
                      <td>
                        <span className="row-actions">
                          <button
                            type="button"
                            className="danger"
                            onClick={() => {
                              setDone(null);
                              setDeciding({ request, decision: "approve" });
                            }}
                          >
                            {t("erasureRequests.approve")}
                          </button>{" "}
                          <button
                            type="button"
                            onClick={() => {
                              setDone(null);
                              setDeciding({ request, decision: "reject" });
                            }}
                          >
                            {t("erasureRequests.reject")}
                          </button>
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {(cursors.length > 0 || requests.data.nextCursor) && (
            <CursorPager
              cursors={cursors}
              setCursors={setCursors}
              nextCursor={requests.data.nextCursor}
              busy={requests.isFetching}
              nextDisabled={requests.isPlaceholderData}
              pageTestId="erasure-requests-page"
            />
          )}
        </>
      )}
      {deciding && (
        <ConfirmDialog
          title={t(`erasureRequests.${deciding.decision}Title`, { email: deciding.request.email })}
          confirmLabel={t(`erasureRequests.${deciding.decision}Confirm`)}
          busyLabel={t("erasureRequests.deciding")}
          busy={busy}
          tone={deciding.decision === "approve" ? "danger" : "primary"}
          onCancel={() => {
            setDeciding(null);
          }}
          onConfirm={() => {
            const { request, decision } = deciding;
            setBusy(true);
            setError(undefined);
            decideErasureRequest(request.userId, decision).then(
              () => {
                setBusy(false);
                setDeciding(null);
                setDone(t(`erasureRequests.${decision}Done`, { email: request.email }));
                void queryClient.invalidateQueries({ queryKey: erasureRequestsKey });
              },
              (err: unknown) => {
                setBusy(false);
                setDeciding(null);
                setError(err);
                void queryClient.invalidateQueries({ queryKey: erasureRequestsKey });
              },
            );
          }}
        >
          <p>{t(`erasureRequests.${deciding.decision}Text`, { email: deciding.request.email })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
