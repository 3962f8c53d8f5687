import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { adminKeys } from "../../api/admin";
import { startBulkInvite, type InviteModule } from "../../api/portalUsersBulk";
import { BulkJobResult } from "../BulkJobResult";
import { ProblemNotice } from "../ProblemNotice";
import { Dialog } from "../../../shared/components/Dialog";
import { UserTypeSelect } from "./UserTypeSelect";

export interface InviteTarget {
  id: string;
  name: string;
}

/** Where the bulk invitation stands: not sent, asked for, running on the server, or over. */
type Stage =
  | { kind: "form" }
  | { kind: "starting" }
  | { kind: "refused"; error: unknown }
  | { kind: "job"; jobId: string; over: boolean };

/**
 * Invites the selected records' people as one user type with one bulk job on the server
 * (POST /api/admin/portal-users/bulk, action invite): seats and licences are taken record by
 * record in the order of the selection, so the report names each record the job could not
 * invite and why, as the single invitation would have said.
 */
export function BulkInviteDialog({
  module,
  targets,
  onClose,
}: {
  module: InviteModule;
  targets: InviteTarget[];
  onClose: (sent: boolean) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [typeId, setTypeId] = useState("");
  const [stage, setStage] = useState<Stage>({ kind: "form" });
  const names = useMemo(() => new Map(targets.map((target) => [target.id, target.name])), [targets]);
  const running = stage.kind === "starting" || (stage.kind === "job" && !stage.over);

  const run = async () => {
    setStage({ kind: "starting" });
    try {
      const jobId = await startBulkInvite(
        module,
        targets.map((target) => target.id),
        typeId,
      );
      setStage({ kind: "job", jobId, over: false });
    } catch (error) {
      setStage({ kind: "refused", error });
    }
  };

  const finished = () => {
    setStage((state) => (state.kind === "job" ? { ...state, over: true } : state));
    void queryClient.invalidateQueries({ queryKey: adminKeys.userTypes });
    void queryClient.invalidateQueries({ queryKey: adminKeys.portalUsers });
  };

  const close = () => {
    if (!running) onClose(stage.kind === "job");
  };

  return (
    <Dialog title={t("invite.bulkTitle", { count: targets.length })} onClose={close}>
      {stage.kind === "form" || stage.kind === "refused" ? (
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
          {stage.kind === "refused" && <ProblemNotice error={stage.error} />}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={!typeId}>
              {t("invite.send")}
            </button>
            <button type="button" onClick={close}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      ) : stage.kind === "starting" ? (
        <p role="status" className="muted">
          {t("invite.bulkStarting")}
        </p>
      ) : (
        <div data-testid="invite-job">
          <BulkJobResult
            jobId={stage.jobId}
            total={targets.length}
            label={t("invite.bulkProgress")}
            names={names}
            onFinished={finished}
          />
          {stage.over && (
            <p className="form-actions">
              <button type="button" onClick={close}>
                {t("common.close")}
              </button>
            </p>
          )}
        </div>
      )}
    </Dialog>
  );
}
