import { useQueryClient } from "@tanstack/react-query";
import { customerKeys } from "./api/customer";
import type { Me } from "../shared/api/client";

/**
 * After a sign-in: forget any earlier session's data and keep the new user,
 * which the portal shell then reads without asking again.
 */
export function useStartSession() {
  const queryClient = useQueryClient();
  return (me: Me) => {
    queryClient.removeQueries({ queryKey: customerKeys.me });
    queryClient.removeQueries({ queryKey: customerKeys.allRecords });
    queryClient.setQueryData(customerKeys.me, me);
  };
}
