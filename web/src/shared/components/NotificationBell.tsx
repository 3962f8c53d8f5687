import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { unreadLabel, useUnreadNotifications, type NotificationSide } from "../api/notificationCount";
import "./NotificationBell.css";

/**
 * The header's way to the notifications page: a bell with the unread count. Its name says
 * the count ("Notifications, 3 unread"), so a screen reader hears what the badge shows. Both
 * frames import it eagerly: it is there at first paint (vite.config.ts, FIRST_PAINT), while
 * the list's code loads with the notifications pages.
 */
export function NotificationBell({ side, to }: { side: NotificationSide; to: string }) {
  const { t } = useTranslation();
  const unread = useUnreadNotifications(side);
  const count = unread.data ?? 0;
  const label = count > 0 ? t("notificationBell.unread", { count: unreadLabel(count) }) : t("notificationBell.label");
  return (
    <Link to={to} className="notification-bell" aria-label={label} data-testid="notification-bell">
      <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" height="20">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {count > 0 && (
        <span className="notification-count" data-testid="notification-count" aria-hidden="true">
          {unreadLabel(count)}
        </span>
      )}
    </Link>
  );
}
