import { describe, expect, it } from 'vitest';
import { AppError, Errors } from '../errors.js';
import { joinE2ee, newMediaKey } from './e2ee.js';

describe('joinE2ee', () => {
  const key = newMediaKey();

  it('hands the key out for an encrypted meeting, nothing for one in clear', () => {
    expect(joinE2ee('offered', key, undefined, Errors.callEnded)).toEqual({ e2ee: { mode: 'offered', key } });
    expect(joinE2ee('required', key, true, Errors.callEnded)).toEqual({ e2ee: { mode: 'required', key } });
    expect(joinE2ee('off', null, false, Errors.callEnded)).toEqual({});
    expect(joinE2ee(null, null, false, Errors.callEnded)).toEqual({});
  });

  it('an encrypted meeting whose key was erased has ended: the join is refused, never let in clear', () => {
    for (const mode of ['offered', 'required'] as const) {
      for (const supported of [true, false, undefined]) {
        expect(() => joinE2ee(mode, null, supported, Errors.callEnded)).toThrow(
          expect.objectContaining({ status: 409, code: 'call_ended' }) as AppError,
        );
      }
    }
  });

  it('required refuses a browser that says it cannot encrypt', () => {
    expect(() => joinE2ee('required', key, false, Errors.callEnded)).toThrow(
      expect.objectContaining({ code: 'e2ee_unsupported' }) as AppError,
    );
  });
});
