import { BarChart } from "chartist";
import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import "chartist/dist/index.css";

/** One series of a usage chart: its name and one value per label. */
export interface UsageSeries {
  name: string;
  values: number[];
}

/**
 * A bar chart of counts per period (Chartist draws it as SVG), named by `title` for assistive
 * technology, which reads the same numbers from the data table under it (`<details>`) rather
 * than from the drawing. `labels` and `format` come already in the user's language.
 */
export function UsageChart({
  title,
  labels,
  rowLabels = labels,
  series,
  format,
  testId,
}: {
  title: string;
  /** Under the bars, short. */
  labels: string[];
  /** The data table's row headers, by default the labels. */
  rowLabels?: string[];
  series: UsageSeries[];
  format: (value: number) => string;
  testId: string;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const host = useRef<HTMLDivElement>(null);

  // Chartist owns the host's children: drawn once per change of the data, removed (with its
  // window resize listener) when the chart goes.
  const data = JSON.stringify([labels, series.map((s) => s.values)]);
  useEffect(() => {
    if (!host.current) return;
    const [chartLabels, values] = JSON.parse(data) as [string[], number[][]];
    // Labels thin out to one per 64 pixels or so (at least two show), as the width allows.
    const room = Math.max(2, Math.floor(host.current.clientWidth / 64));
    const every = Math.max(1, Math.ceil(chartLabels.length / room));
    const chart = new BarChart(
      host.current,
      { labels: chartLabels, series: values },
      {
        height: "220px",
        seriesBarDistance: values.length > 1 ? 8 : 0,
        axisX: {
          showGrid: false,
          labelInterpolationFnc: (value, index) => (index % every === 0 ? value : null),
        },
        axisY: { onlyInteger: true, labelInterpolationFnc: (value) => format(Number(value)) },
      },
    );
    return () => {
      chart.detach();
    };
    // format follows the language, as the labels do: both are in `data`'s dependency.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);

  return (
    <figure className="card usage-chart" data-testid={testId} aria-labelledby={titleId}>
      <figcaption id={titleId} className="usage-chart-title">
        {title}
      </figcaption>
      {series.length > 1 && (
        <ul className="usage-legend" aria-hidden="true">
          {series.map((s, index) => (
            <li key={s.name} className={`usage-legend-${String.fromCharCode(97 + index)}`}>
              {s.name}
            </li>
          ))}
        </ul>
      )}
      <div ref={host} className="usage-chart-plot" role="img" aria-labelledby={titleId} />
      <details className="usage-chart-data">
        <summary>{t("usage.dataTable")}</summary>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("usage.period")}</th>
              {series.map((s) => (
                <th scope="col" key={s.name}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rowLabels.map((label, row) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {series.map((s) => (
                  <td key={s.name}>{format(s.values[row] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
