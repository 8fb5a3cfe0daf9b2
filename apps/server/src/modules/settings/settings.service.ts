import {
  deploymentOf,
  diagnose,
  meetingLocation,
  type JitsiSettings,
  type JitsiSettingsProblem,
} from '@parley/jitsi';
import type { SecuritySettings, SettingsResponse, SettingsView } from '@parley/shared';
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

/** How long another node's Jitsi change may take to reach this node's CSP. */
const JITSI_ORIGIN_TTL_MS = 30_000;

export interface SettingsDependencies {
  repo: SettingsRepository;
  secrets: SecretBox;
  clock: Clock;
  /**
   * Refuses a security section the acting administrator may not save (issue 18: password sign-in
   * off needs a break-glass administrator, a policy covering the actor needs their own factor).
   */
  checkSecurity?: (next: SecuritySettings, actorId: string | null) => Promise<void>;
}

export class SettingsService {
  /** The last parse of each section, with the row it came from. */
  private readonly loaded = new Map<
    SectionName,
    { stored: string | undefined; result: { value: Record<string, unknown>; sealed: Record<string, string> } }
  >();
  private jitsiOriginCache: { origin: string | null; at: number } = { origin: null, at: -Infinity };

  constructor(private readonly deps: SettingsDependencies) {}

  /**
   * The full, decrypted value of one section, for the server's own use. Never send it to a client.
   * A secret this server's key cannot open reads as unset ('').
   */
  async get<N extends SectionName>(name: N): Promise<SectionValue<N>> {
    return (await this.load(name)).value as SectionValue<N>;
  }

  /** What admins see: every value except secrets, which appear as `{ set, readable }`. */
  async view(): Promise<SettingsView> {
    const view: Record<string, unknown> = {};
    for (const name of sectionNames) {
      const { value, sealed } = await this.load(name);
      const out: Record<string, unknown> = { ...value };
      for (const key of section(name).secretKeys) {
        const stored = sealed[key];
        out[key] = { set: stored !== undefined, readable: stored === undefined || value[key] !== '' };
      }
      // Never chosen, the kind of Jitsi follows "Use JaaS"; admins see the kind the doctor judges by.
      if (name === 'jitsi') out.deployment = deploymentOf(value as JitsiSettings);
      view[name] = out;
    }
    return view as SettingsView;
  }

  /**
   * Run at start: re-seals secrets sealed under `SECRET_KEY_PREVIOUS` (or before key ids) with the
   * current key, and names those no key here can open, so the admin can re-enter them.
   */
  async checkSecrets(): Promise<{ resealed: string[]; unreadable: string[] }> {
    const resealed: string[] = [];
    const unreadable: string[] = [];
    const writes: { key: string; value: string }[] = [];
    for (const name of sectionNames) {
      const def = section(name);
      const stored = await this.deps.repo.get(def.key);
      if (stored === undefined) continue;
      const raw = JSON.parse(stored) as Record<string, unknown>;
      let changed = false;
      for (const key of def.secretKeys) {
        const sealed = raw[key];
        if (typeof sealed !== 'string' || sealed === '') continue;
        const plain = this.deps.secrets.open(sealed);
        if (plain === null) unreadable.push(`${name}.${key}`);
        else if (this.deps.secrets.isStale(sealed)) {
          raw[key] = this.deps.secrets.seal(plain);
          resealed.push(`${name}.${key}`);
          changed = true;
        }
      }
      if (changed) writes.push({ key: def.key, value: JSON.stringify(raw) });
    }
    if (writes.length > 0) await this.deps.repo.putMany(writes, this.deps.clock.now().toISOString());
    return { resealed, unreadable };
  }

