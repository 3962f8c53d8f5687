import type { Colleague, ColleagueAction } from "../api/colleagues";
import type { Tone } from "../../shared/components/StatusBadge";

/** The actions that apply to a colleague's status (the server's rules, invite.Next). */
export function colleagueActions(colleague: Pick<Colleague, "status">): ColleagueAction[] {
  switch (colleague.status) {
    case "invited":
      return ["resend", "deactivate"];
    case "active":
      return ["deactivate"];
    case "deactivated":
      return ["reactivate"];
  }
}

/** The badge tone of a colleague's status. */
export function colleagueTone(status: Colleague["status"]): Tone {
  return status === "active" ? "good" : status === "invited" ? "warn" : "bad";
}
