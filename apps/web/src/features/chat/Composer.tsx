import { formatNumber } from '../../i18n/format';
import { useTranslation } from 'react-i18next';
import type { CommandInfo, Message, PublicUser, Upload } from '@parley/shared';
import { MESSAGE_MAX_LENGTH } from '@parley/shared/constants';
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Icon } from '../../components/Icon';
import { AttachButton, ComposerFileList, pastedFiles } from './ComposerFiles';
import { plainPreview } from './markdown';
import { SuggestionList } from './SuggestionList';
import { applySuggestion, runsAsTyped, type Suggestion } from './suggestions';
import type { ComposerFiles } from './useComposerFiles';
import { textDrafts } from './composerDrafts';
import { useSuggestions } from './useSuggestions';

export type ComposerMode =
  { kind: 'new' } | { kind: 'reply'; message: Message } | { kind: 'edit'; message: Message };

/** The counter shows up when a message gets this close to the limit. */
const COUNTER_FROM = MESSAGE_MAX_LENGTH - 1_000;

export interface ComposerProps {
  roomId: string;
  roomName: string;
  mode: ComposerMode;
  myId: string;
  commands: readonly CommandInfo[];
  people: readonly PublicUser[];
  /** Sends (or saves an edit); resolves false when the text should stay (the send failed at once). */
  onSubmit: (text: string, attachments?: Upload[]) => Promise<boolean>;
  /** Files to send with the message (a paperclip, paste); absent where messages carry no files. */
  files?: ComposerFiles;
  onCancelMode: () => void;
  /** Up in an empty composer: edit my last message. */
  onEditLast: () => void;
  onTyping: (typing: boolean) => void;
  /** Called when the person starts to mention someone, so the room's members get loaded. */
  onNeedPeople: () => void;
  /** Where the draft is kept (default: the room); a thread keeps its own (issue 20). */
  draftKey?: string;
  /** The box's label and placeholder instead of "Message <room>". */
  label?: string;
  /** The page's first stop: opening the page focuses this composer, not the page's heading. */
  pageFocus?: boolean;
  ref?: React.Ref<HTMLTextAreaElement>;
}

/**
 * Enter sends, Shift+Enter adds a line, Up in an empty box edits my last message, Escape leaves
 * reply/edit mode. Typing "/" at the start or "@" anywhere opens suggestions (↑/↓, Enter or Tab).
 */
