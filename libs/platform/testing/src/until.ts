/**
 * Asks again every 100 ms until the answer is something (not undefined, null or false), for
 * what happens in the background (a worker sending a message, a receipt arriving). Times out
 * on the wall clock, generously, so a busy machine slows a test down but never fails it.
 */
export async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 100_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
