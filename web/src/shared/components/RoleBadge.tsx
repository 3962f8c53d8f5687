import type { ReactNode } from "react";
import "./RoleBadge.css";

/** A role next to a person's name, such as "Account admin". */
export function RoleBadge({ children }: { children: ReactNode }) {
  return <span className="badge badge-role">{children}</span>;
}
