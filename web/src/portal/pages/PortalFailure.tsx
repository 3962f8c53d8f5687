import { useTranslation } from "react-i18next";
import { ApiError } from "../../shared/api/client";
import { useRetryText } from "../../shared/lib/retry";
import { MoreErrorsItem } from "../../shared/components/MoreErrors";
import { useProblems } from "../../shared/lib/problems";

/** A refused or failed call on a portal page, in words a customer understands. */
export function PortalFailure({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const retryText = useRetryText();
  const problems = useProblems();
  let message: string;
  if (!(error instanceof ApiError)) message = t("problem.network");
  else if (error.status === 429) message = retryText(error.retryAfter);
  else if (error.status === 403) message = t("portal.portalClosed");
  else message = problems.detail(error.problem, error.status);
  const fieldErrors = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
  return (
    <div role="alert" className="notice notice-error">
      <p>{message}</p>
      {fieldErrors.length > 0 && (
        <ul>
          {fieldErrors.map((item) => (
            <li key={`${item.field}:${item.message}`}>{problems.field(item)}</li>
          ))}
          <MoreErrorsItem count={error instanceof ApiError ? error.problem?.moreErrors : undefined} />
        </ul>
      )}
    </div>
  );
}
