import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { formatDate } from '../../lib/forms';
import './mfaSetup.css';

/** The reminder while a required second factor is due but the grace period still runs. */
export function MfaSetupBanner() {
  const { mfaSetup } = useSession();
  const [dismissed, setDismissed] = useState(false);
  if (!mfaSetup || mfaSetup.blocked || dismissed) return null;
  return (
    <div className="mfa-banner" role="status">
      <Icon name="shield" />
      <p>
        {mfaSetup.enrollBy
          ? `Your organisation requires a second factor — set one up by ${formatDate(mfaSetup.enrollBy)}.`
          : 'Your organisation requires a second factor — set one up soon.'}{' '}
        <Link to="/profile/security">Set it up</Link>
      </p>
      <Button
        size="sm"
        variant="ghost"
        aria-label="Dismiss the second factor reminder"
        onClick={() => setDismissed(true)}
      >
        <Icon name="close" />
      </Button>
    </div>
  );
}
