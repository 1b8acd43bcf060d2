// The cohort's progress over time, as geometry for a server-rendered SVG: two lines in percent —
// quizzes passed out of all the cohort could pass, and trainees with a store ever published —
// sampled from the start date to today (days in TIME_ZONE). Pure: tested without a page.
import { addDays, dayIn, startOfDay } from './dates';
import type { DashboardRow } from './dashboard';

export const PROGRESS_CHART = { width: 640, height: 220, left: 44, right: 12, top: 12, bottom: 30, maxPoints: 60 } as const;

export interface ProgressPoint {
  day: string;
  /** 0–100. */
  quizzes: number;
  stores: number;
}

export interface ProgressChart {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  points: ProgressPoint[];
  quizzesLine: string;
  storesLine: string;
  grid: { y: number; value: number }[];
  xLabels: { x: number; day: string }[];
  /** The last point: where the cohort is today. */
  today: ProgressPoint;
}

/** The sampled days from `startDay` to `today` (both included), at most `maxPoints`, today always last. */
export function sampleDays(startDay: string, today: string, maxPoints: number): string[] {
  const first = startDay > today ? today : startDay;
  const span = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000);
  const step = Math.max(1, Math.ceil(span / Math.max(1, maxPoints - 1)));
  const days: string[] = [];
  for (let offset = span % step; offset <= span; offset += step) days.push(addDays(first, offset));
  if (days[0] !== first && days.length < maxPoints) days.unshift(first);
  return days;
}

/** Cumulative progress at the end of each sampled day. */
export function progressPoints(
  rows: readonly Pick<DashboardRow, 'firstPasses' | 'storeFirstPublishedAt'>[],
  totalLessons: number,
  startDay: string,
  now: Date,
  timeZone: string,
): ProgressPoint[] {
  const today = dayIn(timeZone, now);
  const days = sampleDays(startDay, today, PROGRESS_CHART.maxPoints);
  const passes = rows.flatMap((r) => r.firstPasses).sort();
  const published = rows.flatMap((r) => (r.storeFirstPublishedAt ? [r.storeFirstPublishedAt] : [])).sort();
  const possible = rows.length * totalLessons;
  let p = 0;
  let s = 0;
  return days.map((day) => {
    const end = startOfDay(addDays(day, 1), timeZone).toISOString();
    while (p < passes.length && (passes[p] ?? '') < end) p += 1;
    while (s < published.length && (published[s] ?? '') < end) s += 1;
    return {
      day,
      quizzes: possible > 0 ? Math.round((1000 * p) / possible) / 10 : 0,
      stores: rows.length > 0 ? Math.round((1000 * s) / rows.length) / 10 : 0,
    };
  });
}

export function progressChart(points: readonly ProgressPoint[]): ProgressChart {
  const { width, height, left, right, top, bottom } = PROGRESS_CHART;
  const plot = { left, top, right: width - right, bottom: height - bottom };
  const round = (n: number): number => Math.round(n * 10) / 10;
  const xOf = (i: number): number =>
    points.length <= 1 ? (plot.left + plot.right) / 2 : plot.left + ((plot.right - plot.left) * i) / (points.length - 1);
  const yOf = (value: number): number => plot.bottom - ((plot.bottom - plot.top) * value) / 100;
  const line = (pick: (p: ProgressPoint) => number): string => points.map((p, i) => `${round(xOf(i))},${round(yOf(pick(p)))}`).join(' ');
  const labelIndexes = points.length > 0 ? [...new Set([0, Math.floor((points.length - 1) / 2), points.length - 1])] : [];
  return {
    width,
    height,
    plot,
    points: [...points],
    quizzesLine: line((p) => p.quizzes),
    storesLine: line((p) => p.stores),
    grid: [0, 25, 50, 75, 100].map((value) => ({ y: round(yOf(value)), value })),
    xLabels: labelIndexes.map((i) => ({ x: round(xOf(i)), day: points[i]?.day ?? '' })),
    today: points.at(-1) ?? { day: '', quizzes: 0, stores: 0 },
  };
}
