import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CrmRecord } from "../../shared/api/client";
import { setRecordOwner } from "../api/notifySettings";
import { useStaff } from "../api/staff";
import { useSession } from "../session";
import { ProblemNotice } from "./ProblemNotice";

/**
 * A record's owner on its console page: the staff member told of the
 * customer's activity on it. Admins choose among the team; others may take
 * the record or leave it without an owner.
 */
export function RecordOwner({ record, onSaved }: { record: CrmRecord; onSaved: (record: CrmRecord) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const session = useSession();
  const admin = session.user.role === "admin";
  const staff = useStaff();
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: (ownerId: string) => setRecordOwner(record.module, record.id, record.version, ownerId),
    onSuccess: (updated) => {
      setDone(true);
      onSaved(updated);
    },
  });
  const current = record.ownerId ?? "";
  const choices = new Map<string, string>([["", t("recordOwner.ownerNone")]]);
  choices.set(session.user.id, session.user.name);
  if (admin && staff.data) {
    for (const member of staff.data) if (member.status === "active") choices.set(member.id, member.name);
  }
  if (current && !choices.has(current)) choices.set(current, current);
  return (
    <div className="form-field record-owner" data-testid="record-owner">
      <label htmlFor={`${id}-owner`}>{t("recordOwner.owner")}</label>
      <select
        id={`${id}-owner`}
        value={current}
        disabled={save.isPending}
        aria-describedby={`${id}-owner-hint`}
        onChange={(event) => {
          setDone(false);
          save.mutate(event.target.value);
        }}
      >
        {[...choices].map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </select>
      <p id={`${id}-owner-hint`} className="field-hint">
        {t("recordOwner.ownerHint")}
      </p>
      {save.error && <ProblemNotice error={save.error} />}
      {done && !save.isPending && (
        <p role="status" className="notice notice-good">
          {t("recordOwner.ownerSaved")}
        </p>
      )}
    </div>
  );
}
