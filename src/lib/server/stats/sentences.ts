// The plain-words summary of a store's last 7 days: "23 people scanned your box labels in the last
// 7 days." One sentence per place (up to three), then the page views.
import { share, translator, type Locale } from '../../i18n';
import type { StoreReport } from './report';

export const MAX_PLACEMENT_SENTENCES = 3;

export function weekSentences(report: StoreReport, locale: Locale): string[] {
  const t = translator(share, locale);
  const people = (n: number): string => (n === 1 ? t('peopleOne') : t('peopleMany', { n }));
  const sentences: string[] = [];
  const places = report.week.byPlacement.filter((p) => p.people > 0).slice(0, MAX_PLACEMENT_SENTENCES);
  if (places.length === 0) sentences.push(t('weekNobody'));
  for (const place of places) {
    sentences.push(t('weekPlacement', { people: people(place.people), placement: t(`placementObject_${place.placement}`) }));
  }
  const views = report.week.views;
  sentences.push(views === 0 ? t('weekViewsNone') : views === 1 ? t('weekViewsOne') : t('weekViewsMany', { n: views }));
  return sentences;
}
