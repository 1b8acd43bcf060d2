import type { Locale } from './locales';

export type Messages<K extends string> = Record<Locale, Record<K, string>>;

/**
 * Declares one area's strings. The English keys define the set; the Chinese object must have
 * exactly the same keys, so a string missing in either language fails the type check.
 */
export function defineMessages<const K extends string>(messages: {
  en: Record<K, string>;
  'zh-CN': NoInfer<Record<K, string>>;
}): Messages<K> {
  return messages;
}

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders. Unknown placeholders are left as they are, visibly. */
export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export type Translate<K extends string> = (key: K, params?: Params) => string;

export function translator<K extends string>(messages: Messages<K>, locale: Locale): Translate<K> {
  const table = messages[locale];
  return (key, params) => format(table[key], params);
}

/** Translates a message reference ({ key, params }) from a dictionary, falling back to the key itself. */
export function translateMessage<K extends string>(
  messages: Messages<K>,
  locale: Locale,
  message: { key: string; params?: Params } | null | undefined,
): string | null {
  if (!message) return null;
  const table: Record<string, string> = messages[locale];
  const template = table[message.key];
  return template === undefined ? message.key : format(template, message.params);
}
