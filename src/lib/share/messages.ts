// Field and form messages of the code pages: a key is looked up in `share`, then in `forms`.
import { forms } from '../i18n/forms';
import { format, type Params } from '../i18n/define';
import type { Locale } from '../i18n/locales';
import { share } from '../i18n/share';

export function shareMessage(locale: Locale, message: { key: string; params?: Params } | null | undefined): string | null {
  if (!message) return null;
  const tables: Record<string, string>[] = [share[locale], forms[locale]];
  for (const table of tables) {
    const template = table[message.key];
    if (template !== undefined) return format(template, message.params);
  }
  return message.key;
}
