import type { GuestJoinRequest, GuestJoinResponse, GuestLinkInfo } from '@parley/shared';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { TextField } from '../../components/TextField';
import { useSubmission } from '../../lib/forms';
import { guestCallApi } from './guestCall.api';
import { GuestDeviceCheck, type DeviceChoices } from './GuestDeviceCheck';
import { guestProblem } from './guestProblems';

/**
 * A guest's way in: their name (and the link's passcode), the device check, then "Ask to join" (or
 * "Join the call" when the link lets guests straight in). A wrong passcode is said on its field; the
 * refusals that have a page of their own (expired, used up, no call now…) go to `onRefused`.
 */
export function GuestJoinForm({
  token,
  info,
  choices,
  onChoices,
  onJoined,
  onRefused,
}: {
  token: string;
  info: GuestLinkInfo;
  choices: DeviceChoices;
  onChoices: (choices: DeviceChoices) => void;
  onJoined: (answer: GuestJoinResponse, name: string) => void;
  onRefused: (code: string, message: string) => void;
}) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState('');
  const [passcode, setPasscode] = useState('');
  const [wrongPasscode, setWrongPasscode] = useState(false);
  const { errors, formError, busy, submit } = useSubmission(formRef);

  const onSubmit = () =>
    submit(
      (s) => s.GuestJoinRequestSchema,
      { name, ...(info.needsPasscode ? { passcode } : {}) },
      async (body: GuestJoinRequest) => {
        setWrongPasscode(false);
        const answer = await guestCallApi.join(token, body);
        onJoined(answer, body.name);
      },
      (error, shown) => {
        const code = (error as { code?: unknown }).code;
        if (code === 'guest_passcode_wrong') {
          setWrongPasscode(true);
          return { message: '', fields: { passcode: t('guests.join.passcodeWrong') } };
        }
        if (typeof code === 'string' && guestProblem(code)) {
          onRefused(code, shown.message);
          return null;
        }
        return shown;
      },
    );

  return (
    <form
      ref={formRef}
      className="guest-join"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
    >
      <div className="form guest-join-fields">
        {wrongPasscode && (
          <Alert tone="error" title={t('guests.join.wrongPasscodeTitle')}>
            {t('guests.join.wrongPasscodeText')}
          </Alert>
        )}
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextField
          label={t('guests.join.name')}
          name="name"
          autoComplete="name"
          value={name}
          maxLength={64}
          required
          error={errors.name}
          hint={t('guests.join.nameHint')}
          onChange={(event) => setName(event.target.value)}
        />
        {info.needsPasscode && (
          <TextField
            label={t('guests.join.passcode')}
            name="passcode"
            type="password"
            autoComplete="off"
            value={passcode}
            required
            error={errors.passcode}
            hint={t('guests.join.passcodeHint')}
            onChange={(event) => setPasscode(event.target.value)}
          />
        )}
      </div>
      <GuestDeviceCheck choices={choices} onChange={onChoices} />
      <div className="guest-join-submit">
        <Button type="submit" busy={busy} icon={<Icon name="video" />}>
          {info.lobby ? t('guests.join.ask') : t('guests.join.join')}
        </Button>
      </div>
    </form>
  );
}
