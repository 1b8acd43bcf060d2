// PostgreSQL cannot store the NUL character (U+0000) in text and rejects any query whose text
// parameter holds one ("invalid byte sequence for encoding UTF8: 0x00"); SQLite accepts it. So a
// URL such as /admin/users/%00 would answer 404 on SQLite and 500 on PostgreSQL. This wrapper makes
// both backends behave alike: every text parameter has U+0000 replaced by U+FFFD (the replacement
// character) on its way to the driver, so a lookup simply finds nothing and no backend ever stores
// a NUL. It works on the compiled query's flat parameter list (a scan of a few values per query),
// not on the query tree, so it costs next to nothing.
import type {
  CompiledQuery,
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';

function hasNul(value: unknown): boolean {
  return typeof value === 'string' && value.includes('\u0000');
}

/** The query with NUL characters in its text parameters replaced, or the query itself when there are none. */
export function withoutNul(query: CompiledQuery): CompiledQuery {
  if (!query.parameters.some(hasNul)) return query;
  const parameters = query.parameters.map((v) => (typeof v === 'string' ? v.replaceAll('\u0000', '\uFFFD') : v));
  return Object.freeze({ ...query, parameters: Object.freeze(parameters) });
}

class NulSafeConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.inner.executeQuery<R>(withoutNul(query));
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(withoutNul(query), chunkSize);
  }
}

function unwrap(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof NulSafeConnection ? connection.inner : connection;
}

class NulSafeDriver implements Driver {
  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new NulSafeConnection(await this.inner.acquireConnection());
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(unwrap(connection), settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(unwrap(connection));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(unwrap(connection));
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    if (!this.inner.savepoint) throw new Error('This database driver does not support savepoints.');
    await this.inner.savepoint(unwrap(connection), name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    if (!this.inner.rollbackToSavepoint) throw new Error('This database driver does not support savepoints.');
    await this.inner.rollbackToSavepoint(unwrap(connection), name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    if (!this.inner.releaseSavepoint) throw new Error('This database driver does not support savepoints.');
    await this.inner.releaseSavepoint(unwrap(connection), name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(unwrap(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** Wraps a dialect (SQLite or PostgreSQL) so no text parameter carries a NUL character to the database. */
export class NulSafeDialect implements Dialect {
  constructor(private readonly inner: Dialect) {}

  createDriver(): Driver {
    return new NulSafeDriver(this.inner.createDriver());
  }

  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return this.inner.createAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return this.inner.createIntrospector(db);
  }
}
