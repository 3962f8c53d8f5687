import { useQuery } from "@tanstack/react-query";
import { api, ok, signalOption } from "./client";
import type { components } from "./schema";

// What the header's bell needs, apart from the list's code (notifications.ts), which only the
// notifications pages load: the bell is on every page of both sides.

export type Notification = components["schemas"]["Notification"];
export type NotificationList = components["schemas"]["NotificationList"];

/**
 * Whose notifications: a portal user's (/api/me/notifications) or a staff member's
 * (/api/admin/me/notifications). The two are the same feature on two sides; the cache keys
 * start with each side's prefix ("customer", "admin"), so a sign-out drops them with the rest.
 */
export type NotificationSide = "portal" | "staff";

/** The unread count the API reports is bounded: this many means this many or more. */
export const MAX_UNREAD = 100;

/** How often the header's count asks again while the page stays open. */
export const UNREAD_REFRESH_MS = 60_000;

export const notificationKeys = {
  all: (side: NotificationSide) => [side === "portal" ? "customer" : "admin", "notifications"] as const,
  unread: (side: NotificationSide) => [...notificationKeys.all(side), "unread"] as const,
  list: (side: NotificationSide) => [...notificationKeys.all(side), "list"] as const,
};

/** One page of the side's notifications, newest first, with the unread count. */
export async function fetchNotifications(
  side: NotificationSide,
  limit: number,
  cursor?: string,
  signal?: AbortSignal,
): Promise<NotificationList> {
  const query = { limit, ...(cursor ? { cursor } : {}) };
  return side === "portal"
    ? ok(await api.GET("/api/me/notifications", { params: { query }, ...signalOption(signal) }))
    : ok(await api.GET("/api/admin/me/notifications", { params: { query }, ...signalOption(signal) }));
}

/**
 * The unread count for the header: one item's page (the count comes with every page), asked
 * again every minute and when the window regains focus.
 */
export function useUnreadNotifications(side: NotificationSide, enabled = true) {
  return useQuery({
    queryKey: notificationKeys.unread(side),
    queryFn: async ({ signal }) => (await fetchNotifications(side, 1, undefined, signal)).unread,
    enabled,
    refetchInterval: UNREAD_REFRESH_MS,
    refetchOnWindowFocus: true,
    retry: false,
  });
}

/** The count as the header shows it: "99+" from 100 (the API's bound) on. */
export function unreadLabel(count: number): string {
  return count >= MAX_UNREAD ? `${String(MAX_UNREAD - 1)}+` : String(count);
}
