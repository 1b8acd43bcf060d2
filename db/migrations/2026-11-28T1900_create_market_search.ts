import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: takes Kysely<any> and never imports src/.
//
// The market's search index: one search document per store (its name, tagline, story, village and
// typed region, plus the name and description of every product buyers can see: not hidden, priced),
// kept in step with `stores` and `products` by triggers, so every write path (the builder, demo
// data, db:copy, a test's direct insert) updates it without remembering to.
//
// The two backends need different DDL, chosen here by asking Kysely which adapter runs the
// migration (a migration may not import the app's own helpers):
// - SQLite: a plain table `market_search_docs` (integer key, so the index survives VACUUM) and an
//   FTS5 external-content table `market_search` over it with the trigram tokenizer. Trigram finds
//   terms of 3 or more characters through the index, but nothing for shorter terms (蜂蜜): those
//   are looked up in the index's own list of trigrams (`market_search_terms`, an fts5vocab table)
//   as the trigrams that start with them, which is why every document ends with two newlines
//   (the last characters of the text then start a trigram too). See src/lib/server/db/text-search.ts.
// - PostgreSQL: the same `market_search_docs` table maintained by PL/pgSQL triggers, stored in
//   lower case (LIKE on lower-case text is several times cheaper than ILIKE), with a pg_trgm GIN
//   index when the extension can be installed; without it LIKE scans the table (one row per store).
//
// The documents are derived data: db:copy skips them (the target's triggers rebuild them).

const SEARCHED_STORE_COLUMNS = ['name', 'tagline', 'story_text', 'village', 'region_other'];
const SEARCHED_PRODUCT_COLUMNS = ['name', 'description_text', 'hidden', 'price_minor', 'store_id'];

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await upPostgres(db);
  else await upSqlite(db);
  // The directory lists live stores most recently updated first (ties by id): read in index order,
  // a page needs no sort of every store.
  await db.schema.createIndex('stores_live_order_idx').on('stores').columns(['updated_at', 'id']).execute();
  // The kind-of-product filter finds the stores selling one kind from here.
  await db.schema.createIndex('products_category_idx').on('products').columns(['category', 'store_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw('drop trigger if exists market_search_products on products').execute(db);
    await sql.raw('drop trigger if exists market_search_stores on stores').execute(db);
    await sql.raw('drop function if exists market_search_products_changed()').execute(db);
    await sql.raw('drop function if exists market_search_stores_changed()').execute(db);
    await sql.raw('drop function if exists market_search_refresh(varchar)').execute(db);
    await sql.raw('drop function if exists market_search_store_ids(text)').execute(db);
    await db.schema.dropTable('market_search_docs').ifExists().execute();
    await db.schema.dropIndex('stores_live_order_idx').ifExists().execute();
    await db.schema.dropIndex('products_category_idx').ifExists().execute();
    return;
  }
  for (const trigger of [
    'market_search_products_ad',
    'market_search_products_au',
    'market_search_products_ai',
    'market_search_stores_au',
    'market_search_stores_ai',
    'market_search_docs_au',
    'market_search_docs_ad',
    'market_search_docs_ai',
  ]) {
    await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
  }
  await sql.raw('drop table if exists market_search_terms').execute(db);
  await sql.raw('drop table if exists market_search').execute(db);
  await db.schema.dropTable('market_search_docs').ifExists().execute();
  await db.schema.dropIndex('stores_live_order_idx').ifExists().execute();
  await db.schema.dropIndex('products_category_idx').ifExists().execute();
}

/** The SQLite statement that rebuilds one store's document; `storeId` is `new.id`, `old.store_id` … */
function sqliteRefresh(storeId: string): string {
  return `
    insert into market_search_docs (store_id, body)
    select s.id,
           s.name || char(10) || s.tagline || char(10) || s.story_text || char(10) || s.village || char(10) || s.region_other || char(10) ||
           coalesce((select group_concat(p.name || char(10) || p.description_text, char(10))
                     from products p
                     where p.store_id = s.id and p.hidden = 0 and p.price_minor is not null), '') ||
           char(10) || char(10)
    from stores s
    where s.id = ${storeId}
    on conflict (store_id) do update set body = excluded.body
    where market_search_docs.body is not excluded.body;`;
}