  /**
   * Merges each section's patch into its current value and validates the result whole; nothing is
   * written unless every section is valid. For secrets, a string sets, null clears, absence keeps.
   */
  async update(patch: SettingsUpdateBody, actorId: string | null = null): Promise<SettingsView> {
    const writes: { key: string; value: string }[] = [];
    const problems: ErrorDetail[] = [];
    for (const name of sectionNames) {
      const sectionPatch = (patch as Record<string, Record<string, unknown> | undefined>)[name];
      if (!sectionPatch) continue;
      const def = section(name);
      const current = await this.load(name);
      const merged: Record<string, unknown> = { ...current.value };
      for (const [key, value] of Object.entries(sectionPatch)) {
        if (value === undefined) continue;
        if (value === null && def.secretKeys.includes(key)) merged[key] = '';
        else if (isPlainObject(value) && isPlainObject(merged[key])) {
          merged[key] = { ...merged[key], ...value };
        } else merged[key] = value;
      }
      // JaaS meetings always run on 8x8.vc: turning JaaS on counts as choosing the domain.
      if (name === 'jitsi' && merged.useJaas === true && merged.domain === '') merged.domain = JAAS_DOMAIN;
      const parsed = def.schema.safeParse(merged);
      if (!parsed.success) {
        problems.push(
          ...parsed.error.issues.map((i) => ({ path: [name, ...i.path].join('.'), message: i.message })),
        );
        continue;
      }
      if (name === 'jitsi') {
        problems.push(
          ...brokenSecretReplacements(
            current.value as JitsiSettings,
            parsed.data as JitsiSettings,
            sectionPatch,
          ),
        );
      }
      if (name === 'security' && this.deps.checkSecurity) {
        await this.deps.checkSecurity(parsed.data as SecuritySettings, actorId);
      }
      const stored: Record<string, unknown> = { ...parsed.data };
      for (const key of def.secretKeys) {
        if (!(key in sectionPatch) || sectionPatch[key] === undefined) {
          // Untouched: keep exactly what was stored, even a value this key cannot open, so an
          // unrelated change never destroys a secret sealed under another key.
          stored[key] = current.sealed[key] ?? '';
        } else if (typeof stored[key] === 'string' && stored[key] !== '') {
          stored[key] = this.deps.secrets.seal(stored[key]);
        }
      }
      writes.push({ key: def.key, value: JSON.stringify(stored) });
    }
    if (problems.length > 0) {
      throw Errors.validation(problems, 'settingsInvalid');
    }
    await this.deps.repo.putMany(writes, this.deps.clock.now().toISOString());
    await this.refreshJitsiOrigin();
    return this.view();
  }

  /**
   * The origin Jitsi meetings are embedded from (for the CSP), from memory. Refreshed after every
   * update here and, for updates made on another node, in the background at most every 30 s.
   */
  jitsiOrigin(): string | null {
    if (this.deps.clock.now().getTime() - this.jitsiOriginCache.at > JITSI_ORIGIN_TTL_MS) {
      this.jitsiOriginCache.at = this.deps.clock.now().getTime();
      void this.refreshJitsiOrigin().catch(() => undefined);
    }
    return this.jitsiOriginCache.origin;
  }

  async refreshJitsiOrigin(): Promise<string | null> {
    const jitsi = await this.get('jitsi');
    let origin: string | null = null;
    if (jitsi.domain !== '' || jitsi.useJaas) {
      try {
        origin = new URL(meetingLocation(jitsi).baseUrl).origin;
      } catch {
        origin = null;
      }
    }
    this.jitsiOriginCache = { origin, at: this.deps.clock.now().getTime() };
    return origin;
  }

  /** The view plus what still stops calls from working, for the admin page. */
  async viewWithProblems(): Promise<SettingsResponse> {
    const settings = await this.view();
    return { settings, problems: { jitsi: await this.jitsiProblems(settings) } };
  }

  /**
   * What stops Jitsi calls from working with the stored settings: secrets this server cannot open,
   * no domain chosen yet, and everything `diagnose()` finds. Empty when calls can work.
   */
  async jitsiProblems(view?: SettingsView): Promise<JitsiSettingsProblem[]> {
    const shown = view ?? (await this.view());
    const unreadable = section('jitsi')
      .secretKeys.filter((key) => {
        const state = (shown.jitsi as Record<string, unknown>)[key] as { set: boolean; readable: boolean };
        return state.set && !state.readable;
      })
      .map(unreadableSecretProblem);
    return [...unreadable, ...diagnoseStored(await this.get('jitsi'))];
  }

