import { render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { describe, expect, it } from 'vitest';
import { lazyModule, lazyPage } from './lazyPage';

const Greeting = ({ name }: { name: string }) => <p>Hello {name}</p>;

describe('lazyPage', () => {
  it('shows the fallback until the chunk is in, then the page', async () => {
    let arrive: (module: { Greeting: typeof Greeting }) => void = () => {};
    const Page = lazyPage(() => new Promise<{ Greeting: typeof Greeting }>((r) => (arrive = r)), 'Greeting');
    render(
      <Suspense fallback={<p>Loading…</p>}>
        <Page name="Ada" />
      </Suspense>,
    );
    screen.getByText('Loading…');
    arrive({ Greeting });
    await screen.findByText('Hello Ada');
  });

  it('renders at once, without the fallback, once preloaded', async () => {
    const Page = lazyPage(() => Promise.resolve({ Greeting }), 'Greeting');
    await Page.preload();
    render(
      <Suspense fallback={<p>Loading…</p>}>
        <Page name="Grace" />
      </Suspense>,
    );
    screen.getByText('Hello Grace');
    expect(screen.queryByText('Loading…')).toBeNull();
  });
});

describe('lazyModule', () => {
  it('loads once and then has the module at hand', async () => {
    let imports = 0;
    const module = lazyModule(() => {
      imports += 1;
      return Promise.resolve({ answer: 42 });
    });
    expect(module.current()).toBeUndefined();
    const [a, b] = await Promise.all([module.load(), module.load()]);
    expect(a).toBe(b);
    expect(module.current()?.answer).toBe(42);
    expect(imports).toBe(1);
  });
});
