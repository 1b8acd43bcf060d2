// The POST side of the trainer pages and the join pages: read the form, check the right, act, and
// answer with a redirect or the state to render. Each handler checks permission itself.
import type { AstroCookies } from 'astro';
import type { Course } from '../../course/types';
import { paths } from '../../paths';
import { issueResetCode } from '../auth/accounts';
import type { SessionUser } from '../auth/session';
import { findUserById } from '../auth/user.repository';
import { getConfig } from '../config';
import { getDb } from '../db/client';
import { BadFormError, parseForm, readForm, type FieldError, type FormValues } from '../forms/forms';
import { emptyForm, redirect, type FormState } from '../forms/respond';
import { findMembership } from '../store/store.repository';
import { cohortAccess, cohortRights, type CohortPage } from './access';
import { assistStoreIdFrom, canAssistStore, clearAssistCookie, setAssistCookie } from './assist';
import { removeStaff, saveCentre, setStaff } from './centres';
import { findAssistedTrainee, findCohortByCode, findCohortById, findRosterRow } from './cohort.repository';
import { closeCohort, createCohort, joinCohort, removeTrainee, renewJoinCode, saveCohortDetails, setRequiredLessons } from './cohorts';
import { normaliseJoinCode } from './join-code';
import type { Cohort } from '../db/schema';
import { centreSchema, cohortDetailsSchema, joinSchema, staffSchema } from './schemas';
import { createCentre } from './centres';
import { codeGuessAllowed, noteWrongCode } from '../auth/code-guesses';

export interface TrainerContext {
  request: Request;
  locals: App.Locals;
  url: URL;
  cookies: AstroCookies;
  rewrite(path: string): Promise<Response>;
}

/** The form, read from a copy of the request: the original stays unread, so a 403 or 404 can still be rendered with Astro's rewrite. */
async function readFields(ctx: TrainerContext): Promise<FormValues | null> {
  try {
    return await readForm(ctx.request.clone());
  } catch (error) {
    if (error instanceof BadFormError) return null;
    throw error;
  }
}

const badForm = (values: FormValues = {}): FormState => ({ ...emptyForm(values), status: 400, formError: { key: 'badForm' } });

function invalid(errors: Record<string, FieldError>, values: FormValues, status = 400): FormState {
  return { status, values, errors, formError: { key: 'formProblem' }, notice: null };
}

/** POST /trainer: a trainer makes a cohort and lands on its dashboard. */
export async function handleCreateCohort(ctx: TrainerContext, user: SessionUser): Promise<Response | FormState> {
  const raw = await readFields(ctx);
  if (!raw) return badForm();
  if (user.role !== 'trainer') return ctx.rewrite(paths.forbidden());
  const form = parseForm(cohortDetailsSchema, raw);
  if (!form.ok) return invalid(form.errors, form.values);
  const cohort = await createCohort(getDb(), user.id, form.data);
  return redirect(`${paths.trainerCohort(cohort.id)}?created=1`);
}

/** Why adding a trainee back was refused, as a message key of the settings page. */
const READD_REFUSALS = {
  notTrainee: 'notTrainee',
  closed: 'cohortClosed',
  removed: 'readdNotRemoved',
  notRemoved: 'readdNotRemoved',
  inOtherCohort: 'readdInOtherCohort',
} as const;

export interface SettingsState extends FormState {
  /** The confirmation step before closing. */
  confirmClose: boolean;
}

/** POST /trainer/cohorts/<id>/settings: details, required lessons, a new join code, closing, adding back. */
export async function handleCohortSettings(ctx: TrainerContext, page: CohortPage, course: Course): Promise<Response | SettingsState> {
  const raw = await readFields(ctx);
  if (!raw) return { ...badForm(), confirmClose: false };
  const db = getDb();
  const { cohort } = page;
  const back = paths.trainerCohortSettings(cohort.id);
  const action = raw['action'] ?? '';
  if (cohort.closed_at !== null && action !== 'details') return { ...emptyForm(), status: 409, formError: { key: 'cohortClosed' }, confirmClose: false };
  switch (action) {
    case 'details': {
      const form = parseForm(cohortDetailsSchema, raw);
      if (!form.ok) return { ...invalid(form.errors, form.values), confirmClose: false };
      await saveCohortDetails(db, cohort.id, form.data);
      return redirect(`${back}?notice=detailsSaved`);
    }
    case 'lessons': {
      const known = new Set(course.lessons.map((l) => l.slug));
      const chosen = Object.keys(raw)
        .filter((k) => k.startsWith('lesson:') && raw[k] === '1')
        .map((k) => k.slice('lesson:'.length));
      if (chosen.some((slug) => !known.has(slug))) return { ...badForm(), confirmClose: false };
      const ordered = course.lessons.map((l) => l.slug).filter((slug) => chosen.includes(slug));
      await setRequiredLessons(db, cohort.id, ordered);
      return redirect(`${back}?notice=${ordered.length > 0 ? 'lessonsSaved' : 'lessonsCleared'}#lock`);
    }
    case 'renew-code':
      await renewJoinCode(db, cohort.id);
      return redirect(`${back}?notice=codeRenewed`);
    case 'close':
      if (raw['confirm'] !== '1') return { ...emptyForm(), confirmClose: true };
      await closeCohort(db, cohort.id);
      return redirect(`${paths.trainerCohort(cohort.id)}?notice=closed`);
    case 'readd': {
      const target = await findUserById(db, raw['trainee'] ?? '');
      if (!target) return ctx.rewrite(paths.notFound());
      // Checked again here, not trusted from the form: only somebody removed from this cohort, not now in another.
      const result = await joinCohort(db, { userId: target.id, role: target.role, cohort, addedBy: page.user.id, addBack: true });
      if (!result.ok) return { ...emptyForm(), status: 409, formError: { key: READD_REFUSALS[result.reason] }, confirmClose: false };
      return redirect(`${back}?notice=readded#former`);
    }
    default:
      return { ...badForm(), confirmClose: false };
  }
}

