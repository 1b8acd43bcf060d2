// Field and form messages of the trainer and join pages: a key is looked up in the `trainer`
// dictionary, then in `forms` (required, tooLong …).
import { format, type Params } from '../../i18n/define';
import { forms } from '../../i18n/forms';
import type { Locale } from '../../i18n/locales';
import { trainer } from '../../i18n/trainer';

export function trainerMessage(locale: Locale, message: { key: string; params?: Params } | null | undefined): string | null {
  if (!message) return null;
  const tables: Record<string, string>[] = [trainer[locale], forms[locale]];
  for (const table of tables) {
    const template = table[message.key];
    if (template !== undefined) return format(template, message.params);
  }
  return message.key;
}
