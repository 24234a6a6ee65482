/**
 * A report chart as a file of its own (SVG, or PNG rendered from that SVG by sharp, which bundles librsvg): the same
 * template as the page's chart, so the same published figures and nothing more.
 */
import { Eta } from 'eta';
import sharp from 'sharp';
import { viewsDir } from '../paths.js';
import type { Translator } from '../i18n/index.js';
import type { ReportChart } from './reports.service.js';

const eta = new Eta({ views: viewsDir, cache: process.env.NODE_ENV === 'production', autoEscape: true, autoTrim: false });

export function chartSvg(tr: Translator, id: string, chart: ReportChart, heading: string, caption: string): string {
  return eta.render('reports/chart-file', { t: tr.t, dir: tr.dir, kind: chart.kind, chart: chart.chart, id, heading, caption }).trim() + '\n';
}

/** Twice the SVG's size: sharp reads it at 144 dpi (SVG units are 96 to the inch). */
export function chartPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 144 }).png().toBuffer();
}
