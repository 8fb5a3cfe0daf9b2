import { saying } from '../chat';
import { MeetingLoadError } from './meetingLoadError';

/** The part of Jitsi's IFrame API (`external_api.js`) Parley uses. */
export interface JitsiMeetApi {
  addListener(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
  executeCommand(command: string, ...args: unknown[]): void;
  dispose(): void;
}

export type JitsiMeetApiConstructor = new (domain: string, options: Record<string, unknown>) => JitsiMeetApi;

declare global {
  interface Window {
    JitsiMeetExternalAPI?: JitsiMeetApiConstructor;
  }
}

/** One load per script URL (a failed one may be tried again). */
const loads = new Map<string, Promise<JitsiMeetApiConstructor>>();

/**
 * Loads the IFrame API from the configured Jitsi server, and only from there: `scriptUrl` comes from
 * the server's join answer (`<scheme>://<domain>/external_api.js`), never from a CDN.
 */
export function loadJitsiApi(scriptUrl: string): Promise<JitsiMeetApiConstructor> {
  const cached = loads.get(scriptUrl);
  if (cached) return cached;
  let url: URL;
  try {
    url = new URL(scriptUrl);
  } catch {
    return Promise.reject(new MeetingLoadError(saying('calls.meeting.badAddress')));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return Promise.reject(new MeetingLoadError(saying('calls.meeting.badAddress')));
  }
  const script = document.createElement('script');
  const load = new Promise<JitsiMeetApiConstructor>((resolve, reject) => {
    script.src = url.href;
    script.async = true;
    script.onload = () => {
      const api = window.JitsiMeetExternalAPI;
      if (typeof api === 'function') resolve(api);
      else reject(new MeetingLoadError(saying('calls.meeting.noApi', { host: url.host })));
    };
    script.onerror = () => reject(new MeetingLoadError(saying('calls.meeting.loadFrom', { host: url.host })));
    document.head.appendChild(script);
  });
  loads.set(scriptUrl, load);
  load.catch(() => {
    loads.delete(scriptUrl);
    script.remove();
  });
  return load;
}
