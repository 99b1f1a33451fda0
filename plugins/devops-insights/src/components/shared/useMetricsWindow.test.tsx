import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  Link,
  MemoryRouter,
  Route,
  Routes,
  useLocation,
} from 'react-router-dom';
import { useMetricsWindow, useWindowQuery } from './useMetricsWindow';

/** A tab: its window, its URL, a window choice, and links without a query. */
function Tab(props: { name: string }) {
  const { window, setRelative, setRange } = useMetricsWindow();
  const query = useWindowQuery();
  const location = useLocation();
  return (
    <div>
      <span data-testid="tab">{props.name}</span>
      <span data-testid="window">
        {window.relative ?? `${window.from} ${window.to}`}
      </span>
      <span data-testid="url">{`${location.pathname}${location.search}`}</span>
      <button onClick={() => setRelative('90d')}>90 days</button>
      <button
        onClick={() =>
          setRange({
            from: '2026-01-01T00:00:00.000Z',
            to: '2026-04-01T00:00:00.000Z',
          })
        }
      >
        Q1
      </button>
      {/* Entity page tabs link by path only, as Backstage's do. */}
      <Link to="/toil">Toil</Link>
      <Link to="/oncall">On-call</Link>
      <Link to={`/team/dora${query}`}>Team</Link>
    </div>
  );
}

function renderAt(entry: string) {
  return render(
    <MemoryRouter initialEntries={[entry]}>
      <Routes>
        {['dora', 'toil', 'oncall', 'team/dora'].map(path => (
          <Route key={path} path={`/${path}`} element={<Tab name={path} />} />
        ))}
      </Routes>
    </MemoryRouter>,
  );
}

const text = (id: string) => screen.getByTestId(id).textContent;

describe('useMetricsWindow', () => {
  it('shows the default window in a fresh tab and leaves the URL alone', () => {
    renderAt('/dora');
    expect(text('window')).toBe('30d');
    expect(text('url')).toBe('/dora');
  });

  it('carries a chosen preset through tab links that have no query', async () => {
    renderAt('/dora');
    await userEvent.click(screen.getByRole('button', { name: '90 days' }));
    expect(text('url')).toBe('/dora?window=90d');
    await userEvent.click(screen.getByRole('link', { name: 'Toil' }));
    expect(text('tab')).toBe('toil');
    expect(text('window')).toBe('90d');
    // ...and shows it in the URL, so a copied link holds it.
    expect(text('url')).toBe('/toil?window=90d');
    await userEvent.click(screen.getByRole('link', { name: 'On-call' }));
    expect(text('window')).toBe('90d');
  });

  it('carries a fixed range, and puts it on drill-down links', async () => {
    renderAt('/dora');
    await userEvent.click(screen.getByRole('button', { name: 'Q1' }));
    const team = screen.getByRole('link', { name: 'Team' });
    expect(team.getAttribute('href')).toBe(
      '/team/dora?from=2026-01-01T00%3A00%3A00.000Z&to=2026-04-01T00%3A00%3A00.000Z',
    );
    await userEvent.click(screen.getByRole('link', { name: 'Toil' }));
    expect(text('window')).toBe(
      '2026-01-01T00:00:00.000Z 2026-04-01T00:00:00.000Z',
    );
  });

  it("lets a URL's own window win over the remembered one", async () => {
    const first = renderAt('/dora');
    await userEvent.click(screen.getByRole('button', { name: '90 days' }));
    first.unmount();
    renderAt('/toil?window=7d');
    expect(text('window')).toBe('7d');
  });
});
