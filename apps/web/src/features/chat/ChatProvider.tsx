import type { Message, Room } from '@parley/shared';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { t } from '../../i18n';
import { useRealtime } from '../../realtime/realtimeContext';
import { setUnreadInTitle } from '../../lib/documentTitle';
import { useSocketEvent } from '../../realtime/useSocketEvent';
import { chatApi } from './chat.api';
import { ChatActions } from './chatActions';
import { ChatStore, ChatStoreContext } from './chatStore';
import { forgetDrafts } from './composerDrafts';
import { plainPreview } from './markdown';
import { notificationsEnabled, notify } from './notifications';
import { isQuiet } from './roomNotifications';
import { saying } from './said';
import { useThreadSocketEvents } from './useThreadSocketEvents';

/** After this long without input (or with the tab hidden) the person shows as away. */
export const IDLE_MS = 5 * 60_000;

const ChatActionsContext = createContext<ChatActions | null>(null);

export function useChatActions(): ChatActions {
  const actions = useContext(ChatActionsContext);
  if (!actions) throw new Error('useChatActions must be used inside <ChatProvider>');
  return actions;
}

/** The chat of the signed-in person: one store, fed by the API and the socket, for the sidebar and rooms. */
export function ChatProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const [store] = useState(() => new ChatStore(userId));
  const [actions] = useState(() => new ChatActions(store));
  const { socket, state: connection } = useRealtime();
  actions.socket = socket;

  useEffect(() => {
    void actions.reloadRooms();
    void actions.threads.loadList();
  }, [actions]);
  useEffect(() => forgetDrafts, []);

  // Every (re)connect: catch up on what was missed while the socket was down, and ask for presence.
  const connectedOnce = useRef(false);
  useEffect(() => {
    // My own dot (member lists) follows my connection; idle time turns it to away below.
    store.dispatch({
      type: 'presence',
      statuses: { [userId]: connection === 'connected' ? 'online' : 'offline' },
    });
    if (connection !== 'connected') return;
    const first = !connectedOnce.current;
    connectedOnce.current = true;
    void (async () => {
      if (first) {
        // Histories loaded before the socket joined its rooms may miss a message sent in between.
        await actions.catchUpHistories();
      } else {
        await actions.catchUp();
      }
      actions.requestDirectPresence();
    })();
  }, [connection, actions, store, userId]);

  // Once the room list arrives after the socket connected, the DM presence dots need their statuses.
  const roomsStatus = useSyncRooms(store);
  useEffect(() => {
    if (roomsStatus === 'ready') actions.requestDirectPresence();
  }, [roomsStatus, actions, socket]);

  useChatSocketEvents(store, actions, userId);
  useThreadSocketEvents(store, actions, userId);
  useUnreadInTitle(store);
  useTypingExpiry(store);
  useMuteExpiry(store, actions);
  useIdlePresence(actions, connection === 'connected');

  return (
    <ChatStoreContext.Provider value={store}>
      <ChatActionsContext.Provider value={actions}>{children}</ChatActionsContext.Provider>
    </ChatStoreContext.Provider>
  );
}

function useSyncRooms(store: ChatStore) {
  const [status, setStatus] = useState(store.getState().roomsStatus);
  useEffect(() => store.subscribe(() => setStatus(store.getState().roomsStatus)), [store]);
  return status;
}

