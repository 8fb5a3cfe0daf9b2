import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { formatDate } from '../../lib/forms';
import './mfaSetup.css';

/** The reminder while a required second factor is due but the grace period still runs. */
export function MfaSetupBanner() {
  const { t } = useTranslation();
  const { mfaSetup } = useSession();
  const [dismissed, setDismissed] = useState(false);
  if (!mfaSetup || mfaSetup.blocked || dismissed) return null;
  return (
    <div className="mfa-banner" role="status">
      <Icon name="shield" />
      <p>
        {mfaSetup.enrollBy
          ? t('profile.mfa.banner.by', { date: formatDate(mfaSetup.enrollBy) })
          : t('profile.mfa.banner.soon')}{' '}
        <Link to="/profile/security">{t('profile.mfa.banner.setUp')}</Link>
      </p>
      <Button
        size="sm"
        variant="ghost"
        aria-label={t('profile.mfa.banner.dismiss')}
        onClick={() => setDismissed(true)}
      >
        <Icon name="close" />
      </Button>
    </div>
  );
}
