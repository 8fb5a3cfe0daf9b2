import { CSRF_HEADER } from '@parley/shared/constants';
import { ApiRequestError, csrfToken, networkMessage } from '../api/client';
import { currentLocale, t } from '../i18n';

export interface UploadOptions {
  /** Multipart field name of the file. */
  field?: string;
  /** Called with the share of bytes sent so far, from 0 to 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * POSTs one file as multipart form data and resolves with the JSON answer. `fetch` reports no upload
 * progress, so this uses XMLHttpRequest; failures are the same ApiRequestError as `apiRequest`'s
 * (the server's `{ error }` message), an abort rejects with an AbortError.
 */
export function uploadFile(path: string, file: Blob, options: UploadOptions = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const { signal, onProgress } = options;
    if (signal?.aborted) {
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', currentLocale());
    const token = csrfToken();
    if (token) xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    xhr.onabort = () => {
      done();
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
    };
    xhr.onerror = () => {
      done();
      reject(new ApiRequestError(0, 'network_error', networkMessage()));
    };
    xhr.onload = () => {
      done();
      let json: unknown = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: a proxy's error page.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(json);
        return;
      }
      reject(errorFrom(xhr.status, json));
    };
    const form = new FormData();
    form.append(options.field ?? 'file', file, file instanceof File ? file.name : 'file');
    xhr.send(form);
  });
}

function errorFrom(status: number, json: unknown): ApiRequestError {
  const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiRequestError(status, error.code, error.message);
  }
  if (status === 413) return new ApiRequestError(413, 'file_too_large', t('common.error.tooLarge'));
  if (status === 429) {
    return new ApiRequestError(429, 'rate_limited', t('common.error.tooManyUploads'));
  }
  if (status >= 500) {
    return new ApiRequestError(status, 'internal_error', t('common.error.server'));
  }
  return new ApiRequestError(status, 'unknown_error', t('common.error.uploadHttp', { status }));
}
