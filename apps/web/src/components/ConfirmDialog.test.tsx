import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './ConfirmDialog';

describe('ConfirmDialog', () => {
  it('asks with cancel first and does it on confirm', () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(
      <ConfirmDialog
        title="Leave Design?"
        confirmLabel="Leave"
        tone="danger"
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <p>You can join again later.</p>
      </ConfirmDialog>,
    );
    screen.getByRole('heading', { name: 'Leave Design?' });
    const [cancel, leave] = screen.getAllByRole('button');
    expect(cancel).toHaveProperty('textContent', 'Cancel');
    expect(leave).toHaveProperty('textContent', 'Leave');
    expect(leave!.className).toContain('btn-danger');
    expect(document.activeElement).toBe(cancel);
    fireEvent.click(leave!);
    expect(onConfirm).toHaveBeenCalledOnce();
    fireEvent.click(cancel!);
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it('keeps cancel usable while busy unless told otherwise', () => {
    const props = { title: 'Erase?', confirmLabel: 'Erase', onConfirm: () => {}, onCancel: () => {} };
    const { rerender } = render(
      <ConfirmDialog {...props} cancelLabel="Keep it" busy>
        <p>Gone for good.</p>
      </ConfirmDialog>,
    );
    expect(screen.getByRole('button', { name: 'Keep it' })).toHaveProperty('disabled', false);
    rerender(
      <ConfirmDialog {...props} cancelLabel="Keep it" busy cancelDisabled>
        <p>Gone for good.</p>
      </ConfirmDialog>,
    );
    expect(screen.getByRole('button', { name: 'Keep it' })).toHaveProperty('disabled', true);
  });
});
