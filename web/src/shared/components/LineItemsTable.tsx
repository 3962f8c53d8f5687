import { useTranslation } from "react-i18next";

import type { LineItem } from "../api/client";
import { formatCurrency, formatNumber, type FormatContext } from "../lib/format";
import { ScrollRegion } from "./ScrollRegion";

/**
 * A record's line items (product, quantity, unit price, total), in the console and the
 * portal. The table scrolls inside its own box: at any width the amounts stay whole
 * instead of wrapping or widening the page.
 */
export function LineItemsTable({
  lines,
  caption,
  ctx,
  className = "line-table",
  testId,
}: {
  lines: LineItem[];
  caption: string;
  ctx: FormatContext;
  className?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <ScrollRegion label={caption}>
      <table className={className} data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("recordForm.lineProduct")}</th>
            <th scope="col" className="numeric">
              {t("recordForm.lineQuantity")}
            </th>
            <th scope="col" className="numeric">
              {t("recordForm.lineUnitPrice")}
            </th>
            <th scope="col" className="numeric">
              {t("recordForm.lineTotal")}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, index) => (
            <tr key={`${line.Product.id}-${String(index)}`}>
              <td>{line.Product.name}</td>
              <td className="numeric">{formatNumber(line.Quantity, ctx)}</td>
              <td className="numeric">{formatCurrency(line.Unit_Price, ctx)}</td>
              <td className="numeric">{formatCurrency(line.Total, ctx)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
