import type {
  JitsiCheckResponse,
  JitsiReachabilityResponse,
  JitsiSettingsView,
  SettingsResponse,
} from '@parley/shared';
import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { adminApi } from './admin.api';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { useLoad } from '../../lib/useLoad';
import { JitsiDeploymentForm } from './JitsiDeploymentForm';
import { jitsiProblemText } from './jitsiProblemText';
import { fieldLabel } from './videoCallsForm';

/** Where a Debian install keeps Prosody's settings for a domain (a path, not words). */
const PROSODY_PATH = '/etc/prosody/conf.avail/<domain>.cfg.lua';

type ReachState =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'error'; message: string }
  | { status: 'done'; result: JitsiReachabilityResponse };

export interface JitsiCheckPanelProps {
  /** The saved settings; a new value (after a save) runs the check again. */
  saved: JitsiSettingsView;
  /** After the deployment kind was saved here. */
  onSaved: (response: SettingsResponse) => void;
}

/**
 * "Check configuration": what the saved Jitsi settings produce, from the server (problems, the
 * library's warnings, a sample token's claims, the docker-jitsi-meet environment), and whether the
 * server reaches the Jitsi domain.
 */
export function JitsiCheckPanel({ saved, onSaved }: JitsiCheckPanelProps) {
  const { t } = useTranslation();
  const [reach, setReach] = useState<ReachState>({ status: 'idle' });
  // Saving the call settings hands down an equal copy; only a real change re-runs the check.
  const savedKey = JSON.stringify(saved);

  const check = useLoad((signal) => adminApi.jitsiCheck(signal), [savedKey]);

  // A reachability answer is about the settings it was run with.
  useEffect(() => setReach({ status: 'idle' }), [savedKey]);

  const testReachability = async () => {
    setReach({ status: 'busy' });
    try {
      setReach({ status: 'done', result: await adminApi.jitsiReachability() });
    } catch (error) {
      setReach({ status: 'error', message: errorMessage(error) });
    }
  };

  return (
    <section className="card" aria-labelledby="admin-jitsi-check">
      <div className="card-heading">
        <h2 className="card-title" id="admin-jitsi-check">
          {t('settings.check.title')}
        </h2>
        <Button variant="secondary" size="sm" busy={check.status === 'loading'} onClick={check.retry}>
          {t('settings.check.again')}
        </Button>
      </div>
      <p className="card-description">{t('settings.check.description')}</p>
      <JitsiDeploymentForm saved={saved} onSaved={onSaved} />
      {check.status === 'loading' && <LoadingBlock label={t('settings.check.checking')} />}
      {check.status === 'error' && (
        <LoadError title={t('settings.check.failed')} message={check.message} onRetry={check.retry} />
      )}
      {check.status === 'ready' && <CheckResult result={check.data} saved={saved} />}

      <div className="check-block">
        <h3 className="subsection-title">{t('settings.check.reachability.title')}</h3>
        <p className="field-hint">
          <Trans
            i18nKey="settings.check.reachability.hint"
            components={{ code: <code className="inline-code" /> }}
          />
        </p>
        <div className="form-actions">
          <Button variant="secondary" busy={reach.status === 'busy'} onClick={() => void testReachability()}>
            {t('settings.check.reachability.test')}
          </Button>
        </div>
        <div aria-live="polite">
          {reach.status === 'done' && (
            <Alert
              tone={reach.result.ok ? 'success' : 'error'}
              title={t(
                reach.result.ok
                  ? 'settings.check.reachability.reachable'
                  : 'settings.check.reachability.notReachable',
              )}
            >
              <p>{jitsiProblemText(reach.result, t)}</p>
              {!reach.result.ok && reach.result.url !== '' && (
                <p className="check-meta">{reach.result.url}</p>
              )}
            </Alert>
          )}
          {reach.status === 'error' && <Alert tone="error">{reach.message}</Alert>}
        </div>
      </div>
    </section>
  );
}

