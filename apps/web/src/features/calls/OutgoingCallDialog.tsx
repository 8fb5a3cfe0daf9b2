import type { Call } from '@parley/shared';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { t as translate } from '../../i18n';
import { useMe } from '../../auth/session';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { useCallsActions } from './callsActions';
import { isLive } from './callsState';
import { useCalls } from './callsStore';
import { namesList, othersIn } from './format';

/**
 * "Calling Bob…" for a direct call I started here, with Cancel (also Escape). When Bob answers the
 * meeting opens by itself; when he declines or does not answer, the dialog says so until closed.
 */
export function OutgoingCallDialog() {
  const call = useCalls((s) => (s.outgoing ? s.calls[s.outgoing] : undefined));
  if (!call) return null;
  return <Calling key={call.id} call={call} />;
}

function outcome(call: Call, name: string): string {
  switch (call.status) {
    case 'declined':
      return translate('calls.outgoing.declined', { name });
    case 'missed':
      return translate('calls.outgoing.missed', { name });
    case 'canceled':
      return translate('calls.outgoing.canceled');
    case 'ringing':
    case 'ongoing':
    case 'ended':
      return translate('calls.flash.ended');
  }
}

function Calling({ call }: { call: Call }) {
  const { t } = useTranslation();
  const me = useMe();
  const actions = useCallsActions();
  const [canceling, setCanceling] = useState(false);
  const others = othersIn(call, me.id);
  const name = namesList(others.map((p) => p.user.displayName)) || call.roomDisplayName;
  const ringing = isLive(call);
  const cancel = async () => {
    setCanceling(true);
    await actions.cancel(call.id);
    setCanceling(false);
  };
  return (
    <Dialog
      title={ringing ? t('calls.outgoing.calling', { name }) : t('calls.outgoing.notAnswered')}
      className="incoming-call-dialog"
      onClose={() => (ringing ? void cancel() : actions.dismissOutgoing())}
      actions={
        ringing ? (
          <Button
            variant="danger"
            icon={<Icon name="phoneOff" />}
            busy={canceling}
            onClick={() => void cancel()}
          >
            {t('calls.outgoing.cancel')}
          </Button>
        ) : (
          <Button variant="secondary" onClick={() => actions.dismissOutgoing()}>
            {t('calls.close')}
          </Button>
        )
      }
    >
      <div className="incoming-call">
        <span className={`incoming-call-avatar${ringing ? '' : ' is-still'}`}>
          {others[0] && <Avatar user={others[0].user} size="xl" decorative />}
        </span>
        <p className="incoming-call-name" role="status">
          {ringing ? (
            <Trans i18nKey="calls.outgoing.ringing" values={{ name }} components={{ b: <strong /> }} />
          ) : (
            outcome(call, name)
          )}
        </p>
        {call.title && <p className="incoming-call-room">{call.title}</p>}
      </div>
    </Dialog>
  );
}
