import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MEMBER,
  PASSKEY_FACTOR,
  TOTP_FACTOR,
  afterStepUp,
  apiError,
  instance,
  mfaState,
  mockApi,
  signedInAs,
} from '../../test/api';
import { renderApp } from '../../test/render';

vi.mock('socket.io-client', async () => {
  const { createFakeSocket } = await import('../../test/fakeSocket');
  return { io: vi.fn(() => createFakeSocket()) };
});
vi.mock('qrcode', () => ({ toDataURL: vi.fn(async () => 'data:image/png;base64,QR') }));
const webauthn = vi.hoisted(() => ({ startRegistration: vi.fn(), startAuthentication: vi.fn() }));
vi.mock('@simplewebauthn/browser', () => webauthn);

const CODES = Array.from({ length: 10 }, (_, i) => `abcde-fgh${String(i).padStart(2, '0')}`);
const REGISTRATION = {
  id: 'cred',
  rawId: 'cred',
  type: 'public-key',
  response: {},
  clientExtensionResults: {},
};

const setup = (routes: Parameters<typeof mockApi>[0]) =>
  mockApi({
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs(MEMBER),
    'GET /api/v1/me/sessions': { status: 200, body: { sessions: [] } },
    'GET /api/v1/me/identities': { status: 200, body: { identities: [] } },
    'GET /api/v1/auth/providers': { status: 200, body: { providers: [] } },
    ...routes,
  });

beforeEach(() => {
  vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
  webauthn.startRegistration.mockReset();
  webauthn.startAuthentication.mockReset();
});

