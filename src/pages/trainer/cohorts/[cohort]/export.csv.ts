import type { APIRoute } from 'astro';
import { getCourse } from '../../../../lib/server/course/content';
import { getConfig } from '../../../../lib/server/config';
import { getDb } from '../../../../lib/server/db/client';
import { requireCohort } from '../../../../lib/server/trainer/access';
import { csvResponse, toCsv } from '../../../../lib/server/trainer/csv';
import { applyView, computeDashboard, viewFromQuery } from '../../../../lib/server/trainer/dashboard';
import { dayIn } from '../../../../lib/server/trainer/dates';
import { dashboardTable } from '../../../../lib/server/trainer/table';

// GET: the dashboard table as CSV — the same rows, figures, sort and filter as the page it came from.
export const GET: APIRoute = async (context) => {
  const page = await requireCohort(context, context.params['cohort'] ?? '');
  if (page instanceof Response) return page;
  const timeZone = getConfig().timeZone;
  const course = await getCourse();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const dashboard = await computeDashboard(getDb(), page.cohort, course, { timeZone });
  const rows = applyView(dashboard.rows, viewFromQuery(context.url.searchParams));
  const body = toCsv(dashboardTable(context.locals.locale, timeZone, rows, course));
  const response = csvResponse(body, `${page.cohort.name}-${dayIn(timeZone, new Date())}.csv`);
  const cpu = process.cpuUsage(cpuBefore);
  response.headers.set('Server-Timing', `export;dur=${(performance.now() - started).toFixed(1)}, export-cpu;dur=${((cpu.user + cpu.system) / 1000).toFixed(1)}`);
  return response;
};
