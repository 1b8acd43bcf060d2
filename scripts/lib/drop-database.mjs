// @ts-check
// Drops a PostgreSQL database, ending the sessions still connected to it (test and bench databases).

/** @param {unknown} error */
const codeOf = (error) => (error && typeof error === 'object' && 'code' in error ? error.code : undefined);

/**
 * DROP DATABASE … WITH (FORCE) alone is not enough for a role that is not a superuser: PostgreSQL
 * refuses it (42501, "must be a member of the role whose process is being terminated") while an
 * autovacuum worker, which runs under no role, is in the database — and a database just filled by
 * migrations or a seed often has one, more so on a busy machine. A plain DROP DATABASE cancels
 * autovacuum workers itself, so then the role's own sessions are ended and the plain form is used.
 * @param {import('pg').Client} client connected to another database of the same server
 * @param {string} name
 */
export async function dropDatabase(client, name) {
  const id = client.escapeIdentifier(name);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.query(`drop database if exists ${id} with (force)`);
      return;
    } catch (error) {
      if (codeOf(error) !== '42501' || attempt >= 5) throw error;
    }
    await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and usename = current_user and pid <> pg_backend_pid()', [name]);
    try {
      await client.query(`drop database if exists ${id}`);
      return;
    } catch (error) {
      // 55006: a session still leaving, or a new one: try again from the start.
      if (codeOf(error) !== '55006' || attempt >= 5) throw error;
    }
  }
}
