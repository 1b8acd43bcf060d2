// The data-text-* attributes an autosave form carries (read by src/scripts/autosave.ts).
import type { Locale } from '../i18n/locales';
import { translator } from '../i18n/define';
import { store as storeMessages } from '../i18n/store';

export function autosaveTexts(locale: Locale): Record<string, string> {
  const t = translator(storeMessages, locale);
  return {
    'data-text-idle': t('saveIdle'),
    'data-text-saving': t('saveSaving'),
    'data-text-saved': t('saveSaved'),
    'data-text-offline': t('saveOffline'),
    'data-text-retrying': t('saveRetrying'),
    'data-text-signed-out': t('saveSignedOut'),
    'data-text-invalid': t('saveInvalid'),
    'data-text-conflict': t('conflictTitle'),
    'data-text-restored': t('saveRestored'),
  };
}
