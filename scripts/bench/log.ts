/** Progress lines on stderr, so stdout holds only the report. */
export const log = (message: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
