// The trainer workspace over HTTP against the real built server with its demo data: joining by
// code and by link (at sign-up and later, moving keeps history), the CSV export against the page,
// assisted editing (who may, what is logged, what the trainee sees), a locked publish step, reset
// codes and accounts made by a trainer, the centre report's CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lesson } from '../../src/lib/course/types';
import { courseFromFiles } from '../../src/lib/server/course/lesson-files';
import type { Answers } from '../../src/lib/server/course/scoring';
import { BOM, parseCsv } from '../../src/lib/server/trainer/csv';
import { format, forms } from '../../src/lib/i18n';
import { cookieHeader, DEMO, logInAs } from '../helpers/auth';
import { escapeHtml } from '../helpers/http';
import { startServer, type TestServer } from '../helpers/server';

const course = courseFromFiles();
const PASSWORD = DEMO.trainee.password;
const AUTUMN_CODE = '386512';
const SPRING_CODE = '527194';

let server: TestServer;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  for (const login of ['li', 'wang', 'zhang', 'zhao', 'admin', '13900139101']) cookies[login] = await logInAs(server.url, { login, password: PASSWORD });
}, 90_000);

afterAll(async () => {
  await server?.stop();
});

function request(pathname: string, init: { method?: string; cookie?: string | undefined; body?: Record<string, string> | URLSearchParams } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.cookie) headers['cookie'] = init.cookie;
  const method = init.method ?? (init.body ? 'POST' : 'GET');
  if (method === 'POST') {
    headers['origin'] = server.url;
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const body = init.body ? new URLSearchParams(init.body).toString() : method === 'POST' ? '' : null;
  return fetch(`${server.url}${pathname}`, { method, headers, body, redirect: 'manual' });
}