function useChatSocketEvents(store: ChatStore, actions: ChatActions, myId: string) {
  const navigate = useNavigate();
  const location = useLocation();
  const path = useRef(location.pathname);
  path.current = location.pathname;
  const refetchTimer = useRef<number | null>(null);

  /** Someone added me to a room: the list (with its counts) comes from the server, fetched once for a burst. */
  const refetchRoomsSoon = () => {
    if (refetchTimer.current !== null) return;
    refetchTimer.current = window.setTimeout(() => {
      refetchTimer.current = null;
      void actions.reloadRooms();
    }, 300);
  };
  useEffect(
    () => () => {
      if (refetchTimer.current !== null) window.clearTimeout(refetchTimer.current);
    },
    [],
  );

  /** A DM or a mention while Parley is in the background: a browser notification, if opted in. */
  const notifyIfWanted = (message: Message, room: Room) => {
    const author = message.author;
    if (message.kind !== 'user' || !author || author.id === myId || !notificationsEnabled()) return;
    if (document.visibilityState !== 'hidden') return;
    if (room.type !== 'direct' && !message.mentions.includes(myId)) return;
    // The room's level and mute (issue 21): nothing at `none`, only mentions when quiet.
    const notifications = store.getState().rooms[room.id]?.notifications;
    if (notifications?.level === 'none') return;
    if (notifications && isQuiet(notifications, Date.now()) && !message.mentions.includes(myId)) return;
    const title =
      room.type === 'direct'
        ? author.displayName
        : t('chat.notification.title', { author: author.displayName, room: roomLabel(room) });
    notify(title, plainPreview(message.text), `room-${room.id}`, () => void navigate(`/rooms/${room.id}`));
  };

  useSocketEvent('message:new', (message) => {
    const room = store.getState().rooms[message.roomId];
    store.dispatch({ type: 'message/upsert', message });
    if (room) {
      if (message.seq > room.lastSeq) notifyIfWanted(message, room);
    } else {
      // The first message of a conversation I was just added to (a new DM): learn the room first.
      refetchRoomsSoon();
      if (notificationsEnabled() && document.visibilityState === 'hidden') {
        chatApi
          .room(message.roomId)
          .then((fetched) => notifyIfWanted(message, fetched))
          .catch(() => undefined);
      }
    }
    // A message is the end of its author's typing.
    if (message.author) {
      store.dispatch({
        type: 'typing',
        roomId: message.roomId,
        userId: message.author.id,
        typing: false,
        now: Date.now(),
      });
    }
  });
  useSocketEvent('message:updated', (message) =>
    store.dispatch({ type: 'message/upsert', message, broadcast: true }),
  );
  useSocketEvent('message:deleted', (message) => store.dispatch({ type: 'message/upsert', message }));
  useSocketEvent('room:updated', (room) => {
    const known = room.id in store.getState().rooms;
    store.dispatch({ type: 'room/upsert', room });
    if (!known && room.myRole !== null) refetchRoomsSoon();
  });
  useSocketEvent('room:removed', ({ roomId }) => {
    const room = store.getState().rooms[roomId];
    store.dispatch({ type: 'room/removed', roomId });
    const byChoice = actions.leaving.delete(roomId);
    if (path.current === `/rooms/${roomId}` || path.current.startsWith(`/rooms/${roomId}/thread/`)) {
      if (!byChoice) {
        store.dispatch({
          type: 'flash',
          text: room
            ? saying('chat.removed.room', { room: roomLabel(room) })
            : saying('chat.removed.unknown'),
          path: '/',
        });
      }
      void navigate('/', { replace: true });
    }
  });
  useSocketEvent('member:joined', ({ roomId, user, role }) => {
    store.dispatch({
      type: 'member/joined',
      roomId,
      user,
      role,
      at: new Date().toISOString(),
    });
    actions.requestPresence([user.id]);
  });
  useSocketEvent('member:left', ({ roomId, user }) => {
    store.dispatch({ type: 'member/left', roomId, userId: user.id });
  });
  useSocketEvent('member:updated', ({ roomId, user, role }) => {
    store.dispatch({ type: 'member/updated', roomId, user, role });
  });
  useSocketEvent('typing', ({ roomId, userId, typing }) => {
    store.dispatch({ type: 'typing', roomId, userId, typing, now: Date.now() });
  });
  useSocketEvent('presence', ({ userId, status }) => {
    store.dispatch({ type: 'presence', statuses: { [userId]: status } });
  });
  useSocketEvent('read', ({ roomId, seq }) => store.dispatch({ type: 'read', roomId, seq }));
  // My level or mute of a room changed on another tab: a room that counts everything again needs
  // its counts from the server.
  useSocketEvent('room:notifications', ({ roomId, notifications }) => {
    const now = Date.now();
    const before = store.getState().rooms[roomId];
    store.dispatch({ type: 'room/notifications', roomId, notifications, now });
    if (before && isQuiet(before.notifications, now) && !isQuiet(notifications, now)) refetchRoomsSoon();
  });
  // Every message of a room was erased (a consultation's retention or its client's erasure): what is
  // loaded goes; an open room loads again (a system message may say what happened).
  useSocketEvent('messages:purged', ({ roomId }) => store.dispatch({ type: 'history/reset', roomId }));
}

