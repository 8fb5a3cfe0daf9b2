import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { useChat, useChatStore } from './chatStore';

/** A one-off message from the chat (e.g. removed from the room that was open), until dismissed. */
export function ChatFlash() {
  const store = useChatStore();
  const text = useChat((s) => s.flash);
  if (!text) return null;
  return (
    <Alert
      tone="info"
      className="page-alert chat-flash"
      action={
        <Button size="sm" variant="ghost" onClick={() => store.dispatch({ type: 'flash', text: null })}>
          Dismiss
        </Button>
      }
    >
      {text}
    </Alert>
  );
}
