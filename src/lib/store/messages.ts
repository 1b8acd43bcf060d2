// Field and form messages of the store pages: a key is looked up in the `store` dictionary, then
// `editor` (rich text and photo errors), then `forms` (required, tooLong …).
import { editor } from '../i18n/editor';
import { forms } from '../i18n/forms';
import { format, type Params } from '../i18n/define';
import type { Locale } from '../i18n/locales';
import { store } from '../i18n/store';

export interface MessageRef {
  key: string;
  params?: Params;
}

export function storeMessage(locale: Locale, message: MessageRef | null | undefined): string | null {
  if (!message) return null;
  const tables: Record<string, string>[] = [store[locale], editor[locale], forms[locale]];
  for (const table of tables) {
    const template = table[message.key];
    if (template !== undefined) return format(template, message.params);
  }
  return message.key;
}
