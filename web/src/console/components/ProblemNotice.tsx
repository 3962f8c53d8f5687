import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router";
import { ApiError } from "../../shared/api/client";
import { useRetryText } from "../../shared/lib/retry";
import { loginPath } from "../lib/next";
import { MoreErrorsItem } from "../../shared/components/MoreErrors";
import { useProblems } from "../../shared/lib/problems";

interface ProblemNoticeProps {
  error: unknown;
  /** Offered as a "Try again" button when given. */
  onRetry?: () => void;
}

/**
 * Explains a failed API call. A 401 means the session ended: the visitor is
 * sent to the sign-in page, which comes back here afterwards.
 */
export function ProblemNotice({ error, onRetry }: ProblemNoticeProps) {
  const { t } = useTranslation();
  const location = useLocation();
  const retryText = useRetryText();
  const problems = useProblems();

  if (error instanceof ApiError && error.status === 401) {
    return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  }

  let message: string;
  const problem = error instanceof ApiError ? error.problem : undefined;
  if (!(error instanceof ApiError)) {
    message = t("problem.network");
  } else if (error.status === 404) {
    message = t("problem.notFound");
  } else if (error.status === 403) {
    message = t("problem.forbidden");
  } else if (error.status === 429) {
    message = retryText(error.retryAfter);
  } else if (problem) {
    message = t("problem.refused", { status: error.status });
  } else {
    message = t("problem.server", { status: error.status });
  }

  return (
    <div role="alert" className="notice notice-error">
      <p className="notice-title">{t("problem.heading")}</p>
      <p>{message}</p>
      {problem?.detail && !problem.errors?.length && error instanceof ApiError && (
        <p>{problems.detail(problem, error.status)}</p>
      )}
      {problem?.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((item) => (
            <li key={`${item.field}:${item.message}`}>
              <code>{item.field}</code> — {problems.field(item)}
            </li>
          ))}
          <MoreErrorsItem count={problem.moreErrors} />
        </ul>
      )}
      {onRetry && (
        <p>
          <button type="button" onClick={onRetry}>
            {t("common.retry")}
          </button>
        </p>
      )}
    </div>
  );
}

export { Loading } from "./Loading";
