import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { JitsiCheckResponse, SettingsResponse } from '@parley/shared';
import { describe, expect, it, vi } from 'vitest';
import {
  apiError,
  secretKeptError,
  mockApi,
  settingsView,
  type RecordedRequest,
  type VideoCallsRoutesOptions,
  videoCallsRoutes,
} from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});

const WORKSPACE = { name: 'Acme Studio', registrationOpen: false };
const CHOOSE =
  'Choose the Jitsi domain calls run on: your own Jitsi server (e.g. meet.example.com) or JaaS (8x8).';

const freshCheck: JitsiCheckResponse = {
  configured: false,
  problems: [{ field: 'domain', message: CHOOSE }],
  warnings: [
    {
      field: 'useAuthToken',
      message: 'Token authentication is off: anyone who knows a room name can join it and become moderator.',
    },
  ],
  sampleToken: null,
  dockerEnv: '',
  prosodyConfig: '',
};

const workingCheck: JitsiCheckResponse = {
  configured: true,
  problems: [],
  warnings: [
    {
      field: 'appSecret',
      message:
        'The application secret is shorter than 32 bytes; use a long random value (e.g. `openssl rand -hex 32`).',
    },
  ],
  sampleToken: {
    header: { alg: 'HS256', typ: 'JWT' },
    payload: { iss: 'parley', aud: 'jitsi', sub: 'meet.example.org', room: 'parleyabc' },
  },
  dockerEnv:
    '# Authenticate with the tokens Parley mints.\nAUTH_TYPE=jwt\nJWT_APP_ID=parley\nJWT_APP_SECRET=<your app secret>',
  prosodyConfig: '',
};

function routes(initial: SettingsResponse, extra: VideoCallsRoutesOptions['extra'] = {}) {
  return videoCallsRoutes(initial, freshCheck, { extra });
}

const fresh: SettingsResponse = {
  settings: settingsView(WORKSPACE),
  problems: { jitsi: [{ field: 'domain', message: CHOOSE }] },
};

const configured: SettingsResponse = {
  settings: settingsView(WORKSPACE, {
    jitsi: {
      domain: 'meet.example.org',
      useAuthToken: true,
      appId: 'parley',
      appSecret: { set: true, readable: true },
    },
  }),
  problems: { jitsi: [] },
};

const body = (request: RecordedRequest) => request.body as Record<string, Record<string, unknown>>;

