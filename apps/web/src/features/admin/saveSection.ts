import type { SettingsUpdateRequest, SettingsView } from '@parley/shared';
import { adminApi } from './admin.api';
import type { FieldErrors, useSaveForm } from '../../lib/forms';

type Section = keyof SettingsView;

/**
 * A settings section's Save after its own check: what the schema found wrong is shown in the page's
 * words (`friendly`); otherwise what changed is sent (nothing when nothing changed), and `saved` gets
 * what the server kept and says what to show.
 */
export async function saveSection<K extends Section>(
  { save, reject }: Pick<ReturnType<typeof useSaveForm>, 'save' | 'reject'>,
  {
    section,
    checked,
    friendly,
    patch,
    saved,
  }: {
    section: K;
    checked: { ok: true } | { ok: false; errors: FieldErrors };
    friendly: (errors: FieldErrors) => FieldErrors;
    patch: () => object;
    saved: (settings: SettingsView[K]) => string;
  },
): Promise<void> {
  if (!checked.ok) {
    reject(friendly(checked.errors));
    return;
  }
  const changes = patch();
  if (Object.keys(changes).length === 0) return;
  await save(async () => {
    const body = { [section]: changes } as SettingsUpdateRequest;
    return saved((await adminApi.patchSettings(body)).settings[section]);
  });
}
