import { useTranslation } from "react-i18next";
import { ApiError } from "../shared/api/client";
import { useRetryText } from "../shared/lib/retry";

/** One line explaining why the API refused or failed a call, for lists of failures. */
export function useProblemText() {
  const { t } = useTranslation();
  const retryText = useRetryText();
  return (error: unknown): string => {
    if (!(error instanceof ApiError)) return t("problem.network");
    if (error.status === 429) return retryText(error.retryAfter);
    const problem = error.problem;
    const messages = problem?.errors?.map((item) => item.message).filter(Boolean) ?? [];
    if (messages.length > 0) return messages.join(" ");
    if (problem?.detail) return problem.detail;
    if (problem?.title) return problem.title;
    return t("problem.server", { status: error.status });
  };
}
