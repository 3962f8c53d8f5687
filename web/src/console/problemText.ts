import { ApiError } from "../shared/api/client";
import { useProblems } from "../shared/lib/problems";
import { useRetryText } from "../shared/lib/retry";

/**
 * One line explaining why the API refused or failed a call, for lists of failures, in the
 * user's language: each field error by its code, else the detail by its code, else a general
 * sentence for the status (shared/lib/problems).
 */
export function useProblemText() {
  const retryText = useRetryText();
  const problems = useProblems();
  return (error: unknown): string => {
    if (error instanceof ApiError && error.status === 429) return retryText(error.retryAfter);
    return problems.messages(error).join(" ");
  };
}
