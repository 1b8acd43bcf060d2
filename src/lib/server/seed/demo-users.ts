import type { Kysely } from 'kysely';
import type { Locale } from '../../i18n/locales';
import type { Database, Role } from '../db/schema';
import { hashPassword } from '../auth/password';
import { insertUser } from '../auth/user.repository';
import { newId } from '../ids';

/** The demo logins, listed in the README. Every demo password is `harvest2026`. */
export const DEMO_PASSWORD = 'harvest2026';
export const DEMO_USERS: { login: string; displayName: string; role: Role; locale: Locale }[] = [
  { login: 'admin', displayName: '县电商中心管理员', role: 'admin', locale: 'zh-CN' },
  { login: 'li', displayName: '李老师', role: 'trainer', locale: 'zh-CN' },
  { login: '13800138001', displayName: '陈大山', role: 'trainee', locale: 'zh-CN' },
  { login: '13800138002', displayName: '周秀英', role: 'trainee', locale: 'zh-CN' },
  { login: 'maria', displayName: 'Maria Tenzin', role: 'trainee', locale: 'en' },
  // A member of the demo orange cooperative (the storefront demo data).
  { login: '13800138003', displayName: '刘明', role: 'trainee', locale: 'zh-CN' },
];

/** Hashes first (slow, no database), then inserts inside the caller's transaction. */
export async function prepareDemoUsers(): Promise<{ insert(db: Kysely<Database>): Promise<Map<string, string>> }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return {
    async insert(db) {
      const ids = new Map<string, string>();
      const now = new Date().toISOString();
      for (const u of DEMO_USERS) {
        const id = newId();
        ids.set(u.login, id);
        await insertUser(db, {
          id,
          login: u.login,
          display_name: u.displayName,
          password_hash: passwordHash,
          role: u.role,
          locale: u.locale,
          must_change_password: 0,
          disabled_at: null,
          created_by: null,
          created_at: now,
          updated_at: now,
        });
      }
      return ids;
    },
  };
}
