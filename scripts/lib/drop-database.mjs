// @ts-check
// Drops a PostgreSQL database, ending the sessions still connected to it (test and bench databases).

/** @param {unknown} error */
const codeOf = (error) => (error && typeof error === 'object' && 'code' in error ? error.code : undefined);

/**
 * DROP DATABASE … WITH (FORCE) alone is not enough for a role that is not a superuser: PostgreSQL
 * refuses it (42501: "must be a member of the role whose process is being terminated…" on 15,
 * "permission denied to terminate process" later) while an autovacuum worker, which runs under no
 * role, is in the database — and a database just filled by migrations or a seed often has one, more
 * so on a busy machine. A plain DROP DATABASE cancels autovacuum workers itself, so then the role's
 * own sessions are ended and the plain form is used; it waits up to 5 s for sessions to leave and
 * fails with 55006 if one stays (or a new one came), and is tried again.
 * @param {import('pg').Client} client connected to another database of the same server
 * @param {string} name
 */
export async function dropDatabase(client, name) {
  const id = client.escapeIdentifier(name);
  try {
    await client.query(`drop database if exists ${id} with (force)`);
    return;
  } catch (error) {
    if (codeOf(error) !== '42501') throw error;
  }
  for (let attempt = 1; ; attempt += 1) {
    await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and usename = current_user and pid <> pg_backend_pid()', [name]);
    try {
      await client.query(`drop database if exists ${id}`);
      return;
    } catch (error) {
      if (codeOf(error) !== '55006' || attempt >= 3) throw error;
    }
  }
}
