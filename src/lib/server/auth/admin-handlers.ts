// The POST side of the admin and assisted sign-up pages.
import { assistedSignupSchema, roleSchema, userActionSchema } from '../../auth/schemas';
import { getDb } from '../db/client';
import { parseForm } from '../forms/forms';
import { emptyForm, type FormState } from '../forms/respond';
import { createAccount, issueResetCode, LoginTakenError, setDisabled, setRole, temporaryPassword } from './accounts';
import type { FormContext } from './handlers';
import { isFormState } from './handlers';
import { readForm, BadFormError, type FormValues } from '../forms/forms';
import type { SessionUser } from './session';
import { checkAssistCohort, joinAtAssistedSignup } from '../trainer/signup';

export interface UserActionState extends FormState {
  /** A reset code to show once, already formatted. */
  resetCode: string | null;
}

async function read(ctx: FormContext): Promise<FormValues | FormState> {
  try {
    return await readForm(ctx.request);
  } catch (error) {
    if (error instanceof BadFormError) return { ...emptyForm(), status: 400, formError: { key: 'badForm' } };
    throw error;
  }
}

export async function handleUserAction(ctx: FormContext, actor: SessionUser, targetId: string): Promise<UserActionState> {
  const raw = await read(ctx);
  if (isFormState(raw)) return { ...raw, resetCode: null };
  const action = parseForm(userActionSchema, raw);
  if (!action.ok) return { ...emptyForm(), status: 400, formError: { key: 'badForm' }, resetCode: null };
  const db = getDb();
  const kind = action.data.action;
  if (targetId === actor.id && kind !== 'reset-code') {
    return { ...emptyForm(), status: 400, formError: { key: 'cannotChangeSelf' }, resetCode: null };
  }
  if (kind === 'role') {
    const role = parseForm(roleSchema, raw);
    if (!role.ok) return { ...emptyForm(), status: 400, errors: role.errors, formError: { key: 'formProblem' }, resetCode: null };
    await setRole(db, targetId, role.data.role);
    return { ...emptyForm(), notice: { key: 'roleSaved' }, resetCode: null };
  }
  if (kind === 'disable' || kind === 'enable') {
    await setDisabled(db, targetId, kind === 'disable');
    return { ...emptyForm(), notice: { key: kind === 'disable' ? 'accountDisabled' : 'accountEnabled' }, resetCode: null };
  }
  const code = await issueResetCode(db, targetId, actor.id);
  return { ...emptyForm(), resetCode: code };
}

export interface AssistedSignupState extends FormState {
  created: { login: string; displayName: string; temporaryPassword: string; cohortName: string | null } | null;
}

export async function handleAssistedSignup(ctx: FormContext, actor: SessionUser): Promise<AssistedSignupState> {
  const raw = await read(ctx);
  if (isFormState(raw)) return { ...raw, created: null };
  const form = parseForm(assistedSignupSchema, raw);
  // A trainer's new account may join one of the trainer's open cohorts (checked before writing).
  const join = await checkAssistCohort(getDb(), actor, raw['cohort']);
  if (!form.ok || !join.ok) {
    const errors = { ...(form.ok ? {} : form.errors), ...(join.ok ? {} : join.errors) };
    return { status: 400, values: form.values, errors, formError: { key: 'formProblem' }, notice: null, created: null };
  }
  const password = temporaryPassword();
  try {
    const userId = await createAccount(getDb(), { ...form.data, password, mustChangePassword: true, createdBy: actor.id });
    if (join.cohort) await joinAtAssistedSignup(getDb(), userId, join.cohort, actor.id);
  } catch (error) {
    if (error instanceof LoginTakenError) {
      return { status: 400, values: form.values, errors: { login: { key: 'loginTaken' } }, formError: { key: 'formProblem' }, notice: null, created: null };
    }
    throw error;
  }
  return { ...emptyForm({ cohort: join.cohort?.id ?? '' }), created: { login: form.data.login, displayName: form.data.displayName, temporaryPassword: password, cohortName: join.cohort?.name ?? null } };
}