describe('Administration › Video calls', () => {
  it('says a fresh install needs a domain, next to the field and in the check panel', async () => {
    mockApi(routes(fresh));
    const app = renderApp('/admin/video-calls');
    const domain = await screen.findByLabelText('Domain');
    expect(app.location()).toBe('/admin/video-calls');
    expect(domain.getAttribute('aria-invalid')).toBe('true');
    expect(domain.closest('.field')?.textContent).toContain(CHOOSE);

    const panel = screen.getByRole('region', { name: 'Check configuration' });
    await within(panel).findByText(/Calls can’t start yet: 1 problem/);
    within(panel).getByText('Domain:');
    within(panel).getByText(/anyone who knows a room name can join it and become moderator/);
    within(panel).getByText(/Token authentication is off: calls are joined without a token/);

    // Token and JaaS fields appear only when they apply.
    expect(screen.queryByLabelText('Application ID (iss)')).toBeNull();
    expect(screen.queryByRole('group', { name: 'Application Secret' })).toBeNull();
    expect(screen.queryByLabelText('8x8 API key id')).toBeNull();
    // meet.jit.si is there only as a labelled demo.
    const server = screen.getByLabelText('Jitsi server');
    within(server).getByRole('option', {
      name: 'meet.jit.si (demo: requires sign-in, embedded calls limited to 5 minutes)',
    });
  });

  it('clears the Domain field’s error as soon as it is edited, and shows a refused save until the next edit', async () => {
    mockApi(
      routes(fresh, {
        'PATCH /api/v1/admin/settings': apiError(
          400,
          'validation_failed',
          'Some settings are not valid; nothing was saved',
          [{ path: 'jitsi.domain', message: '"meet..example" is not a valid host name.' }],
        ),
      }),
    );
    renderApp('/admin/video-calls');
    const domain = await screen.findByLabelText('Domain');
    expect(domain.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(domain, { target: { value: 'meet..example' } });
    // The stored settings' problem says nothing about what is typed now.
    expect(domain.getAttribute('aria-invalid')).not.toBe('true');
    expect(domain.closest('.field')?.textContent).not.toContain(CHOOSE);

    fireEvent.click(screen.getByRole('button', { name: 'Save Jitsi settings' }));
    await screen.findByText('"meet..example" is not a valid host name.');
    expect(screen.getByLabelText('Domain').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(screen.getByLabelText('Domain'), { target: { value: 'meet.example' } });
    expect(screen.queryByText('"meet..example" is not a valid host name.')).toBeNull();
    expect(screen.getByLabelText('Domain').getAttribute('aria-invalid')).not.toBe('true');
  });

  it('saves only what changed, sets the secret write-only and checks again', async () => {
    let saved = fresh;
    const api = mockApi(
      routes(fresh, {
        'PATCH /api/v1/admin/settings': () => {
          saved = configured;
          return { status: 200, body: configured };
        },
        'GET /api/v1/admin/settings/jitsi/check': () => ({
          status: 200,
          body: saved === configured ? workingCheck : freshCheck,
        }),
      }),
    );
    renderApp('/admin/video-calls');
    fireEvent.change(await screen.findByLabelText('Domain'), { target: { value: 'meet.example.org' } });
    fireEvent.click(screen.getByRole('switch', { name: 'Use Authentication Token' }));
    fireEvent.change(screen.getByLabelText('Application ID (iss)'), { target: { value: 'parley' } });
    screen.getByLabelText('Token audience');
    screen.getByLabelText('Token expiration');
    const secret = screen.getByRole('group', { name: 'Application Secret' });
    within(secret).getByText('Not set');
    fireEvent.click(within(secret).getByRole('button', { name: 'Set Application Secret' }));
    fireEvent.change(within(secret).getByLabelText('New Application Secret'), {
      target: { value: 'short-secret-20bytes' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save Jitsi settings' }));

    await screen.findByText('Jitsi settings saved.');
    expect(body(api.calls('PATCH /api/v1/admin/settings')[0]!)).toEqual({
      jitsi: {
        domain: 'meet.example.org',
        appId: 'parley',
        useAuthToken: true,
        appSecret: 'short-secret-20bytes',
      },
    });
    // The typed secret is gone; the field now only says it is set.
    const after = screen.getByRole('group', { name: 'Application Secret' });
    within(after).getByText('Set');
    expect(screen.queryByDisplayValue('short-secret-20bytes')).toBeNull();

    const panel = screen.getByRole('region', { name: 'Check configuration' });
    await within(panel).findByText('Calls can start with these settings');
    expect(api.calls('GET /api/v1/admin/settings/jitsi/check')).toHaveLength(2);
    within(panel).getByText(/shorter than 32 bytes/);
    expect(within(panel).getByLabelText('Sample token header').textContent).toBe(
      JSON.stringify({ alg: 'HS256', typ: 'JWT' }, null, 2),
    );
    expect(within(panel).getByLabelText('Sample token payload').textContent).toContain('"iss": "parley"');
    expect(within(panel).getByLabelText('docker-jitsi-meet environment').textContent).toContain(
      'JWT_APP_SECRET=<your app secret>',
    );
    within(panel).getByRole('button', { name: 'Copy environment' });
  });

  it('clears a secret with null, and shows a refused save next to the field', async () => {
    const api = mockApi(
      routes(configured, {
        'PATCH /api/v1/admin/settings': (request) =>
          'appSecret' in (body(request).jitsi ?? {}) && body(request).jitsi?.appSecret === null
            ? { status: 200, body: configured }
            : secretKeptError('Some settings are not valid; nothing was saved', 'tokenSecretEmpty'),
      }),
    );
    renderApp('/admin/video-calls');
    const secret = await screen.findByRole('group', { name: 'Application Secret' });
    fireEvent.click(within(secret).getByRole('button', { name: 'Replace Application Secret' }));
    fireEvent.change(within(secret).getByLabelText('New Application Secret'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save Jitsi settings' }));
    await screen.findByText('Some settings are not valid; nothing was saved');
    // Worded here from the detail's code and its cause's (the catalogue's sentences, not the server's).
    within(screen.getByRole('group', { name: 'Application Secret' })).getByText(
      'The new application secret would stop calls from working, so the current one was kept: ' +
        'Token authentication is on but the application secret is empty; it must equal Prosody app_secret (JWT_APP_SECRET).',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Cancel replacing Application Secret' }));
    fireEvent.click(screen.getByRole('button', { name: 'Clear Application Secret' }));
    screen.getByText('Will be removed when you save.');
    fireEvent.click(screen.getByRole('button', { name: 'Save Jitsi settings' }));
    await screen.findByText('Jitsi settings saved.');
    expect(body(api.calls('PATCH /api/v1/admin/settings')[1]!)).toEqual({ jitsi: { appSecret: null } });
  });

  it('shows the JaaS fields only under Use JaaS, and offers meet.jit.si as a demo', async () => {
    const api = mockApi(routes(fresh, { 'PATCH /api/v1/admin/settings': { status: 200, body: fresh } }));
    renderApp('/admin/video-calls');
    fireEvent.change(await screen.findByLabelText('Jitsi server'), { target: { value: 'demo' } });
    expect(screen.queryByLabelText('Domain')).toBeNull();
    fireEvent.click(screen.getByRole('switch', { name: 'Use JaaS (8x8)' }));
    // JaaS needs tokens, so they come on with it; the HS256 secret is not used there.
    expect(screen.getByRole<HTMLInputElement>('switch', { name: 'Use Authentication Token' }).checked).toBe(
      true,
    );
    screen.getByRole('group', { name: 'The private key you downloaded in BASE64 encoded format' });
    screen.getByLabelText('8x8 API key id');
    expect(screen.queryByRole('group', { name: 'Application Secret' })).toBeNull();
    expect(screen.queryByLabelText('Use SSL')).toBeNull();

    fireEvent.click(screen.getByRole('switch', { name: 'Use JaaS (8x8)' }));
    fireEvent.click(screen.getByRole('switch', { name: 'Use Authentication Token' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save Jitsi settings' }));
    await waitFor(() => expect(api.calls('PATCH /api/v1/admin/settings')).toHaveLength(1));
    expect(body(api.calls('PATCH /api/v1/admin/settings')[0]!)).toEqual({ jitsi: { domain: 'meet.jit.si' } });
  });

  it('asks which Jitsi it talks to, saves the kind on its own and shows the sub Prosody would refuse', async () => {
    const subjectWarning = {
      field: 'tokenSubject',
      message:
        'Prosody will refuse every room join ("Room and token mismatched"): a Debian jitsi-meet install with jitsi-meet-tokens verifies that a token\'s sub is its XMPP domain "meet.example.org" (enable_domain_verification is on by default), and Parley sends sub "meet.jitsi". Clear the Token subject.',
    };
    const debian: SettingsResponse = {
      ...configured,
      settings: { ...configured.settings, jitsi: { ...configured.settings.jitsi, deployment: 'debian' } },
    };
    let saved = configured;
    const api = mockApi(
      routes(configured, {
        'PATCH /api/v1/admin/settings': (request) =>
          body(request).jitsi?.xmppDomain === 'not a domain'
            ? apiError(400, 'validation_failed', 'Some settings are not valid; nothing was saved', [
                { path: 'jitsi.xmppDomain', message: 'The XMPP domain is a host name such as "meet.jitsi".' },
              ])
            : ((saved = debian), { status: 200, body: debian }),
        'GET /api/v1/admin/settings/jitsi/check': () => ({
          status: 200,
          body:
            saved === debian
              ? {
                  ...workingCheck,
                  warnings: [subjectWarning],
                  dockerEnv: '',
                  prosodyConfig:
                    'VirtualHost "meet.example.org"\n    authentication = "token"\n    app_secret = "<your app secret>"',
                }
              : workingCheck,
        }),
      }),
    );
    renderApp('/admin/video-calls');
    const panel = await screen.findByRole('region', { name: 'Check configuration' });
    const kind = await within(panel).findByLabelText<HTMLSelectElement>('Deployment');
    expect(kind.value).toBe('docker');
    expect(
      within(kind)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Debian packages (jitsi-meet + jitsi-meet-tokens)', 'docker-jitsi-meet', 'JaaS (8x8)']);
    expect(within(panel).getByLabelText<HTMLInputElement>('Prosody VirtualHost').placeholder).toBe(
      'meet.jitsi',
    );
    expect(within(panel).getByRole('button', { name: 'Save deployment' }).hasAttribute('disabled')).toBe(
      true,
    );
    // JaaS has no XMPP domain of ours to name.
    fireEvent.change(kind, { target: { value: 'jaas' } });
    expect(within(panel).queryByLabelText('Prosody VirtualHost')).toBeNull();

    fireEvent.change(kind, { target: { value: 'debian' } });
    const xmpp = within(panel).getByLabelText<HTMLInputElement>('Prosody VirtualHost');
    expect(xmpp.placeholder).toBe('meet.example.org');
    fireEvent.change(xmpp, { target: { value: 'not a domain' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Save deployment' }));
    await within(panel).findByText('The XMPP domain is a host name such as "meet.jitsi".');
    expect(within(panel).getByLabelText('Prosody VirtualHost').getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(within(panel).getByLabelText('Prosody VirtualHost'), { target: { value: '' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Save deployment' }));
    await within(panel).findByText('Deployment saved; the check below is for it.');
    // Only the kind was sent: the Jitsi form's own fields are untouched.
    expect(body(api.calls('PATCH /api/v1/admin/settings').at(-1)!)).toEqual({
      jitsi: { deployment: 'debian' },
    });
    await within(panel).findByText(/Prosody will refuse every room join/);
    within(panel).getByText('Token subject:');
    expect(within(panel).getByLabelText<HTMLSelectElement>('Deployment').value).toBe('debian');
    // A Debian install is configured in Prosody, not with a docker .env.
    expect(within(panel).getByLabelText('Prosody configuration').textContent).toContain(
      'app_secret = "<your app secret>"',
    );
    within(panel).getByRole('button', { name: 'Copy Prosody lines' });
    expect(within(panel).queryByLabelText('docker-jitsi-meet environment')).toBeNull();
  });

  it('tests reachability from the server and says what happened', async () => {
    mockApi(
      routes(configured, {
        'GET /api/v1/admin/settings/jitsi/check': { status: 200, body: workingCheck },
        'POST /api/v1/admin/settings/jitsi/reachability': {
          status: 200,
          body: {
            ok: false,
            url: 'https://meet.example.org/external_api.js',
            reason: 'not_found',
            message: 'There is no external_api.js there: is this a Jitsi Meet domain?',
          },
        },
      }),
    );
    renderApp('/admin/video-calls');
    fireEvent.click(await screen.findByRole('button', { name: 'Test reachability' }));
    await screen.findByText('There is no external_api.js there: is this a Jitsi Meet domain?');
    screen.getByText('Not reachable');
    // The address only: no status code or timing of what answered there.
    screen.getByText('https://meet.example.org/external_api.js');
  });

  it('saves the conference call settings, the webhook secrets write-only', async () => {
    const api = mockApi(routes(fresh, { 'PATCH /api/v1/admin/settings': { status: 200, body: fresh } }));
    renderApp('/admin/video-calls');
    const calls = await screen.findByRole('region', { name: 'Conference calls' });
    expect(within(calls).getByLabelText<HTMLInputElement>('Ring timeout (seconds)').value).toBe('30');
    expect(within(calls).getByLabelText<HTMLInputElement>('Ring only in rooms up to (members)').value).toBe(
      '10',
    );
    expect(within(calls).getByLabelText<HTMLInputElement>('Maximum call length (minutes)').value).toBe('240');
    within(calls).getByRole('option', { name: 'The caller, room owners and moderators' });
    expect(within(calls).getAllByText(/docs\/jitsi\.md/).length).toBeGreaterThan(0);

    // Out of range: said at once, nothing sent.
    fireEvent.change(within(calls).getByLabelText('Ring timeout (seconds)'), { target: { value: '2' } });
    fireEvent.click(within(calls).getByRole('button', { name: 'Save call settings' }));
    await within(calls).findByText('Enter a whole number from 5 to 300 seconds.');
    expect(api.calls('PATCH /api/v1/admin/settings')).toHaveLength(0);

    fireEvent.change(within(calls).getByLabelText('Ring timeout (seconds)'), { target: { value: '45' } });
    fireEvent.click(within(calls).getByRole('checkbox', { name: 'Discussions' }));
    fireEvent.change(within(calls).getByLabelText('Moderators'), {
      target: { value: 'caller-and-room-moderators' },
    });
    const eventSync = within(calls).getByRole('group', { name: 'event_sync secret' });
    fireEvent.click(within(eventSync).getByRole('button', { name: 'Set event_sync secret' }));
    fireEvent.click(within(eventSync).getByRole('button', { name: 'Generate' }));
    const generated = within(eventSync).getByLabelText<HTMLInputElement>('New event_sync secret').value;
    expect(generated).toMatch(/^[0-9a-f]{64}$/);
    within(eventSync).getByText(generated);
    fireEvent.click(within(calls).getByRole('button', { name: 'Save call settings' }));

    await within(calls).findByText('Conference call settings saved.');
    expect(body(api.calls('PATCH /api/v1/admin/settings')[0]!)).toEqual({
      calls: {
        enabledIn: { discussion: false },
        ringTimeoutSeconds: 45,
        moderators: 'caller-and-room-moderators',
        eventSyncSecret: generated,
      },
    });
  });

  it('offers a retry when the settings cannot be loaded', async () => {
    let fail = true;
    mockApi(
      routes(fresh, {
        'GET /api/v1/admin/settings': () =>
          fail
            ? apiError(500, 'internal_error', 'The server ran into a problem.')
            : { status: 200, body: fresh },
      }),
    );
    renderApp('/admin/video-calls');
    await screen.findByText('Settings couldn’t be loaded');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByLabelText('Domain');
  });
});
