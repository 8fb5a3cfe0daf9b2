import type {
  JitsiCheckResponse,
  JitsiReachabilityResponse,
  JitsiSettingsView,
  SettingsResponse,
} from '@parley/shared';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { adminApi } from './admin.api';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { useLoad } from '../../lib/useLoad';
import { JitsiDeploymentForm } from './JitsiDeploymentForm';
import { fieldLabel } from './videoCallsForm';

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
          Check configuration
        </h2>
        <Button variant="secondary" size="sm" busy={check.status === 'loading'} onClick={check.retry}>
          Check again
        </Button>
      </div>
      <p className="card-description">What the saved settings produce. Save your changes to check them.</p>
      <JitsiDeploymentForm saved={saved} onSaved={onSaved} />
      {check.status === 'loading' && <LoadingBlock label="Checking the Jitsi settings…" />}
      {check.status === 'error' && (
        <LoadError title="The check couldn’t run" message={check.message} onRetry={check.retry} />
      )}
      {check.status === 'ready' && <CheckResult result={check.data} saved={saved} />}

      <div className="check-block">
        <h3 className="subsection-title">Reachability</h3>
        <p className="field-hint">
          Parley’s server fetches the Jitsi domain’s <code className="inline-code">external_api.js</code>, as
          browsers will, with a 3-second limit. It follows no redirect to another host and can be run 10 times
          a minute.
        </p>
        <div className="form-actions">
          <Button variant="secondary" busy={reach.status === 'busy'} onClick={() => void testReachability()}>
            Test reachability
          </Button>
        </div>
        <div aria-live="polite">
          {reach.status === 'done' && (
            <Alert
              tone={reach.result.ok ? 'success' : 'error'}
              title={reach.result.ok ? 'Reachable' : 'Not reachable'}
            >
              <p>{reach.result.message}</p>
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
  const { problems, warnings } = result;
  return (
    <>
      {result.configured ? (
        <Alert tone="success" title="Calls can start with these settings" />
      ) : (
        <Alert
          tone="error"
          title={`Calls can’t start yet: ${problems.length} problem${problems.length === 1 ? '' : 's'}`}
        >
          <ul className="check-list">
            {problems.map((p, i) => (
              <li key={i}>
                {p.field !== null && <strong>{fieldLabel(p.field)}: </strong>}
                {p.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {warnings.length > 0 && (
        <Alert tone="warning" title={`${warnings.length} warning${warnings.length === 1 ? '' : 's'}`}>
          <ul className="check-list">
            {warnings.map((w, i) => (
              <li key={i}>
                {w.field !== null && <strong>{fieldLabel(w.field)}: </strong>}
                {w.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}

      <div className="check-block">
        <h3 className="subsection-title">Sample token</h3>
        {result.sampleToken ? (
          <>
            <p className="field-hint">
              Minted just now with the saved settings for a sample caller (a moderator) in a new room; the
              signature is not shown.
            </p>
            <h4 className="check-label">Header</h4>
            <pre className="code-block" tabIndex={0} aria-label="Sample token header">
              {JSON.stringify(result.sampleToken.header, null, 2)}
            </pre>
            <h4 className="check-label">Payload</h4>
            <pre className="code-block" tabIndex={0} aria-label="Sample token payload">
              {JSON.stringify(result.sampleToken.payload, null, 2)}
            </pre>
          </>
        ) : (
          <p className="muted">
            {!saved.useAuthToken
              ? 'Token authentication is off: calls are joined without a token.'
              : 'No token can be minted until the problems above are fixed.'}
          </p>
        )}
      </div>

      {saved.deployment === 'debian' && !saved.useJaas && saved.useAuthToken ? (
        <div className="check-block">
          <h3 className="subsection-title">Prosody configuration</h3>
          {result.prosodyConfig !== '' ? (
            <>
              <p className="field-hint">
                A Debian install takes these in{' '}
                <code className="inline-code">/etc/prosody/conf.avail/&lt;domain&gt;.cfg.lua</code>{' '}
                (jitsi-meet-tokens writes most of them when installed). Replace the placeholder with the
                application secret; docs/deploy.md walks through it.
              </p>
              <pre className="code-block" tabIndex={0} aria-label="Prosody configuration">
                {result.prosodyConfig}
              </pre>
              <div className="form-actions">
                <CopyButton text={result.prosodyConfig} label="Copy Prosody lines" />
              </div>
            </>
          ) : (
            <p className="muted">Shown once the problems above are fixed.</p>
          )}
        </div>
      ) : (
        <div className="check-block">
          <h3 className="subsection-title">docker-jitsi-meet environment</h3>
          {result.dockerEnv !== '' ? (
            <>
              <p className="field-hint">
                Add these lines to your docker-jitsi-meet <code className="inline-code">.env</code> so Jitsi
                accepts Parley’s tokens and takes the moderator from them. Replace the placeholder with the
                application secret.
              </p>
              <pre className="code-block" tabIndex={0} aria-label="docker-jitsi-meet environment">
                {result.dockerEnv}
              </pre>
              <div className="form-actions">
                <CopyButton text={result.dockerEnv} label="Copy environment" />
              </div>
            </>
          ) : (
            <p className="muted">
              {saved.useJaas
                ? 'JaaS: nothing to deploy. Upload the public half of your key in the JaaS console.'
                : !saved.useAuthToken
                  ? 'Token authentication is off, so Jitsi needs no JWT settings (and anyone can join any room).'
                  : 'Shown once the problems above are fixed.'}
            </p>
          )}
        </div>
      )}
    </>
  );
}
