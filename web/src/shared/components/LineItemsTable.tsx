import { useTranslation } from "react-i18next";

import type { LineItem } from "../api/client";
import { formatCurrency, formatNumber, type FormatContext } from "../lib/format";
import { ScrollRegion } from "./ScrollRegion";

/**
 * A record's line items (product, quantity, unit price, discount and tax where a line has
 * them, total), in the console and the
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
  // Discount and tax columns only where a line has one: most documents have neither.
  const discounts = lines.some((line) => line.Discount !== undefined);
  const taxes = lines.some((line) => line.Tax !== undefined);
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
            {discounts && (
              <th scope="col" className="numeric">
                {t("recordForm.lineDiscount")}
              </th>
            )}
            {taxes && (
              <th scope="col" className="numeric">
                {t("recordForm.lineTax")}
              </th>
            )}
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
              {discounts && (
                <td className="numeric">
                  {line.Discount === undefined ? "" : formatCurrency(line.Discount, ctx)}
                </td>
              )}
              {taxes && (
                <td className="numeric">
                  {line.Tax === undefined ? "" : `${formatNumber(line.Tax, ctx)}%`}
                </td>
              )}
              <td className="numeric">{formatCurrency(line.Total, ctx)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
