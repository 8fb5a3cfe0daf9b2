/** My calls: incoming, outgoing, missed, with call back. Being built for issue 9. */
export function CallsPage() {
  return <div className="page">Your calls are on their way.</div>;
}
