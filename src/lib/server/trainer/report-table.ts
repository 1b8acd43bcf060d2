// The centre report's columns as text, shared by the page and the CSV export.
import { trainer as trainerMessages, translator, type Locale } from '../../i18n';
import type { CentreReport, ReportFigures } from './report';

export function reportColumns(locale: Locale): string[] {
  const t = translator(trainerMessages, locale);
  return [t('rCohort'), t('rTrainer'), t('rJoined'), t('rFinished'), t('rPublished'), t('rReceivedOrders'), t('rOrderRequests'), t('rScans')];
}

export function reportFigureCells(f: ReportFigures): number[] {
  return [f.joined, f.finishedCourse, f.publishedStore, f.receivedOrders, f.orderRequests, f.scans];
}

/** Header, one line per cohort, and the total line. */
export function reportTable(locale: Locale, report: CentreReport): (string | number)[][] {
  const t = translator(trainerMessages, locale);
  return [
    reportColumns(locale),
    ...report.rows.map((r) => [r.cohortName, r.trainerName ?? '', ...reportFigureCells(r)]),
    [t('reportTotal'), '', ...reportFigureCells(report.total)],
  ];
}