  /** The section's value with secrets opened ('' when unreadable), and the sealed strings as stored. */
  private async load(name: SectionName): Promise<{
    value: Record<string, unknown>;
    sealed: Record<string, string>;
  }> {
    const def = section(name);
    const stored = await this.deps.repo.get(def.key);
    // Decrypting and validating a section costs far more than reading its row; the row is still
    // read every time (another node may have changed it), but an unchanged row is not parsed again.
    const cached = this.loaded.get(name);
    if (cached && cached.stored === stored) return cached.result;
    const result = this.parseStored(def, stored);
    this.loaded.set(name, { stored, result });
    return result;
  }

  private parseStored(
    def: AnySection,
    stored: string | undefined,
  ): { value: Record<string, unknown>; sealed: Record<string, string> } {
    if (stored === undefined) return { value: { ...def.defaults }, sealed: {} };
    const raw = JSON.parse(stored) as Record<string, unknown>;
    const sealed: Record<string, string> = {};
    for (const key of def.secretKeys) {
      const value = raw[key];
      if (typeof value === 'string' && value !== '') {
        sealed[key] = value;
        raw[key] = this.deps.secrets.open(value) ?? '';
      }
    }
    // Fields added to a section after it was stored take their defaults.
    const parsed = def.schema.safeParse({ ...def.defaults, ...raw });
    return { value: parsed.success ? parsed.data : { ...def.defaults }, sealed };
  }
}

/** Where JaaS meetings run (its links ignore any other domain). */
const JAAS_DOMAIN = '8x8.vc';

/** Shown while the domain is still unset (a fresh install). */
export const CHOOSE_DOMAIN_MESSAGE =
  'Choose the Jitsi domain calls run on: your own Jitsi server (e.g. meet.example.com) or JaaS (8x8). ' +
  'meet.jit.si works only as a demo: it requires sign-in and limits embedded calls to 5 minutes.';

/** A stored secret sealed under another SECRET_KEY (`secret` is the settings key, for translations). */
export function unreadableSecretProblem(key: string): JitsiSettingsProblem {
  return {
    field: key,
    message:
      `The stored ${key === 'appSecret' ? 'application secret' : 'JaaS private key'} was sealed with ` +
      'a different SECRET_KEY than this server has, so it cannot be used; enter it again.',
    code: 'secretUnreadable',
    values: { secret: key },
  };
}

/** `diagnose()` for the stored settings, where an empty domain means "not chosen yet". */
export function diagnoseStored(settings: JitsiSettings): JitsiSettingsProblem[] {
  if (settings.domain !== '' || settings.useJaas) return diagnose(settings);
  const rest = diagnose(settings).filter((p) => p.field !== 'domain');
  return [{ field: 'domain', message: CHOOSE_DOMAIN_MESSAGE, code: 'chooseDomain' }, ...rest];
}

const SECRET_NAMES = { appSecret: 'application secret', jaasPrivateKey: 'JaaS private key' } as const;

/**
 * A patch that sets a working app secret or JaaS key to one `diagnose()` rejects is refused: the
 * admin keeps the calls that work today and is told why the new value would not. Clearing with
 * null stays possible (that is deliberate, not a typo).
 */
function brokenSecretReplacements(
  before: JitsiSettings,
  after: JitsiSettings,
  patch: Record<string, unknown>,
): ErrorDetail[] {
  const problemsBefore = diagnoseStored(before);
  const problemsAfter = diagnoseStored(after);
  const refused: ErrorDetail[] = [];
  for (const key of Object.keys(SECRET_NAMES) as (keyof typeof SECRET_NAMES)[]) {
    if (typeof patch[key] !== 'string' || before[key] === '') continue;
    if (problemsBefore.some((p) => p.field === key)) continue;
    const broken = problemsAfter.find((p) => p.field === key);
    if (broken === undefined) continue;
    refused.push({
      path: `jitsi.${key}`,
      message: `The new ${SECRET_NAMES[key]} would stop calls from working, so the current one was kept: ${broken.message}`,
      // The web says it in the admin's language: `secretKept` for this field, then the Jitsi problem.
      code: 'secretKept',
      values: { secret: key },
      cause: {
        message: broken.message,
        ...(broken.code === undefined ? {} : { code: broken.code }),
        ...(broken.values === undefined ? {} : { values: broken.values }),
      },
    });
  }
  return refused;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
