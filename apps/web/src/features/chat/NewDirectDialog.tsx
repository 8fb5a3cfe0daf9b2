import type { PublicUser } from '@parley/shared';
import { DIRECT_MAX_MEMBERS } from '@parley/shared/constants';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { chatApi } from './chat.api';
import { PeoplePicker } from './PeoplePicker';
import { useBusyAction } from './useBusyAction';
import { useOpenRoom } from './useRoomCreated';

/** Start a DM with one person or a group of up to seven others; an existing DM with the same people opens again. */
export function NewDirectDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const openRoom = useOpenRoom();
  const [people, setPeople] = useState<PublicUser[]>([]);
  const { busy, error, run } = useBusyAction();
  /** Start was pressed with nobody chosen (said while rendering, in the language of the moment). */
  const [nobody, setNobody] = useState(false);

  const start = async () => {
    if (people.length === 0) {
      setNobody(true);
      return;
    }
    await run(async () => {
      const room = await chatApi.createRoom({ type: 'direct', memberIds: people.map((p) => p.id) });
      onClose();
      openRoom(room);
    });
  };

  return (
    <Dialog
      title={t('chat.newDirect.title')}
      onClose={onClose}
      initialFocus="input[type=search]"
      className="dialog-wide"
      actions={
        <DialogActions onCancel={onClose} busy={busy} onClick={() => void start()}>
          {people.length > 1 ? t('chat.newDirect.startGroup') : t('chat.newDirect.start')}
        </DialogActions>
      }
    >
      <p className="muted">{t('chat.newDirect.intro', { count: DIRECT_MAX_MEMBERS - 1 })}</p>
      {error && (
        <Alert tone="error" title={t('chat.newDirect.failed')}>
          {error}
        </Alert>
      )}
      <PeoplePicker
        label={t('chat.newDirect.people')}
        selected={people}
        onChange={(next) => {
          setPeople(next);
          setNobody(false);
        }}
        excludeIds={[me.id]}
        max={DIRECT_MAX_MEMBERS - 1}
        error={nobody ? t('chat.newDirect.chooseOne') : undefined}
      />
    </Dialog>
  );
}
