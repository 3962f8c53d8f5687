import { lazy, Suspense } from "react";
import type { NotificationSide } from "../api/notificationCount";

const NotificationBell = lazy(() =>
  import("./NotificationBell").then((module) => ({ default: module.NotificationBell })),
);

/**
 * The header's NotificationBell, loaded when first rendered: its count waits for an API call
 * anyway, and its code and styles stay out of every page's first load. Nothing shows until
 * it is there.
 */
export function LazyNotificationBell(props: { side: NotificationSide; to: string }) {
  return (
    <Suspense fallback={null}>
      <NotificationBell {...props} />
    </Suspense>
  );
}
