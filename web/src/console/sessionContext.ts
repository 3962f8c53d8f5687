import { createContext } from "react";
import type { StaffSession } from "../shared/api/client";

/**
 * The signed-in staff session; the console shell provides it to its pages (useSession). A
 * module of its own so the frame does not load what the pages' hooks in session.ts import.
 */
export const SessionContext = createContext<StaffSession | undefined>(undefined);