const page = async (pathname: string, cookie?: string): Promise<string> => {
  const res = await request(pathname, cookie ? { cookie } : {});
  expect(res.status, `GET ${pathname}`).toBe(200);
  return res.text();
};

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const textOf = (html: string): string => decodeEntities(html.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();

/** The dashboard table as the page shows it: header texts and, per trainee, the cell texts ('–' read as empty). */
function dashboardTableOf(html: string): { ids: string[]; header: string[]; rows: string[][] } {
  const table = /<table class="dashboard"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
  const header = [...(/<thead>([\s\S]*?)<\/thead>/.exec(table)?.[1] ?? '').matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((m) =>
    textOf(m[1] ?? '').replace(/ [▲▼]$/, ''),
  );
  const ids: string[] = [];
  const rows: string[][] = [];
  for (const tr of table.matchAll(/<tr data-trainee="([a-z0-9]+)"[^>]*>([\s\S]*?)<\/tr>/g)) {
    ids.push(tr[1] ?? '');
    rows.push([...(tr[2] ?? '').matchAll(/<t[hd] [^>]*data-col="[a-zA-Z]+"[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => {
      const text = textOf(m[1] ?? '');
      return text === '–' ? '' : text;
    }));
  }
  return { ids, header, rows };
}

async function cohortIdOf(name: string): Promise<string> {
  const html = await page('/trainer', cookies['admin']);
  const id = new RegExp(`data-cohort="${name}"[^>]*>\\s*<h3><a href="/trainer/cohorts/([a-z0-9]+)"`).exec(html)?.[1];
  if (!id) throw new Error(`no cohort ${name} on /trainer`);
  return id;
}

async function traineeIdOf(cohortId: string, name: string): Promise<string> {
  const html = await page(`/trainer/cohorts/${cohortId}`, cookies['admin']);
  const id = new RegExp(`data-trainee="([a-z0-9]+)"[^>]*>\\s*<th[^>]*>\\s*<a[^>]*>${name}<`).exec(html)?.[1];
  if (!id) throw new Error(`no trainee ${name} in cohort ${cohortId}`);
  return id;
}

let signups = 0;
async function signUp(name: string, joinCode = '', locale = 'zh-CN', query = ''): Promise<{ res: Response; login: string; cookie: string }> {
  signups += 1;
  const login = `trainer_http_${process.pid}_${signups}`;
  const res = await request(`/signup${query}`, { body: { displayName: name, login, password: 'a long password', locale, joinCode } });
  return { res, login, cookie: cookieHeader(res) };
}

const rightAnswers = (lesson: Lesson): Answers =>
  Object.fromEntries(lesson.versions.en.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]));

/** The names of the cohorts /trainer lists for this user, in page order. */
async function cohortsListed(login: string): Promise<string[]> {
  return [...(await page('/trainer', cookies[login])).matchAll(/data-cohort="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('the workspace', () => {
  // The demo: li manages 普格 (autumn is his, spring is wang's, the closed summer is zhang's);
  // zhao manages 布拖 (winter).
  it('lists only their own cohorts for a plain trainer', async () => {
    expect(await cohortsListed('wang')).toEqual(['2026 春季班']);
    expect(await cohortsListed('zhang')).toEqual(['2026 夏季班']);
  });

  it('lists every cohort of the centre, and nothing else, for its manager', async () => {
    expect((await cohortsListed('li')).sort()).toEqual(['2026 夏季班', '2026 春季班', '2026 秋季班'].sort());
    expect(await cohortsListed('zhao')).toEqual(['2026 冬季班']);
  });

  it('lists every cohort of every centre for an admin', async () => {
    expect((await cohortsListed('admin')).sort()).toEqual(['2026 冬季班', '2026 夏季班', '2026 春季班', '2026 秋季班'].sort());
  });
});

describe('joining a cohort', () => {
  it('at sign-up with the code from the join link: the trainee lands in the cohort', async () => {
    const form = await page(`/signup?join=${SPRING_CODE}`);
    expect(form).toMatch(new RegExp(`name="joinCode"[^>]*value="${SPRING_CODE}"`));
    const { res, cookie } = await signUp('新学员甲', '527 194');
    expect(res.status).toBe(303);
    // The new trainee is welcomed on the cohort's page, wherever sign-up would have gone next.
    expect(res.headers.get('location')).toBe(`/join/${SPRING_CODE}?joined=1`);
    expect(await page(`/join/${SPRING_CODE}?joined=1`, cookie)).toContain('欢迎加入“2026 春季班”');
    expect(await page('/join', cookie)).toContain('data-current-cohort');
    const spring = await cohortIdOf('2026 春季班');
    expect(await page(`/trainer/cohorts/${spring}`, cookies['wang'])).toContain('新学员甲');
  });

  it('at sign-up from the join link (next = the join page): the trainee sees the welcome', async () => {
    const next = `?join=${AUTUMN_CODE}&next=${encodeURIComponent(`/join/${AUTUMN_CODE}`)}`;
    const { res, cookie } = await signUp('新学员丁', AUTUMN_CODE, 'en', next);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/join/${AUTUMN_CODE}?joined=1`);
    const welcome = await page(`/join/${AUTUMN_CODE}?joined=1`, cookie);
    expect(welcome).toContain('Welcome to “2026 秋季班”!');
    // Without a code, sign-up still goes where it was asked to.
    const plain = await signUp('新学员戊', '', 'zh-CN', `?next=${encodeURIComponent('/studio')}`);
    expect(plain.res.headers.get('location')).toBe('/studio');
  });

  it('refuses a wrong code at sign-up by the field, keeping what was typed, and makes no account', async () => {
    const { res, login } = await signUp('新学员乙', '999 999');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('没有班级用这个入班码');
    expect(html).toContain('value="新学员乙"');
    expect(html).toContain('value="999 999"');
    const logIn = await request('/login', { body: { login, password: 'a long password' } });
    expect(logIn.status).toBe(400);
  });

  it('later by the link (scanning the QR) and by typing the code; moving keeps the history', async () => {
    const { cookie } = await signUp('新学员丙');
    const link = await page(`/join/${AUTUMN_CODE}`, cookie);
    expect(link).toContain('2026 秋季班');
    expect(link).toContain('name="join" value="1"');
    const joined = await request(`/join/${AUTUMN_CODE}`, { cookie, body: { join: '1' } });
    expect(joined.status).toBe(303);
    expect(joined.headers.get('location')).toBe(`/join/${AUTUMN_CODE}?joined=1`);
    expect(await page(`/join/${AUTUMN_CODE}?joined=1`, cookie)).toContain('欢迎加入“2026 秋季班”');
    const autumn = await cohortIdOf('2026 秋季班');
    const traineeId = await traineeIdOf(autumn, '新学员丙');

    const typed = await request('/join', { cookie, body: { joinCode: ' 527-194 ' } });
    expect(typed.status).toBe(303);
    expect(typed.headers.get('location')).toBe(`/join/${SPRING_CODE}?joined=1`);
    expect(await page(`/trainer/cohorts/${autumn}`, cookies['li'])).not.toContain('新学员丙');
    const settings = await page(`/trainer/cohorts/${autumn}/settings`, cookies['li']);
    expect(settings).toMatch(new RegExp(`data-former="${traineeId}"[^>]*>[^<]*新学员丙 · \\d{4}年\\d{1,2}月\\d{1,2}日 转到别的班`));
    const spring = await cohortIdOf('2026 春季班');
    const detail = await page(`/trainer/cohorts/${spring}/trainees/${traineeId}`, cookies['wang']);
    expect(detail).toContain('2026 秋季班');
    expect(detail).toContain('2026 春季班');
    // The old trainer no longer sees the trainee's page.
    expect((await request(`/trainer/cohorts/${autumn}/trainees/${traineeId}`, { cookie: cookies['li'] })).status).toBe(404);
  });

  it('sends a visitor without an account to sign up with the code filled in', async () => {
    const html = await page(`/join/${AUTUMN_CODE}`);
    expect(html).toMatch(new RegExp(`href="/signup\\?join=${AUTUMN_CODE}&(amp;|#38;)?next=%2Fjoin%2F${AUTUMN_CODE}"`));
    expect((await request(`/join/${AUTUMN_CODE}`, { body: { join: '1' } })).status).toBe(303);
    expect((await request('/join/000000')).status).toBe(404);
    expect((await request('/join/not-a-code')).status).toBe(404);
  });

  it('stops a signed-in guesser after 10 wrong codes in 15 minutes, on the link and the typed form alike', async () => {
    const { cookie } = await signUp('猜码的学员');
    for (let i = 0; i < 5; i += 1) expect((await request(`/join/9${String(i).padStart(5, '0')}`, { cookie })).status).toBe(404);
    for (let i = 5; i < 10; i += 1) expect((await request('/join', { cookie, body: { joinCode: `9${String(i).padStart(5, '0')}` } })).status).toBe(400);
    const waitText = escapeHtml(format(forms['zh-CN'].throttled, { minutes: 15 }));
    const link = await request(`/join/${AUTUMN_CODE}`, { cookie });
    expect(link.status).toBe(429);
    const linkHtml = await link.text();
    expect(linkHtml).toContain(waitText);
    expect(linkHtml).not.toContain('2026 秋季班');
    const typed = await request('/join', { cookie, body: { joinCode: AUTUMN_CODE } });
    expect(typed.status).toBe(429);
    expect(await typed.text()).toContain(waitText);
    // Nobody else is held up: another trainee on the same address joins with the right code.
    const other = await signUp('老实的学员');
    expect((await request('/join', { cookie: other.cookie, body: { joinCode: AUTUMN_CODE } })).status).toBe(303);
  });
});

describe('CSV export', () => {
  it('matches the dashboard: BOM, header in the trainer’s language, Chinese intact, formulas escaped', async () => {
    const hostile = '=HYPERLINK("http://evil.example","点我")';
    expect((await signUp(hostile, AUTUMN_CODE)).res.status).toBe(303);
    const autumn = await cohortIdOf('2026 秋季班');
    for (const query of ['', '?sort=averageScore&dir=desc', '?filter=needs-help&sort=lastActive&dir=asc']) {
      const html = await page(`/trainer/cohorts/${autumn}${query}`, cookies['li']);
      const shown = dashboardTableOf(html);
      expect(shown.rows.length, query).toBeGreaterThan(0);
      const res = await request(`/trainer/cohorts/${autumn}/export.csv${query}`, { cookie: cookies['li'] });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''2026%20%E7%A7%8B%E5%AD%A3%E7%8F%AD-");
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      expect(text.startsWith(BOM)).toBe(true);
      const [header, ...rows] = parseCsv(text.slice(1));
      expect(header, query).toEqual(shown.header);
      expect(header?.[0]).toBe('姓名');
      const unescape = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
      expect(rows.map((r) => r.map(unescape)), query).toEqual(shown.rows);
      if (query === '') {
        const names = rows.map((r) => r[0]);
        expect(names).toContain('陈大山');
        expect(names).toContain(`'${hostile}`);
        expect(names).not.toContain(hostile);
      }
    }
  });

  it('has its header in English for an English-speaking trainer', async () => {
    const autumn = await cohortIdOf('2026 秋季班');
    const res = await request(`/trainer/cohorts/${autumn}/export.csv?lang=en`, { cookie: cookies['li'] });
    const [header] = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
    expect(header?.slice(0, 3)).toEqual(['Name', 'Lessons read (of 14)', 'Quizzes passed (of 14)']);
    // Back to Chinese for the other tests (?lang= is remembered on the account).
    await request('/trainer?lang=zh-CN', { cookie: cookies['li'] });
  });
});

describe('assisted editing', () => {
  let spring = '';
  let chunhua = '';
  let product = '';
  let assistCookie = '';

  beforeAll(async () => {
    spring = await cohortIdOf('2026 春季班');
    chunhua = await traineeIdOf(spring, '刘春花');
    product = /href="\/studio\/products\/([a-z0-9]+)"/.exec(await page('/studio', cookies['13900139101']))?.[1] ?? '';
    expect(product).not.toBe('');
  });

  it('is refused to another trainer and to the centre’s manager', async () => {
    for (const who of ['zhang', 'li']) {
      const res = await request('/trainer/assist', { cookie: cookies[who], body: { action: 'start', cohort: spring, trainee: chunhua } });
      expect(res.status, who).toBe(403);
      expect(res.headers.getSetCookie().join(';')).not.toContain('assist=');
    }
  });

  it('lets the cohort’s trainer edit the trainee’s store and products, each change under the trainer’s name', async () => {
    const start = await request('/trainer/assist', { cookie: cookies['wang'], body: { action: 'start', cohort: spring, trainee: chunhua } });
    expect(start.status).toBe(303);
    expect(start.headers.get('location')).toBe('/studio?assist=1');
    assistCookie = cookieHeader(start, cookies['wang']);
    expect(assistCookie).toMatch(/assist=[a-z2-7]{26}/);
    const studio = await page('/studio', assistCookie);
    expect(studio).toContain('data-assist-banner');
    expect(studio).toContain('你正在帮刘春花编辑店铺“春花家核桃”');

    const save = await request('/studio/store', {
      cookie: assistCookie,
      body: {
        name: '春花家核桃',
        tagline: '王家坪的薄皮核桃，老树结的',
        provinceCode: '',
        countyCode: '',
        village: '王家坪村',
        regionOther: '',
        phone: '',
        wechat: 'chunhua-hetao',
        whatsapp: '',
        pickupNote: '',
        deliveryNote: '',
        version: '1',
        story: '',
      },
    });
    expect(save.status).toBe(303);
    expect((await request(`/studio/products/${product}`, { cookie: assistCookie })).status).toBe(200);
    const hide = await request('/studio', { cookie: assistCookie, body: { action: 'hide', product } });
    expect(hide.status).toBe(303);
    // A QR code for the trainee's market stall, then renamed and put away: logged like the rest.
    const made = await request('/studio/links', { cookie: assistCookie, body: { action: 'create', target: 'store', placement: 'stall', label: '周六集市' } });
    expect(made.status).toBe(303);
    const linkPath = (made.headers.get('location') ?? '').replace(/\?.*$/, '');
    expect(linkPath).toMatch(/^\/studio\/links\/[A-Z0-9]+$/);
    expect((await request(linkPath, { cookie: assistCookie, body: { action: 'save', placement: 'stall', label: '周日集市' } })).status).toBe(303);
    expect((await request(linkPath, { cookie: assistCookie, body: { action: 'archive' } })).status).toBe(303);
    // The trainer cannot publish for the trainee, nor see their orders.
    const publish = await request('/studio/publish', { cookie: assistCookie, body: { action: 'publish' } });
    expect(publish.headers.get('location')).toBe('/studio?notice=ownerOnlyPublish');
    expect((await request('/studio/orders', { cookie: assistCookie })).status).toBe(403);
    const stop = await request('/trainer/assist', { cookie: assistCookie, body: { action: 'stop' } });
    expect(stop.status).toBe(303);
    expect(stop.headers.get('location')).toBe(`/trainer/cohorts/${spring}/trainees/${chunhua}`);
    expect(cookieHeader(stop, assistCookie)).not.toContain('assist=');
  });

  it('shows the trainee what their trainer changed, with the trainer’s name and the time', async () => {
    const studio = await page('/studio', cookies['13900139101']);
    const block = /<section[^>]*data-assisted-edits[\s\S]*?<\/section>/.exec(studio)?.[0] ?? '';
    expect(block).toContain('老师帮你做的修改');
    expect(textOf(block)).toMatch(/你的培训老师王老师于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 帮你修改：修改了店铺信息/);
    expect(textOf(block)).toMatch(/你的培训老师王老师于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 帮你修改：隐藏了商品: 薄皮核桃/);
    for (const what of ['新做了一个二维码', '修改了一个二维码', '收起了一个二维码']) {
      expect(textOf(block)).toMatch(new RegExp(`你的培训老师王老师于 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 帮你修改：${what}`));
    }
    expect(await page('/s/chunhua-hetao', cookies['13900139101'])).toContain('王家坪的薄皮核桃，老树结的');
    const detail = await page(`/trainer/cohorts/${spring}/trainees/${chunhua}`, cookies['wang']);
    expect(textOf(detail)).toContain('王老师帮忙：隐藏了商品: 薄皮核桃');
  });

  it('ignores a forged assist cookie of anyone but the cohort’s trainer', async () => {
    const storeId = /assist=([a-z2-7]{26})/.exec(assistCookie)?.[1] ?? '';
    const forged = `${cookies['zhang']}; assist=${storeId}`;
    expect((await request('/studio/store', { cookie: forged })).status).toBe(303);
    const show = await request('/studio', { cookie: forged, body: { action: 'show', product } });
    expect(show.status).toBe(400);
    const studio = await page('/studio', cookies['13900139101']);
    expect(studio).not.toContain('张老师');
    expect(studio).toMatch(/薄皮核桃[\s\S]*?(已隐藏|Hidden)/);
  });
});

describe('lessons required before publishing', () => {
  it('lock the publish step until the trainee has passed them', async () => {
    const spring = await cohortIdOf('2026 春季班');
    const lesson = course.lessons.find((l) => l.order === 10);
    if (!lesson) throw new Error('no lesson 10');
    // Managers cannot change it; the cohort's trainer can.
    expect((await request(`/trainer/cohorts/${spring}/settings`, { cookie: cookies['li'], body: { action: 'lessons', [`lesson:${lesson.slug}`]: '1' } })).status).toBe(403);
    const set = await request(`/trainer/cohorts/${spring}/settings`, { cookie: cookies['wang'], body: { action: 'lessons', [`lesson:${lesson.slug}`]: '1' } });
    expect(set.status).toBe(303);

    const owner = cookies['13900139101'] ?? '';
    // Her trainer hid the walnuts earlier (assisted editing): she shows them again.
    const product = /href="\/studio\/products\/([a-z0-9]+)"/.exec(await page('/studio', owner))?.[1] ?? '';
    expect((await request('/studio', { cookie: owner, body: { action: 'show', product } })).status).toBe(303);
    const studio = await page('/studio', owner);
    const item = /<li[^>]*data-check="requiredLesson"[\s\S]*?<\/li>/.exec(studio)?.[0] ?? '';
    expect(item).toContain('🔒');
    expect(item).toContain('data-locked');
    expect(item).toContain(`href="/lessons/${lesson.slug}"`);
    const refused = await request('/studio/publish', { cookie: owner, body: { action: 'publish' } });
    expect(refused.headers.get('location')).toBe('/studio?notice=notReady');
    expect((await request('/s/chunhua-hetao')).status).toBe(404);

    const form = await page(`/lessons/${lesson.slug}`, owner);
    const attempt = /name="attempt" value="([a-z2-7]{26})"/.exec(form)?.[1] ?? '';
    const body = new URLSearchParams({ attempt });
    for (const [q, options] of Object.entries(rightAnswers(lesson))) for (const o of options) body.append(`q:${q}`, o);
    expect((await request(`/lessons/${lesson.slug}/quiz`, { cookie: owner, body })).status).toBeLessThan(400);
    const unlocked = /<li[^>]*data-check="requiredLesson"[\s\S]*?<\/li>/.exec(await page('/studio', owner))?.[0] ?? '';
    expect(unlocked).toContain('✓');
    const published = await request('/studio/publish', { cookie: owner, body: { action: 'publish' } });
    expect(published.headers.get('location')).toBe('/studio?notice=published');
    expect((await request('/s/chunhua-hetao')).status).toBe(200);
  });
});

describe('a trainer helping with accounts', () => {
  it('makes a reset code for a trainee of their cohort, which then works once', async () => {
    const spring = await cohortIdOf('2026 春季班');
    const trainee = await traineeIdOf(spring, '张建国');
    expect((await request(`/trainer/cohorts/${spring}/trainees/${trainee}`, { cookie: cookies['li'], body: { action: 'reset-code' } })).status).toBe(403);
    const res = await request(`/trainer/cohorts/${spring}/trainees/${trainee}`, { cookie: cookies['wang'], body: { action: 'reset-code' } });
    expect(res.status).toBe(200);
    const code = /data-reset-code>([2-9A-Z]{4}-[2-9A-Z]{4})</.exec(await res.text())?.[1] ?? '';
    expect(code).not.toBe('');
    const reset = await request('/reset', { body: { login: '13900139102', code, newPassword: 'a brand new password' } });
    expect(reset.status).toBe(303);
    await logInAs(server.url, { login: '13900139102', password: 'a brand new password' });
    expect((await request('/reset', { body: { login: '13900139102', code, newPassword: 'yet another password' } })).status).toBe(400);
  });

  it('does not reach trainees outside the trainer’s cohorts', async () => {
    const autumn = await cohortIdOf('2026 秋季班');
    const chen = await traineeIdOf(autumn, '陈大山');
    const spring = await cohortIdOf('2026 春季班');
    expect((await request(`/trainer/cohorts/${spring}/trainees/${chen}`, { cookie: cookies['wang'], body: { action: 'reset-code' } })).status).toBe(404);
    expect((await request(`/trainer/cohorts/${autumn}/trainees/${chen}`, { cookie: cookies['wang'] })).status).toBe(403);
    expect((await request(`/trainer/cohorts/${autumn}/export.csv`, { cookie: cookies['zhao'] })).status).toBe(403);
  });

  it('creates an account that joins the trainer’s cohort', async () => {
    const spring = await cohortIdOf('2026 春季班');
    const form = await page('/assist/new-account', cookies['wang']);
    expect(form).toMatch(new RegExp(`<option value="${spring}"[^>]*selected`));
    expect(form).not.toContain('2026 秋季班');
    const foreign = await cohortIdOf('2026 秋季班');
    const refused = await request('/assist/new-account', { cookie: cookies['wang'], body: { displayName: '代注册', login: '13912345678', locale: 'zh-CN', cohort: foreign } });
    expect(refused.status).toBe(400);
    const made = await request('/assist/new-account', { cookie: cookies['wang'], body: { displayName: '代注册的农户', login: '13912345679', locale: 'zh-CN', cohort: spring } });
    expect(made.status).toBe(200);
    expect(await made.text()).toContain('已加入“2026 春季班”班');
    expect(await page(`/trainer/cohorts/${spring}`, cookies['wang'])).toContain('代注册的农户');
  });
});

describe('centre report', () => {
  it('is a CSV with the same figures as the page', async () => {
    const centre = /data-centre="普格县电子商务公共服务中心"[^>]*>\s*<h2[^>]*><a href="\/admin\/centres\/([a-z0-9]+)"/.exec(await page('/admin/centres', cookies['admin']))?.[1] ?? '';
    const html = await page(`/trainer/centres/${centre}/report`, cookies['li']);
    const month = /data-month="(\d{4}-\d{2})"/.exec(html)?.[1] ?? '';
    const tableRows = [...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => [...(m[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1] ?? '')));
    const res = await request(`/trainer/centres/${centre}/report.csv?month=${month}`, { cookie: cookies['li'] });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith(BOM)).toBe(true);
    const csv = parseCsv(text.slice(1));
    expect(csv).toEqual(tableRows);
    expect(csv[0]?.[0]).toBe('班级');
    expect(csv.map((r) => r[0])).toEqual(['班级', '2026 夏季班', '2026 秋季班', '2026 春季班', '合计']);
    expect((await request(`/trainer/centres/${centre}/report.csv`, { cookie: cookies['zhao'] })).status).toBe(403);
  });
});

