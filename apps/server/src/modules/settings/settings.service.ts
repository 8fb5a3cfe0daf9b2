import { diagnose } from '@parley/jitsi';
import type { SettingsResponse, SettingsView } from '@parley/shared';
import type { SettingsUpdateBody } from './settings.schema.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { Errors, type ErrorDetail } from '../../errors.js';
import type { SettingsRepository } from './settings.repository.js';
import {
  settingsSections,
  type SectionName,
  type SectionValue,
  type SettingsSection,
} from './settings.sections.js';

type AnySection = SettingsSection<Record<string, unknown>>;
const sectionNames = Object.keys(settingsSections) as SectionName[];
const section = (name: SectionName) => settingsSections[name] as unknown as AnySection;

export class SettingsService {
  constructor(
    private readonly repo: SettingsRepository,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  /** The full, decrypted value of one section, for the server's own use. Never send it to a client. */
  async get<N extends SectionName>(name: N): Promise<SectionValue<N>> {
    const def = section(name);
    const stored = await this.repo.get(def.key);
    if (stored === undefined) return def.defaults as SectionValue<N>;
    const raw = JSON.parse(stored) as Record<string, unknown>;
    for (const key of def.secretKeys) {
      if (typeof raw[key] === 'string' && raw[key] !== '') raw[key] = this.secrets.open(raw[key]);
    }
    // Fields added to a section after it was stored take their defaults.
    const parsed = def.schema.safeParse({ ...def.defaults, ...raw });
    return (parsed.success ? parsed.data : def.defaults) as SectionValue<N>;
  }

  /** What admins see: every value except secrets, which appear as `{ set }`. */
  async view(): Promise<SettingsView> {
    const view: Record<string, unknown> = {};
    for (const name of sectionNames) view[name] = this.redact(section(name), await this.get(name));
    return view as SettingsView;
  }

  /**
   * Merges each section's patch into its current value and validates the result whole; nothing is
   * written unless every section is valid. For secrets, a string sets, null clears, absence keeps.
   */
  async update(patch: SettingsUpdateBody): Promise<SettingsView> {
    const writes: { key: string; value: string }[] = [];
    const problems: ErrorDetail[] = [];
    for (const name of sectionNames) {
      const sectionPatch = (patch as Record<string, Record<string, unknown> | undefined>)[name];
      if (!sectionPatch) continue;
      const def = section(name);
      const merged: Record<string, unknown> = { ...(await this.get(name)) };
      for (const [key, value] of Object.entries(sectionPatch)) {
        if (value === undefined) continue;
        if (value === null && def.secretKeys.includes(key)) merged[key] = '';
        else if (isPlainObject(value) && isPlainObject(merged[key])) {
          merged[key] = { ...merged[key], ...value };
        } else merged[key] = value;
      }
      const parsed = def.schema.safeParse(merged);
      if (!parsed.success) {
        problems.push(
          ...parsed.error.issues.map((i) => ({ path: [name, ...i.path].join('.'), message: i.message })),
        );
        continue;
      }
      const stored: Record<string, unknown> = { ...parsed.data };
      for (const key of def.secretKeys) {
        if (typeof stored[key] === 'string' && stored[key] !== '') {
          stored[key] = this.secrets.seal(stored[key]);
        }
      }
      writes.push({ key: def.key, value: JSON.stringify(stored) });
    }
    if (problems.length > 0) {
      throw Errors.validation(problems, 'Some settings are not valid; nothing was saved');
    }
    await this.repo.putMany(writes, this.clock.now().toISOString());
    return this.view();
  }

  /** The view plus what still stops calls from working, for the admin page. */
  async viewWithProblems(): Promise<SettingsResponse> {
    return { settings: await this.view(), problems: { jitsi: diagnose(await this.get('jitsi')) } };
  }

  private redact(def: AnySection, value: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...value };
    for (const key of def.secretKeys) out[key] = { set: typeof value[key] === 'string' && value[key] !== '' };
    return out;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
