/**
 * A forked helper process (a load generator, a fake platform) spoken to one command at a time:
 * each `ask` sends a command and waits for its one answer, or fails if the process exits first.
 */
import type { ChildProcess } from 'node:child_process';

export class Forked<Answer> {
  constructor(
    private readonly child: ChildProcess,
    /** How errors name the process. */
    private readonly what: string,
  ) {}

  ask<T>(command: Record<string, unknown>): Promise<T & Answer> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${this.what} exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (m: T & Answer & { error?: string }) => {
        this.child.off('exit', onExit);
        if (m.error) reject(new Error(m.error));
        else resolve(m);
      });
      this.child.send(command);
    });
  }

  stop(): void {
    this.child.kill();
  }
}