async function upSqlite(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create table market_search_docs (
        doc_id integer primary key,
        store_id varchar(32) not null unique references stores (id) on delete cascade,
        body text not null
      )`,
    )
    .execute(db);
  await sql
    .raw("create virtual table market_search using fts5(body, content = 'market_search_docs', content_rowid = 'doc_id', tokenize = 'trigram')")
    .execute(db);
  // Every trigram in the index with the documents it occurs in: 1–2-character terms are found as
  // a range of trigrams (those starting with the term) instead of a scan of every document.
  await sql.raw('create virtual table market_search_terms using fts5vocab(market_search, instance)').execute(db);

  // The documents feed the full-text index (the external-content pattern of the FTS5 manual).
  await sql
    .raw(
      `create trigger market_search_docs_ai after insert on market_search_docs begin
        insert into market_search (rowid, body) values (new.doc_id, new.body);
      end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger market_search_docs_ad after delete on market_search_docs begin
        insert into market_search (market_search, rowid, body) values ('delete', old.doc_id, old.body);
      end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger market_search_docs_au after update on market_search_docs begin
        insert into market_search (market_search, rowid, body) values ('delete', old.doc_id, old.body);
        insert into market_search (rowid, body) values (new.doc_id, new.body);
      end`,
    )
    .execute(db);

  // Stores and products feed the documents. A deleted store's document goes with it (foreign key
  // cascade, which fires the delete trigger above).
  await sql.raw(`create trigger market_search_stores_ai after insert on stores begin ${sqliteRefresh('new.id')} end`).execute(db);
  await sql
    .raw(`create trigger market_search_stores_au after update of ${SEARCHED_STORE_COLUMNS.join(', ')} on stores begin ${sqliteRefresh('new.id')} end`)
    .execute(db);
  await sql.raw(`create trigger market_search_products_ai after insert on products begin ${sqliteRefresh('new.store_id')} end`).execute(db);
  await sql
    .raw(
      `create trigger market_search_products_au after update of ${SEARCHED_PRODUCT_COLUMNS.join(', ')} on products begin
        ${sqliteRefresh('new.store_id')}
        ${sqliteRefresh('old.store_id')}
      end`,
    )
    .execute(db);
  await sql.raw(`create trigger market_search_products_ad after delete on products begin ${sqliteRefresh('old.store_id')} end`).execute(db);

  // Stores created before this migration (the update trigger writes their documents).
  await sql.raw('update stores set name = name').execute(db);
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create table market_search_docs (
        store_id varchar(32) primary key references stores (id) on delete cascade,
        body text not null
      )`,
    )
    .execute(db);
  await sql
    .raw(
      `create function market_search_refresh(target varchar) returns void language plpgsql as $$
      begin
        insert into market_search_docs (store_id, body)
        select s.id,
               lower(concat_ws(E'\\n', s.name, s.tagline, s.story_text, s.village, s.region_other,
                 (select string_agg(p.name || E'\\n' || p.description_text, E'\\n')
                  from products p
                  where p.store_id = s.id and p.hidden = 0 and p.price_minor is not null)))
        from stores s
        where s.id = target
        on conflict (store_id) do update set body = excluded.body
        where market_search_docs.body is distinct from excluded.body;
      end
      $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function market_search_stores_changed() returns trigger language plpgsql as $$
      begin
        perform market_search_refresh(new.id);
        return null;
      end
      $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger market_search_stores after insert or update of ${SEARCHED_STORE_COLUMNS.join(', ')} on stores
       for each row execute function market_search_stores_changed()`,
    )
    .execute(db);
  await sql
    .raw(
      `create function market_search_products_changed() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then
          perform market_search_refresh(old.store_id);
        end if;
        if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.store_id is distinct from old.store_id) then
          perform market_search_refresh(new.store_id);
        end if;
        return null;
      end
      $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger market_search_products after insert or delete or update of ${SEARCHED_PRODUCT_COLUMNS.join(', ')} on products
       for each row execute function market_search_products_changed()`,
    )
    .execute(db);

  // pg_trgm makes ILIKE '%term%' an index search for terms of 3 or more characters. It is a
  // "trusted" extension (PostgreSQL 13+): a role that may create objects in the database can
  // install it. Where it cannot be installed, search still works by scanning market_search_docs.
  const probe = await sql<{ installed: boolean; installable: boolean }>`
    select
      exists (select 1 from pg_extension where extname = 'pg_trgm') as installed,
      exists (select 1 from pg_available_extensions where name = 'pg_trgm')
        and has_database_privilege(current_database(), 'CREATE')
        and has_schema_privilege(current_schema(), 'CREATE')
        and (
          (select rolsuper from pg_roles where rolname = current_user)
          or coalesce((select v.trusted from pg_available_extension_versions v
                        join pg_available_extensions e on e.name = v.name and e.default_version = v.version
                        where v.name = 'pg_trgm'), false)
        ) as installable`.execute(db);
  const row = probe.rows[0];
  let trigram = row?.installed === true;
  if (!trigram && row?.installable === true) {
    await sql.raw('create extension if not exists pg_trgm').execute(db);
    trigram = true;
  }
  if (trigram) {
    await sql.raw('create index market_search_docs_body_trgm on market_search_docs using gin (body gin_trgm_ops)').execute(db);
  }

  // The search itself: the stores whose document contains a LIKE pattern. PostgreSQL's planner
  // prices LIKE on a row at a fraction of what matching a kilobyte of Chinese text costs, so it
  // prefers reading every document (≈ 8× slower at 5,000 stores) to the pg_trgm index. A function
  // with its own `set enable_seqscan = off` plans its query with the index (when there is one)
  // and is never inlined into the caller's plan; without the index it still scans. (Only for terms
  // of 3 or more characters: shorter ones give pg_trgm no trigram to look up.)
  await sql
    .raw(
      `create function market_search_store_ids(pattern text) returns table (store_id varchar)
       language sql stable
       set enable_seqscan = off
       as $$ select d.store_id from market_search_docs d where d.body like pattern $$`,
    )
    .execute(db);

  // Stores created before this migration.
  await sql.raw('select market_search_refresh(s.id) from stores s').execute(db);
}
