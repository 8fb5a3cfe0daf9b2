import { describe, expect, it } from 'vitest';
import { call, joinAnswer, participant } from '../../test/calls';
import { BOB, GRACE } from '../../test/chat';
import {
  callsReducer,
  initialCallsState,
  shownIncoming,
  type CallsAction,
  type CallsState,
} from './callsState';

const ME = GRACE.id;

function run(...actions: CallsAction[]): CallsState {
  return actions.reduce(callsReducer, initialCallsState(ME));
}

const ringing = call();
const answeredElsewhere = call({
  status: 'ongoing',
  startedAt: '2026-03-02T10:00:10.000Z',
  participants: [participant(BOB, 'accepted'), participant(GRACE, 'accepted')],
});

describe('calls state', () => {
  it('rings for a call that rings me, once, with its caller', () => {
    const state = run(
      { type: 'call/ringing', call: ringing, caller: BOB },
      { type: 'call/ringing', call: ringing, caller: BOB },
    );
    expect(state.incoming).toEqual([{ callId: 'c_1', caller: BOB, hidden: false }]);
    expect(shownIncoming(state)?.callId).toBe('c_1');
    expect(state.calls.c_1).toEqual(ringing);
  });

  it('stops ringing when my state leaves "ringing" (answered on another device)', () => {
    const state = run(
      { type: 'call/ringing', call: ringing, caller: BOB },
      { type: 'call/upsert', call: answeredElsewhere },
    );
    expect(state.incoming).toEqual([]);
    expect(state.calls.c_1?.status).toBe('ongoing');
  });

  it('stops ringing when a group call moves me on (declined elsewhere, missed) while it goes on', () => {
    const group = call({
      type: 'group',
      status: 'ongoing',
      participants: [participant(BOB, 'joined'), participant(GRACE, 'ringing')],
    });
    const missed = { ...group, participants: [participant(BOB, 'joined'), participant(GRACE, 'missed')] };
    const state = run(
      { type: 'call/ringing', call: group, caller: BOB },
      { type: 'call/upsert', call: missed },
    );
    expect(state.incoming).toEqual([]);
  });

  it('stops ringing on call:ended (canceled by the caller)', () => {
    const canceled = call({
      status: 'canceled',
      endedAt: '2026-03-02T10:00:20.000Z',
      participants: [participant(BOB, 'accepted'), participant(GRACE, 'missed')],
    });
    const state = run(
      { type: 'call/ringing', call: ringing, caller: BOB },
      { type: 'call/upsert', call: canceled },
    );
    expect(state.incoming).toEqual([]);
  });

  it('does not ring for a call that no longer rings me or that is already open here', () => {
    expect(run({ type: 'call/ringing', call: answeredElsewhere, caller: BOB }).incoming).toEqual([]);
    const open = run(
      { type: 'active/open', callId: 'c_1', roomId: ringing.roomId },
      { type: 'call/ringing', call: ringing, caller: BOB },
    );
    expect(open.incoming).toEqual([]);
  });

  it('keeps an ended call ended when an older "live" answer arrives late', () => {
    const ended = call({ status: 'ended', endedAt: '2026-03-02T10:30:00.000Z' });
    const state = run({ type: 'call/upsert', call: ended }, { type: 'call/upsert', call: answeredElsewhere });
    expect(state.calls.c_1?.status).toBe('ended');
  });

  it('hides a ringing call without forgetting it, and shows the next one', () => {
    const other = call({ id: 'c_2' });
    const state = run(
      { type: 'call/ringing', call: ringing, caller: BOB },
      { type: 'call/ringing', call: other, caller: BOB },
      { type: 'incoming/hide', callId: 'c_1' },
    );
    expect(state.incoming.map((i) => [i.callId, i.hidden])).toEqual([
      ['c_1', true],
      ['c_2', false],
    ]);
    expect(shownIncoming(state)?.callId).toBe('c_2');
  });

  it('opens a call: joining, then ready with the join answer; the ringing and "Calling…" for it stop', () => {
    const joining = run(
      { type: 'call/ringing', call: ringing, caller: BOB },
      { type: 'outgoing', callId: 'c_1' },
      { type: 'active/open', callId: 'c_1', roomId: ringing.roomId },
    );
    expect(joining.incoming).toEqual([]);
    expect(joining.outgoing).toBeNull();
    expect(joining.active).toMatchObject({ callId: 'c_1', phase: 'joining', view: 'call' });
    const ready = callsReducer(joining, {
      type: 'active/joined',
      callId: 'c_1',
      join: joinAnswer(answeredElsewhere),
    });
    expect(ready.active?.phase).toBe('ready');
    // An answer for a call no longer open changes nothing.
    expect(callsReducer(ready, { type: 'active/failed', callId: 'c_other', error: 'x' })).toBe(ready);
    expect(callsReducer(ready, { type: 'active/close' }).active).toBeNull();
  });

  it('forgets a failed lookup once the call arrives', () => {
    const state = run(
      { type: 'lookup', callId: 'c_1', status: 'error' },
      { type: 'call/upsert', call: ringing },
    );
    expect(state.lookups).toEqual({});
  });
});
