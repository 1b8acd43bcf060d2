// The dashboard's columns as text: the page shows these cells and the CSV export writes the very
// same strings (empty cells are shown as "–" on the page and left empty in the file).
import type { Course } from '../../course/types';
import { trainer as trainerMessages, translator, type Locale } from '../../i18n';
import { dateTimeIn } from './dates';
import { FAILED_TRIES, INACTIVE_DAYS, type DashboardRow, type SortKey, type StoreState } from './dashboard';

export type ColumnKey = SortKey | 'needsHelp';

export interface Column {
  key: ColumnKey;
  header: string;
  /** Numbers align right and read well in a spreadsheet. */
  numeric: boolean;
  sortable: boolean;
}

export function dashboardColumns(locale: Locale, totalLessons: number): Column[] {
  const t = translator(trainerMessages, locale);
  return [
    { key: 'name', header: t('colName'), numeric: false, sortable: true },
    { key: 'lessonsRead', header: t('colLessonsRead', { total: totalLessons }), numeric: true, sortable: true },
    { key: 'quizzesPassed', header: t('colQuizzesPassed', { total: totalLessons }), numeric: true, sortable: true },
    { key: 'averageScore', header: t('colAverageScore'), numeric: true, sortable: true },
    { key: 'bestScore', header: t('colBestScore'), numeric: true, sortable: true },
    { key: 'lastActive', header: t('colLastActive'), numeric: false, sortable: true },
    { key: 'store', header: t('colStore'), numeric: false, sortable: true },
    { key: 'products', header: t('colProducts'), numeric: true, sortable: true },
    { key: 'scansThisWeek', header: t('colScans'), numeric: true, sortable: true },
    { key: 'openOrders', header: t('colOpenOrders'), numeric: true, sortable: true },
    { key: 'needsHelp', header: t('colNeedsHelp'), numeric: false, sortable: false },
  ];
}

export function storeStateLabel(locale: Locale, state: StoreState): string {
  const t = translator(trainerMessages, locale);
  const labels: Record<StoreState, string> = { none: t('storeNone'), draft: t('storeDraft'), live: t('storeLive'), takenDown: t('storeTakenDown') };
  return labels[state];
}

/** Why a trainee needs help, in words: "No activity for 7 days; failed a quiz twice: Lesson title". */
export function helpText(locale: Locale, row: Pick<DashboardRow, 'help' | 'strugglingLessons'>, course: Course): string {
  const t = translator(trainerMessages, locale);
  const parts: string[] = [];
  if (row.help.includes('inactive')) parts.push(t('helpInactive', { days: INACTIVE_DAYS }));
  if (row.help.includes('quizFailed')) {
    const titles = row.strugglingLessons.map((slug) => course.lessons.find((l) => l.slug === slug)?.versions[locale].title ?? slug);
    parts.push(t('helpQuizFailed', { times: FAILED_TRIES, lessons: titles.join(locale === 'en' ? ', ' : '、') }));
  }
  return parts.join(locale === 'en' ? '; ' : '；');
}

/** One row's cells in column order. */
export function dashboardCells(locale: Locale, timeZone: string, row: DashboardRow, course: Course): Record<ColumnKey, string> {
  const n = (v: number | null): string => (v === null ? '' : String(v));
  return {
    name: row.name,
    lessonsRead: n(row.lessonsRead),
    quizzesPassed: n(row.quizzesPassed),
    averageScore: n(row.averageScore),
    bestScore: n(row.bestScore),
    lastActive: row.lastActive ? dateTimeIn(timeZone, row.lastActive) : '',
    store: storeStateLabel(locale, row.store),
    products: n(row.products),
    scansThisWeek: n(row.scansThisWeek),
    openOrders: n(row.openOrders),
    needsHelp: helpText(locale, row, course),
  };
}

/** The CSV's rows: the header in the trainer's language, then one line per trainee as on the page. */
export function dashboardTable(locale: Locale, timeZone: string, rows: readonly DashboardRow[], course: Course): string[][] {
  const columns = dashboardColumns(locale, course.lessons.length);
  const out: string[][] = [columns.map((c) => c.header)];
  for (const row of rows) {
    const cells = dashboardCells(locale, timeZone, row, course);
    out.push(columns.map((c) => cells[c.key]));
  }
  return out;
}
