import type { GuestRequest } from '@parley/shared';
import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { errorMessage, isApiError } from '../../api/client';
import { t as translate } from '../../i18n';
import { sayText, type Said } from '../chat';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { playChime } from './chime';
import { guestLinksApi } from './guestLinks.api';
import './guestCalls.css';

/** "Ada (guest)": how a guest's name shows wherever members see it. */
export function guestLabel(name: string): string {
  return translate('calls.guestName', { name });
}

/**
 * Guests waiting to be let into the call open here (issue 19): "<name> (guest) wants to join" with
 * Admit and Deny, over the meeting. The waiting ones are asked for when the call opens; `call:guest`
 * brings new ones and takes away those someone decided on (here or elsewhere). A chime sounds once per
 * guest, and each request is announced.
 */
export function GuestLobby({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const [waiting, setWaiting] = useState<GuestRequest[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  // Kept as what to write, not the words: the language can change while they are shown.
  const [problem, setProblem] = useState<Said | null>(null);
  const [said, setSaid] = useState<Said>('');
  const chimed = useRef(new Set<string>());

  const upsert = (guest: GuestRequest) => {
    if (guest.callId !== callId) return;
    if (guest.status !== 'waiting') {
      setWaiting((list) => list.filter((g) => g.id !== guest.id));
      return;
    }
    setWaiting((list) => (list.some((g) => g.id === guest.id) ? list : [...list, guest]));
  };

  useEffect(() => {
    const controller = new AbortController();
    guestLinksApi.waiting(callId, controller.signal).then(
      (guests) => guests.forEach(upsert),
      () => undefined, // Not allowed to see them (or offline): the socket still brings new ones.
    );
    return () => controller.abort();
    // Once per call.
  }, [callId]);

  useSocketEvent('call:guest', upsert);

  // New arrivals: one chime each, and a line for screen readers.
  useEffect(() => {
    const fresh = waiting.filter((g) => !chimed.current.has(g.id));
    if (fresh.length === 0) return;
    for (const g of fresh) chimed.current.add(g.id);
    playChime();
    setSaid({
      write: () =>
        fresh.map((g) => translate('calls.lobby.wantsSentence', { name: guestLabel(g.name) })).join(' '),
    });
  }, [waiting]);

  const decide = async (guest: GuestRequest, admit: boolean) => {
    setBusy(guest.id);
    setProblem(null);
    try {
      await (admit ? guestLinksApi.admit(callId, guest.id) : guestLinksApi.deny(callId, guest.id));
      setWaiting((list) => list.filter((g) => g.id !== guest.id));
      const name = () => guestLabel(guest.name);
      setSaid({
        write: () =>
          admit
            ? translate('calls.lobby.admitted', { name: name() })
            : translate('calls.lobby.denied', { name: name() }),
      });
    } catch (error) {
      // Someone else decided first, or the guest left: nothing to decide any more.
      if (isApiError(error) && (error.status === 404 || error.status === 409)) {
        setWaiting((list) => list.filter((g) => g.id !== guest.id));
      } else {
        const message = errorMessage(error);
        setProblem({ write: () => `${guestLabel(guest.name)}: ${message}` });
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="guest-lobby">
      <span className="sr-only" role="status">
        {sayText(said)}
      </span>
      {waiting.length > 0 && (
        <ul className="guest-lobby-list" aria-label={t('calls.lobby.list')}>
          {waiting.map((guest) => (
            <li key={guest.id} className="guest-lobby-card">
              <span className="guest-lobby-icon" aria-hidden="true">
                <Icon name="user" />
              </span>
              <p className="guest-lobby-text">
                <Trans
                  i18nKey="calls.lobby.wants"
                  values={{ name: guestLabel(guest.name) }}
                  components={{ b: <strong /> }}
                />
              </p>
              <div className="guest-lobby-actions">
                <Button
                  size="sm"
                  busy={busy === guest.id}
                  disabled={busy !== null && busy !== guest.id}
                  onClick={() => void decide(guest, true)}
                >
                  {t('calls.lobby.admit')} <span className="sr-only">{guestLabel(guest.name)}</span>
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={busy !== null}
                  onClick={() => void decide(guest, false)}
                >
                  {t('calls.lobby.deny')} <span className="sr-only">{guestLabel(guest.name)}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p className="guest-lobby-problem" role="alert">
          {sayText(problem)}
        </p>
      )}
    </div>
  );
}
