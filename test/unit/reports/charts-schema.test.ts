import { describe, expect, it } from 'vitest';
import { barChart, CHART, columnChart, COLUMNS } from '../../../src/reports/charts.js';
import { defaultPeriod, ReportQuery, resolvePeriod } from '../../../src/reports/reports.schema.js';

describe('barChart', () => {
  const series = [{ style: 0, labelKey: 'a' }];
  const area = CHART.width - CHART.labelWidth - CHART.valueRoom;

  it('scales shown values to the longest, and draws a "<5" as the range it could be, a withheld one not at all', () => {
    const chart = barChart(
      [
        { label: 'Care', cells: [{ kind: 'value', value: 40 }], texts: ['40'] },
        { label: 'Cleaning', cells: [{ kind: 'value', value: 20 }], texts: ['20'] },
        { label: 'Hospitality', cells: [{ kind: 'small' }], texts: ['<5'] },
        { label: 'Other', cells: [{ kind: 'withheld' }], texts: ['withheld'] },
      ],
      series,
    );
    const widths = chart.rows.map((r) => r.bars[0]!.width);
    expect(widths[0]).toBe(area);
    expect(widths[1]).toBe(area / 2);
    expect(widths[2]).toBe(Math.round((4 / 40) * area * 10) / 10);
    expect(widths[3]).toBe(0);
    // Every bar carries its figure as text, right after it.
    expect(chart.rows.map((r) => r.bars[0]!.text)).toEqual(['40', '20', '<5', 'withheld']);
    expect(chart.rows[0]!.bars[0]!.textX).toBe(CHART.labelWidth + area + 6);
  });

  it('never lets a bar of withheld or small figures reveal more than "<5" does', () => {
    const chart = barChart([{ label: 'x', cells: [{ kind: 'small' }, { kind: 'withheld' }], texts: ['<5', 'withheld'] }], [...series, { style: 1, labelKey: 'b' }]);
    // With nothing shown, the scale is the "<5" range itself: the bar says "up to 4", no more.
    expect(chart.rows[0]!.bars.map((b) => b.width)).toEqual([area, 0]);
  });
});

describe('report filters', () => {
  it('defaults to the last twelve months, this one included', () => {
    expect(defaultPeriod('2026-11-24')).toEqual({ from: '2025-12-01', to: '2026-11-24' });
    expect(defaultPeriod('2026-12-31')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('parses dates and contact points, and refuses what is not one', () => {
    expect(ReportQuery.parse({ from: '2026-01-01', to: '', cp: '3' })).toEqual({ from: '2026-01-01', to: undefined, cp: 3 });
    expect(ReportQuery.safeParse({ from: '2026-02-30' }).success).toBe(false);
    expect(ReportQuery.safeParse({ cp: 'LDN' }).success).toBe(false);
    expect(ReportQuery.safeParse({ cp: '-1' }).success).toBe(false);
    const inverted = ReportQuery.safeParse({ from: '2026-03-01', to: '2026-02-01' });
    expect(inverted.success).toBe(false);
    expect(inverted.error?.issues[0]).toMatchObject({ path: ['to'], message: 'reports.validation.inverted' });
  });

  it('fills a missing end or start so that the period never runs backwards', () => {
    expect(resolvePeriod({ from: '2026-03-01' }, '2026-11-24')).toEqual({ ok: true, period: { from: '2026-03-01', to: '2026-11-24' } });
    expect(resolvePeriod({ to: '2024-05-10' }, '2026-11-24')).toEqual({ ok: true, period: { from: '2023-06-01', to: '2024-05-10' } });
    expect(resolvePeriod({ from: '2027-01-01' }, '2026-11-24')).toEqual({ ok: true, period: { from: '2027-01-01', to: '2027-01-01' } });
    expect(resolvePeriod({ from: '2001-01-01', to: '2026-01-01' }, '2026-11-24')).toEqual({ ok: false, errors: { to: 'reports.validation.tooLong' } });
  });
});

describe('columnChart', () => {
  const series = [{ style: 0, labelKey: 'a' }, { style: 1, labelKey: 'b' }];
  const fmt = (n: number) => String(n);

  it('stands columns on the zero line, a "<5" one at the height of 4, a withheld one at none', () => {
    const chart = columnChart(
      [
        { label: 'Jan', cells: [{ kind: 'value', value: 20 }, { kind: 'small' }], texts: ['20', '<5'] },
        { label: 'Feb', cells: [{ kind: 'withheld' }, { kind: 'value', value: 0 }], texts: ['withheld', '0'] },
      ],
      series,
      fmt,
    );
    const [jan, feb] = chart.groups;
    expect(jan!.bars[0]!.y + jan!.bars[0]!.height).toBeCloseTo(chart.base, 5);
    expect(jan!.bars[1]!.height).toBeCloseTo((4 / 20) * COLUMNS.plot, 0);
    expect(feb!.bars.map((b) => b.height)).toEqual([0, 0]);
    // Round grid lines from 0 up to at least the largest shown figure.
    expect(chart.ticks.map((t) => t.text)).toEqual(['0', '5', '10', '15', '20']);
  });

  it('never scales to a hidden figure: the axis ends at the shown ones (at least 4)', () => {
    const chart = columnChart([{ label: 'Jan', cells: [{ kind: 'small' }, { kind: 'withheld' }], texts: ['<5', 'withheld'] }], series, fmt);
    expect(chart.ticks.at(-1)!.value).toBe(4);
  });

  it('writes only every few month names when there are many', () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ label: `m${i}`, cells: [{ kind: 'value', value: i } as const], texts: [String(i)] }));
    const chart = columnChart(rows, [series[0]!], fmt);
    const shown = chart.groups.filter((g) => g.showLabel).length;
    expect(shown).toBeGreaterThan(5);
    expect(shown).toBeLessThan(30);
    expect(chart.showValues).toBe(false);
  });
});
