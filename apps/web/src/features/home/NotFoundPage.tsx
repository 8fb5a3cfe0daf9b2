import { Link } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';

export function NotFoundPage() {
  return (
    <div className="page">
      <PageHeader title="Page not found" />
      <div className="card">
        <EmptyState
          icon="search"
          title="There’s nothing at this address"
          action={
            <Link className="btn btn-secondary" to="/">
              Go to Home
            </Link>
          }
        >
          The link may be mistyped, or the page may have moved.
        </EmptyState>
      </div>
    </div>
  );
}
