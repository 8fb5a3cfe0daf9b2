import type { LoginResponse, MfaMethod } from '@parley/shared';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../../auth/session';

/** What the second-factor page is told by the step before it (router state). */
export interface MfaStepState {
  methods: MfaMethod[];
}

/**
 * What to do with a first factor's answer: a session signs in (the app then follows `next`); a
 * `{ mfaRequired, methods }` goes on to `/login/mfa`, keeping `next`.
 */
export function useFinishSignIn(next: string | null): (answer: LoginResponse) => void {
  const { signedIn } = useSession();
  const navigate = useNavigate();
  return (answer) => {
    if (!('mfaRequired' in answer)) {
      signedIn(answer);
      return;
    }
    const query = next ? `?${new URLSearchParams({ next }).toString()}` : '';
    const state: MfaStepState = { methods: answer.methods };
    void navigate(`/login/mfa${query}`, { state });
  };
}
