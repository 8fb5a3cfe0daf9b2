import { Button } from '../../components/Button';
import type { MoreState } from '../../lib/useLoad';

/** The end of a log's filter form: Show, and Show everything once a filter is applied. */
export function FilterActions({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <div className="form-actions">
      <Button type="submit">Show</Button>
      {filtered && (
        <Button variant="ghost" onClick={onClear}>
          Show everything
        </Button>
      )}
    </div>
  );
}

/** "Load more" under a log's entries, with why the last try failed. */
export function LoadMore({ more, onMore }: { more: MoreState; onMore: () => void }) {
  return (
    <div className="form-actions">
      <Button variant="secondary" busy={more.busy} onClick={onMore}>
        Load more
      </Button>
      {more.error && <span className="field-error">{more.error}</span>}
    </div>
  );
}