export interface TraineeActionState extends FormState {
  resetCode: string | null;
  confirmRemove: boolean;
}

const noTraineeState = (): TraineeActionState => ({ ...emptyForm(), resetCode: null, confirmRemove: false });

/** POST /trainer/cohorts/<id>/trainees/<user>: a reset code, or removing the trainee from the cohort. */
export async function handleTraineeAction(ctx: TrainerContext, page: CohortPage, traineeId: string): Promise<Response | TraineeActionState> {
  const raw = await readFields(ctx);
  if (!raw) return { ...noTraineeState(), ...badForm() };
  const db = getDb();
  const action = raw['action'] ?? '';
  const target = await findUserById(db, traineeId);
  if (!target) return ctx.rewrite(paths.notFound());
  switch (action) {
    case 'reset-code': {
      // Only the cohort's own trainer, only for trainees (never another trainer or an admin), only in an open cohort.
      if (!page.rights.helpTrainees || target.role !== 'trainee' || page.cohort.closed_at !== null) return ctx.rewrite(paths.forbidden());
      const code = await issueResetCode(db, target.id, page.user.id);
      return { ...noTraineeState(), resetCode: code };
    }
    case 'remove': {
      if (!page.rights.manage) return ctx.rewrite(paths.forbidden());
      if (page.cohort.closed_at !== null) return { ...noTraineeState(), status: 409, formError: { key: 'cohortClosed' } };
      if (raw['confirm'] !== '1') return { ...noTraineeState(), confirmRemove: true };
      await removeTrainee(db, page.cohort.id, target.id);
      return redirect(`${paths.trainerCohort(page.cohort.id)}?notice=removed`);
    }
    default:
      return { ...noTraineeState(), ...badForm() };
  }
}

/**
 * POST /trainer/assist: action=start (with cohort and trainee) opens the trainee's store in the
 * studio for the cohort's trainer; action=stop ends assisted mode and goes back to the trainee's page.
 */
export async function handleAssist(ctx: TrainerContext, user: SessionUser): Promise<Response> {
  const raw = await readFields(ctx);
  if (!raw) return new Response(null, { status: 400 });
  const secure = getConfig().secure;
  const action = raw['action'] ?? '';
  if (action === 'stop') {
    // Back to the trainee's page (or the workspace when the store is nobody's in the trainer's cohorts).
    const storeId = assistStoreIdFrom(ctx.request);
    const helped = storeId ? await findAssistedTrainee(getDb(), user.id, storeId) : null;
    clearAssistCookie(ctx.cookies, secure);
    return redirect(helped ? paths.trainerTrainee(helped.cohort_id, helped.user_id) : paths.trainer());
  }
  if (action !== 'start') return new Response(null, { status: 400 });
  const db = getDb();
  const cohort = await findCohortById(db, raw['cohort'] ?? '');
  if (!cohort) return ctx.rewrite(paths.notFound());
  if (!cohortRights(await cohortAccess(db, user, cohort)).helpTrainees) return ctx.rewrite(paths.forbidden());
  const traineeId = raw['trainee'] ?? '';
  if (!(await findRosterRow(db, cohort.id, traineeId))) return ctx.rewrite(paths.notFound());
  const membership = await findMembership(db, traineeId);
  if (!membership) return ctx.rewrite(paths.notFound());
  // Only the store the trainee owns: a member's store belongs to somebody outside this trainer's reach.
  if (membership.role !== 'owner' || !(await canAssistStore(db, user, membership.storeId))) return ctx.rewrite(paths.forbidden());
  setAssistCookie(ctx.cookies, membership.storeId, secure);
  return redirect(`${paths.studio()}?assist=1`);
}

