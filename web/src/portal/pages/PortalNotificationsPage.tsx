import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import type { Notification } from "../../shared/api/notifications";
import { NotificationList } from "../../shared/components/NotificationList";
import { pickLabel } from "../../shared/lib/labels";
import { portalPath, usePortalContext, usePortalTitle } from "../layouts/portalContext";

/**
 * The customer's notifications (/p/:slug/notifications): an item leads to the record's page
 * in the tab of its module; a record whose module is no longer one of the user's tabs is
 * listed without a link (its page would answer "not found").
 */
export function PortalNotificationsPage() {
  const { t } = useTranslation();
  const { slug = "" } = useParams();
  const { tabs, language, format } = usePortalContext();
  usePortalTitle(t("notifications.heading"));
  const tabOf = (item: Notification) => tabs?.tabs.find((tab) => tab.module === item.module);
  return (
    <NotificationList
      side="portal"
      format={format}
      recordPath={(item) =>
        tabOf(item)
          ? portalPath(slug, `${encodeURIComponent(item.module)}/${encodeURIComponent(item.recordId)}`)
          : undefined
      }
      moduleName={(item) => {
        const tab = tabOf(item);
        return tab ? pickLabel(tab.singularLabels, language, pickLabel(tab.labels, language, item.module)) : item.module;
      }}
    />
  );
}
