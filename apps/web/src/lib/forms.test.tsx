import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { useSaveForm } from './forms';

afterEach(async () => {
  await act(() => i18n.changeLanguage('en'));
});

describe('useSaveForm', () => {
  it('drops a "saved" note when the language changes, and keeps an error', async () => {
    const form = { current: null };
    const { result } = renderHook(() => useSaveForm(form));
    await act(() => result.current.save(async () => 'Saved.'));
    expect(result.current.status).toEqual({ tone: 'success', text: 'Saved.' });
    await act(() => i18n.changeLanguage('uk'));
    expect(result.current.status).toBeNull();

    await act(() =>
      result.current.save(async () => {
        throw new Error('Не вдалося зберегти');
      }),
    );
    expect(result.current.status?.tone).toBe('error');
    await act(() => i18n.changeLanguage('de'));
    expect(result.current.status?.tone).toBe('error');
  });
});
