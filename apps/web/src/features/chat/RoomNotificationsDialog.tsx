import type { Room, RoomNotifications, RoomNotifyLevel } from '@parley/shared';
import { ROOM_NOTIFY_LEVELS } from '@parley/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { chatApi } from './chat.api';
import { useChatStore } from './chatStore';
import { isMuted, muteEnd, roomNotificationsText, untilLabel, type MuteChoice } from './roomNotifications';
import { useBusyAction } from './useBusyAction';

const MUTES: Exclude<MuteChoice, 'keep'>[] = ['off', 'hour', 'eightHours', 'tomorrow', 'week'];

/** "Notifications for #general": the level (all, mentions, nothing) and a mute, saved together. */
export function RoomNotificationsDialog({
  room,
  current,
  onClose,
}: {
  room: Room;
  current: RoomNotifications;
  onClose: () => void;
}) {
  useTranslation();
  const T = roomNotificationsText();
  const store = useChatStore();
  const { busy, error, run } = useBusyAction();
  const [level, setLevel] = useState<RoomNotifyLevel>(current.level);
  const mutedNow = isMuted(current, Date.now());
  const [mute, setMute] = useState<MuteChoice>(mutedNow ? 'keep' : 'off');
  const choices: MuteChoice[] = mutedNow ? ['keep', ...MUTES] : MUTES;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const now = new Date();
      const muteUntil = mute === 'keep' ? current.muteUntil : muteEnd(mute, now);
      const saved = await chatApi.setRoomNotifications(room.id, { level, muteUntil });
      store.dispatch({ type: 'room/notifications', roomId: room.id, notifications: saved, now: Date.now() });
      onClose();
    });
  };
  const muteLabel = (choice: MuteChoice) =>
    choice === 'keep' ? T.mutes.keep(untilLabel(current.muteUntil!, new Date())) : T.mutes[choice];

  return (
    <Dialog
      title={T.dialogTitle(room.displayName)}
      onClose={onClose}
      initialFocus="input[name=level]:checked"
      actions={
        <>
          <Button type="submit" form="room-notifications-form" disabled={busy}>
            {busy ? T.saving : T.save}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            {T.cancel}
          </Button>
        </>
      }
    >
      {error && <Alert tone="error">{error}</Alert>}
      <form id="room-notifications-form" className="form" onSubmit={onSubmit}>
        <fieldset className="fieldset">
          <legend className="field-label">{T.levelLegend}</legend>
          {ROOM_NOTIFY_LEVELS.map((value) => (
            <label key={value} className="notify-choice">
              <input
                type="radio"
                name="level"
                value={value}
                checked={level === value}
                onChange={() => setLevel(value)}
              />
              <span className="notify-choice-text">
                <span className="notify-choice-label">{T.levels[value]}</span>
                <span className="field-hint">{T.levelHints[value]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="fieldset">
          <legend className="field-label">{T.muteLegend}</legend>
          {choices.map((value) => (
            <label key={value} className="notify-choice">
              <input
                type="radio"
                name="mute"
                value={value}
                checked={mute === value}
                onChange={() => setMute(value)}
              />
              <span className="notify-choice-label">{muteLabel(value)}</span>
            </label>
          ))}
        </fieldset>
      </form>
    </Dialog>
  );
}
