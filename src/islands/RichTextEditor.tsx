/** @jsxImportSource react */
// The rich-text editor island (React 19 + TipTap 3): the only React on the site, on builder pages.
// Progressive enhancement: the page renders a plain <textarea name="{name}_text"> that works
// without JavaScript; once this island has mounted it hides and disables that textarea and keeps
// the document JSON in <input type="hidden" name="{name}">, dispatching a bubbling `input` event on
// every change (the autosave script listens on the form).
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { editorExtensions } from '../lib/editor/extensions';
import { completeLinkInput } from '../lib/editor/links';
import { plainTextToDoc } from '../lib/editor/plain-text';
import { emptyDoc, type RichTextDoc } from '../lib/editor/types';
import type { EditorToolbarLabels } from '../lib/i18n/editor';
import './RichTextEditor.css';

/** Ask the island to replace its document (e.g. a draft restored from localStorage): detail is the JSON string. */
export const RICH_TEXT_SET_EVENT = 'richtext:set';
/** Fired (bubbling) on the hidden input once the editor has taken over from the textarea. */
export const RICH_TEXT_READY_EVENT = 'richtext:ready';

export type RichTextEditorLabels = EditorToolbarLabels;

export interface RichTextEditorProps {
  /** Form field name of the hidden JSON input; the no-JS textarea is named `${name}_text`. */
  name: string;
  /** The stored document as a JSON string ('' for a new, empty one). */
  initialJson: string;
  /** Accessible name of the editing area (usually the visible field label). */
  label: string;
  /** Translated toolbar strings: editorToolbarLabels(locale) from src/lib/i18n/editor.ts. */
  labels: RichTextEditorLabels;
  /** Ids of hint or error elements describing the field. */
  describedBy?: string | undefined;
}

function parseInitial(json: string): RichTextDoc {
  if (json.trim() === '') return emptyDoc();
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value === 'object' && value !== null && 'type' in value && value.type === 'doc') {
      // Shape checked by the server before it rendered the page; TipTap falls back to empty on a bad node.
      return { ...value, type: 'doc' };
    }
  } catch {
    // Fall through: start empty rather than break the page.
  }
  return emptyDoc();
}

function findFallback(root: HTMLElement | null, name: string): HTMLTextAreaElement | null {
  const fieldName = `${name}_text`;
  const form = root?.closest('form');
  const candidate = form ? form.elements.namedItem(fieldName) : document.getElementsByName(fieldName)[0];
  return candidate instanceof HTMLTextAreaElement ? candidate : null;
}

export default function RichTextEditor({ name, initialJson, label, labels, describedBy }: RichTextEditorProps): ReactNode {
  const rootRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const editor = useEditor({
    extensions: editorExtensions,
    content: parseInitial(initialJson),
    immediatelyRender: false,
    shouldRerenderOnTransaction: false,
    // TipTap's injected <style> would be refused by the Content-Security-Policy: the CSS is bundled instead.
    injectCSS: false,
    editorProps: {
      attributes: {
        class: 'rte-content',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      },
    },
  });

  useEffect(() => {
    const input = inputRef.current;
    if (!editor || !input) return undefined;
    const write = (announce: boolean): void => {
      const json = JSON.stringify(editor.getJSON());
      if (input.value === json) return;
      input.value = json;
      if (announce) input.dispatchEvent(new Event('input', { bubbles: true }));
    };

    // Words typed into the textarea before the editor loaded are not lost.
    const textarea = findFallback(rootRef.current, name);
    const typedEarly = textarea !== null && textarea.value !== textarea.defaultValue && textarea.value.trim() !== '';
    if (typedEarly) editor.commands.setContent(plainTextToDoc(textarea.value), { emitUpdate: false });
    const fallback = textarea?.closest<HTMLElement>('[data-rich-text-fallback]') ?? textarea;
    if (fallback) fallback.hidden = true;
    if (textarea) textarea.disabled = true;
    write(typedEarly);

    const onUpdate = (): void => write(true);
    const onSet = (event: Event): void => {
      if (!(event instanceof CustomEvent) || typeof event.detail !== 'string') return;
      editor.commands.setContent(parseInitial(event.detail), { emitUpdate: false });
      write(true);
    };
    editor.on('update', onUpdate);
    input.addEventListener(RICH_TEXT_SET_EVENT, onSet);
    input.dispatchEvent(new Event(RICH_TEXT_READY_EVENT, { bubbles: true }));
    return () => {
      editor.off('update', onUpdate);
      input.removeEventListener(RICH_TEXT_SET_EVENT, onSet);
      if (fallback) fallback.hidden = false;
      if (textarea) textarea.disabled = false;
    };
  }, [editor, name]);

  if (!editor) return <div ref={rootRef} className="rte" data-rich-text-editor={name} hidden />;
  return (
    <div ref={rootRef} className="rte" data-rich-text-editor={name}>
      <Toolbar editor={editor} labels={labels} />
      <EditorContent editor={editor} className="rte-area" />
      <input ref={inputRef} type="hidden" name={name} />
    </div>
  );
}

interface ToolState {
  bold: boolean;
  italic: boolean;
  heading2: boolean;
  heading3: boolean;
  bulletList: boolean;
  orderedList: boolean;
  blockquote: boolean;
  link: boolean;
  href: string;
}

const keepFocus = (event: MouseEvent): void => event.preventDefault();

