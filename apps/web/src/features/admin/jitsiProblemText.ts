import type { TFunction } from 'i18next';
import { ApiRequestError } from '../../api/client';
import { i18n } from '../../i18n';

/**
 * A Jitsi settings problem, warning or check result as the server sends it: the English `message`,
 * and, for the ones Parley words itself, a stable `code` with the sentence's dynamic `values`.
 */
export interface JitsiMessage {
  message: string;
  code?: string | undefined;
  values?: Record<string, string | number> | undefined;
}

/**
 * The sentence to show for a Jitsi problem, warning or check result, in the interface language:
 * `jitsi.<code>` with its values when the catalogue knows the code, else the server's English
 * `message` (zod's own wording, or a code newer than this web app). Call it while rendering.
 */
export function jitsiProblemText(problem: JitsiMessage, t: TFunction = i18n.t.bind(i18n)): string {
  const key = problem.code === undefined ? undefined : `jitsi.${problem.code}`;
  if (key === undefined || !i18n.exists(key)) return problem.message;
  return t(key, { ...problem.values });
}

/**
 * A save refused because a new secret would stop calls: each such field says so in the interface
 * language, with the Jitsi problem the new value has (the server's `secretKept` detail and its cause).
 * Other field errors stay as `failure` has them.
 */
export function withKeptSecrets(
  error: unknown,
  failure: { message: string; fields: Record<string, string> },
  t: TFunction = i18n.t.bind(i18n),
): { message: string; fields: Record<string, string> } {
  if (!(error instanceof ApiRequestError)) return failure;
  const fields = { ...failure.fields };
  for (const detail of error.details) {
    if (detail.code !== 'secretKept' || detail.cause === undefined) continue;
    const field = detail.path.split('.').pop() ?? '';
    fields[field] = t('settings.jitsi.secretKept', {
      ...detail.values,
      cause: jitsiProblemText(detail.cause, t),
    });
  }
  return { ...failure, fields };
}
