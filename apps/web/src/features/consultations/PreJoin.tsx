import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { useMediaPreview } from '../../lib/useMediaPreview';

export interface JoinChoices {
  audioMuted: boolean;
  videoMuted: boolean;
}

/**
 * Before joining: the camera as the other side will see it, a microphone level that moves when you
 * speak, switches for both, and the two ways in — with video, or chat only.
 */
export function PreJoin({
  canJoin,
  closedText,
  busy,
  onJoin,
  onChatOnly,
}: {
  /** False outside the join window: the check works, joining waits. */
  canJoin: boolean;
  closedText?: string;
  busy: boolean;
  onJoin: (choices: JoinChoices) => void;
  onChatOnly: () => void;
}) {
  const { t } = useTranslation();
  const [camera, setCamera] = useState(true);
  const [microphone, setMicrophone] = useState(true);
  const preview = useMediaPreview({ camera, microphone });
  const { state, level } = preview;
  const percent = Math.round(level * 100);

  return (
    <section className="prejoin" aria-labelledby="prejoin-title">
      <h2 className="prejoin-title" id="prejoin-title">
        {t('consultations.prejoin.title')}
      </h2>
      <div className="prejoin-preview">
        <video
          ref={preview.attach}
          className={`prejoin-video${camera && state.status === 'ready' && state.hasVideo ? '' : ' is-off'}`}
          autoPlay
          playsInline
          muted
          aria-label={t('consultations.prejoin.preview')}
        />
        <div className="prejoin-preview-state">
          {state.status === 'starting' && (
            <span>
              <Spinner size="sm" decorative /> {t('consultations.prejoin.starting')}
            </span>
          )}
          {state.status === 'ready' && !camera && (
            <span>
              <Icon name="videoOff" /> {t('consultations.prejoin.cameraOff')}
            </span>
          )}
          {state.status === 'ready' && camera && !state.hasVideo && (
            <span>
              <Icon name="videoOff" /> {t('consultations.prejoin.noCamera')}
            </span>
          )}
          {state.status === 'unsupported' && <span>{t('consultations.prejoin.unsupported')}</span>}
        </div>
      </div>
      {state.status === 'error' && (
        <Alert
          tone="warning"
          action={
            <Button size="sm" variant="secondary" onClick={preview.retry}>
              {t('consultations.prejoin.checkAgain')}
            </Button>
          }
        >
          {state.message}
        </Alert>
      )}
      <div className="prejoin-meter-row">
        <Icon name={microphone ? 'mic' : 'micOff'} />
        <div
          className="prejoin-meter"
          role="meter"
          aria-label={t('consultations.prejoin.level')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={
            microphone
              ? percent > 10
                ? t('consultations.prejoin.sound')
                : t('consultations.prejoin.quiet')
              : t('consultations.prejoin.microphoneOff')
          }
        >
          <span className="prejoin-meter-fill" style={{ width: `${percent}%` }} />
        </div>
        <span className="prejoin-meter-hint muted">
          {microphone ? t('consultations.prejoin.sayToTest') : t('consultations.prejoin.muted')}
        </span>
      </div>
      <div className="prejoin-switches" role="group" aria-label={t('consultations.prejoin.devices')}>
        <button
          type="button"
          className={`device-toggle${microphone ? '' : ' is-off'}`}
          aria-pressed={microphone}
          onClick={() => setMicrophone((on) => !on)}
        >
          <Icon name={microphone ? 'mic' : 'micOff'} />
          <span>
            {t(microphone ? 'consultations.prejoin.microphoneOn' : 'consultations.prejoin.microphoneOff')}
          </span>
        </button>
        <button
          type="button"
          className={`device-toggle${camera ? '' : ' is-off'}`}
          aria-pressed={camera}
          onClick={() => setCamera((on) => !on)}
        >
          <Icon name={camera ? 'video' : 'videoOff'} />
          <span>{t(camera ? 'consultations.prejoin.cameraOn' : 'consultations.prejoin.cameraOff')}</span>
        </button>
      </div>
      {!canJoin && closedText && (
        <p className="prejoin-closed">
          <Icon name="clock" />
          <span>{closedText}</span>
        </p>
      )}
      <div className="prejoin-actions">
        <Button
          icon={<Icon name="video" />}
          busy={busy}
          disabled={!canJoin}
          onClick={() => {
            preview.stop();
            onJoin({ audioMuted: !microphone, videoMuted: !camera });
          }}
        >
          {t('consultations.joinWithVideo')}
        </Button>
        <Button
          variant="secondary"
          icon={<Icon name="chat" />}
          disabled={!canJoin || busy}
          onClick={() => {
            preview.stop();
            onChatOnly();
          }}
        >
          {t('consultations.prejoin.chatOnly')}
        </Button>
      </div>
    </section>
  );
}
