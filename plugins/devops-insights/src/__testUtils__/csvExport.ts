import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

/** A minimal RFC 4180 reader, enough for the exports' quoting. */
export function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && csv[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

/** Clicks the export button with this test id and returns the CSV saved. */
export async function exportCsv(buttonTestId: string): Promise<string> {
  let blob: Blob | undefined;
  const create = jest.fn((b: Blob) => {
    blob = b;
    return 'blob:csv';
  });
  Object.assign(URL, { createObjectURL: create, revokeObjectURL: jest.fn() });
  const click = jest
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(() => {});
  await userEvent.click(screen.getByTestId(buttonTestId));
  click.mockRestore();
  expect(blob).toBeDefined();
  // The test environment's Blob may be Node's rather than jsdom's, which
  // jsdom's FileReader refuses; Node's has text().
  const text =
    typeof blob!.text === 'function'
      ? await blob!.text()
      : await new Promise<string>(resolve => {
          const reader = new FileReader();
          reader.onload = () => resolve(reader.result as string);
          reader.readAsText(blob!);
        });
  return text.replace(/^\ufeff/, '');
}
