import { z } from 'zod';
import { LOCALES } from '../i18n/locales';
import { choice, password, singleLine } from '../validation/text';
import { normaliseLogin } from './login-id';

const ROLES = ['trainee', 'trainer', 'admin'] as const;

/** A login field: kept as typed for the form, normalised (phone digits, lower-case name) for storage. */
export const loginField = singleLine(1, 64).transform((value, ctx) => {
  const normalised = normaliseLogin(value);
  if (!normalised) {
    ctx.addIssue({ code: 'custom', message: 'loginInvalid' });
    return z.NEVER;
  }
  return normalised.login;
});

export const displayNameField = singleLine(1, 50);

export const signupSchema = z.object({
  displayName: displayNameField,
  login: loginField,
  password: password(),
  locale: choice(LOCALES),
});

export const loginSchema = z.object({
  login: loginField,
  password: z.string({ required_error: 'required' }).min(1, 'required').max(1024, 'passwordTooLong'),
});

export const profileSchema = z.object({
  displayName: displayNameField,
  locale: choice(LOCALES),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string({ required_error: 'required' }).min(1, 'required').max(1024, 'passwordTooLong'),
  newPassword: password(),
});

export const resetSchema = z.object({
  login: loginField,
  code: singleLine(1, 20),
  newPassword: password(),
});

export const assistedSignupSchema = z.object({
  displayName: displayNameField,
  login: loginField,
  locale: choice(LOCALES),
});

export const roleSchema = z.object({ role: choice(ROLES) });
export const userActionSchema = z.object({ action: choice(['role', 'disable', 'enable', 'reset-code'] as const) });
