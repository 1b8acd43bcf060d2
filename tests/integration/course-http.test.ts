// The course over HTTP against the real built server and its real SQLite file: the answer key
// never reaches the browser, attempts are scored and stored once, progress survives a restart,
// certificates verify publicly.
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { course as courseMessages, format } from '../../src/lib/i18n';
import { LOCALES } from '../../src/lib/i18n/locales';
import type { Lesson } from '../../src/lib/course/types';
import { answersWithRight } from '../../src/lib/server/course/demo-progress';
import { courseFromFiles } from '../../src/lib/server/course/lesson-files';
import type { Answers } from '../../src/lib/server/course/scoring';
import { cookieHeader, DEMO, logInAs } from '../helpers/auth';
import { escapeHtml } from '../helpers/http';
import { makeTempDir, startServer, type TestServer } from '../helpers/server';

const course = courseFromFiles();
const en = courseMessages.en;
const lessonAt = (order: number): Lesson => {
  const found = course.lessons.find((l) => l.order === order);
  if (!found) throw new Error(`no lesson ${order}`);
  return found;
};
const L1 = lessonAt(1);
const L2 = lessonAt(2);

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

function request(pathname: string, init: { method?: string; cookie?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'accept-language': 'en', ...init.headers };
  if (init.cookie) headers['cookie'] = init.cookie;
  if (init.method === 'POST') {
    headers['origin'] = server.url;
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  return fetch(`${server.url}${pathname}`, { method: init.method ?? 'GET', headers, body: init.body ?? null, redirect: 'manual' });
}

let signups = 0;
async function signUp(name = 'Test Farmer'): Promise<string> {
  signups += 1;
  const login = `course_${process.pid}_${signups}`;
  const res = await request('/signup', {
    method: 'POST',
    body: new URLSearchParams({ displayName: name, login, password: 'a long password', locale: 'en' }).toString(),
  });
  expect(res.status).toBe(303);
  return cookieHeader(res);
}

/** A fresh attempt id, from the quiz form as the lesson page renders it. */
async function attemptIdFromPage(slug: string, cookie?: string): Promise<string> {
  const html = await (await request(`/lessons/${slug}`, cookie ? { cookie } : {})).text();
  const match = /name="attempt" value="([a-z2-7]{26})"/.exec(html);
  if (!match?.[1]) throw new Error(`no attempt id on /lessons/${slug}`);
  return match[1];
}

function quizBody(attemptId: string, answers: Answers): string {
  const body = new URLSearchParams({ attempt: attemptId });
  for (const [question, options] of Object.entries(answers)) for (const option of options) body.append(`q:${question}`, option);
  return body.toString();
}

async function submit(lesson: Lesson, answers: Answers, cookie?: string, attemptId?: string): Promise<Response> {
  const id = attemptId ?? (await attemptIdFromPage(lesson.slug, cookie));
  return request(`/lessons/${lesson.slug}/quiz`, { method: 'POST', body: quizBody(id, answers), ...(cookie ? { cookie } : {}) });
}

function openDb(): SQLite.Database {
  return new SQLite(path.join(server.dataDir, 'harvestlink.db'), { readonly: true, fileMustExist: true });
}

function count(sqlText: string, ...params: string[]): number {
  const db = openDb();
  try {
    const row: unknown = db.prepare(sqlText).get(...params);
    return typeof row === 'object' && row !== null && 'n' in row ? Number(row.n) : Number.NaN;
  } finally {
    db.close();
  }
}

const attemptsOf = (login: string) =>
  count('SELECT count(*) AS n FROM quiz_attempts a JOIN users u ON u.id = a.user_id WHERE u.login = ?', login);

describe('the lesson page', () => {
  it('sends the questions and options, but no answer key and no explanation, in either language', async () => {
    for (const lesson of course.lessons) {
      for (const locale of LOCALES) {
        const html = await (await request(`/lessons/${lesson.slug}?lang=${locale}`)).text();
        const where = `${lesson.slug} (${locale})`;
        expect(html, where).toContain(`<html lang="${locale}"`);
        for (const q of lesson.versions[locale].questions) {
          expect(html, `${where} ${q.id} prompt`).toContain(escapeHtml(q.prompt));
          for (const o of q.options) {
            expect(html, `${where} ${q.id}/${o.id} text`).toContain(escapeHtml(o.text));
            expect(html, `${where} ${q.id}/${o.id} explanation`).not.toContain(escapeHtml(o.explanation));
          }
        }
        expect(html, where).not.toMatch(/correct|data-answer|explanation/i);
      }
    }
  });

  it('answers 404 for a lesson that does not exist', async () => {
    expect((await request('/lessons/no-such-lesson')).status).toBe(404);
    expect((await request('/lessons/no-such-lesson/quiz', { method: 'POST', body: '' })).status).toBe(404);
  });
});

describe('a signed-out reader', () => {
  it('takes the quiz, sees the score and the explanations, is invited to sign up, and nothing is stored', async () => {
    const before = count('SELECT count(*) AS n FROM quiz_attempts');
    const res = await submit(L1, answersWithRight(L1, 3));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(escapeHtml(format(en.scoreLine, { correct: 3, total: 4, score: 75 })));
    expect(html).toContain(escapeHtml(format(en.passedLine, { passMark: 70 })));
    expect(html).toContain(escapeHtml(en.notSaved));
    expect(html).toContain(`href="/signup?next=%2Flessons%2F${L1.slug}"`);
    for (const q of L1.versions.en.questions) for (const o of q.options) expect(html).toContain(escapeHtml(o.explanation));
    expect(count('SELECT count(*) AS n FROM quiz_attempts')).toBe(before);
  });
});

describe('a signed-in trainee', () => {
  it('fails, passes, fails again: every attempt stored, the best score kept, the result page shows each', async () => {
    const cookie = await signUp();
    const login = `course_${process.pid}_${signups}`;
    const fail = await submit(L2, answersWithRight(L2, 1), cookie);
    expect(fail.status).toBe(303);
    const failUrl = fail.headers.get('location') ?? '';
    expect(failUrl).toMatch(new RegExp(`^/lessons/${L2.slug}/result\\?attempt=[a-z2-7]{26}$`));
    const failPage = await (await request(failUrl, { cookie })).text();
    expect(failPage).toContain(escapeHtml(format(en.failedLine, { passMark: 70 })));
    expect(failPage).toContain(escapeHtml(format(en.bestLine, { score: 25 })));

    const pass = await submit(L2, answersWithRight(L2, 4), cookie);
    const passPage = await (await request(pass.headers.get('location') ?? '', { cookie })).text();
    expect(passPage).toContain(escapeHtml(format(en.passedLine, { passMark: 70 })));

    await submit(L2, answersWithRight(L2, 2), cookie);
    expect(attemptsOf(login)).toBe(3);
    const list = await (await request('/lessons', { cookie })).text();
    expect(list).toContain(escapeHtml(format(en.statePassed, { score: 100 })));
    expect(list).toContain(escapeHtml(format(en.progressText, { passed: 1, total: course.lessons.length })));

    // The first result is still there, as it was.
    expect(await (await request(failUrl, { cookie })).text()).toContain(escapeHtml(format(en.scoreLine, { correct: 1, total: 4, score: 25 })));
  });

  it('sends the same attempt 10 times at once (double taps, retries): one attempt is stored and all see it', async () => {
    const cookie = await signUp();
    const login = `course_${process.pid}_${signups}`;
    const attemptId = await attemptIdFromPage(L1.slug, cookie);
    const responses = await Promise.all(Array.from({ length: 10 }, () => submit(L1, answersWithRight(L1, 4), cookie, attemptId)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(303));
    expect(new Set(responses.map((r) => r.headers.get('location'))).size).toBe(1);
    expect(attemptsOf(login)).toBe(1);
    // It is the database that says so: the server's file carries the unique (user_id, attempt_key) constraint.
    const db = openDb();
    try {
      const unique = db.prepare("SELECT name FROM pragma_index_list('quiz_attempts') WHERE \"unique\" = 1 AND origin = 'u'").all();
      const columns = unique.map((row) =>
        db
          .prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno')
          .all(typeof row === 'object' && row !== null && 'name' in row ? String(row.name) : '')
          .map((c) => (typeof c === 'object' && c !== null && 'name' in c ? String(c.name) : '')),
      );
      expect(columns).toContainEqual(['user_id', 'attempt_key']);
    } finally {
      db.close();
    }
    // A second tab renders its own form, so it is its own attempt.
    await submit(L1, answersWithRight(L1, 4), cookie);
    expect(attemptsOf(login)).toBe(2);
  });

  it('gets 400 with a clear message for answers naming unknown questions or options, and nothing is stored', async () => {
    const cookie = await signUp();
    const login = `course_${process.pid}_${signups}`;
    const attemptId = await attemptIdFromPage(L1.slug, cookie);
    const unknownQuestion = await request(`/lessons/${L1.slug}/quiz`, { method: 'POST', cookie, body: quizBody(attemptId, { q99: ['a'] }) });
    expect(unknownQuestion.status).toBe(400);
    expect(await unknownQuestion.text()).toContain(escapeHtml(format(en.unknownQuestion, { question: 'q99' })));
    const unknownOption = await request(`/lessons/${L1.slug}/quiz`, { method: 'POST', cookie, body: quizBody(attemptId, { q1: ['zz'] }) });
    expect(unknownOption.status).toBe(400);
    expect(await unknownOption.text()).toContain(escapeHtml(format(en.unknownOption, { question: 'q1', option: 'zz' })));
    const twoForSingle = await request(`/lessons/${L1.slug}/quiz`, { method: 'POST', cookie, body: quizBody(attemptId, { q1: ['a', 'c'] }) });
    expect(twoForSingle.status).toBe(400);
    const noAttempt = await request(`/lessons/${L1.slug}/quiz`, { method: 'POST', cookie, body: 'q:q1=c' });
    expect(noAttempt.status).toBe(400);
    expect(await noAttempt.text()).toContain(escapeHtml(en.attemptMissing));
    const notAForm = await request(`/lessons/${L1.slug}/quiz`, { method: 'POST', cookie, body: '{}', headers: { 'content-type': 'text/plain' } });
    expect([400, 403]).toContain(notAForm.status);
    expect(attemptsOf(login)).toBe(0);
  });

  it('marks a lesson read with the button (redirect back to the quiz) or the script (204)', async () => {
    const cookie = await signUp();
    const login = `course_${process.pid}_${signups}`;
    const reads = () => count('SELECT count(*) AS n FROM lesson_reads r JOIN users u ON u.id = r.user_id WHERE u.login = ?', login);
    const button = await request(`/lessons/${L1.slug}/read`, { method: 'POST', cookie, body: '' });
    expect(button.status).toBe(303);
    expect(button.headers.get('location')).toBe(`/lessons/${L1.slug}?read=1#quiz`);
    const script = await request(`/lessons/${L2.slug}/read`, { method: 'POST', cookie, body: 'reply=none' });
    expect(script.status).toBe(204);
    await request(`/lessons/${L2.slug}/read`, { method: 'POST', cookie, body: 'reply=none' });
    expect(reads()).toBe(2);
    const list = await (await request('/lessons', { cookie })).text();
    expect(list.split(escapeHtml(en.stateRead)).length - 1).toBe(2);
  });

  it('still shows the score of an attempt whose quiz has changed since, without the old answers one by one', async () => {
    const cookie = await signUp();
    const res = await submit(L1, answersWithRight(L1, 2), cookie);
    const url = res.headers.get('location') ?? '';
    const id = new URL(url, server.url).searchParams.get('attempt') ?? '';
    const db = new SQLite(path.join(server.dataDir, 'harvestlink.db'));
    try {
      // The server (content collection) and the seed/tests (raw files) hash the same lesson alike.
      expect(db.prepare('SELECT version_hash, quiz_hash, locale FROM quiz_attempts WHERE id = ?').get(id)).toEqual({
        version_hash: L1.versions.en.versionHash,
        quiz_hash: L1.versions.en.quizHash,
        locale: 'en',
      });
      // As if the quiz had been edited after this attempt.
      db.prepare("UPDATE quiz_attempts SET quiz_hash = 'an-older-quiz' WHERE id = ?").run(id);
    } finally {
      db.close();
    }
    const html = await (await request(url, { cookie })).text();
    expect(html).toContain(escapeHtml(format(en.scoreLine, { correct: 2, total: 4, score: 50 })));
    expect(html).toContain(escapeHtml(en.lessonChanged));
    expect(html).not.toContain(escapeHtml(L1.versions.en.questions[0]?.options[0]?.explanation ?? '—'));
  });

  it('cannot open another user’s result', async () => {
    const alice = await signUp('Alice');
    const res = await submit(L1, answersWithRight(L1, 4), alice);
    const url = res.headers.get('location') ?? '';
    const bob = await signUp('Bob');
    expect((await request(url, { cookie: bob })).status).toBe(404);
    expect((await request(url, { cookie: alice })).status).toBe(200);
    expect((await request(url)).status).toBe(303);
  });
});

describe('the demo data through the server', () => {
  it('shows seeded attempts question by question: the quiz the seed hashed is the one the pages render', async () => {
    const cookie = await logInAs(server.url, DEMO.trainee);
    const html = await (await request(`/lessons/${L1.slug}/result`, { cookie, headers: { 'accept-language': 'zh-CN' } })).text();
    const zh = courseMessages['zh-CN'];
    expect(html).toContain(escapeHtml(format(zh.scoreLine, { correct: 4, total: 4, score: 100 })));
    expect(html).not.toContain(escapeHtml(zh.lessonChanged));
    expect(html).toContain(escapeHtml(L1.versions['zh-CN'].questions[0]?.options[0]?.explanation ?? '—'));
  });

  it('gives the finished trainee a certificate that /verify confirms, showing only name, course and date', async () => {
    const cookie = await logInAs(server.url, DEMO.trainee2);
    const page = await (await request('/certificate', { cookie })).text();
    const code = /data-certificate-code[^>]*>([2-9A-Z]{5}-[2-9A-Z]{5})</.exec(page)?.[1] ?? '';
    expect(code).not.toBe('');
    expect(page).toContain('周秀英');
    expect(page).toContain(escapeHtml(courseMessages['zh-CN'].completedCourse));
    expect(page).toContain(escapeHtml(en.completedCourse));
    expect(page).toMatch(/<svg[^>]*class="qr-code/);
    expect(page).toContain(escapeHtml(`http://127.0.0.1:4321/verify/${code.replace('-', '')}`));

    const verify = await request(`/verify/${code.replace('-', '')}`);
    expect(verify.status).toBe(200);
    const html = await verify.text();
    expect(html).toContain(escapeHtml(en.verifiedTitle));
    expect(html).toMatch(/周秀英 completed the HarvestLink course “Selling farm produce online” on [A-Z][a-z]+ \d{1,2}, \d{4}\./);
    const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
    expect(main).toContain('周秀英');
    expect(main, 'no login, no scores, no lessons').not.toMatch(/13800138002|score|%|<li/);

    expect((await request(`/verify/${code.toLowerCase()}`)).status).toBe(200);
    const typed = await request(`/verify?code=${encodeURIComponent(` ${code.toLowerCase()} `)}`);
    expect(typed.status).toBe(303);
    expect(typed.headers.get('location')).toBe(`/verify/${code.replace('-', '')}`);
    expect((await request('/verify/ABCDE23456')).status).toBe(404);
    expect((await request('/verify/not-a-code')).status).toBe(404);
    expect((await request('/verify?code=nope')).status).toBe(400);
  });

  it('shows the nearly finished trainee what is left instead of a certificate', async () => {
    const cookie = await logInAs(server.url, { login: 'maria', password: DEMO.trainee.password });
    const html = await (await request('/certificate', { cookie })).text();
    expect(html).toContain(escapeHtml(format(en.notCompleteText, { passed: 13, total: 14 })));
    expect(html).toContain(escapeHtml(lessonAt(14).versions.en.title));
    expect(html).not.toContain('data-certificate-code');
  });
});

describe('progress', () => {
  it('survives a restart of the server', async () => {
    const dataDir = makeTempDir('harvestlink-course-restart-');
    let own = await startServer({ dataDir, env: { SEED_DEMO: 'false' } });
    try {
      const signup = await fetch(`${own.url}/signup`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: own.url, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
        body: new URLSearchParams({ displayName: 'Restart', login: 'restart_farmer', password: 'a long password', locale: 'en' }).toString(),
      });
      const cookie = cookieHeader(signup);
      const html = await (await fetch(`${own.url}/lessons/${L1.slug}`, { headers: { cookie } })).text();
      const attemptId = /name="attempt" value="([a-z2-7]{26})"/.exec(html)?.[1] ?? '';
      const res = await fetch(`${own.url}/lessons/${L1.slug}/quiz`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: own.url, 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: quizBody(attemptId, answersWithRight(L1, 4)),
      });
      expect(res.status).toBe(303);
      await own.kill('SIGTERM');
      own = await startServer({ dataDir, env: { SEED_DEMO: 'false' } });
      const list = await (await fetch(`${own.url}/lessons`, { headers: { cookie, 'accept-language': 'en' } })).text();
      expect(list).toContain(escapeHtml(format(en.statePassed, { score: 100 })));
      expect(list).toContain(escapeHtml(format(en.progressText, { passed: 1, total: course.lessons.length })));
    } finally {
      await own.kill('SIGTERM');
      const fs = await import('node:fs');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
