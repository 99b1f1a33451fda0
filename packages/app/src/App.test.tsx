import { render, screen } from '@testing-library/react';
import app from './App';

describe('App', () => {
  it('starts on the guest sign-in page', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test', baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(app.createRoot());

    // The whole app's first render: seconds on a busy CI machine.
    expect(
      await screen.findByText('Guest', {}, { timeout: 50_000 }),
    ).toBeInTheDocument();
  }, 60_000);
});
