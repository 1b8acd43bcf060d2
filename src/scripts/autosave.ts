// Autosave for the builder's forms (plain script, no framework). Nothing a farmer types is lost:
//  - edits are saved a moment after typing stops, with a visible state: saving… / saved / offline;
//  - a copy of unsaved edits is kept in localStorage and brought back after a reload or a crash;
//  - without a connection the save waits and is retried when the phone is back online;
//  - every save carries the version the form was loaded with; when someone saved in between (a
//    second tab, another member), the server refuses and the seller chooses which version to keep.
// Without JavaScript the form posts as usual and the server answers with the same checks.
//
// Markup: <form data-autosave="product:<id>" data-text-*="…">, <input type="hidden" name="version">,
// an element [data-autosave-status], and [data-autosave-conflict] with two buttons
// [data-conflict-keep] and [data-conflict-take].

export const DEBOUNCE_MS = 1200;
const RETRY_MS = [3000, 6000, 15000, 30000];
const STORAGE_PREFIX = 'harvestlink:autosave:';
const RICH_TEXT_SET_EVENT = 'richtext:set';
const RICH_TEXT_READY_EVENT = 'richtext:ready';

export type Entries = [string, string][];
export type SaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'offline' | 'retrying' | 'invalid' | 'conflict' | 'restored' | 'signedOut';

interface LocalCopy {
  values: Entries;
  /** The version the edits were made against. */
  base: number;
  at: string;
}

/** The form's text fields (files and the version left out), in document order. */
export function formEntries(form: HTMLFormElement): Entries {
  const entries: Entries = [];
  for (const [name, value] of new FormData(form).entries()) {
    if (typeof value !== 'string' || name === 'version') continue;
    entries.push([name, value]);
  }
  return entries;
}

/**
 * The form as the server sent it: a copy reset to the values in its HTML. On a slow connection a
 * seller can type before this script has loaded; those edits must count as unsaved, not as saved.
 */
export function serverEntries(form: HTMLFormElement): Entries {
  const pristine = form.cloneNode(true) as HTMLFormElement;
  pristine.reset();
  return formEntries(pristine);
}

export function sameEntries(a: Entries, b: Entries): boolean {
  return a.length === b.length && a.every(([k, v], i) => b[i]?.[0] === k && b[i]?.[1] === v);
}

function readCopy(key: string): LocalCopy | null {
  try {
    const raw = window.localStorage.getItem(STORAGE_PREFIX + key);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null || !('values' in value) || !('base' in value)) return null;
    const { values, base } = value;
    if (!Array.isArray(values) || typeof base !== 'number') return null;
    const entries: Entries = values.filter((e): e is [string, string] => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string');
    return { values: entries, base, at: 'at' in value && typeof value.at === 'string' ? value.at : '' };
  } catch {
    return null;
  }
}

function writeCopy(key: string, copy: LocalCopy): void {
  try {
    window.localStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(copy));
  } catch {
    // Storage full or disabled: the server copy is all there is.
  }
}

function dropCopy(key: string): void {
  try {
    window.localStorage.removeItem(STORAGE_PREFIX + key);
  } catch {
    // Nothing to do.
  }
}

interface SaveAnswer {
  kind: 'saved' | 'conflict' | 'invalid' | 'retry' | 'signedOut';
  version: number | null;
  errors: Record<string, string>;
}

/** The session ended (expired, or logged out in another tab): the save was sent to the log-in page. */
function signedOut(response: Response): boolean {
  if (response.status === 401 || response.status === 403) return true;
  if (!response.redirected) return false;
  try {
    return new URL(response.url).pathname === '/login';
  } catch {
    return false;
  }
}

async function readAnswer(response: Response): Promise<SaveAnswer> {
  if (signedOut(response)) return { kind: 'signedOut', version: null, errors: {} };
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const version = typeof body === 'object' && body !== null && 'version' in body && typeof body.version === 'number' ? body.version : null;
  if (response.ok && version !== null) return { kind: 'saved', version, errors: {} };
  if (response.status === 409 && version !== null) return { kind: 'conflict', version, errors: {} };
  if (response.status === 400 && typeof body === 'object' && body !== null && 'errors' in body && typeof body.errors === 'object' && body.errors !== null) {
    const errors: Record<string, string> = {};
    for (const [field, message] of Object.entries(body.errors)) if (typeof message === 'string') errors[field] = message;
    return { kind: 'invalid', version: null, errors };
  }
  return { kind: 'retry', version: null, errors: {} };
}

