import { useTranslation } from "react-i18next";
import { HealthPanel } from "../components/HealthPanel";

export function ConsoleOverviewPage() {
  const { t } = useTranslation();

  return (
    <>
      <h1>{t("console.overview")}</h1>
      <HealthPanel />
    </>
  );
}
