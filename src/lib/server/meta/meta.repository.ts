import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { nowIso } from '../db/time';

export async function getMeta(db: Kysely<Database>, key: string): Promise<string | null> {
  const row = await db.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function setMeta(db: Kysely<Database>, key: string, value: string): Promise<void> {
  const updatedAt = nowIso();
  await db
    .insertInto('app_meta')
    .values({ key, value, updated_at: updatedAt })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: updatedAt }))
    .execute();
}

/** A cheap read that fails when the database is unreachable or not migrated. */
export async function checkDatabase(db: Kysely<Database>): Promise<void> {
  await db.selectFrom('app_meta').select('key').limit(1).execute();
}
