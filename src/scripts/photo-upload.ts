// Progressive enhancement for photo upload forms (no framework). Without JavaScript the form posts
// the chosen file as it is. With it, the photo is scaled down in the browser (about 1600 px on the
// long side, JPEG 0.85: a 4 MB camera photo becomes ~300 KB, which matters on a rural link), sent
// with XMLHttpRequest, and a real <progress> bar and a status line show how far it got. A photo
// the browser cannot decode (e.g. HEIC on some phones) is sent as it is; the server then refuses
// it with a clear message.
//
// Markup (see src/components/PhotoUploadForm.astro):
//   <form method="post" enctype="multipart/form-data" action="…" data-photo-upload
//         data-text-preparing="…" data-text-uploading="… {percent}%" data-text-done="…" data-text-failed="…">
//     <input type="file" name="photo" accept="image/*" required>
//     <button type="submit">…</button>
//     <progress data-photo-progress max="100" value="0" hidden></progress>
//     <p data-photo-status role="status"></p>
//   </form>
//
// Server contract: the request carries `Accept: application/json`. Answer JSON
// `{ "ok": true, "redirect": "/…" }` or `{ "ok": false, "message": "…" }` (any status), or plain
// HTML: a 2xx (after redirects) reloads the page the request ended on, anything else shows the
// "failed" text.

export const MAX_SIDE = 1600;
export const JPEG_QUALITY = 0.85;

interface Texts {
  preparing: string;
  uploading: string;
  done: string;
  failed: string;
}

/** The size to draw a `width` × `height` picture at so its long side is at most `maxSide`. */
export function scaledSize(width: number, height: number, maxSide: number = MAX_SIDE): { width: number; height: number } {
  const longSide = Math.max(width, height);
  if (longSide <= maxSide) return { width, height };
  const scale = maxSide / longSide;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function jpegName(name: string): string {
  const base = name.replace(/\.[^.]*$/, '') || 'photo';
  return `${base}.jpg`;
}

/** The chosen photo scaled down and re-encoded as JPEG, or null when the browser cannot decode it. */
export async function shrinkPhoto(file: File, maxSide: number = MAX_SIDE): Promise<File | null> {
  if (typeof createImageBitmap !== 'function') return null;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return null;
  }
  try {
    const size = scaledSize(bitmap.width, bitmap.height, maxSide);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    if (!context) return null;
    // JPEG has no transparency: a transparent PNG gets a white background rather than black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
    if (!blob || blob.size === 0) return null;
    // Already small and decodable as it is: keep whichever is smaller.
    if (blob.size >= file.size && size.width === bitmap.width && /^image\/(jpeg|png|webp)$/.test(file.type)) return file;
    return new File([blob], jpegName(file.name), { type: 'image/jpeg', lastModified: Date.now() });
  } finally {
    bitmap.close();
  }
}

function readTexts(form: HTMLFormElement): Texts {
  const d = form.dataset;
  return {
    preparing: d['textPreparing'] ?? '…',
    uploading: d['textUploading'] ?? '{percent}%',
    done: d['textDone'] ?? '✓',
    failed: d['textFailed'] ?? '✕',
  };
}

interface UploadAnswer {
  ok: boolean;
  message: string | null;
  redirect: string | null;
}

function readAnswer(xhr: XMLHttpRequest, action: string): UploadAnswer {
  // An HTML answer: follow the redirect the server made (303 to the page showing the photo), or reload.
  const redirected = xhr.responseURL !== '' && xhr.responseURL !== action;
  const fallback: UploadAnswer = {
    ok: xhr.status >= 200 && xhr.status < 300,
    message: null,
    redirect: redirected ? xhr.responseURL : window.location.href,
  };
  if (!(xhr.getResponseHeader('Content-Type') ?? '').includes('application/json')) return fallback;
  try {
    const body: unknown = JSON.parse(xhr.responseText);
    if (typeof body !== 'object' || body === null) return fallback;
    const ok = 'ok' in body && body.ok === true;
    const message = 'message' in body && typeof body.message === 'string' ? body.message : null;
    const redirect = 'redirect' in body && typeof body.redirect === 'string' ? body.redirect : null;
    return { ok, message, redirect };
  } catch {
    return fallback;
  }
}

function send(form: HTMLFormElement, data: FormData, onProgress: (percent: number) => void): Promise<UploadAnswer | null> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.round((event.loaded / event.total) * 100));
    });
    xhr.addEventListener('load', () => resolve(readAnswer(xhr, form.action)));
    xhr.addEventListener('error', () => resolve(null));
    xhr.addEventListener('abort', () => resolve(null));
    xhr.addEventListener('timeout', () => resolve(null));
    xhr.send(data);
  });
}

function enhance(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) return;
  const progress = form.querySelector<HTMLProgressElement>('progress[data-photo-progress]');
  const status = form.querySelector<HTMLElement>('[data-photo-status]');
  const texts = readTexts(form);
  let busy = false;

  const show = (text: string, state: 'busy' | 'done' | 'error'): void => {
    if (!status) return;
    status.textContent = text;
    status.dataset['state'] = state;
  };
  const setProgress = (percent: number | null): void => {
    if (!progress) return;
    progress.hidden = percent === null;
    progress.value = percent ?? 0;
    progress.textContent = percent === null ? '' : `${percent}%`;
  };

  form.addEventListener('submit', (event) => {
    const file = input.files?.[0];
    if (!file || busy) {
      if (busy) event.preventDefault();
      return;
    }
    event.preventDefault();
    busy = true;
    const submitters = [...form.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input[type="submit"]')];
    submitters.forEach((b) => (b.disabled = true));
    void (async () => {
      try {
        show(texts.preparing, 'busy');
        setProgress(0);
        const upload = (await shrinkPhoto(file)) ?? file;
        const data = new FormData(form);
        data.set(input.name, upload, upload.name);
        const uploadingText = (percent: number): string => texts.uploading.replace('{percent}', String(percent));
        show(uploadingText(0), 'busy');
        const answer = await send(form, data, (percent) => {
          setProgress(percent);
          show(uploadingText(percent), 'busy');
        });
        if (answer?.ok) {
          setProgress(100);
          show(answer.message ?? texts.done, 'done');
          if (answer.redirect) window.location.assign(answer.redirect);
          return;
        }
        setProgress(null);
        show(answer?.message ?? texts.failed, 'error');
      } catch {
        setProgress(null);
        show(texts.failed, 'error');
      } finally {
        busy = false;
        submitters.forEach((b) => (b.disabled = false));
      }
    })();
  });
}

if (typeof document !== 'undefined') document.querySelectorAll<HTMLFormElement>('form[data-photo-upload]').forEach(enhance);
