// The geometry of the 30-day chart (scans as bars, page views as a line), computed on the server;
// the component draws it as SVG elements. Pure, so it is tested without a page.
import type { DayCount } from './report';

export const CHART = { width: 360, height: 190, left: 30, right: 8, top: 12, bottom: 26 } as const;

export interface ChartBar {
  x: number;
  y: number;
  width: number;
  height: number;
  day: string;
  value: number;
}

export interface ChartGeometry {
  width: number;
  height: number;
  /** Plot area. */
  plot: { left: number; top: number; right: number; bottom: number };
  bars: ChartBar[];
  /** `points` for an SVG polyline of page views. */
  viewsLine: string;
  viewDots: { x: number; y: number; day: string; value: number }[];
  /** Horizontal grid lines with their value. */
  grid: { y: number; value: number }[];
  /** Day labels under the axis (first, middle, last). */
  xLabels: { x: number; day: string }[];
  max: number;
}

/** The top of the axis: four grid steps of 1, 2 or 5 × 10^k, at least `value` (4, 8, 20, 40, 80, 200 …). */
export function niceMax(value: number): number {
  const quarter = Math.max(1, value / 4);
  const magnitude = 10 ** Math.floor(Math.log10(quarter));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= quarter) return 4 * step * magnitude;
  return 40 * magnitude;
}

export function chartGeometry(days: readonly DayCount[]): ChartGeometry {
  const { width, height, left, right, top, bottom } = CHART;
  const plot = { left, top, right: width - right, bottom: height - bottom };
  const max = niceMax(Math.max(0, ...days.map((d) => Math.max(d.scans, d.views))));
  const slot = (plot.right - plot.left) / Math.max(1, days.length);
  const barWidth = Math.max(2, slot * 0.6);
  const yOf = (value: number): number => plot.bottom - ((plot.bottom - plot.top) * value) / max;
  const round = (n: number): number => Math.round(n * 10) / 10;
  const bars = days.map((d, i) => {
    const y = yOf(d.scans);
    return { x: round(plot.left + i * slot + (slot - barWidth) / 2), y: round(y), width: round(barWidth), height: round(plot.bottom - y), day: d.day, value: d.scans };
  });
  const viewDots = days.map((d, i) => ({ x: round(plot.left + i * slot + slot / 2), y: round(yOf(d.views)), day: d.day, value: d.views }));
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ y: round(yOf(max * f)), value: max * f }));
  const labelIndexes = days.length > 0 ? [...new Set([0, Math.floor((days.length - 1) / 2), days.length - 1])] : [];
  const xLabels = labelIndexes.map((i) => ({ x: round(plot.left + i * slot + slot / 2), day: days[i]?.day ?? '' }));
  return {
    width,
    height,
    plot,
    bars,
    viewsLine: viewDots.map((p) => `${p.x},${p.y}`).join(' '),
    viewDots,
    grid,
    xLabels,
    max,
  };
}