describe('Profile → Security: second factor', () => {
  it('sets up an authenticator app: QR code and grouped key, a wrong code, then the recovery codes once', async () => {
    let state = mfaState([]);
    const api = setup({
      'GET /api/v1/me/mfa': () => state,
      'POST /api/v1/me/mfa/totp': {
        status: 200,
        body: {
          secret: 'JBSWY3DPEHPK3PXPJBSW',
          otpauthUri: 'otpauth://totp/Parley:grace?secret=JBSWY3DPEHPK3PXPJBSW',
        },
      },
      'POST /api/v1/me/mfa/totp/confirm': (request) => {
        if ((request.body as { code: string }).code !== '123456') {
          return apiError(400, 'invalid_code', 'That code is not right. Check your app and try again.');
        }
        state = mfaState([TOTP_FACTOR]);
        return { status: 200, body: { recoveryCodes: CODES } };
      },
    });
    renderApp('/profile/security');
    await screen.findByText('No second factor yet');
    fireEvent.click(screen.getByRole('button', { name: 'Set up an authenticator app' }));

    const panel = await screen.findByRole('region', { name: 'Set up an authenticator app' });
    const qr = await within(panel).findByRole('img', { name: 'QR code to scan with your authenticator app' });
    expect(qr.getAttribute('src')).toBe('data:image/png;base64,QR');
    expect(panel.textContent).toContain('JBSW Y3DP EHPK 3PXP JBSW');

    const code = within(panel).getByLabelText('Code from the app');
    fireEvent.change(code, { target: { value: '12' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Turn on' }));
    await within(panel).findByText('Enter the six-digit code your app shows.');
    expect(api.calls('POST /api/v1/me/mfa/totp/confirm')).toHaveLength(0);

    fireEvent.change(code, { target: { value: '654 321' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Turn on' }));
    await within(panel).findByText('That code is not right. Check your app and try again.');
    expect(api.calls('POST /api/v1/me/mfa/totp/confirm')[0]!.body).toEqual({ code: '654321' });

    fireEvent.change(code, { target: { value: '123456' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Turn on' }));
    const codes = await screen.findByRole('region', { name: 'Your recovery codes' });
    expect(
      within(codes)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(CODES);
    within(codes).getByRole('button', { name: 'Copy codes' });
    within(codes).getByRole('button', { name: 'Download .txt' });
    await screen.findByRole('list', { name: 'Your second factors' });

    const done = within(codes).getByRole('button', { name: 'Done' });
    expect(done).toHaveProperty('disabled', true);
    fireEvent.click(within(codes).getByLabelText('I’ve saved my recovery codes somewhere safe'));
    fireEvent.click(done);
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Your recovery codes' })).toBeNull());
    expect(screen.queryByText(CODES[0]!)).toBeNull();
    screen.getByText('10 recovery codes left.');
  });

  it('downloads the codes as a text file', async () => {
    setup({
      'GET /api/v1/me/mfa': mfaState([TOTP_FACTOR]),
      'POST /api/v1/me/mfa/recovery-codes': { status: 200, body: { recoveryCodes: CODES } },
    });
    const created: Blob[] = [];
    const urls = URL as unknown as Record<string, unknown>;
    const [create, revoke] = [urls.createObjectURL, urls.revokeObjectURL];
    urls.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return 'blob:codes';
    };
    urls.revokeObjectURL = () => {};
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderApp('/profile/security');
    fireEvent.click(await screen.findByRole('button', { name: 'New recovery codes' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Make new codes' }));
    const codes = await screen.findByRole('region', { name: 'Your recovery codes' });
    fireEvent.click(within(codes).getByRole('button', { name: 'Download .txt' }));
    expect(click).toHaveBeenCalledOnce();
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsText(created[0]!);
    });
    expect(text).toContain(CODES.join('\n'));
    click.mockRestore();
    urls.createObjectURL = create;
    urls.revokeObjectURL = revoke;
  });

  it('adds a passkey through the browser and lists it', async () => {
    let state = mfaState([TOTP_FACTOR]);
    const api = setup({
      'GET /api/v1/me/mfa': () => state,
      'POST /api/v1/me/mfa/passkeys/options': { status: 200, body: { options: { challenge: 'abc' } } },
      'POST /api/v1/me/mfa/passkeys': () => {
        state = mfaState([TOTP_FACTOR, { ...PASSKEY_FACTOR, name: 'Phone' }]);
        return { status: 201, body: { factor: { ...PASSKEY_FACTOR, name: 'Phone' } } };
      },
    });
    webauthn.startRegistration.mockResolvedValue(REGISTRATION);
    renderApp('/profile/security');
    fireEvent.click(await screen.findByRole('button', { name: 'Add a passkey' }));
    fireEvent.change(screen.getByLabelText('Passkey name'), { target: { value: 'Phone' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create passkey' }));
    const list = await screen.findByRole('list', { name: 'Your second factors' });
    await within(list).findByText('Phone');
    expect(webauthn.startRegistration).toHaveBeenCalledWith({ optionsJSON: { challenge: 'abc' } });
    expect(api.calls('POST /api/v1/me/mfa/passkeys')[0]!.body).toEqual({
      name: 'Phone',
      response: REGISTRATION,
    });
  });

  it('says so when the browser’s passkey prompt is cancelled, and sends nothing', async () => {
    const api = setup({
      'GET /api/v1/me/mfa': mfaState([]),
      'POST /api/v1/me/mfa/passkeys/options': { status: 200, body: { options: { challenge: 'abc' } } },
    });
    webauthn.startRegistration.mockRejectedValue(Object.assign(new Error('no'), { name: 'NotAllowedError' }));
    renderApp('/profile/security');
    fireEvent.click(await screen.findByRole('button', { name: 'Add a passkey' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create passkey' }));
    await screen.findByText('The passkey request was cancelled or timed out.');
    expect(api.calls('POST /api/v1/me/mfa/passkeys')).toHaveLength(0);
  });

  it('removes a factor after confirming, asking for the second factor again first', async () => {
    let state = mfaState([TOTP_FACTOR, PASSKEY_FACTOR]);
    const api = setup({
      'GET /api/v1/me/mfa': () => state,
      'DELETE /api/v1/me/mfa/f_pk': afterStepUp({ status: 204 }),
      'POST /api/v1/me/mfa/verify': (request) => {
        if ((request.body as { code?: string }).code !== '111222') {
          return apiError(400, 'invalid_code', 'That code is not right.');
        }
        state = mfaState([TOTP_FACTOR]);
        return { status: 204 };
      },
    });
    renderApp('/profile/security');
    fireEvent.click(await screen.findByRole('button', { name: 'Remove Work laptop' }));
    const confirm = screen.getByRole('dialog', { name: 'Remove “Work laptop”?' });
    expect(api.calls('DELETE /api/v1/me/mfa/f_pk')).toHaveLength(0);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Remove' }));

    const stepUp = await screen.findByRole('dialog', { name: 'Confirm it is you' });
    const code = within(stepUp).getByLabelText('Code');
    await waitFor(() => expect(document.activeElement).toBe(code));
    fireEvent.change(code, { target: { value: '999999' } });
    fireEvent.click(within(stepUp).getByRole('button', { name: 'Confirm' }));
    await within(stepUp).findByText('That code is not right.');
    fireEvent.change(code, { target: { value: '111222' } });
    fireEvent.click(within(stepUp).getByRole('button', { name: 'Confirm' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(screen.queryByText('Work laptop')).toBeNull());
    expect(api.calls('DELETE /api/v1/me/mfa/f_pk')).toHaveLength(2);
  });

  it('a step-up closed with Escape changes nothing and says why', async () => {
    const api = setup({
      'GET /api/v1/me/mfa': mfaState([TOTP_FACTOR]),
      'POST /api/v1/me/mfa/recovery-codes': afterStepUp({ status: 200, body: { recoveryCodes: CODES } }),
    });
    renderApp('/profile/security');
    fireEvent.click(await screen.findByRole('button', { name: 'New recovery codes' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Make new codes' }));
    const stepUp = await screen.findByRole('dialog', { name: 'Confirm it is you' });
    fireEvent(stepUp, new Event('cancel', { cancelable: true }));
    await screen.findByText('Not done: confirm it is you with your second factor to continue.');
    expect(api.calls('POST /api/v1/me/mfa/recovery-codes')).toHaveLength(1);
    expect(screen.queryByRole('region', { name: 'Your recovery codes' })).toBeNull();
  });

  it('shows a load error with Try again, and the policy’s deadline when one is required', async () => {
    let fail = true;
    setup({
      'GET /api/v1/me/mfa': () =>
        fail
          ? apiError(500, 'internal_error', 'The server ran into a problem.')
          : mfaState([], { required: true, enrollBy: '2025-04-10T12:00:00.000Z' }),
    });
    renderApp('/profile/security');
    await screen.findByText('Your second factors couldn’t be loaded');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('Your organisation requires a second factor');
    screen.getByText(/Set one up before Apr 10, 2025/);
  });

  it('asks for the passkey again before setting up an authenticator app next to it', async () => {
    const api = setup({
      'GET /api/v1/me/mfa': mfaState([PASSKEY_FACTOR]),
      'POST /api/v1/me/mfa/totp': afterStepUp({
        status: 200,
        body: {
          secret: 'JBSWY3DPEHPK3PXP',
          otpauthUri: 'otpauth://totp/Parley:grace?secret=JBSWY3DPEHPK3PXP',
        },
      }),
      'POST /api/v1/me/mfa/verify/options': { status: 200, body: { options: { challenge: 'xyz' } } },
      'POST /api/v1/me/mfa/verify': { status: 204 },
    });
    const assertion = {
      id: 'cred',
      rawId: 'cred',
      type: 'public-key',
      response: {},
      clientExtensionResults: {},
    };
    webauthn.startAuthentication.mockResolvedValue(assertion);
    renderApp('/profile/security');
    fireEvent.click(await screen.findByRole('button', { name: 'Set up an authenticator app' }));
    const stepUp = await screen.findByRole('dialog', { name: 'Confirm it is you' });
    fireEvent.click(await within(stepUp).findByRole('button', { name: 'Use a passkey instead' }));
    await screen.findByText('JBSW Y3DP EHPK 3PXP');
    expect(webauthn.startAuthentication).toHaveBeenCalledWith({ optionsJSON: { challenge: 'xyz' } });
    expect(api.calls('POST /api/v1/me/mfa/verify')[0]!.body).toEqual({ assertion });
    expect(api.calls('POST /api/v1/me/mfa/totp')).toHaveLength(2);
  });
});
