import type { APIRoute } from 'astro';
import { getConfig } from '../../../../lib/server/config';
import { getDb } from '../../../../lib/server/db/client';
import { requireCentre } from '../../../../lib/server/trainer/access';
import { csvResponse, toCsv } from '../../../../lib/server/trainer/csv';
import { monthIn } from '../../../../lib/server/trainer/dates';
import { computeCentreReport } from '../../../../lib/server/trainer/report';
import { reportTable } from '../../../../lib/server/trainer/report-table';
import { monthSchema } from '../../../../lib/server/trainer/schemas';

// GET: the centre's monthly report as CSV (?month=YYYY-MM, the current month by default).
export const GET: APIRoute = async (context) => {
  const page = await requireCentre(context, context.params['centre'] ?? '');
  if (page instanceof Response) return page;
  const timeZone = getConfig().timeZone;
  const asked = monthSchema.safeParse(context.url.searchParams.get('month'));
  const month = asked.success ? asked.data : monthIn(timeZone, new Date());
  const report = await computeCentreReport(getDb(), page.centre.id, month, timeZone);
  return csvResponse(toCsv(reportTable(context.locals.locale, report)), `${page.centre.name}-${month}.csv`);
};
