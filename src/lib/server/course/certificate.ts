// Course certificates: issued once every quiz is passed, verified publicly by a readable code.
import type { Kysely } from 'kysely';
import type { Course } from '../../course/types';
import type { Certificate, Database } from '../db/schema';
import { newId, READABLE_ALPHABET, readableCode } from '../ids';
import { findCertificateByCode, findCertificateByUser, insertCertificateOnce } from './course.repository';
import { getCourseProgress } from './progress';

export const CERTIFICATE_CODE_LENGTH = 10;

/** `ABCDE23456` → `ABCDE-23456`, easier to read out and type. */
export function formatCertificateCode(code: string): string {
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)}-${code.slice(half)}`;
}

const CODE_PATTERN = new RegExp(`^[${READABLE_ALPHABET}]{${CERTIFICATE_CODE_LENGTH}}$`);

/**
 * What someone typed or scanned, as a stored code: upper-case, spaces and dashes dropped; null when
 * it cannot be a certificate code.
 */
export function normaliseCertificateCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s\-–—_.]/g, '');
  return CODE_PATTERN.test(code) ? code : null;
}

export function certificateLessons(certificate: Pick<Certificate, 'lessons'>): string[] {
  try {
    const parsed: unknown = JSON.parse(certificate.lessons);
    return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The user's certificate: the one already issued, or a new one when every lesson of the course is
 * passed; null while lessons remain. Safe to call concurrently (one certificate per user, enforced
 * by the database).
 */
export async function issueCertificateIfComplete(
  db: Kysely<Database>,
  user: { id: string; displayName: string },
  course: Course,
  now: Date = new Date(),
): Promise<Certificate | null> {
  const existing = await findCertificateByUser(db, user.id);
  if (existing) return existing;
  const progress = await getCourseProgress(db, user.id, course);
  if (!progress.complete || !progress.completedAt) return null;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await insertCertificateOnce(db, {
      id: newId(),
      user_id: user.id,
      code: readableCode(CERTIFICATE_CODE_LENGTH),
      holder_name: user.displayName,
      lessons: JSON.stringify(course.lessons.map((l) => l.slug)),
      completed_at: progress.completedAt,
      created_at: now.toISOString(),
    });
    const issued = await findCertificateByUser(db, user.id);
    if (issued) return issued;
    // Not inserted and still none for this user: the random code was taken. Draw another.
  }
  throw new Error('could not draw a free certificate code in 5 tries');
}

export async function findCertificate(db: Kysely<Database>, code: string): Promise<Certificate | null> {
  return findCertificateByCode(db, code);
}