export function Composer({
  roomId,
  roomName,
  mode,
  myId,
  commands,
  people,
  onSubmit,
  onCancelMode,
  onEditLast,
  onTyping,
  onNeedPeople,
  pageFocus = false,
  draftKey = roomId,
  label,
  ref,
  files,
}: ComposerProps) {
  const { t } = useTranslation();
  const id = useId();
  const textareaRef = useRef<HTMLTextAreaElement | null>(null);
  const [text, setTextState] = useState(() => textDrafts.get(draftKey) ?? '');
  const [caret, setCaret] = useState(0);
  const [busy, setBusy] = useState(false);
  const { trigger, triggerKey, suggestions, open, current, setActive, setDismissed } = useSuggestions({
    text,
    caret,
    commands,
    people,
    myId,
    onNeedPeople,
  });
  const editingId = mode.kind === 'edit' ? mode.message.id : null;
  // On touch screens, focusing on arrival would pop the keyboard over the messages.
  const [touch] = useState(
    () => typeof window.matchMedia === 'function' && window.matchMedia('(pointer: coarse)').matches,
  );

  const setText = (value: string) => {
    setTextState(value);
    if (mode.kind !== 'edit') textDrafts.set(draftKey, value);
  };

  // Another room: its own draft. Editing: the message's text; leaving edit mode: the draft again.
  useEffect(() => {
    setTextState(mode.kind === 'edit' ? mode.message.text : (textDrafts.get(draftKey) ?? ''));
    setDismissed(null);
    const el = textareaRef.current;
    if (el && (mode.kind === 'edit' || !touch)) {
      el.focus();
      const end = el.value.length;
      el.setSelectionRange(end, end);
    }
    // Only when the room or the message being edited changes, not on every keystroke.
  }, [draftKey, editingId]);

  useEffect(() => {
    if (mode.kind === 'reply') textareaRef.current?.focus();
  }, [mode]);

  // Grow with the text up to a limit, then scroll.
  useLayoutEffect(() => {
    const el = textareaRef.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 220)}px`;
  }, [text]);

  const tooLong = text.length > MESSAGE_MAX_LENGTH;
  // Files go with a new message or a reply; an edit changes the text only.
  const withFiles = mode.kind !== 'edit' && files !== undefined && files.files.length > 0 ? files : null;
  const empty = text.trim() === '' && !withFiles;

  const accept = (suggestion: Suggestion) => {
    if (!trigger) return;
    const next = applySuggestion(text, caret, trigger, suggestion);
    setText(next.text);
    setCaret(next.caret);
    requestAnimationFrame(() => {
      const el = textareaRef.current;
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };

  const submit = async () => {
    if (empty || tooLong || busy) return;
    setBusy(true);
    // The send waits for the files still uploading; one that failed must be removed first.
    await withFiles?.settled();
    const attachments = withFiles ? withFiles.ready() : undefined;
    if (attachments === null) {
      setBusy(false);
      return;
    }
    const ok = await onSubmit(text, attachments);
    setBusy(false);
    if (ok) {
      if (withFiles) withFiles.clear();
      setText('');
      textDrafts.delete(draftKey);
      onTyping(false);
    }
    textareaRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (open && current) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + suggestions.length) % suggestions.length);
        return;
      }
      const runIt = event.key === 'Enter' && runsAsTyped(trigger, current);
      if (((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') && !runIt) {
        event.preventDefault();
        accept(current);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(triggerKey);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void submit();
      return;
    }
    if (event.key === 'Escape' && mode.kind !== 'new') {
      event.preventDefault();
      onCancelMode();
      return;
    }
    if (event.key === 'ArrowUp' && text === '' && mode.kind === 'new') {
      event.preventDefault();
      onEditLast();
    }
  };

  const listId = `${id}-suggestions`;
  const optionId = (s: Suggestion) => `${id}-${s.id}`;
  const placeholder =
    mode.kind === 'edit'
      ? t('chat.composer.editPlaceholder')
      : (label ?? t('chat.composer.placeholder', { room: roomName }));

  return (
    <div className={`composer${mode.kind === 'edit' ? ' composer-editing' : ''}`}>
      {mode.kind !== 'new' && (
        <div className="composer-mode">
          <Icon name={mode.kind === 'edit' ? 'edit' : 'reply'} />
          <span className="composer-mode-text">
            {mode.kind === 'edit' ? (
              t('chat.composer.editing')
            ) : (
              <>
                {t('chat.composer.replyingTo')}{' '}
                <strong>{mode.message.author?.displayName ?? t('chat.message.someone')}</strong>:{' '}
                <span className="muted">{plainPreview(mode.message.text, 80)}</span>
              </>
            )}
          </span>
          <button type="button" className="link-button" onClick={onCancelMode}>
            {t('common.cancel')}
            <span className="sr-only">
              {' '}
              {mode.kind === 'edit' ? t('chat.composer.cancelEdit') : t('chat.composer.cancelReply')}
            </span>
          </button>
          <span className="composer-mode-hint" aria-hidden="true">
            {t('keys.escape')}
          </span>
        </div>
      )}
      {open && (
        <SuggestionList
          listId={listId}
          trigger={trigger}
          suggestions={suggestions}
          current={current}
          optionId={optionId}
          onAccept={accept}
        />
      )}
      {mode.kind !== 'edit' && files && <ComposerFileList files={files} />}
      <div className="composer-box">
        {mode.kind !== 'edit' && files && <AttachButton files={files} />}
        <label htmlFor={`${id}-input`} className="sr-only">
          {mode.kind === 'edit'
            ? t('chat.composer.editLabel')
            : (label ?? t('chat.composer.placeholder', { room: roomName }))}
        </label>
        <textarea
          ref={(el) => {
            textareaRef.current = el;
            if (typeof ref === 'function') ref(el);
            else if (ref) ref.current = el;
          }}
          id={`${id}-input`}
          // Opening the room (or joining it) puts the focus here rather than on its heading.
          data-page-focus={pageFocus && !touch ? '' : undefined}
          className="composer-input"
          rows={1}
          value={text}
          placeholder={placeholder}
          onChange={(event) => {
            setText(event.target.value);
            setCaret(event.target.selectionStart);
            onTyping(event.target.value.trim() !== '' && !event.target.value.startsWith('/'));
          }}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onPaste={(event) => {
            const pasted = mode.kind !== 'edit' && files ? pastedFiles(event) : [];
            if (pasted.length === 0) return;
            event.preventDefault();
            files?.add(pasted);
          }}
          onBlur={() => setDismissed(triggerKey)}
          onFocus={() => setDismissed(null)}
          // A multi-line text box offering suggestions (as GitHub's comment box does): ARIA allows no
          // combobox role on a textarea, so the list is tied to it by aria-controls and the
          // highlighted option by aria-activedescendant.
          aria-controls={open ? listId : undefined}
          aria-autocomplete="list"
          aria-activedescendant={current ? optionId(current) : undefined}
          aria-invalid={tooLong || undefined}
          aria-describedby={`${id}-help`}
        />
        <button
          type="button"
          className="composer-send"
          disabled={empty || tooLong || busy}
          onClick={() => void submit()}
        >
          <Icon name={mode.kind === 'edit' ? 'check' : 'send'} />
          <span className="sr-only">
            {mode.kind === 'edit' ? t('chat.composer.save') : t('chat.composer.send')}
          </span>
        </button>
      </div>
      <p className="composer-help" id={`${id}-help`}>
        {tooLong ? (
          <span className="composer-too-long" role="alert">
            {t('chat.composer.tooLong', { max: MESSAGE_MAX_LENGTH, over: text.length - MESSAGE_MAX_LENGTH })}
          </span>
        ) : (
          <span className="composer-keys">
            <kbd>{t('keys.enter')}</kbd>{' '}
            {mode.kind === 'edit' ? t('chat.composer.help.save') : t('chat.composer.help.send')},{' '}
            <kbd>{t('keys.shift')}</kbd>+<kbd>{t('keys.enter')}</kbd> {t('chat.composer.help.newLine')}
            {mode.kind === 'new' && (
              <>
                , <kbd>↑</kbd> {t('chat.composer.help.editLast')}
              </>
            )}
          </span>
        )}
        {text.length >= COUNTER_FROM && (
          <span className={`composer-counter${tooLong ? ' is-over' : ''}`}>
            {formatNumber(text.length)} / {formatNumber(MESSAGE_MAX_LENGTH)}
          </span>
        )}
      </p>
    </div>
  );
}
