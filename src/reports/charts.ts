/**
 * Geometry of the report's bar charts (pure): the views draw them as SVG from these numbers. Lengths come only from
 * published figures: a "<5" bar is drawn as the range it could be (up to 4, dashed), a withheld one not at all, so
 * the picture tells nothing the table does not.
 */
import { MIN_CELL, type Published } from './suppression.js';

export type ChartSeries = { /** Index of the SVG pattern/style: series are told apart by pattern and legend, not colour alone. */ style: number; labelKey: string };
export type ChartBar = { series: number; y: number; width: number; kind: Published['kind']; text: string; textX: number };
export type ChartRow = { label: string; y: number; labelY: number; bars: ChartBar[] };
export type Chart = { width: number; height: number; labelWidth: number; barHeight: number; rows: ChartRow[]; series: ChartSeries[] };

export const CHART = { width: 820, labelWidth: 310, valueRoom: 70, barHeight: 16, barGap: 3, rowGap: 12, top: 6 } as const;

/**
 * Horizontal bars: one row per category, one bar per series in each row, each with its value written after it.
 * `cells[r][s]` is series s of row r; `texts` the same figures as the table shows them.
 */
export function barChart(rows: readonly { label: string; cells: readonly Published[]; texts: readonly string[] }[], series: readonly ChartSeries[]): Chart {
  const area = CHART.width - CHART.labelWidth - CHART.valueRoom;
  const max = Math.max(MIN_CELL - 1, ...rows.flatMap((r) => r.cells.map((c) => (c.kind === 'value' ? c.value : 0))));
  const scale = (v: number) => Math.round((v / max) * area * 10) / 10;
  const rowHeight = series.length * (CHART.barHeight + CHART.barGap) - CHART.barGap + CHART.rowGap;
  const out: ChartRow[] = rows.map((r, i) => {
    const y = CHART.top + i * rowHeight;
    const bars = r.cells.map((c, s): ChartBar => {
      const width = c.kind === 'value' ? scale(c.value) : c.kind === 'small' ? scale(MIN_CELL - 1) : 0;
      return { series: s, y: y + s * (CHART.barHeight + CHART.barGap), width, kind: c.kind, text: r.texts[s] ?? '', textX: CHART.labelWidth + width + 6 };
    });
    return { label: r.label, y, labelY: y + (rowHeight - CHART.rowGap) / 2, bars };
  });
  return { width: CHART.width, height: CHART.top * 2 + rows.length * rowHeight, labelWidth: CHART.labelWidth, barHeight: CHART.barHeight, rows: out, series: [...series] };
}
