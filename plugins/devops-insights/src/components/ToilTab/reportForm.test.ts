import { ResponseError } from '@backstage/errors';
import {
  errorResponse,
  validationErrorResponse,
} from '../../__testUtils__/fixtures';
import { reportErrorsOf, validateReport } from './reportForm';

const valid = {
  week: '2026-W06',
  hours: '2.5',
  category: 'Access requests',
  description: '',
};

describe('validateReport', () => {
  it('accepts a complete report', () => {
    expect(validateReport(valid)).toEqual({});
  });

  it.each([
    ['', 'hours'],
    ['0', 'hours'],
    ['-1', 'hours'],
    ['abc', 'hours'],
    ['169', 'hours'],
  ])('rejects %p hours', (hours, field) => {
    expect(validateReport({ ...valid, hours })).toHaveProperty(field);
  });

  it('needs a category', () => {
    expect(validateReport({ ...valid, category: '  ' })).toHaveProperty(
      'category',
    );
  });
});

describe('reportErrorsOf', () => {
  it("puts the server's field errors on their fields", async () => {
    const error = await ResponseError.fromResponse(
      validationErrorResponse('2 validation error(s)', [
        { index: 0, path: 'hours', message: 'Too big' },
        { index: 0, path: 'events.0.week', message: 'no such ISO week' },
        { index: 0, path: 'userRef', message: 'unknown user' },
      ]),
    );
    expect(reportErrorsOf(error)).toEqual({
      summary: '2 validation error(s) (userRef: unknown user)',
      fields: { hours: 'Too big', week: 'no such ISO week' },
    });
  });

  it('names the missing permission on 403', async () => {
    const error = await ResponseError.fromResponse(
      errorResponse(403, 'Not allowed'),
    );
    expect(reportErrorsOf(error).summary).toMatch(
      /devops-insights\.toil\.report.*Not allowed/,
    );
  });

  it('passes other failures through', () => {
    expect(reportErrorsOf(new Error('Network down'))).toEqual({
      summary: 'Network down',
      fields: {},
    });
  });
});
