import {
  useInfiniteQuery,
  useMutation,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from "@tanstack/react-query";
import { api, ok, REQUESTED_WITH } from "./client";
import {
  fetchNotifications,
  notificationKeys,
  type NotificationList,
  type NotificationSide,
} from "./notificationCount";

export type { Notification, NotificationList, NotificationSide } from "./notificationCount";

/** Items a page of the list asks for. */
export const NOTIFICATIONS_PAGE = 20;

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
