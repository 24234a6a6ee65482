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

export type BarGeometry = { width: number; labelWidth: number; valueRoom: number; barHeight: number; barGap: number; rowGap: number; top: number };
export const CHART: BarGeometry = { width: 820, labelWidth: 310, valueRoom: 70, barHeight: 16, barGap: 3, rowGap: 12, top: 6 };

/**
 * Horizontal bars: one row per category, one bar per series in each row, each with its value written after it.
 * `cells[r][s]` is series s of row r; `texts` the same figures as the table shows them.
 */
export function barChart(
  rows: readonly { label: string; cells: readonly Published[]; texts: readonly string[] }[],
  series: readonly ChartSeries[],
  g: BarGeometry = CHART,
): Chart {
  const area = g.width - g.labelWidth - g.valueRoom;
  const max = Math.max(MIN_CELL - 1, ...rows.flatMap((r) => r.cells.map((c) => (c.kind === 'value' ? c.value : 0))));
  const scale = (v: number) => Math.round((v / max) * area * 10) / 10;
  const rowHeight = series.length * (g.barHeight + g.barGap) - g.barGap + g.rowGap;
  const out: ChartRow[] = rows.map((r, i) => {
    const y = g.top + i * rowHeight;
    const bars = r.cells.map((c, s): ChartBar => {
      const width = c.kind === 'value' ? scale(c.value) : c.kind === 'small' ? scale(MIN_CELL - 1) : 0;
      return { series: s, y: y + s * (g.barHeight + g.barGap), width, kind: c.kind, text: r.texts[s] ?? '', textX: g.labelWidth + width + 6 };
    });
    return { label: r.label, y, labelY: y + (rowHeight - g.rowGap) / 2, bars };
  });
  return { width: g.width, height: g.top * 2 + rows.length * rowHeight, labelWidth: g.labelWidth, barHeight: g.barHeight, rows: out, series: [...series] };
}

/** A smaller bar chart for the dashboard's breakdowns: the same rules, thinner bars. */
export const COMPACT: BarGeometry = { width: 540, labelWidth: 220, valueRoom: 44, barHeight: 10, barGap: 2, rowGap: 4, top: 3 };

export type ColumnBar = { series: number; x: number; y: number; width: number; height: number; kind: Published['kind']; text: string; textY: number };
export type ColumnGroup = { label: string; /** Centre of the group, for its label. */ x: number; showLabel: boolean; bars: ColumnBar[] };
export type ColumnChart = {
  width: number;
  height: number;
  /** The plot: from `left` to `width`, from `top` down to `base` (the zero line). */
  left: number;
  top: number;
  base: number;
  ticks: { value: number; y: number; text: string }[];
  groups: ColumnGroup[];
  series: ChartSeries[];
  /** Values are written above the columns only when they fit. */
  showValues: boolean;
};

export const COLUMNS = { width: 1000, left: 44, top: 18, plot: 120, labelRoom: 22, groupGap: 0.28 } as const;

/** A round step for about four grid lines up to `max`: 1, 2 or 5 times a power of ten. */
function tickStep(max: number): number {
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power);
}

/**
 * Vertical columns: one group per month (the x axis), one column per series in each group. Lengths come only from
 * published figures, as in `barChart`: a "<5" column stands as the range it could be (up to 4, dashed), a withheld one
 * not at all. `number` writes the axis' figures as the reader's locale does.
 */
export function columnChart(rows: readonly { label: string; cells: readonly Published[]; texts: readonly string[] }[], series: readonly ChartSeries[], number: (n: number) => string): ColumnChart {
  const max = Math.max(MIN_CELL - 1, ...rows.flatMap((r) => r.cells.map((c) => (c.kind === 'value' ? c.value : 0))));
  const step = tickStep(max);
  const top = Math.ceil(max / step) * step;
  const base = COLUMNS.top + COLUMNS.plot;
  const y = (v: number) => Math.round((base - (v / top) * COLUMNS.plot) * 10) / 10;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => ({ value: i * step, y: y(i * step), text: number(i * step) }));
  const groupWidth = (COLUMNS.width - COLUMNS.left) / Math.max(1, rows.length);
  const barWidth = Math.min(22, (groupWidth * (1 - COLUMNS.groupGap)) / Math.max(1, series.length));
  // Month names need about 56 units; with many months only every n-th is written (the table has them all).
  const labelEvery = Math.max(1, Math.ceil(56 / groupWidth));
  const groups = rows.map((r, i): ColumnGroup => {
    const centre = COLUMNS.left + (i + 0.5) * groupWidth;
    const first = centre - (barWidth * r.cells.length) / 2;
    const bars = r.cells.map((c, s): ColumnBar => {
      const v = c.kind === 'value' ? c.value : c.kind === 'small' ? MIN_CELL - 1 : 0;
      const height = Math.round((base - y(v)) * 10) / 10;
      return { series: s, x: Math.round((first + s * barWidth) * 10) / 10, y: y(v), width: Math.round((barWidth - 1) * 10) / 10, height, kind: c.kind, text: r.texts[s] ?? '', textY: y(v) - 4 };
    });
    return { label: r.label, x: Math.round(centre * 10) / 10, showLabel: i % labelEvery === 0, bars };
  });
  return { width: COLUMNS.width, height: base + COLUMNS.labelRoom, left: COLUMNS.left, top: COLUMNS.top, base, ticks, groups, series: [...series], showValues: barWidth >= 18 };
}
