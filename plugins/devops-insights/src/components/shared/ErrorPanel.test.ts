import { ResponseError } from '@backstage/errors';
import { errorResponse } from '../../__testUtils__/fixtures';
import { errorSummary } from './ErrorPanel';

describe('errorSummary', () => {
  it('names the permission a 403 lacks', async () => {
    const error = await ResponseError.fromResponse(
      errorResponse(403, 'Unauthorized'),
    );
    expect(errorSummary(error)).toContain('devops-insights.metrics.read');
    const entity = await ResponseError.fromResponse(
      errorResponse(
        403,
        'Missing permission devops-insights.entity.read for component:default/checkout',
      ),
    );
    expect(errorSummary(entity)).toBe(
      'You lack the permission devops-insights.entity.read; ask an administrator to grant it.',
    );
  });

  it("never prints a proxy's HTML page, only its status", async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1>nginx</body></html>';
    const error = await ResponseError.fromResponse({
      ok: false,
      status: 502,
      statusText: 'Bad Gateway',
      headers: new Headers({ 'content-type': 'text/html' }),
      text: async () => html,
    } as unknown as Response);
    const summary = errorSummary(error);
    expect(summary).toContain('502 Bad Gateway');
    expect(summary).not.toContain('<');
    expect(summary).not.toContain('nginx');
  });

  it("gives the plugin's own message otherwise", async () => {
    const error = await ResponseError.fromResponse(
      errorResponse(400, 'from must be before to'),
    );
    expect(errorSummary(error)).toBe('from must be before to');
  });
});
