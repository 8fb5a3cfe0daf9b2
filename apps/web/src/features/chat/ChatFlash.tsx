import { useTranslation } from 'react-i18next';
import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router-dom';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { useChat, useChatStore } from './chatStore';
import { sayText } from './said';

/**
 * A one-off message from the chat or a call (e.g. removed from the room that was open), on the page it
 * belongs to until dismissed or until the person moves to another page.
 */
export function ChatFlash() {
  const { t } = useTranslation();
  const store = useChatStore();
  const flash = useChat((s) => s.flash);
  const { pathname } = useLocation();
  const previous = useRef(pathname);

  // Moving to another page ends a message said elsewhere (one said for the page now open stays:
  // "You are no longer a member of #design" is said for the page the person is sent to).
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const current = store.getState().flash;
    if (current && current.path !== pathname) store.dispatch({ type: 'flash', text: null });
  }, [pathname, store]);

  if (!flash || (flash.path !== null && flash.path !== pathname)) return null;
  return (
    <Alert
      tone="info"
      className="page-alert chat-flash"
      action={
        <Button size="sm" variant="ghost" onClick={() => store.dispatch({ type: 'flash', text: null })}>
          {t('common.dismiss')}
        </Button>
      }
    >
      {sayText(flash.text)}
    </Alert>
  );
}
