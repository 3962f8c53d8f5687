import { NotificationList } from "../../shared/components/NotificationList";
import { moduleSingularLabel } from "../../shared/lib/labels";
import { useModules } from "../api/admin";
import { useFormatContext, useLanguage } from "../session";

/**
 * The staff member's notifications (/admin/notifications): what customers did to the
 * records the member owns, or that the organization sends them; an item leads to the
 * record's page.
 */
export function NotificationsPage() {
  const format = useFormatContext();
  const language = useLanguage();
  const modules = useModules();
  return (
    <NotificationList
      side="staff"
      format={format}
      recordPath={(item) =>
        `/admin/records/${encodeURIComponent(item.module)}/${encodeURIComponent(item.recordId)}`
      }
      moduleName={(item) => {
        const module = modules.data?.find((candidate) => candidate.apiName === item.module);
        return module ? moduleSingularLabel(module, language) : item.module;
      }}
    />
  );
}
