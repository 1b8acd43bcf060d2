import type { Kysely } from 'kysely';
import type { Database, ResetCode } from '../db/schema';

export async function insertResetCode(
  db: Kysely<Database>,
  code: { id: string; user_id: string; code_hash: string; created_by: string | null; created_at: string; expires_at: string },
): Promise<void> {
  await db.insertInto('reset_codes').values({ ...code, used_at: null }).execute();
}

/** Unused codes of a user stop working when a new one is issued. */
export async function expireUnusedCodes(db: Kysely<Database>, userId: string, at: string): Promise<void> {
  await db.updateTable('reset_codes').set({ expires_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).where('expires_at', '>', at).execute();
}

export async function findUsableCode(db: Kysely<Database>, userId: string, codeHash: string, now: string): Promise<ResetCode | null> {
  return (
    (await db
      .selectFrom('reset_codes')
      .selectAll()
      .where('user_id', '=', userId)
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()) ?? null
  );
}

/** Marks a code used; false when another request used it first. */
export async function markCodeUsed(db: Kysely<Database>, id: string, now: string): Promise<boolean> {
  const result = await db.updateTable('reset_codes').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
