import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { adminKeys } from "../../api/admin";
import { ApiError } from "../../../shared/api/client";
import { sendInvitation } from "../../api/portalUsers";
import { useProblemText } from "../../problemText";
import { BULK_CONCURRENCY, runBatch } from "../../lib/concurrency";
import { BulkFailures, BulkProgress, type BulkFailure } from "../BulkProgress";
import { Dialog } from "../../../shared/components/Dialog";
import { UserTypeSelect } from "./UserTypeSelect";

export interface InviteTarget {
  id: string;
  name: string;
}

interface Summary {
  invited: number;
  already: number;
  refused: BulkFailure[];
  failed: BulkFailure[];
}

/** Invites the selected records' people as one user type, four at a time. */
export function BulkInviteDialog({
  module,
  targets,
  onClose,
}: {
  module: string;
  targets: InviteTarget[];
  onClose: (sent: boolean) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [typeId, setTypeId] = useState("");
  const [done, setDone] = useState<number | undefined>(undefined);
  const [summary, setSummary] = useState<Summary | undefined>(undefined);
  const running = done !== undefined && !summary;

  const run = async () => {
    setDone(0);
    const outcomes = await runBatch(
      targets,
      BULK_CONCURRENCY,
      (target) => sendInvitation(module, target.id, typeId),
      setDone,
    );
    const result: Summary = { invited: 0, already: 0, refused: [], failed: [] };
    for (const outcome of outcomes) {
      if (outcome.ok) {
        result.invited++;
        continue;
      }
      const status = outcome.error instanceof ApiError ? outcome.error.status : 0;
      const failure = {
        key: outcome.item.id,
        name: outcome.item.name,
        reason: problemText(outcome.error),
      };
      if (status === 409) result.already++;
      else if (status === 422) result.refused.push(failure);
      else result.failed.push(failure);
    }
    setSummary(result);
    await queryClient.invalidateQueries({ queryKey: adminKeys.userTypes });
    await queryClient.invalidateQueries({ queryKey: adminKeys.portalUsers });
  };

  const close = () => {
    if (!running) onClose(summary !== undefined);
  };

  return (
    <Dialog title={t("invite.bulkTitle", { count: targets.length })} onClose={close}>
      {done === undefined ? (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            if (typeId) void run();
          }}
        >
          <UserTypeSelect
            module={module}
            value={typeId}
            onChange={setTypeId}
            label={t("invite.userType")}
          />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={!typeId}>
              {t("invite.send")}
            </button>
            <button type="button" onClick={close}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      ) : (
        <>
          <BulkProgress done={done} total={targets.length} label={t("invite.bulkProgress")} />
          {summary && (
            <>
              <h3>{t("invite.summaryHeading")}</h3>
              <dl className="summary" data-testid="invite-summary">
                <div>
                  <dt>{t("invite.summaryInvited")}</dt>
                  <dd data-testid="summary-invited">{summary.invited}</dd>
                </div>
                <div>
                  <dt>{t("invite.summaryAlready")}</dt>
                  <dd data-testid="summary-already">{summary.already}</dd>
                </div>
                <div>
                  <dt>{t("invite.summaryRefused")}</dt>
                  <dd data-testid="summary-refused">{summary.refused.length}</dd>
                </div>
                <div>
                  <dt>{t("invite.summaryFailed")}</dt>
                  <dd data-testid="summary-failed">{summary.failed.length}</dd>
                </div>
              </dl>
              <BulkFailures failures={[...summary.refused, ...summary.failed]} />
              <p className="form-actions">
                <button type="button" onClick={close}>
                  {t("common.close")}
                </button>
              </p>
            </>
          )}
        </>
      )}
    </Dialog>
  );
}
