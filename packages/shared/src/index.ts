export * from './errors.js';
export * from './users.js';
export * from './auth.js';
export * from './profile.js';
export * from './settings.js';
export * from './chat.js';
export * from './calls.js';
export * from './realtime.js';
