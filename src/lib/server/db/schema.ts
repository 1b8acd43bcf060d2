import type { Insertable, Selectable } from 'kysely';

/**
 * The one Database interface. Timestamps are ISO-8601 UTC strings (`2026-11-28T09:30:00.000Z`):
 * they sort correctly as text on every backend and carry no time-zone surprises.
 */
export interface Database {
  app_meta: AppMetaTable;
}

export interface AppMetaTable {
  key: string;
  value: string;
  updated_at: string;
}

export type AppMeta = Selectable<AppMetaTable>;
export type NewAppMeta = Insertable<AppMetaTable>;