function CheckResult({ result, saved }: { result: JitsiCheckResponse; saved: JitsiSettingsView }) {
  const { t } = useTranslation();
  const { problems, warnings } = result;
  return (
    <>
      {result.configured ? (
        <Alert tone="success" title={t('settings.check.ok')} />
      ) : (
        <Alert tone="error" title={t('settings.check.problems', { count: problems.length })}>
          <ul className="check-list">
            {problems.map((p, i) => (
              <li key={i}>
                {p.field !== null && (
                  <strong>{t('settings.check.fieldPrefix', { field: fieldLabel(p.field) })}</strong>
                )}
                {jitsiProblemText(p, t)}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {warnings.length > 0 && (
        <Alert tone="warning" title={t('settings.check.warnings', { count: warnings.length })}>
          <ul className="check-list">
            {warnings.map((w, i) => (
              <li key={i}>
                {w.field !== null && (
                  <strong>{t('settings.check.fieldPrefix', { field: fieldLabel(w.field) })}</strong>
                )}
                {jitsiProblemText(w, t)}
              </li>
            ))}
          </ul>
        </Alert>
      )}

      <div className="check-block">
        <h3 className="subsection-title">{t('settings.check.sampleToken.title')}</h3>
        {result.sampleToken ? (
          <>
            <p className="field-hint">{t('settings.check.sampleToken.hint')}</p>
            <h4 className="check-label">{t('settings.check.sampleToken.header')}</h4>
            <pre className="code-block" tabIndex={0} aria-label={t('settings.check.sampleToken.headerLabel')}>
              {JSON.stringify(result.sampleToken.header, null, 2)}
            </pre>
            <h4 className="check-label">{t('settings.check.sampleToken.payload')}</h4>
            <pre
              className="code-block"
              tabIndex={0}
              aria-label={t('settings.check.sampleToken.payloadLabel')}
            >
              {JSON.stringify(result.sampleToken.payload, null, 2)}
            </pre>
          </>
        ) : (
          <p className="muted">
            {!saved.useAuthToken
              ? t('settings.check.sampleToken.tokensOff')
              : t('settings.check.sampleToken.blocked')}
          </p>
        )}
      </div>

      {saved.deployment === 'debian' && !saved.useJaas && saved.useAuthToken ? (
        <div className="check-block">
          <h3 className="subsection-title">{t('settings.check.prosody.title')}</h3>
          {result.prosodyConfig !== '' ? (
            <>
              <p className="field-hint">
                <Trans
                  i18nKey="settings.check.prosody.hint"
                  components={{ path: <code className="inline-code">{PROSODY_PATH}</code> }}
                />
              </p>
              <pre className="code-block" tabIndex={0} aria-label={t('settings.check.prosody.label')}>
                {result.prosodyConfig}
              </pre>
              <div className="form-actions">
                <CopyButton text={result.prosodyConfig} label={t('settings.check.prosody.copy')} />
              </div>
            </>
          ) : (
            <p className="muted">{t('settings.check.afterFix')}</p>
          )}
        </div>
      ) : (
        <div className="check-block">
          <h3 className="subsection-title">{t('settings.check.docker.title')}</h3>
          {result.dockerEnv !== '' ? (
            <>
              <p className="field-hint">
                <Trans
                  i18nKey="settings.check.docker.hint"
                  components={{ code: <code className="inline-code" /> }}
                />
              </p>
              <pre className="code-block" tabIndex={0} aria-label={t('settings.check.docker.label')}>
                {result.dockerEnv}
              </pre>
              <div className="form-actions">
                <CopyButton text={result.dockerEnv} label={t('settings.check.docker.copy')} />
              </div>
            </>
          ) : (
            <p className="muted">
              {saved.useJaas
                ? t('settings.check.docker.jaas')
                : !saved.useAuthToken
                  ? t('settings.check.docker.tokensOff')
                  : t('settings.check.afterFix')}
            </p>
          )}
        </div>
      )}
    </>
  );
}
