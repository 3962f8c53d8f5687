import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from "@tanstack/react-query";
import { api, ok, REQUESTED_WITH, signalOption } from "./client";
import type { components } from "./schema";

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

/** Items a page of the list asks for. */
export const NOTIFICATIONS_PAGE = 20;

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

export async function markNotificationRead(side: NotificationSide, id: string): Promise<void> {
  const params = { path: { id }, header: REQUESTED_WITH };
  if (side === "portal") ok(await api.POST("/api/me/notifications/{id}/read", { params }));
  else ok(await api.POST("/api/admin/me/notifications/{id}/read", { params }));
}

export async function markAllNotificationsRead(side: NotificationSide): Promise<void> {
  const params = { header: REQUESTED_WITH };
  if (side === "portal") ok(await api.POST("/api/me/notifications/read-all", { params }));
  else ok(await api.POST("/api/admin/me/notifications/read-all", { params }));
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

/** The side's notifications page by page ("Show more" asks for the next). */
export function useNotificationList(side: NotificationSide) {
  return useInfiniteQuery({
    queryKey: notificationKeys.list(side),
    queryFn: ({ pageParam, signal }) => fetchNotifications(side, NOTIFICATIONS_PAGE, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    retry: false,
  });
}

type ListData = InfiniteData<NotificationList, string | undefined>;

/**
 * Applies a marking to what the side has cached, at once: the items it marks read and the
 * count it lowers (the API's count follows a moment later; the refetch then agrees).
 */
function markCached(client: QueryClient, side: NotificationSide, id: string | undefined) {
  let lowered = 0;
  client.setQueryData<ListData>(notificationKeys.list(side), (data) => {
    if (!data) return data;
    return {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items.map((item) => {
          if (item.read || (id !== undefined && item.id !== id)) return item;
          lowered++;
          return { ...item, read: true };
        }),
      })),
    };
  });
  const lower = (count: number | undefined) =>
    count === undefined ? count : id === undefined ? 0 : Math.max(0, count - lowered);
  client.setQueryData<number>(notificationKeys.unread(side), lower);
  client.setQueryData<ListData>(notificationKeys.list(side), (data) =>
    data ? { ...data, pages: data.pages.map((page) => ({ ...page, unread: lower(page.unread) ?? 0 })) } : data,
  );
}

/** Marks one notification read (opening it does). */
export function useMarkNotificationRead(side: NotificationSide) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => markNotificationRead(side, id),
    onMutate: (id) => {
      markCached(client, side, id);
    },
    onSettled: () => client.invalidateQueries({ queryKey: notificationKeys.all(side) }),
  });
}

/** Marks every notification read. */
export function useMarkAllNotificationsRead(side: NotificationSide) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => markAllNotificationsRead(side),
    onSuccess: () => {
      markCached(client, side, undefined);
    },
    onSettled: () => client.invalidateQueries({ queryKey: notificationKeys.all(side) }),
  });
}

/** The count as the header shows it: "99+" from 100 (the API's bound) on. */
export function unreadLabel(count: number): string {
  return count >= MAX_UNREAD ? `${String(MAX_UNREAD - 1)}+` : String(count);
}
