import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TabNav } from './TabNav';

const TABS = [
  { path: '/admin', label: 'Workspace', end: true },
  { path: '/admin/people', label: 'People' },
  { path: '/admin/sign-in', label: 'Sign-in' },
];

/** jsdom lays nothing out: the row is 300 px wide and the last tab sits past its right edge. */
function layOut() {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    const box = (left: number, right: number) => ({ left, right }) as DOMRect;
    if (this.tagName === 'NAV') return box(0, 300);
    return this.textContent === 'Sign-in' ? box(420, 500) : box(0, 100);
  });
}

describe('TabNav', () => {
  afterEach(() => vi.restoreAllMocks());

  it('scrolls the current tab into sight when the row is wider than the window', () => {
    layOut();
    render(
      <MemoryRouter initialEntries={['/admin/sign-in']}>
        <TabNav label="Administration sections" tabs={TABS} />
      </MemoryRouter>,
    );
    const nav = screen.getByRole('navigation', { name: 'Administration sections' });
    expect(screen.getByRole('link', { name: 'Sign-in' }).getAttribute('aria-current')).toBe('page');
    expect(nav.scrollLeft).toBe(200);
  });

  it('leaves the row where it is when the current tab is already in sight', () => {
    layOut();
    render(
      <MemoryRouter initialEntries={['/admin/people']}>
        <TabNav label="Administration sections" tabs={TABS} />
      </MemoryRouter>,
    );
    expect(screen.getByRole('navigation', { name: 'Administration sections' }).scrollLeft).toBe(0);
  });
});
