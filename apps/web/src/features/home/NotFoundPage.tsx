import { Link } from 'react-router-dom';
import { NotFound } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';

export function NotFoundPage() {
  return (
    <div className="page">
      <PageHeader title="Page not found" />
      <NotFound
        title="There’s nothing at this address"
        action={
          <Link className="btn btn-secondary" to="/">
            Go to Home
          </Link>
        }
      >
        The link may be mistyped, or the page may have moved.
      </NotFound>
    </div>
  );
}
