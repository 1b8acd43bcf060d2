// Store moderation: an admin takes a store down (with a reason its members see) or restores it.
import { paths } from '../../../paths';
import type { SessionUser } from '../../auth/session';
import { getDb } from '../../db/client';
import type { Store } from '../../db/schema';
import { parseForm } from '../../forms/forms';
import { redirect, type FormState } from '../../forms/respond';
import { takeDownSchema } from '../schemas';
import { restoreStore, takeDownStore } from '../stores';
import { invalid, isFormState, readFields, type StoreContext } from './context';

export async function handleModeration(ctx: StoreContext, admin: SessionUser, store: Store): Promise<Response | FormState> {
  const raw = await readFields(ctx.request);
  if (isFormState(raw)) return raw;
  const action = raw['action'] ?? '';
  if (action === 'restore') {
    await restoreStore(getDb(), store.id, admin.id);
    return redirect(`${paths.adminStore(store.id)}?done=restored`);
  }
  if (action !== 'takeDown') return invalid({}, raw);
  const form = parseForm(takeDownSchema, raw);
  if (!form.ok) return invalid(form.errors, form.values);
  await takeDownStore(getDb(), store.id, admin.id, form.data.reason);
  return redirect(`${paths.adminStore(store.id)}?done=takenDown`);
}