class Autosave {
  private readonly key: string;
  private readonly versionInput: HTMLInputElement;
  private readonly status: HTMLElement | null;
  private readonly conflictBox: HTMLElement | null;
  private version: number;
  private saved: Entries;
  private timer: number | undefined;
  private retryTimer: number | undefined;
  private retries = 0;
  private inFlight = false;
  private again = false;
  private state: SaveState = 'idle';
  /** Rich-text values to hand to an editor once it is ready. */
  private readonly pendingRichText = new Map<string, string>();

  constructor(
    private readonly form: HTMLFormElement,
    versionInput: HTMLInputElement,
  ) {
    this.key = form.dataset['autosave'] ?? form.action;
    this.versionInput = versionInput;
    this.version = Number(versionInput.value);
    this.status = form.querySelector<HTMLElement>('[data-autosave-status]');
    this.conflictBox = form.querySelector<HTMLElement>('[data-autosave-conflict]');
    this.saved = serverEntries(form);

    form.addEventListener('input', () => this.changed());
    form.addEventListener('change', () => this.changed());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.saveSoon(0);
    });
    form.addEventListener(RICH_TEXT_READY_EVENT, (event) => this.editorReady(event));
    window.addEventListener('online', () => {
      if (this.state === 'offline' || this.state === 'retrying') this.saveSoon(0);
    });
    window.addEventListener('offline', () => {
      if (this.isDirty()) this.show('offline');
    });
    this.conflictBox?.querySelector('[data-conflict-keep]')?.addEventListener('click', () => this.keepMine());
    this.conflictBox?.querySelector('[data-conflict-take]')?.addEventListener('click', () => this.takeTheirs());
    this.restore();
    // Typed before this script ran (a slow phone): kept and saved like any other edit.
    if (this.state === 'idle') this.changed();
  }

  private text(state: SaveState): string {
    const names: Record<SaveState, string> = {
      idle: 'textIdle',
      dirty: 'textIdle',
      saving: 'textSaving',
      saved: 'textSaved',
      offline: 'textOffline',
      retrying: 'textRetrying',
      invalid: 'textInvalid',
      conflict: 'textConflict',
      restored: 'textRestored',
      signedOut: 'textSignedOut',
    };
    return this.form.dataset[names[state]] ?? '';
  }

  private show(state: SaveState): void {
    this.state = state;
    this.form.dataset['saveState'] = state;
    if (this.status) {
      this.status.textContent = this.text(state);
      this.status.dataset['state'] = state;
    }
    if (this.conflictBox) this.conflictBox.hidden = state !== 'conflict';
  }

  private isDirty(): boolean {
    return !sameEntries(formEntries(this.form), this.saved);
  }

  private changed(): void {
    if (this.state === 'conflict') {
      this.keepCopy();
      return;
    }
    if (!this.isDirty()) return;
    this.keepCopy();
    if (this.state !== 'offline') this.show('dirty');
    this.saveSoon(DEBOUNCE_MS);
  }

  private keepCopy(base = this.version): void {
    const values = formEntries(this.form).filter(([name]) => !this.pendingRichText.has(name));
    for (const [name, json] of this.pendingRichText) values.push([name, json]);
    writeCopy(this.key, { values, base, at: new Date().toISOString() });
  }

  private saveSoon(delay: number): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.save(), delay);
  }

  private scheduleRetry(): void {
    window.clearTimeout(this.retryTimer);
    const delay = RETRY_MS[Math.min(this.retries, RETRY_MS.length - 1)] ?? 30000;
    this.retries += 1;
    this.retryTimer = window.setTimeout(() => void this.save(), delay);
  }

  async save(): Promise<void> {
    if (this.state === 'conflict') return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    const sent = formEntries(this.form);
    if (sameEntries(sent, this.saved) && this.state !== 'offline' && this.state !== 'retrying' && this.state !== 'restored') {
      if (this.state !== 'invalid') this.show('saved');
      return;
    }
    if (!navigator.onLine) {
      this.show('offline');
      return;
    }
    this.inFlight = true;
    this.show('saving');
    const body = new URLSearchParams(sent);
    body.set('version', String(this.version));
    let answer: SaveAnswer;
    try {
      const response = await fetch(this.form.action, {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
        credentials: 'same-origin',
      });
      answer = await readAnswer(response);
    } catch {
      answer = { kind: 'retry', version: null, errors: {} };
    }
    this.inFlight = false;
    switch (answer.kind) {
      case 'saved':
        this.retries = 0;
        this.version = answer.version ?? this.version;
        this.versionInput.value = String(this.version);
        this.saved = sent;
        this.clearErrors();
        if (this.pendingRichText.size > 0) {
          // The local copy still holds a description its editor has not taken yet: keep it.
          this.show('saved');
        } else if (sameEntries(formEntries(this.form), sent)) {
          dropCopy(this.key);
          this.show('saved');
        } else {
          this.keepCopy();
          this.again = true;
        }
        break;
      case 'conflict':
        this.serverVersion = answer.version;
        this.keepCopy();
        this.show('conflict');
        return;
      case 'invalid':
        this.showErrors(answer.errors);
        this.show('invalid');
        break;
      case 'signedOut':
        // Retrying cannot help: the copy on this phone waits for the next visit after logging in.
        this.keepCopy();
        this.show('signedOut');
        return;
      case 'retry':
        this.show(navigator.onLine ? 'retrying' : 'offline');
        this.scheduleRetry();
        return;
    }
    if (this.again) {
      this.again = false;
      this.saveSoon(0);
    }
  }

  private serverVersion: number | null = null;

  /** "Keep my version": save again against the version now stored, replacing it. */
  private keepMine(): void {
    if (this.serverVersion !== null) {
      this.version = this.serverVersion;
      this.versionInput.value = String(this.version);
    }
    this.serverVersion = null;
    this.saved = [];
    this.keepCopy();
    this.show('dirty');
    void this.save();
  }

  /** "Load the saved version": drop the local edits and show what is stored. */
  private takeTheirs(): void {
    dropCopy(this.key);
    window.location.reload();
  }

  private clearErrors(): void {
    for (const element of this.form.querySelectorAll('[data-autosave-error]')) element.remove();
    for (const element of this.form.querySelectorAll('[aria-invalid="true"]')) element.removeAttribute('aria-invalid');
  }

  private showErrors(errors: Record<string, string>): void {
    this.clearErrors();
    for (const [name, message] of Object.entries(errors)) {
      const field = this.form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
      const container = field?.closest('.field') ?? this.form.querySelector(`[data-field="${CSS.escape(name)}"]`);
      if (!container) continue;
      container.querySelector('.error:not([data-autosave-error])')?.remove();
      const note = document.createElement('span');
      note.className = 'error';
      note.dataset['autosaveError'] = '';
      note.id = `autosave-error-${name}`;
      note.textContent = message;
      container.append(note);
      if (field) {
        field.setAttribute('aria-invalid', 'true');
        field.setAttribute('aria-describedby', note.id);
      }
    }
  }

  /** Puts stored values back into the form's fields. */
  private apply(values: Entries): void {
    const byName = new Map<string, string[]>();
    for (const [name, value] of values) byName.set(name, [...(byName.get(name) ?? []), value]);
    for (const element of this.form.elements) {
      if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement)) continue;
      if (!element.name || element.name === 'version' || element.type === 'file' || element.type === 'submit') continue;
      const stored = byName.get(element.name);
      if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) {
        element.checked = stored?.includes(element.value) ?? false;
        continue;
      }
      if (stored === undefined) continue;
      element.value = stored[0] ?? '';
    }
    // Rich-text editors mount later and own their hidden input: hand them their document then.
    for (const editor of this.form.querySelectorAll<HTMLElement>('[data-rich-text-field]')) {
      const name = editor.dataset['richTextField'] ?? '';
      const json = byName.get(name)?.[0];
      if (json === undefined) continue;
      const input = this.form.querySelector<HTMLInputElement>(`input[type="hidden"][name="${CSS.escape(name)}"]`);
      if (input) input.dispatchEvent(new CustomEvent(RICH_TEXT_SET_EVENT, { detail: json }));
      else this.pendingRichText.set(name, json);
    }
  }

  private editorReady(event: Event): void {
    const input = event.target;
    if (!(input instanceof HTMLInputElement)) return;
    const pending = this.pendingRichText.get(input.name);
    if (pending !== undefined) {
      this.pendingRichText.delete(input.name);
      input.dispatchEvent(new CustomEvent(RICH_TEXT_SET_EVENT, { detail: pending }));
      return;
    }
    // The editor replaced the plain textarea: what is saved now looks different but says the same.
    if (this.state === 'idle' || this.state === 'saved') this.saved = formEntries(this.form);
  }

  /** Brings back edits kept from before a reload or crash. */
  private restore(): void {
    const copy = readCopy(this.key);
    if (!copy) return;
    if (sameEntries(copy.values, this.saved)) {
      dropCopy(this.key);
      return;
    }
    this.apply(copy.values);
    if (copy.base < this.version) {
      // Saved elsewhere since these edits were made: the seller chooses.
      this.serverVersion = this.version;
      this.version = copy.base;
      this.show('conflict');
      return;
    }
    this.show('restored');
    // A restored description waits for its editor (which then announces the change); the rest is
    // saved now, or after a while if the editor never loads.
    this.saveSoon(this.pendingRichText.size > 0 ? 8000 : 0);
  }
}

function start(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-autosave]')) {
    const version = form.querySelector<HTMLInputElement>('input[name="version"]');
    if (!version) continue;
    new Autosave(form, version);
  }
}

if (typeof document !== 'undefined') start();
