/**
 * Asks again when the connection was reset, at most `attempts` times in all.
 *
 * The catalog is asked over HTTP even in-process; a kept-alive socket the
 * server closes just as it is reused resets (`ECONNRESET`: seen under load by
 * `yarn soak` on ingestion and by `yarn bench` at size L on reads, where it
 * became a 500). Catalog reads are idempotent, so asking again is safe; any
 * other error is the answer.
 */
export async function retryOnReset<T>(
  read: () => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= attempts || code !== 'ECONNRESET') throw error;
    }
  }
}
