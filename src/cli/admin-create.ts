// npm run admin:create -- --login <login> [--name <display name>]
// The password comes from ADMIN_PASSWORD or a hidden prompt, never from an argument.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { normaliseLogin } from '../lib/auth/login-id';
import { password as passwordSchema } from '../lib/validation/text';
import { createAccount, setRole } from '../lib/server/auth/accounts';
import { findUserByLogin } from '../lib/server/auth/user.repository';
import { getConfig } from '../lib/server/config';
import { openDatabase } from '../lib/server/db/client';
import { migrateToLatest } from '../lib/server/db/migrate';

async function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

const { values } = parseArgs({ options: { login: { type: 'string' }, name: { type: 'string' } }, strict: true });
const login = normaliseLogin(values.login ?? '');
if (!login) {
  console.error('Usage: npm run admin:create -- --login <username or phone> [--name "Display name"]\n(the password comes from ADMIN_PASSWORD or a prompt)');
  process.exit(2);
}

const handle = openDatabase(getConfig());
try {
  await migrateToLatest(handle.db);
  const existing = await findUserByLogin(handle.db, login.login);
  if (existing) {
    await setRole(handle.db, existing.id, 'admin');
    console.log(`${existing.login} is now an admin (password unchanged).`);
  } else {
    const password = process.env['ADMIN_PASSWORD'] ?? (process.stdin.isTTY ? await promptHidden('Password for the new admin: ') : '');
    const checked = passwordSchema().safeParse(password);
    if (!checked.success) {
      console.error('The password must have 8 to 256 characters (set ADMIN_PASSWORD, or run in a terminal to be asked).');
      process.exitCode = 2;
    } else {
      await createAccount(handle.db, { login: login.login, displayName: values.name ?? login.login, password, locale: 'zh-CN', role: 'admin' });
      console.log(`Created admin ${login.login}.`);
    }
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
