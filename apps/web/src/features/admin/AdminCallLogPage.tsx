/** Administration → Call log (filters, CSV export). Being built for issue 9. */
export function AdminCallLogPage() {
  return <div className="card">The call log is on its way.</div>;
}
