import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useNotificationList,
  type Notification,
  type NotificationSide,
} from "../api/notifications";
import { formatDateTime, type FormatContext } from "../lib/format";
import { kindKey } from "../lib/notifications";
import "./NotificationList.css";

interface NotificationListProps {
  side: NotificationSide;
  /** Where an item leads: the record's page; undefined when the side has no page for it. */
  recordPath: (item: Notification) => string | undefined;
  /** The record's module as the reader knows it (a tab's or module's label). */
  moduleName: (item: Notification) => string;
  format: FormatContext;
}

/**
 * A person's notifications, newest first: each names the record, what happened and who did
 * it, links to the record and is marked read when opened; "Mark all as read" marks the rest.
 * The same list on both sides; each side's page says where records are.
 */
export function NotificationList({ side, recordPath, moduleName, format }: NotificationListProps) {
  const { t } = useTranslation();
  const list = useNotificationList(side);
  const markRead = useMarkNotificationRead(side);
  const markAll = useMarkAllNotificationsRead(side);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;

  return (
    <section className="notifications" aria-labelledby="notifications-heading">
      <div className="notifications-head">
        <h1 id="notifications-heading">{t("notifications.heading")}</h1>
        <button
          type="button"
          data-testid="notifications-read-all"
          disabled={unread === 0 || markAll.isPending}
          onClick={() => {
            markAll.mutate();
          }}
        >
          {t("notifications.markAllRead")}
        </button>
      </div>
      {list.isPending ? (
        <p role="status" className="muted">
          {t("notifications.loading")}
        </p>
      ) : list.isError ? (
        <p role="alert" className="notice notice-error">
          {t("notifications.loadFailed")}
        </p>
      ) : items.length === 0 ? (
        <p className="muted" data-testid="notifications-empty">
          {t("notifications.empty")}
        </p>
      ) : (
        <ul className="notification-list" data-testid="notification-list">
          {items.map((item) => {
            const path = recordPath(item);
            const actor = item.actorName;
            const what = t(kindKey(item.kind, actor !== ""), { actor });
            const name = item.recordName || t("notifications.unnamedRecord");
            return (
              <li
                key={item.id}
                className={item.read ? "notification-item" : "notification-item notification-unread"}
                data-testid="notification-item"
                data-read={item.read ? "true" : "false"}
              >
                {!item.read && <span className="notification-dot" aria-hidden="true" />}
                <div className="notification-body">
                  {path ? (
                    <Link
                      to={path}
                      className="notification-record"
                      onClick={() => {
                        if (!item.read) markRead.mutate(item.id);
                      }}
                    >
                      {name}
                    </Link>
                  ) : (
                    <span className="notification-record">{name}</span>
                  )}
                  {!item.read && <span className="visually-hidden"> ({t("notifications.unread")})</span>}
                  <span className="notification-what">
                    {moduleName(item)} · {what}
                    {item.count > 1 && ` · ${t("notifications.events", { count: item.count })}`}
                  </span>
                </div>
                <time className="notification-time muted" dateTime={item.updatedAt}>
                  {formatDateTime(item.updatedAt, format)}
                </time>
              </li>
            );
          })}
        </ul>
      )}
      {markAll.isError && (
        <p role="alert" className="notice notice-error">
          {t("notifications.markFailed")}
        </p>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="notifications-more"
          disabled={list.isFetchingNextPage}
          onClick={() => {
            void list.fetchNextPage();
          }}
        >
          {list.isFetchingNextPage ? t("notifications.loading") : t("notifications.more")}
        </button>
      )}
    </section>
  );
}