/** "#general", "Ada, Grace" — a room's name the way the sidebar shows it. */
export function roomLabel(room: { type: string; name: string | null; displayName: string }): string {
  if (room.type === 'direct' || room.type === 'discussion') return room.displayName;
  return room.displayName || `#${room.name ?? ''}`;
}

/** How many conversations have unread messages, in the tab's title. */
function useUnreadInTitle(store: ChatStore) {
  useEffect(() => {
    let rooms = store.getState().rooms;
    const update = () => {
      rooms = store.getState().rooms;
      setUnreadInTitle(Object.values(rooms).filter((r) => r.unread > 0).length);
    };
    update();
    const unsubscribe = store.subscribe(() => {
      if (store.getState().rooms !== rooms) update();
    });
    return () => {
      unsubscribe();
      setUnreadInTitle(0);
    };
  }, [store]);
}

/** A room's mute ends on its own: then its badge counts everything again, so the list is fetched anew. */
function useMuteExpiry(store: ChatStore, actions: ChatActions) {
  useEffect(() => {
    let timer: number | null = null;
    let due = Infinity;
    const schedule = () => {
      const now = Date.now();
      const ends = Object.values(store.getState().rooms)
        .map((r) => (r.notifications.muteUntil ? Date.parse(r.notifications.muteUntil) : Infinity))
        .filter((at) => at > now);
      const next = ends.length > 0 ? Math.min(...ends) : Infinity;
      if (next === due) return;
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
      due = next;
      // Timers longer than about 24 days fire at once; the list is fetched again well before that.
      if (next === Infinity || next - now > 2 ** 31 - 1) return;
      timer = window.setTimeout(() => {
        timer = null;
        due = Infinity;
        void actions.reloadRooms();
      }, next - now);
    };
    let rooms = store.getState().rooms;
    schedule();
    const unsubscribe = store.subscribe(() => {
      if (store.getState().rooms === rooms) return;
      rooms = store.getState().rooms;
      schedule();
    });
    return () => {
      unsubscribe();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [store, actions]);
}

/** Typing indicators end on their own when their sender stops refreshing them: a timer for the next expiry. */
function useTypingExpiry(store: ChatStore) {
  useEffect(() => {
    let timer: number | null = null;
    let due = Infinity;
    const schedule = () => {
      const expiries = Object.values(store.getState().typing).flatMap((people) => Object.values(people));
      const next = expiries.length > 0 ? Math.min(...expiries) : Infinity;
      if (next === due) return;
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
      due = next;
      if (next === Infinity) return;
      timer = window.setTimeout(
        () => {
          timer = null;
          due = Infinity;
          store.dispatch({ type: 'typing/expire', now: Date.now() });
          schedule();
        },
        Math.max(0, next - Date.now()) + 50,
      );
    };
    const unsubscribe = store.subscribe(schedule);
    return () => {
      unsubscribe();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [store]);
}

/** Away after a while without input or with the tab hidden; online again on the next input. */
function useIdlePresence(actions: ChatActions, connected: boolean) {
  useEffect(() => {
    if (!connected) return;
    let away = false;
    let timer = 0;
    const goAway = () => {
      if (away) return;
      away = true;
      actions.setPresence('away');
    };
    const arm = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(goAway, IDLE_MS);
    };
    let lastActivity = 0;
    const activity = () => {
      if (document.visibilityState === 'hidden') return;
      if (away) {
        away = false;
        actions.setPresence('online');
      }
      // Pointer moves come by the hundred; re-arming once a second is plenty.
      if (Date.now() - lastActivity < 1_000) return;
      lastActivity = Date.now();
      arm();
    };
    const visibility = () => {
      if (document.visibilityState === 'visible') activity();
    };
    const events = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'focus'] as const;
    for (const event of events) window.addEventListener(event, activity, { passive: true });
    document.addEventListener('visibilitychange', visibility);
    arm();
    return () => {
      window.clearTimeout(timer);
      for (const event of events) window.removeEventListener(event, activity);
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [actions, connected]);
}
