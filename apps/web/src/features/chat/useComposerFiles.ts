import type { Upload } from '@parley/shared';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../api/client';
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
  /** "Attach at most 10 files…" when more were given than fit. */
  notice: string | null;
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

/**
 * The files of the message being written in one room: each uploads at once (with progress and
 * cancel) so that the send only has to name them. Leaving the room cancels what is still uploading.
 */
export function useComposerFiles(roomId: string): ComposerFiles {
  const [files, setFiles] = useState<ComposerFile[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const current = useRef<ComposerFile[]>([]);
  const inFlight = useRef(new Map<string, { promise: Promise<void>; abort: AbortController }>());

  const update = useCallback((change: (files: ComposerFile[]) => ComposerFile[]) => {
    current.current = change(current.current);
    setFiles(current.current);
  }, []);
  const patch = useCallback(
    (key: string, values: Partial<ComposerFile>) =>
      update((list) => list.map((f) => (f.key === key ? { ...f, ...values } : f))),
    [update],
  );

  useEffect(
    () => () => {
      for (const { abort } of inFlight.current.values()) abort.abort();
      for (const f of current.current) if (f.previewUrl) URL.revokeObjectURL(f.previewUrl);
    },
    [],
  );

  const add = useCallback(
    (given: readonly File[]) => {
      const room = MAX_ATTACHMENTS - current.current.length;
      const taken = given.slice(0, Math.max(0, room));
      setNotice(
        taken.length < given.length
          ? `A message can have at most ${MAX_ATTACHMENTS} files. Send these, then attach the others to another message.`
          : null,
      );
      for (const file of taken) {
        counter += 1;
        const key = `f${counter}`;
        const previewUrl =
          file.type.startsWith('image/') && typeof URL.createObjectURL === 'function'
            ? URL.createObjectURL(file)
            : null;
        update((list) => [
          ...list,
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
        ]);
        const abort = new AbortController();
        const promise = uploadToRoom(roomId, file, {
          signal: abort.signal,
          onProgress: (progress) => patch(key, { progress }),
        })
          .then((upload) => patch(key, { status: 'done', progress: 1, upload }))
          .catch((error: unknown) => {
            if (error instanceof DOMException && error.name === 'AbortError') return;
            patch(key, { status: 'failed', error: errorMessage(error) });
          })
          .finally(() => inFlight.current.delete(key));
        inFlight.current.set(key, { promise, abort });
      }
    },
    [roomId, update, patch],
  );

  const remove = useCallback(
    (key: string) => {
      inFlight.current.get(key)?.abort.abort();
      const file = current.current.find((f) => f.key === key);
      if (file?.previewUrl) URL.revokeObjectURL(file.previewUrl);
      update((list) => list.filter((f) => f.key !== key));
      setNotice(null);
    },
    [update],
  );

  const clear = useCallback(() => {
    for (const f of current.current) if (f.previewUrl) URL.revokeObjectURL(f.previewUrl);
    update(() => []);
    setNotice(null);
  }, [update]);

  const settled = useCallback(async () => {
    while (inFlight.current.size > 0) {
      await Promise.all([...inFlight.current.values()].map((f) => f.promise));
    }
  }, []);

  const ready = useCallback(() => {
    const uploads = current.current.map((f) => (f.status === 'done' ? f.upload : null));
    return uploads.every((u) => u !== null) ? uploads : null;
  }, []);

  return useMemo(
    () => ({ files, notice, add, remove, clear, settled, ready }),
    [files, notice, add, remove, clear, settled, ready],
  );
}
