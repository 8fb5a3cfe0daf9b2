import type { Call } from '@parley/shared';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { call, joinAnswer, participant } from '../../test/calls';
import { BOB, GRACE } from '../../test/chat';
import { sayText } from '../chat';
import { callsApi } from './calls.api';
import { CallsActions, notRungText } from './callsActions';
import { CallsStore } from './callsStore';

vi.mock('./calls.api', () => ({
  callsApi: {
    report: vi.fn(),
    start: vi.fn(),
    join: vi.fn(),
    get: vi.fn(),
  },
}));

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const ongoing = call({ id: 'c_g', type: 'group', status: 'ongoing', createdBy: GRACE.id });
const meOnly: Call = {
  ...ongoing,
  participants: [participant(GRACE, 'joined'), participant(BOB, 'ringing')],
};
const both: Call = { ...ongoing, participants: [participant(GRACE, 'joined'), participant(BOB, 'joined')] };

let store: CallsStore;
let actions: CallsActions;

beforeEach(() => {
  vi.mocked(callsApi.report).mockReset();
  vi.mocked(callsApi.start).mockReset();
  vi.mocked(callsApi.join).mockReset();
  store = new CallsStore(GRACE.id);
  actions = new CallsActions(store);
});

describe('calls actions', () => {
  it('an HTTP answer does not undo a change the socket told of meanwhile (two people joining at once)', async () => {
    const answer = deferred<Call>();
    vi.mocked(callsApi.report).mockReturnValue(answer.promise);
    actions.received(ongoing);
    const reporting = actions.report('c_g', 'videoConferenceJoined');
    // The server told the sockets about my join, then about Bob's, before my answer arrived.
    actions.received(meOnly);
    actions.received(both);
    answer.resolve(meOnly);
    await reporting;
    expect(store.getState().calls.c_g).toEqual(both);
  });

  it('stores the HTTP answer when no socket event came meanwhile (socket down)', async () => {
    vi.mocked(callsApi.report).mockResolvedValue(both);
    actions.received(meOnly);
    await actions.report('c_g', 'videoConferenceJoined');
    expect(store.getState().calls.c_g).toEqual(both);
  });

  it('opens my direct call when it was answered before the answer to "start" arrived', async () => {
    const calling = call({
      id: 'c_d',
      createdBy: GRACE.id,
      participants: [participant(GRACE, 'accepted'), participant(BOB, 'ringing')],
    });
    const answered: Call = {
      ...calling,
      status: 'ongoing',
      participants: [participant(GRACE, 'accepted'), participant(BOB, 'accepted')],
    };
    const started = deferred<{ call: Call; notRung: [] }>();
    vi.mocked(callsApi.start).mockReturnValue(started.promise);
    vi.mocked(callsApi.join).mockResolvedValue(joinAnswer(answered));
    const navigate = vi.fn();
    actions.navigate = navigate;
    const starting = actions.start(calling.roomId, '');
    actions.received(calling);
    actions.received(answered);
    started.resolve({ call: calling, notRung: [] });
    await starting;
    expect(store.getState().outgoing).toBeNull();
    expect(store.getState().active?.callId).toBe('c_d');
    expect(navigate).toHaveBeenCalledWith(`/rooms/${calling.roomId}`);
  });

  it('says a call ended only about that call: opening another takes the word down, and a live call has none', async () => {
    vi.mocked(callsApi.join).mockReturnValue(new Promise(() => undefined));
    const said: { text: string; callId: string | undefined }[] = [];
    actions.flash = (text, callId) => said.push({ text: sayText(text), callId });
    actions.unflash = (callId) => {
      for (let i = said.length - 1; i >= 0; i--) {
        if (said[i]!.callId !== undefined && (callId === undefined || said[i]!.callId === callId)) {
          said.splice(i, 1);
        }
      }
    };
    actions.received(ongoing);
    actions.open(ongoing);
    actions.received({ ...ongoing, status: 'ended', endedAt: '2026-03-02T10:12:00.000Z' });
    expect(said).toEqual([{ text: 'The call has ended.', callId: 'c_g' }]);
    // The next call in the room: into it, and the ended one is no longer news.
    const next = call({ id: 'c_2', type: 'group', status: 'ongoing', createdBy: BOB.id });
    actions.received(next);
    actions.open(next);
    expect(said).toEqual([]);
  });

  it('tells the caller whom a new call did not ring, and why', async () => {
    const started = call({
      id: 'c_q',
      type: 'group',
      status: 'ongoing',
      createdBy: GRACE.id,
      participants: [participant(GRACE, 'accepted'), participant(BOB, 'invited')],
    });
    vi.mocked(callsApi.start).mockResolvedValue({
      call: started,
      notRung: [{ userId: BOB.id, reason: 'declined' }],
    });
    vi.mocked(callsApi.join).mockReturnValue(new Promise(() => undefined));
    const said: string[] = [];
    actions.flash = (text) => said.push(sayText(text));
    await actions.start(started.roomId, '');
    expect(said).toEqual([
      `${BOB.displayName} declined your last call, so this one does not ring them for a while. They can still join from the room.`,
    ]);
    expect(notRungText(started, [{ userId: BOB.id, reason: 'recently_rung' }])).toBe(
      `${BOB.displayName} was not rung again: you have rung them several times in the last few minutes. They can still join from the room.`,
    );
  });
});
