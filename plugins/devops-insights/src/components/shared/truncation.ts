/** Says so when the table holds fewer rows than the window has. */
export function truncationNote(
  shown: number,
  total: number,
): string | undefined {
  return shown < total
    ? `Showing the first ${shown} of ${total}; narrow the window to see all.`
    : undefined;
}
