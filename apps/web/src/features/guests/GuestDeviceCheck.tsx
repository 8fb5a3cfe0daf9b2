import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { useMediaPreview } from '../../lib/useMediaPreview';

export interface DeviceChoices {
  camera: boolean;
  microphone: boolean;
}

/**
 * The device check before a guest asks to join: the camera as others will see it, a microphone level
 * that moves when they speak, and switches for both (the meeting starts as chosen here). The preview
 * stops when it goes off screen, before the meeting takes the devices.
 */
export function GuestDeviceCheck({
  choices,
  onChange,
}: {
  choices: DeviceChoices;
  onChange: (choices: DeviceChoices) => void;
}) {
  const { t } = useTranslation();
  const { camera, microphone } = choices;
  const preview = useMediaPreview({ camera, microphone });
  const { state, level } = preview;
  const percent = Math.round(level * 100);

  return (
    <section className="guest-devices" aria-labelledby="guest-devices-title">
      <h2 className="guest-devices-title" id="guest-devices-title">
        {t('guests.devices.title')}
      </h2>
      <div className="guest-preview">
        <video
          ref={preview.attach}
          className={`guest-preview-video${camera && state.status === 'ready' && state.hasVideo ? '' : ' is-off'}`}
          autoPlay
          playsInline
          muted
          aria-label={t('guests.devices.preview')}
        />
        <div className="guest-preview-state">
          {state.status === 'starting' && (
            <span>
              <Spinner size="sm" decorative /> {t('guests.devices.starting')}
            </span>
          )}
          {state.status === 'ready' && !camera && (
            <span>
              <Icon name="videoOff" /> {t('guests.devices.cameraOff')}
            </span>
          )}
          {state.status === 'ready' && camera && !state.hasVideo && (
            <span>
              <Icon name="videoOff" /> {t('guests.devices.noCamera')}
            </span>
          )}
          {state.status === 'unsupported' && <span>{t('guests.devices.unsupported')}</span>}
        </div>
      </div>
      {state.status === 'error' && (
        <Alert
          tone="warning"
          action={
            <Button size="sm" variant="secondary" onClick={preview.retry}>
              {t('guests.devices.checkAgain')}
            </Button>
          }
        >
          {state.message}
        </Alert>
      )}
      <div className="guest-meter-row">
        <Icon name={microphone ? 'mic' : 'micOff'} />
        <div
          className="guest-meter"
          role="meter"
          aria-label={t('guests.devices.level')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={
            microphone
              ? percent > 10
                ? t('guests.devices.sound')
                : t('guests.devices.quiet')
              : t('guests.devices.microphoneOff')
          }
        >
          <span className="guest-meter-fill" style={{ width: `${percent}%` }} />
        </div>
      </div>
      <div className="guest-switches" role="group" aria-label={t('guests.devices.devices')}>
        <button
          type="button"
          className={`guest-device-toggle${microphone ? '' : ' is-off'}`}
          aria-pressed={microphone}
          onClick={() => onChange({ ...choices, microphone: !microphone })}
        >
          <Icon name={microphone ? 'mic' : 'micOff'} />
          <span>{microphone ? t('guests.devices.microphoneOn') : t('guests.devices.microphoneOff')}</span>
        </button>
        <button
          type="button"
          className={`guest-device-toggle${camera ? '' : ' is-off'}`}
          aria-pressed={camera}
          onClick={() => onChange({ ...choices, camera: !camera })}
        >
          <Icon name={camera ? 'video' : 'videoOff'} />
          <span>{camera ? t('guests.devices.cameraOn') : t('guests.devices.cameraOff')}</span>
        </button>
      </div>
    </section>
  );
}
