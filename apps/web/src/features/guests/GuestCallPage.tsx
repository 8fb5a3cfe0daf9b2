import type { GuestLinkInfo, GuestMeetingJoin } from '@parley/shared';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { BrandMark } from '../../components/BrandMark';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import { useLoad } from '../../lib/useLoad';
import { guestCallApi, savedPass, savePass, type GuestPass } from './guestCall.api';
import type { DeviceChoices } from './GuestDeviceCheck';
import { GuestJoinForm } from './GuestJoinForm';
import { GuestMeeting } from './GuestMeeting';
import { guestProblem, type GuestProblem } from './guestProblems';
import { useGuestSession } from './useGuestSession';
import './guestCall.css';

/**
 * `/guest/:token`, the page a call guest link opens (issue 19), signed in or not: the workspace and the
 * call's title, the guest's name (and the passcode), a device check, "Waiting to be let in", then the
 * meeting with Leave; a page of its own for each way it can end or be refused.
 */
export function GuestCallPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [pass, setPass] = useState<GuestPass | null>(() => savedPass(token));
  const [refused, setRefused] = useState<{ code: string; message: string } | null>(null);
  const [choices, setChoices] = useState<DeviceChoices>({ camera: true, microphone: true });
  const info = useLoad((signal) => guestCallApi.info(token, signal), [token]);

  const loaded = info.status === 'ready' ? info.data : null;
  useDocumentTitle(
    loaded ? t('guests.call.documentTitle', { title: loaded.title }) : t('guests.call.documentTitleAny'),
  );

  const retry = () => {
    setRefused(null);
    info.retry();
  };

  let body: ReactNode;
  if (refused) {
    body = <ProblemCard code={refused.code} message={refused.message} onRetry={retry} />;
  } else if (pass) {
    body = (
      <GuestSessionView
        token={token}
        pass={pass}
        title={loaded?.title ?? t('guests.call.theCall')}
        choices={choices}
      />
    );
  } else if (info.status === 'loading') {
    body = <LoadingBlock label={t('guests.call.opening')} />;
  } else if (info.status === 'error') {
    const code = isApiError(info.error) ? info.error.code : '';
    body = guestProblem(code) ? (
      <ProblemCard code={code} message={info.message} onRetry={retry} />
    ) : (
      <div className="guest-card">
        <LoadError title={t('guests.call.openFailed')} message={info.message} onRetry={info.retry} />
      </div>
    );
  } else if (info.data.call === 'ended') {
    body = <ProblemCard code="call_ended" message="" onRetry={retry} />;
  } else {
    body = (
      <JoinCard info={info.data}>
        <GuestJoinForm
          token={token}
          info={info.data}
          choices={choices}
          onChoices={setChoices}
          onJoined={(answer, name) => {
            const next = { guestId: answer.guestId, guestSecret: answer.guestSecret, name };
            savePass(token, next);
            setPass(next);
          }}
          onRefused={(code, message) => setRefused({ code, message })}
        />
      </JoinCard>
    );
  }

  const workspace = loaded?.workspace ?? 'Parley';
  return (
    <div className="guest-page">
      <header className="guest-page-header">
        <BrandMark size={28} />
        <span className="guest-page-workspace">{workspace}</span>
      </header>
      <main className="guest-page-main" id="main">
        {body}
      </main>
    </div>
  );
}

function JoinCard({ info, children }: { info: GuestLinkInfo; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="guest-card guest-card-wide">
      <p className="guest-eyebrow">{t('guests.call.invited')}</p>
      <h1 className="guest-title">{info.title}</h1>
      <p className="guest-lead">{info.lobby ? t('guests.call.leadLobby') : t('guests.call.lead')}</p>
      {children}
    </div>
  );
}

function ProblemCard({
  code,
  message,
  onRetry,
  action,
}: {
  code: string;
  message: string;
  onRetry?: () => void;
  action?: ReactNode;
}) {
  const { t } = useTranslation();
  const problem: GuestProblem = guestProblem(code) ?? { title: t('guests.call.refused'), text: message };
  const ended = code === 'ended';
  return (
    <div className="guest-card guest-problem" data-code={code}>
      <span className={`guest-problem-icon${ended ? ' is-calm' : ''}`} aria-hidden="true">
        <Icon name={ended ? 'phoneOff' : 'alert'} />
      </span>
      <h1 className="guest-title">{problem.title}</h1>
      <p className="guest-lead">{problem.text}</p>
      {action}
      {problem.retry && onRetry && (
        <Button variant="secondary" onClick={onRetry}>
          {t('guests.call.checkAgain')}
        </Button>
      )}
    </div>
  );
}

/** After joining: waiting, the meeting, or how it ended. */
function GuestSessionView({
  token,
  pass,
  title,
  choices,
}: {
  token: string;
  pass: GuestPass;
  title: string;
  choices: DeviceChoices;
}) {
  const { t } = useTranslation();
  const state = useGuestSession(token, pass.guestSecret);
  // The meeting is built from the first join answer; later ones (fresh tokens) are for "Join again".
  const [meeting, setMeeting] = useState<GuestMeetingJoin | null>(null);
  const [left, setLeft] = useState(false);
  const session = state.status === 'ready' ? state.session : null;
  if (session?.status === 'admitted' && session.join && !meeting && !left) setMeeting(session.join);

  if (state.status === 'gone') {
    return <ProblemCard code={state.code} message={state.message} />;
  }
  if (!session) return <LoadingBlock label={t('guests.call.checking')} />;
  if (session.status === 'denied' || session.status === 'ended') {
    return <ProblemCard code={session.status} message="" />;
  }
  if (session.status === 'waiting') {
    return (
      <div className="guest-card guest-waiting" aria-busy="true">
        <Spinner size="lg" decorative />
        <h1 className="guest-title">{t('guests.call.waitingTitle')}</h1>
        <p className="guest-lead">
          {pass.name
            ? t('guests.call.waitingNamed', { name: pass.name, title })
            : t('guests.call.waiting', { title })}
        </p>
      </div>
    );
  }
  if (!meeting && !left) return <LoadingBlock label={t('guests.call.openingMeeting')} />;
  if (left || !meeting) {
    return (
      <ProblemCard
        code="left"
        message=""
        action={
          left && session.join ? (
            <Button
              onClick={() => {
                setMeeting(session.join ?? null);
                setLeft(false);
              }}
            >
              {t('guests.call.joinAgain')}
            </Button>
          ) : undefined
        }
      />
    );
  }
  return (
    <section className="guest-call" aria-label={t('guests.call.callLabel', { title })}>
      <header className="guest-call-header">
        <div className="guest-call-title">
          <Icon name="video" />
          <span>{title}</span>
          <span className="guest-call-me muted">{t('guests.call.youAreGuest', { name: pass.name })}</span>
        </div>
        <Button
          variant="secondary"
          size="sm"
          icon={<Icon name="logout" />}
          onClick={() => {
            setMeeting(null);
            setLeft(true);
          }}
        >
          {t('guests.call.leave')}
        </Button>
      </header>
      <div className="guest-call-stage">
        <GuestMeeting
          join={meeting}
          choices={choices}
          onReport={(type) => void guestCallApi.report(token, pass.guestSecret, type).catch(() => undefined)}
          onReportWhileLeaving={(type) => guestCallApi.reportWhileLeaving(token, pass.guestSecret, type)}
          onLeft={() => {
            setMeeting(null);
            setLeft(true);
          }}
        />
      </div>
    </section>
  );
}
