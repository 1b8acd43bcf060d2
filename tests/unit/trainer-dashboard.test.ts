// The dashboard's view of its rows — sorting, the "needs help" filter, the URL that carries them —
// and the progress chart's sampling. The figures themselves are checked against the database in
// tests/integration/trainer-db.test.ts.
import { describe, expect, it } from 'vitest';
import { progressChart, progressPoints, sampleDays } from '../../src/lib/server/trainer/chart';
import { applyView, viewFromQuery, viewToQuery, type DashboardRow } from '../../src/lib/server/trainer/dashboard';

function row(name: string, extra: Partial<DashboardRow> = {}): DashboardRow {
  return {
    userId: name,
    name,
    login: name,
    joinedAt: '2026-11-01T00:00:00.000Z',
    lessonsRead: 0,
    quizzesPassed: 0,
    attempts: 0,
    averageScore: null,
    bestScore: null,
    lastActive: '2026-11-01T00:00:00.000Z',
    storeId: null,
    storeSlug: null,
    storeName: null,
    store: 'none',
    products: 0,
    scansThisWeek: 0,
    openOrders: 0,
    strugglingLessons: [],
    help: [],
    firstPasses: [],
    storeFirstPublishedAt: null,
    ...extra,
  };
}

const rows = [
  row('王春梅', { averageScore: 80, quizzesPassed: 4, store: 'live' }),
  row('陈大山', { averageScore: 55, quizzesPassed: 2, help: ['quizFailed'], store: 'draft' }),
  row('罗成', { help: ['inactive'] }),
  row('Maria', { averageScore: 90, quizzesPassed: 13, store: 'live' }),
];

describe('applyView', () => {
  it('filters to those who need help', () => {
    expect(applyView(rows, { sort: 'name', dir: 'asc', filter: 'needsHelp' }).map((r) => r.name).sort()).toEqual(['罗成', '陈大山'].sort());
  });

  it('sorts by a number either way, with empty values last both ways', () => {
    expect(applyView(rows, { sort: 'averageScore', dir: 'desc', filter: 'all' }).map((r) => r.name)).toEqual(['Maria', '王春梅', '陈大山', '罗成']);
    expect(applyView(rows, { sort: 'averageScore', dir: 'asc', filter: 'all' }).map((r) => r.name)).toEqual(['陈大山', '王春梅', 'Maria', '罗成']);
  });

  it('sorts stores by how far they got: live, draft, none', () => {
    expect(applyView(rows, { sort: 'store', dir: 'desc', filter: 'all' }).map((r) => r.store)).toEqual(['live', 'live', 'draft', 'none']);
  });

  it('never changes the rows it was given', () => {
    const before = rows.map((r) => r.name);
    applyView(rows, { sort: 'quizzesPassed', dir: 'desc', filter: 'needsHelp' });
    expect(rows.map((r) => r.name)).toEqual(before);
  });
});

describe('the view in the URL', () => {
  it('reads what it wrote', () => {
    const view = { sort: 'lastActive', dir: 'asc', filter: 'needsHelp' } as const;
    expect(viewFromQuery(new URLSearchParams(viewToQuery(view)))).toEqual(view);
  });

  it('falls back to the defaults for anything unknown', () => {
    expect(viewFromQuery(new URLSearchParams('sort=password&dir=sideways&filter=all-of-them'))).toEqual({ sort: 'name', dir: 'asc', filter: 'all' });
    expect(viewFromQuery(new URLSearchParams('sort=openOrders'))).toEqual({ sort: 'openOrders', dir: 'desc', filter: 'all' });
  });
});

describe('progress chart', () => {
  it('samples every day of a short cohort, ending today', () => {
    expect(sampleDays('2026-11-25', '2026-11-28', 60)).toEqual(['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28']);
  });

  it('samples a long cohort at most 60 times, start and today included', () => {
    const days = sampleDays('2026-01-01', '2026-11-28', 60);
    expect(days.length).toBeLessThanOrEqual(60);
    expect(days[0]).toBe('2026-01-01');
    expect(days.at(-1)).toBe('2026-11-28');
  });

  it('adds up first passes and first publications by the end of each local day', () => {
    const points = progressPoints(
      [
        { firstPasses: ['2026-11-25T15:59:00.000Z', '2026-11-25T16:00:00.000Z'], storeFirstPublishedAt: '2026-11-26T02:00:00.000Z' },
        { firstPasses: [], storeFirstPublishedAt: null },
      ],
      2,
      '2026-11-25',
      new Date('2026-11-27T10:00:00Z'),
      'Asia/Shanghai',
    );
    // Shanghai days: the pass at 15:59Z falls on the 25th, the one at 16:00Z on the 26th.
    expect(points).toEqual([
      { day: '2026-11-25', quizzes: 25, stores: 0 },
      { day: '2026-11-26', quizzes: 50, stores: 50 },
      { day: '2026-11-27', quizzes: 50, stores: 50 },
    ]);
    const chart = progressChart(points);
    expect(chart.today).toEqual({ day: '2026-11-27', quizzes: 50, stores: 50 });
    expect(chart.quizzesLine.split(' ')).toHaveLength(3);
  });
});
