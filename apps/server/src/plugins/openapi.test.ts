import {
  ApiTokenCreateRequestSchema,
  LoginRequestSchema,
  RegisterRequestSchema,
  SetupRequestSchema,
} from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createTestApp, type TestApp } from '../test/test-app.js';

interface Operation {
  summary?: string;
  security?: unknown[];
  responses: Record<
    string,
    { content?: { 'application/json'?: { schema?: { properties?: Record<string, unknown> } } } }
  >;
  requestBody?: { content: Record<string, { schema: { example?: unknown } }> };
}
interface Document {
  openapi: string;
  info: { title: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { in?: string; name?: string }> };
}

describe('the OpenAPI document', () => {
  let app: TestApp;
  let doc: Document;
  beforeAll(async () => {
    app = await createTestApp('sqlite');
    doc = (await app.app.inject({ method: 'GET', url: '/api/docs/json' })).json<Document>();
  });
  afterAll(async () => app.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );

  it('is titled Parley and describes cookie, CSRF header and bearer authentication', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('Parley');
    expect(doc.components.securitySchemes.csrf).toMatchObject({ in: 'header', name: 'x-csrf-token' });
    expect(doc.components.securitySchemes.session).toMatchObject({ in: 'cookie', name: 'parley_session' });
    expect(doc.components.securitySchemes.bearer).toBeDefined();
  });

  it('documents every route of the calls and consultations contracts (issues 9 and 10)', () => {
    const documented = new Set(operations().map(({ path, method }) => `${method} ${path}`));
    const contract = [
      'POST /api/v1/rooms/{id}/calls',
      'GET /api/v1/rooms/{id}/calls',
      'GET /api/v1/calls/{id}',
      ...['join', 'accept', 'decline', 'cancel', 'end', 'events'].map((a) => `POST /api/v1/calls/{id}/${a}`),
      'GET /api/v1/me/calls',
      'GET /api/v1/admin/calls',
      'POST /api/v1/jitsi/events',
      'POST /api/v1/jitsi/jaas-webhook',
      'PATCH /api/v1/admin/users/{id}',
      'GET /api/v1/providers',
      'GET /api/v1/providers/{id}',
      'GET /api/v1/providers/me',
      'PUT /api/v1/providers/me',
      'GET /api/v1/providers/me/availability',
      'PUT /api/v1/providers/me/availability',
      'GET /api/v1/providers/{id}/slots',
      'POST /api/v1/consultations',
      'GET /api/v1/consultations',
      'GET /api/v1/consultations/{id}',
      ...[
        'confirm',
        'cancel',
        'reschedule',
        'propose',
        'accept',
        'decline',
        'join',
        'events',
        'feedback',
      ].map((a) => `POST /api/v1/consultations/{id}/${a}`),
      'DELETE /api/v1/consultations/{id}/messages',
      'GET /api/v1/consultations/{id}/calendar.ics',
      'GET /api/v1/admin/consultations/access-log',
      'GET /api/v1/admin/consultations/feedback',
    ];
    expect(contract.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('documents every route of the notifications contract (issue 21)', () => {
    const documented = new Set(operations().map(({ path, method }) => `${method} ${path}`));
    const contract = [
      'GET /api/v1/push/public-key',
      'POST /api/v1/me/push-subscriptions',
      'DELETE /api/v1/me/push-subscriptions/{id}',
      'GET /api/v1/me/notification-settings',
      'PATCH /api/v1/me/notification-settings',
      'PUT /api/v1/rooms/{id}/notifications',
      'PATCH /api/v1/me',
      'GET /api/v1/instance',
    ];
    expect(contract.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('documents the recovery and device routes of issue 18, with summaries and their limits', () => {
    const op = (path: string, method: string) => doc.paths[path]?.[method];
    const forgot = op('/api/v1/auth/password-forgot', 'post');
    expect(forgot?.summary).toMatch(/reset link by e-mail/);
    expect(forgot?.security).toEqual([]);
    expect(Object.keys(forgot?.responses ?? {})).toEqual(expect.arrayContaining(['202', '400', '429']));
    const list = op('/api/v1/me/sessions', 'get');
    expect(list?.summary).toMatch(/signed-in devices/);
    expect(list?.responses['200']?.content?.['application/json']?.schema?.properties).toHaveProperty(
      'sessions',
    );
    const end = op('/api/v1/me/sessions/{id}', 'delete');
    expect(end?.summary).toMatch(/Sign one of my devices out/);
    expect(Object.keys(end?.responses ?? {})).toEqual(expect.arrayContaining(['204', '401', '404', '429']));
  });

  it('documents the guest client routes of issue 19: personal links public, the rest signed in', () => {
    const op = (path: string, method: string) => doc.paths[path]?.[method];
    for (const path of ['/api/v1/visit/{token}', '/api/v1/visit/{token}/session']) {
      const method = path.endsWith('session') ? 'post' : 'get';
      expect(op(path, method)?.security, path).toEqual([]);
      expect(Object.keys(op(path, method)?.responses ?? {}), path).toEqual(
        expect.arrayContaining(['200', '404', '429']),
      );
    }
    for (const path of ['/api/v1/me/claim', '/api/v1/consultations/{id}/guest-invite']) {
      expect(op(path, 'post')?.security, path).toBeUndefined();
      expect(op(path, 'post')?.summary, path).toBeTruthy();
      expect(op(path, 'post')?.responses['429'], path).toBeDefined();
    }
    expect(op('/api/v1/consultations', 'post')?.summary).toMatch(/guest: \{ name, email \}/);
  });

  it('documents the error shape on every operation', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(20);
    for (const { path, method, op } of ops) {
      const errors = Object.entries(op.responses).filter(([code]) => /^4\d\d$/.test(code));
      expect(errors.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const [code, response] of errors) {
        const schema = response.content?.['application/json']?.schema;
        expect(schema?.properties, `${method} ${path} ${code}`).toHaveProperty('error');
      }
    }
  });

  it('marks exactly the public operations as needing no credentials, health checks included', () => {
    const isPublic = (path: string, method: string) =>
      Array.isArray(doc.paths[path]?.[method]?.security) && doc.paths[path][method].security.length === 0;
    for (const [path, method] of [
      ['/healthz', 'get'],
      ['/readyz', 'get'],
      ['/api/v1/instance', 'get'],
      ['/api/v1/setup', 'post'],
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/auth/register', 'post'],
      ['/api/v1/auth/session', 'get'],
      ['/api/v1/auth/password-reset', 'post'],
      ['/api/v1/auth/password-forgot', 'post'],
    ] as const) {
      expect(isPublic(path, method), `${method} ${path}`).toBe(true);
    }
    for (const [path, method] of [
      ['/api/v1/me', 'get'],
      ['/api/v1/admin/users', 'post'],
      ['/api/v1/me/tokens', 'post'],
      ['/api/v1/me/sessions', 'get'],
      ['/api/v1/me/sessions/{id}', 'delete'],
    ] as const) {
      expect(isPublic(path, method), `${method} ${path}`).toBe(false);
      expect(doc.paths[path]![method]!.responses['401']).toBeDefined();
    }
  });

  it('gives examples that its own schemas accept', () => {
    const cases: [string, z.ZodType][] = [
      ['/api/v1/auth/login', LoginRequestSchema],
      ['/api/v1/setup', SetupRequestSchema],
      ['/api/v1/auth/register', RegisterRequestSchema],
      ['/api/v1/me/tokens', ApiTokenCreateRequestSchema],
    ];
    for (const [path, schema] of cases) {
      const example = doc.paths[path]!.post!.requestBody!.content['application/json']!.schema.example;
      expect(example, path).toBeDefined();
      expect(schema.safeParse(example).success, path).toBe(true);
    }
  });

  it('documents the file routes of issue 20: multipart upload and the file itself, signed in', () => {
    const upload = doc.paths['/api/v1/rooms/{id}/uploads']?.post;
    expect(upload?.summary).toMatch(/Upload a file into a room/);
    expect(Object.keys(upload?.responses ?? {})).toEqual(expect.arrayContaining(['201', '401']));
    const file = doc.paths['/api/v1/files/{id}']?.get;
    expect(file?.summary).toMatch(/Range support/);
    expect(file?.security).toBeUndefined();
  });
});
