/** Administration → Video calls (Jitsi settings, call settings, check panel). Being built for issue 9. */
export function VideoCallsSettingsPage() {
  return <div className="card">Video call settings are on their way.</div>;
}
