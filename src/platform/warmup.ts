/**
 * Work a server does after it starts so that it answers at full speed (an index read into memory …): named here
 * while it runs, so /readyz can say what is still warming up. The server answers meanwhile, more slowly.
 */
const running = new Map<string, number>();

export function warmingUp(name: string, work: Promise<unknown>): void {
  running.set(name, (running.get(name) ?? 0) + 1);
  const done = () => {
    const n = (running.get(name) ?? 1) - 1;
    if (n > 0) running.set(name, n);
    else running.delete(name);
  };
  work.then(done, done);
}

/** What is still warming up, by name. */
export function warmingNow(): string[] {
  return [...running.keys()].sort();
}