describe('a trainer’s reach', () => {
  it('does not add back somebody who was never removed from the cohort', async () => {
    const autumn = await cohortIdOf('2026 秋季班');
    const spring = await cohortIdOf('2026 春季班');
    const chen = await traineeIdOf(autumn, '陈大山');
    const res = await request(`/trainer/cohorts/${spring}/settings`, { cookie: cookies['wang'], body: { action: 'readd', trainee: chen } });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('只有被移出本班的学员才能重新加入');
    // Nothing changed: 陈大山 is still in li's cohort, not in wang's.
    expect(await traineeIdOf(autumn, '陈大山')).toBe(chen);
    expect(await page(`/trainer/cohorts/${spring}`, cookies['wang'])).not.toContain('陈大山');
    expect(await page(`/trainer/cohorts/${spring}/settings`, cookies['wang'])).not.toContain(`data-former="${chen}"`);
  });

  it('adds back a removed trainee, but not one who has joined another class since', async () => {
    const spring = await cohortIdOf('2026 春季班');
    const { cookie } = await signUp('被移出的学员', SPRING_CODE);
    const id = await traineeIdOf(spring, '被移出的学员');
    const removed = await request(`/trainer/cohorts/${spring}/trainees/${id}`, { cookie: cookies['wang'], body: { action: 'remove', confirm: '1' } });
    expect(removed.status).toBe(303);
    const addBackButton = new RegExp(`name="trainee" value="${id}"`);
    expect(await page(`/trainer/cohorts/${spring}/settings`, cookies['wang'])).toMatch(addBackButton);
    expect((await request('/join', { cookie, body: { joinCode: AUTUMN_CODE } })).status).toBe(303);
    // Now in another class: the settings page no longer offers to add them back, and the server refuses.
    const settings = await page(`/trainer/cohorts/${spring}/settings`, cookies['wang']);
    expect(settings).toContain(`data-former="${id}"`);
    expect(settings).not.toMatch(addBackButton);
    const refused = await request(`/trainer/cohorts/${spring}/settings`, { cookie: cookies['wang'], body: { action: 'readd', trainee: id } });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('这名学员现在在别的班');
    const autumn = await cohortIdOf('2026 秋季班');
    expect(await traineeIdOf(autumn, '被移出的学员')).toBe(id);
  });

  it('does not extend to a store the trainee is only a member of', async () => {
    // 刘明, a member of the orange cooperative (its owner 周秀英 stays in li's autumn cohort), moves to wang's cohort.
    const liuMing = await logInAs(server.url, { login: '13800138003', password: PASSWORD });
    expect((await request('/join', { cookie: liuMing, body: { joinCode: SPRING_CODE } })).status).toBe(303);
    const spring = await cohortIdOf('2026 春季班');
    const trainee = await traineeIdOf(spring, '刘明');
    const start = await request('/trainer/assist', { cookie: cookies['wang'], body: { action: 'start', cohort: spring, trainee } });
    expect(start.status).toBe(403);
    expect(start.headers.getSetCookie().join(';')).not.toContain('assist=');
    // A forged cookie naming the cooperative does not open its details to wang either.
    const storeId = /href="\/admin\/stores\/([a-z0-9]+)">寻乌脐橙合作社</.exec(await page('/admin/stores', cookies['admin']))?.[1] ?? '';
    expect(storeId).not.toBe('');
    const forged = `${cookies['wang']}; assist=${storeId}`;
    expect((await request('/studio/store', { cookie: forged })).status).toBe(303);
    expect(await page('/studio', forged)).not.toContain('寻乌脐橙合作社');
  });
});
