import { sql, type Kysely } from 'kysely';

// Frozen in time: takes Kysely<any> and never imports src/.
//
// page_views rows become counts: one row holds the views of one page kind of a store by one
// visitor within one minute (viewed_at is the first of them). Rows written before hold one view
// each, which is what the default gives them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('page_views')
    .addColumn('views', 'integer', (col) => col.notNull().defaultTo(1).check(sql`views >= 1`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('page_views').dropColumn('views').execute();
}
