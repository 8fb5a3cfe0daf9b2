import type { Upload } from '@parley/shared';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { errorMessage } from '../../api/client';
import { saying, type Said } from './said';
import { uploadToRoom } from './uploads.api';

/** One file picked, dropped or pasted into the composer, on its way up or uploaded. */
export interface ComposerFile {
  key: string;
  name: string;
  size: number;
  /** A local preview of an image (an object URL), shown while it uploads. */
  previewUrl: string | null;
  /** From 0 to 1. */
  progress: number;
  status: 'uploading' | 'done' | 'failed';
  upload: Upload | null;
  error: string | null;
}

export interface ComposerFiles {
  files: ComposerFile[];
  /** "Attach at most 10 files…" when more were given than fit (translated when shown). */
  notice: Said | null;
  add: (files: readonly File[]) => void;
  /** Takes a file off the message; one still uploading is cancelled. */
  remove: (key: string) => void;
  /** After a send: the list starts empty again. */
  clear: () => void;
  /** Resolves once no file is uploading any more. */
  settled: () => Promise<void>;
  /** The uploaded files, in the order they were added; null while one failed or is uploading. */
  ready: () => Upload[] | null;
}

/**
 * `MAX_ATTACHMENTS` of @parley/shared (files.ts), which the chat cannot import without pulling zod
 * into its chunk; a test keeps the two equal.
 */
export const MAX_ATTACHMENTS = 10;

let counter = 0;

/** The picked files of one room's message, kept while the person looks at other rooms. */
class DraftFiles {
  files: ComposerFile[] = [];
  notice: Said | null = null;
  readonly inFlight = new Map<string, { promise: Promise<void>; abort: AbortController }>();
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(change: Partial<Pick<DraftFiles, 'files' | 'notice'>>) {
    if (change.files) this.files = change.files;
    if (change.notice !== undefined) this.notice = change.notice;
    for (const listener of this.listeners) listener();
  }

  patch(key: string, values: Partial<ComposerFile>) {
    this.set({ files: this.files.map((f) => (f.key === key ? { ...f, ...values } : f)) });
  }
}

/**
 * Per room, like the text drafts (Composer.tsx): switching rooms keeps what was picked, and an upload
 * in flight goes on in the background; the files wait for the send when one comes back. An upload
 * never sent is removed by the server's sweeper.
 */
const drafts = new Map<string, DraftFiles>();

function draftOf(roomId: string): DraftFiles {
  let draft = drafts.get(roomId);
  if (!draft) {
    draft = new DraftFiles();
    drafts.set(roomId, draft);
  }
  return draft;
}

/** Forgets every room's picked files, cancelling uploads in flight (signing out; tests). */
export function clearComposerFiles(): void {
  for (const draft of drafts.values()) {
    for (const { abort } of draft.inFlight.values()) abort.abort();
    for (const f of draft.files) if (f.previewUrl) URL.revokeObjectURL(f.previewUrl);
  }
  drafts.clear();
}

/**
 * The files of the message being written in one room: each uploads at once (with progress and
 * cancel) so that the send only has to name them.
 */
export function useComposerFiles(roomId: string): ComposerFiles {
  const draft = draftOf(roomId);
  const files = useSyncExternalStore(draft.subscribe, () => draft.files);
  const notice = useSyncExternalStore(draft.subscribe, () => draft.notice);

  const add = useCallback(
    (given: readonly File[]) => {
      const room = MAX_ATTACHMENTS - draft.files.length;
      const taken = given.slice(0, Math.max(0, room));
      draft.set({
        notice: taken.length < given.length ? saying('chat.files.tooMany', { max: MAX_ATTACHMENTS }) : null,
      });
      for (const file of taken) {
        counter += 1;
        const key = `f${counter}`;
        const previewUrl =
          file.type.startsWith('image/') && typeof URL.createObjectURL === 'function'
            ? URL.createObjectURL(file)
            : null;
        draft.set({
          files: [
            ...draft.files,
            {
              key,
              name: file.name || 'file',
              size: file.size,
              previewUrl,
              progress: 0,
              status: 'uploading',
              upload: null,
              error: null,
            },
          ],
        });
        const abort = new AbortController();
        const promise = uploadToRoom(roomId, file, {
          signal: abort.signal,
          onProgress: (progress) => draft.patch(key, { progress }),
        })
          .then((upload) => draft.patch(key, { status: 'done', progress: 1, upload }))
          .catch((error: unknown) => {
            if (error instanceof DOMException && error.name === 'AbortError') return;
            draft.patch(key, { status: 'failed', error: errorMessage(error) });
          })
          .finally(() => draft.inFlight.delete(key));
        draft.inFlight.set(key, { promise, abort });
      }
    },
    [draft, roomId],
  );

  const remove = useCallback(
    (key: string) => {
      draft.inFlight.get(key)?.abort.abort();
      const file = draft.files.find((f) => f.key === key);
      if (file?.previewUrl) URL.revokeObjectURL(file.previewUrl);
      draft.set({ files: draft.files.filter((f) => f.key !== key), notice: null });
    },
    [draft],
  );

  const clear = useCallback(() => {
    for (const f of draft.files) if (f.previewUrl) URL.revokeObjectURL(f.previewUrl);
    draft.set({ files: [], notice: null });
  }, [draft]);

  const settled = useCallback(async () => {
    while (draft.inFlight.size > 0) {
      await Promise.all([...draft.inFlight.values()].map((f) => f.promise));
    }
  }, [draft]);

  const ready = useCallback(() => {
    const uploads = draft.files.map((f) => (f.status === 'done' ? f.upload : null));
    return uploads.every((u) => u !== null) ? uploads : null;
  }, [draft]);

  return useMemo(
    () => ({ files, notice, add, remove, clear, settled, ready }),
    [files, notice, add, remove, clear, settled, ready],
  );
}