// 24×24 stroke icons (no icon font, no emoji: cheap phones lack some glyphs).
const ICONS = {
  bulletList: 'M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01',
  orderedList: 'M10 6h10M10 12h10M10 18h10M4 4v4M3 8h2M3 14.5a1.5 1.5 0 0 1 3 0c0 1.5-3 2-3 3.5h3',
  blockquote: 'M4 7h6v6H6l-2 4V7zM14 7h6v6h-4l-2 4V7z',
  link: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  unlink: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1M4 4l16 16',
} as const;

function Icon({ d }: { d: string }): ReactNode {
  return (
    <svg className="rte-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
      <path d={d} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function Toolbar({ editor, labels }: { editor: Editor; labels: RichTextEditorLabels }): ReactNode {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }): ToolState => {
      const href: unknown = e.getAttributes('link')['href'];
      return {
        bold: e.isActive('bold'),
        italic: e.isActive('italic'),
        heading2: e.isActive('heading', { level: 2 }),
        heading3: e.isActive('heading', { level: 3 }),
        bulletList: e.isActive('bulletList'),
        orderedList: e.isActive('orderedList'),
        blockquote: e.isActive('blockquote'),
        link: e.isActive('link'),
        href: typeof href === 'string' ? href : '',
      };
    },
  });
  const [linkOpen, setLinkOpen] = useState(false);
  const chain = () => editor.chain().focus();

  const tools: { key: keyof ToolState & keyof EditorToolbarLabels; icon: ReactNode; run: () => void }[] = [
    { key: 'bold', icon: 'B', run: () => chain().toggleBold().run() },
    { key: 'italic', icon: 'I', run: () => chain().toggleItalic().run() },
    { key: 'heading2', icon: 'H2', run: () => chain().toggleHeading({ level: 2 }).run() },
    { key: 'heading3', icon: 'H3', run: () => chain().toggleHeading({ level: 3 }).run() },
    { key: 'bulletList', icon: <Icon d={ICONS.bulletList} />, run: () => chain().toggleBulletList().run() },
    { key: 'orderedList', icon: <Icon d={ICONS.orderedList} />, run: () => chain().toggleOrderedList().run() },
    { key: 'blockquote', icon: <Icon d={ICONS.blockquote} />, run: () => chain().toggleBlockquote().run() },
  ];

  return (
    <div className="rte-toolbar-wrap">
      <div className="rte-toolbar" role="toolbar" aria-label={labels.toolbar}>
        {tools.map((tool) => (
          <button
            key={tool.key}
            type="button"
            className={`rte-button rte-button-${tool.key}`}
            aria-label={labels[tool.key]}
            title={labels[tool.key]}
            aria-pressed={state[tool.key]}
            onMouseDown={keepFocus}
            onClick={tool.run}
          >
            <span aria-hidden="true">{tool.icon}</span>
          </button>
        ))}
        <button
          type="button"
          className="rte-button rte-button-link"
          aria-label={labels.link}
          title={labels.link}
          aria-pressed={state.link}
          aria-expanded={linkOpen}
          onMouseDown={keepFocus}
          onClick={() => setLinkOpen((open) => !open)}
        >
          <Icon d={ICONS.link} />
        </button>
        {state.link && (
          <button
            type="button"
            className="rte-button rte-button-unlink"
            aria-label={labels.unlink}
            title={labels.unlink}
            onMouseDown={keepFocus}
            onClick={() => {
              chain().extendMarkRange('link').unsetLink().run();
              setLinkOpen(false);
            }}
          >
            <Icon d={ICONS.unlink} />
          </button>
        )}
      </div>
      {linkOpen && <LinkForm editor={editor} labels={labels} currentHref={state.href} onClose={() => setLinkOpen(false)} />}
    </div>
  );
}

interface LinkFormProps {
  editor: Editor;
  labels: RichTextEditorLabels;
  currentHref: string;
  onClose: () => void;
}

/** The inline link form (a group, not a nested <form>: the editor already sits inside one). */
function LinkForm({ editor, labels, currentHref, onClose }: LinkFormProps): ReactNode {
  const [value, setValue] = useState(currentHref);
  const [invalid, setInvalid] = useState(false);
  const fieldRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    fieldRef.current?.focus();
  }, []);

  const close = (): void => {
    onClose();
    editor.commands.focus();
  };

  const apply = (): void => {
    const href = completeLinkInput(value);
    if (href === null) {
      setInvalid(true);
      fieldRef.current?.focus();
      return;
    }
    const { empty } = editor.state.selection;
    if (empty && !editor.isActive('link')) {
      // Nothing selected: the address itself becomes the linked words.
      const words = value.trim();
      editor.chain().focus().insertContent({ type: 'text', text: words, marks: [{ type: 'link', attrs: { href } }] }).run();
    } else {
      editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
    }
    onClose();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      // Enter must not submit the surrounding form.
      event.preventDefault();
      apply();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  return (
    <div className="rte-link-form" role="group" aria-label={labels.link}>
      <label htmlFor={`${id}-href`}>{labels.linkUrl}</label>
      <input
        ref={fieldRef}
        id={`${id}-href`}
        type="url"
        inputMode="url"
        autoComplete="url"
        value={value}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onChange={(event) => {
          setValue(event.target.value);
          setInvalid(false);
        }}
        onKeyDown={onKeyDown}
      />
      {invalid && (
        <span id={`${id}-error`} className="rte-link-error" role="alert">
          {labels.linkInvalid}
        </span>
      )}
      <div className="rte-link-actions">
        <button type="button" className="button" onClick={apply}>
          {labels.linkApply}
        </button>
        <button type="button" className="button secondary" onClick={close}>
          {labels.linkCancel}
        </button>
      </div>
    </div>
  );
}
