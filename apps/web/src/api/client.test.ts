import { InstanceInfoSchema } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { apiError, jsonResponse, mockApi } from '../test/api';
import { ApiRequestError, apiRequest, fieldErrorsFrom, rememberCsrfToken } from './client';

describe('apiRequest', () => {
  it('sends the CSRF cookie value as x-csrf-token on POST, with same-origin credentials and a JSON body', async () => {
    document.cookie = 'other=1';
    document.cookie = 'parley_csrf=tok%2Fen-123';
    const api = mockApi({ 'POST /api/v1/things': { status: 204 } });

    await apiRequest('/api/v1/things', { method: 'POST', body: { a: 1 } });

    const [request] = api.calls('POST /api/v1/things');
    expect(request?.headers.get('x-csrf-token')).toBe('tok/en-123');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.credentials).toBe('same-origin');
    expect(request?.body).toEqual({ a: 1 });
  });

  it('falls back to the token from the last sign-in when the cookie is missing', async () => {
    rememberCsrfToken('from-session-response');
    const api = mockApi({ 'DELETE /api/v1/me/avatar': { status: 204 } });
    await apiRequest('/api/v1/me/avatar', { method: 'DELETE' });
    expect(api.requests[0]?.headers.get('x-csrf-token')).toBe('from-session-response');
    rememberCsrfToken(null);
  });

  it('does not send the CSRF header on GET', async () => {
    document.cookie = 'parley_csrf=abc';
    const api = mockApi({
      'GET /api/v1/instance': {
        status: 200,
        body: { workspaceName: 'W', needsSetup: false, registrationOpen: true },
      },
    });
    const info = await apiRequest('/api/v1/instance', { schema: InstanceInfoSchema });
    expect(info.workspaceName).toBe('W');
    expect(api.requests[0]?.headers.has('x-csrf-token')).toBe(false);
  });

  it('throws an ApiRequestError carrying status, code, message and details', async () => {
    mockApi({
      'POST /api/v1/auth/register': apiError(400, 'validation_failed', 'Check the highlighted fields.', [
        { path: 'username', message: 'Too short' },
      ]),
    });
    const error = await apiRequest('/api/v1/auth/register', { method: 'POST', body: {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiRequestError);
    const apiErr = error as ApiRequestError;
    expect(apiErr.status).toBe(400);
    expect(apiErr.code).toBe('validation_failed');
    expect(apiErr.message).toBe('Check the highlighted fields.');
    expect(apiErr.details).toEqual([{ path: 'username', message: 'Too short' }]);
  });

  it('turns a non-JSON gateway error and a network failure into readable errors', async () => {
    mockApi({ 'GET /api/v1/me': () => new Response('<html>Bad gateway</html>', { status: 502 }) });
    const gateway = (await apiRequest('/api/v1/me').catch((e: unknown) => e)) as ApiRequestError;
    expect(gateway.status).toBe(502);
    expect(gateway.code).toBe('internal_error');

    mockApi({
      'GET /api/v1/me': () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const offline = (await apiRequest('/api/v1/me').catch((e: unknown) => e)) as ApiRequestError;
    expect(offline.status).toBe(0);
    expect(offline.code).toBe('network_error');
  });

  it('rejects an answer that does not match the schema', async () => {
    mockApi({ 'GET /api/v1/instance': () => jsonResponse(200, { workspaceName: 42 }) });
    const error = (await apiRequest('/api/v1/instance', { schema: InstanceInfoSchema }).catch(
      (e: unknown) => e,
    )) as ApiRequestError;
    expect(error.code).toBe('invalid_response');
  });
});

describe('fieldErrorsFrom', () => {
  it('keys problems by the last path segment and keeps the first message per field', () => {
    expect(
      fieldErrorsFrom([
        { path: 'body.email', message: 'Enter a valid email address' },
        { path: '/password', message: 'Too short' },
        { path: 'workspace.name', message: 'Required' },
        { path: 'password', message: 'Second message' },
      ]),
    ).toEqual({ email: 'Enter a valid email address', password: 'Too short', name: 'Required' });
  });
});
