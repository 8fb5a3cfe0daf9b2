import type { Consultation } from '@parley/shared';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { t as translate } from '../../i18n';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { NotFound } from '../../components/NotFound';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { orMissing, useLoad } from '../../lib/useLoad';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { consultationsApi } from './consultations.api';
import { ConsultationChat } from './ConsultationChat';
import { CancelDialog, MoveDialog } from './ConsultationDialogs';
import { ConsultationHeader, ProposalNotice, type ConsultationDialogName } from './ConsultationHeader';
import { canceledSentence } from './ConsultationItem';
import { ConsultationStage } from './ConsultationStage';
import { ParticipantsPanel } from './ParticipantsPanel';
import { useConsultationSession, useNow } from './useConsultationSession';
import { isEnded, joinWindow, otherParty, type Words } from './status';
import { whenText } from '../../lib/zonedTime';
import './consultations.css';

/** The consultation page: `/consultations/:consultationId`. */
export function ConsultationPage() {
  const { consultationId = '' } = useParams();
  return <ConsultationLoader key={consultationId} id={consultationId} />;
}

function ConsultationLoader({ id }: { id: string }) {
  const { t } = useTranslation();
  // Not one of mine and missing look the same, as the server says.
  const load = useLoad((signal) => orMissing(consultationsApi.get(id, signal), [404, 403]), [id]);
  const { update, set } = load;

  useSocketEvent('consultation:updated', (consultation) => {
    if (consultation.id !== id) return;
    update((current) => (current ? consultation : current));
  });

  const changed = useCallback((consultation: Consultation) => set(consultation), [set]);

  switch (load.status) {
    case 'loading':
      return (
        <div className="page">
          <LoadingBlock label={t('consultations.page.loading')} />
        </div>
      );
    case 'error':
      return (
        <div className="page">
          <LoadError title={t('consultations.page.loadFailed')} message={load.message} onRetry={load.retry} />
        </div>
      );
    case 'ready':
      if (!load.data) return <ConsultationNotFound />;
      return <ConsultationView consultation={load.data} onChanged={changed} />;
  }
}

function ConsultationNotFound() {
  const { t } = useTranslation();
  useDocumentTitle(t('consultations.page.notFound'));
  return (
    <div className="page">
      <NotFound
        title={t('consultations.page.notFound')}
        pageHeading
        action={
          <Link className="btn btn-secondary btn-sm" to="/consultations">
            <span>{t('consultations.myConsultations')}</span>
          </Link>
        }
      >
        {t('consultations.page.notFoundText')}
      </NotFound>
    </div>
  );
}

const narrow = () =>
  typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 900px)').matches;

/** What happened, said while rendering (it follows the interface's language). */
type Notice = { tone: 'success' | 'warning' | 'error'; text: Words };

function ConsultationView({
  consultation: c,
  onChanged,
}: {
  consultation: Consultation;
  onChanged: (c: Consultation) => void;
}) {
  const { t } = useTranslation();
  const other = otherParty(c);
  useDocumentTitle(t('consultations.header.consultationWith', { name: other.displayName }));
  const session = useConsultationSession(c, onChanged);
  const [chatOpen, setChatOpen] = useState(() => !narrow());
  const [dialog, setDialog] = useState<ConsultationDialogName | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const now = useNow(isEnded(c) ? null : 10_000);
  const ended = isEnded(c);

  const act = async (label: string, action: () => Promise<Consultation>, said: Words) => {
    setBusy(label);
    setNotice(null);
    try {
      onChanged(await action());
      setNotice({ tone: 'success', text: said });
    } catch (error) {
      const failure = errorMessage(error);
      setNotice({ tone: 'error', text: () => failure });
    } finally {
      setBusy(null);
    }
  };
  /** A dialog did it: closed, the page shows the new state and says what happened. */
  const done = (next: Consultation, said: Notice) => {
    setDialog(null);
    onChanged(next);
    setNotice(said);
  };

  const erase = c.role === 'client' && c.roomId ? () => consultationsApi.eraseMessages(c.id) : undefined;
  const showChat = c.roomId !== null && chatOpen;
  const inCall = session.phase.phase === 'call';
  const back = c.role === 'provider' ? '/consultations/dashboard' : '/consultations';

  return (
    <div className={`consultation-view${inCall ? ' is-in-call' : ''}${showChat ? ' has-chat' : ''}`}>
      <ConsultationHeader
        consultation={c}
        otherIn={session.otherIn}
        inCall={inCall}
        now={now}
        back={back}
        onDialog={setDialog}
      />

      {notice && (
        <Alert tone={notice.tone} className="inline-alert">
          {notice.text()}
        </Alert>
      )}
      {c.status === 'scheduled' && c.proposal && (
        <ProposalNotice
          consultation={{ ...c, proposal: c.proposal }}
          busy={busy}
          act={(...args) => void act(...args)}
        />
      )}

      <div className="consultation-body">
        <div className="consultation-stage">
          <ConsultationStage
            consultation={c}
            onChanged={onChanged}
            session={session}
            opens={joinWindow(c, now)}
            chatOpen={chatOpen}
            showChat={showChat}
            setChatOpen={setChatOpen}
            back={back}
          />
        </div>
        {showChat && c.roomId && (
          <ConsultationChat
            roomId={c.roomId}
            other={other}
            readOnly={ended}
            onClose={() => setChatOpen(false)}
            onErase={erase}
          />
        )}
        {!showChat && c.roomId && !inCall && (
          <Button
            className="consultation-chat-open"
            variant="secondary"
            icon={<Icon name="chat" />}
            onClick={() => setChatOpen(true)}
          >
            {t('consultations.chat.label', { name: other.displayName })}
          </Button>
        )}
      </div>

      {c.participants !== undefined && <ParticipantsPanel consultation={c} onChanged={onChanged} />}

      {dialog === 'cancel' && (
        <CancelDialog
          consultation={c}
          onClose={() => setDialog(null)}
          onDone={(next) =>
            done(next, {
              tone: next.status === 'late_canceled' ? 'warning' : 'success',
              text: () => canceledSentence(next, c.status === 'held'),
            })
          }
        />
      )}
      {(dialog === 'reschedule' || dialog === 'propose') && (
        <MoveDialog
          consultation={c}
          mode={dialog}
          onClose={() => setDialog(null)}
          onDone={(next) =>
            done(next, {
              tone: 'success',
              text:
                dialog === 'propose'
                  ? () => translate('consultations.proposalSent', { name: other.displayName })
                  : () => translate('consultations.page.moved', { when: whenText(next.start, next.end) }),
            })
          }
        />
      )}
    </div>
  );
}