export type JoinOutcome = Response | FormState;

export type CohortLookup = { ok: true; cohort: Cohort } | { ok: false; reason: 'unknown' } | { ok: false; reason: 'throttled'; minutes: number };

/** The cohort of a typed or scanned join code; wrong codes count towards the guess limit. */
export async function lookupJoinCode(user: SessionUser | null, ip: string, typed: string): Promise<CohortLookup> {
  const db = getDb();
  const guess = await codeGuessAllowed(db, 'join', user?.id ?? null, ip);
  if (!guess.allowed) return { ok: false, reason: 'throttled', minutes: guess.minutes };
  const code = normaliseJoinCode(typed);
  const cohort = code ? await findCohortByCode(db, code) : null;
  if (cohort) return { ok: true, cohort };
  await noteWrongCode(db, 'join', user?.id ?? null, ip);
  return { ok: false, reason: 'unknown' };
}

/** Joins a cohort by code for a signed-in trainee; sends others to the cohort's join page. */
export async function joinByCode(user: SessionUser | null, code: string, ip: string): Promise<JoinOutcome> {
  const db = getDb();
  const found = await lookupJoinCode(user, ip, code);
  if (!found.ok && found.reason === 'throttled') return { ...emptyForm({ joinCode: code }), status: 429, formError: { key: 'throttled', params: { minutes: found.minutes } } };
  if (!found.ok) return invalid({ joinCode: { key: 'joinCodeUnknown' } }, { joinCode: code });
  const cohort = found.cohort;
  if (!user) return redirect(paths.joinCode(cohort.join_code));
  const result = await joinCohort(db, { userId: user.id, role: user.role, cohort, addedBy: user.id });
  if (!result.ok) return { ...emptyForm({ joinCode: code }), status: 409, formError: { key: result.reason === 'closed' ? 'cohortClosedJoin' : result.reason } };
  return redirect(`${paths.joinCode(cohort.join_code)}?joined=${result.already ? 'already' : '1'}`);
}

/** POST /join: a typed code. */
export async function handleJoinForm(ctx: TrainerContext, user: SessionUser | null): Promise<JoinOutcome> {
  const raw = await readFields(ctx);
  if (!raw) return badForm();
  const form = parseForm(joinSchema, raw);
  if (!form.ok) return invalid(form.errors, form.values);
  return joinByCode(user, form.data.joinCode, ctx.locals.clientIp);
}

/** POST /join/<code>: the "Join this class" button. */
export async function handleJoinButton(ctx: TrainerContext, user: SessionUser, codeParam: string): Promise<JoinOutcome> {
  const raw = await readFields(ctx);
  // The button's form says so: an empty or foreign POST never moves anybody between cohorts.
  if (!raw || raw['join'] !== '1') return badForm();
  const code = normaliseJoinCode(codeParam);
  if (!code) return ctx.rewrite(paths.notFound());
  return joinByCode(user, code, ctx.locals.clientIp);
}

/** POST /admin/centres: a new centre. */
export async function handleCreateCentre(ctx: TrainerContext, admin: SessionUser): Promise<Response | FormState> {
  const raw = await readFields(ctx);
  if (!raw) return badForm();
  const form = parseForm(centreSchema, raw);
  if (!form.ok) return invalid(form.errors, form.values);
  const centre = await createCentre(getDb(), admin.id, form.data);
  return redirect(`${paths.adminCentre(centre.id)}?notice=created`);
}

/** POST /admin/centres/<id>: rename, add a trainer or manager, change a role, remove a trainer. */
export async function handleCentreAction(ctx: TrainerContext, centreId: string): Promise<Response | FormState> {
  const raw = await readFields(ctx);
  if (!raw) return badForm();
  const db = getDb();
  const back = paths.adminCentre(centreId);
  switch (raw['action'] ?? '') {
    case 'details': {
      const form = parseForm(centreSchema, raw);
      if (!form.ok) return invalid(form.errors, form.values);
      await saveCentre(db, centreId, form.data);
      return redirect(`${back}?notice=saved`);
    }
    case 'staff': {
      const form = parseForm(staffSchema, raw);
      if (!form.ok) return invalid(form.errors, form.values);
      const result = await setStaff(db, centreId, form.data.login, form.data.role);
      if (!result.ok) return invalid({ login: { key: result.reason } }, form.values);
      return redirect(`${back}?notice=staffSaved`);
    }
    case 'remove': {
      const removed = await removeStaff(db, centreId, raw['user'] ?? '');
      if (!removed) return ctx.rewrite(paths.notFound());
      return redirect(`${back}?notice=staffRemoved`);
    }
    default:
      return badForm();
  }
}
