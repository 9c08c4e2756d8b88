/**
 * The built `ldmfit` binary, spawned with pipes as another program runs it:
 * for the CLI tests that need a real process (exit statuses, pipes, stdin).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';

/** The package root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The built executable. */
export const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** Newest modification time of the TypeScript sources, in ms. */
function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : entry.name.endsWith('.ts') ? statSync(path).mtimeMs : 0);
  }
  return newest;
}

/** `npm test` builds first; a lone run of a test file builds when dist/ is missing or stale. */
export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(BIN).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newestSource(join(ROOT, 'src'))) return;
  // Type errors elsewhere in the tree must not stop the emit this test needs.
  spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
}

/** What a run of the binary left. */
export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run the binary with its output on pipes, as another program reading it
 * would. Standard input is `/dev/null` unless `stdin` is given, which is
 * then written to a pipe and the pipe closed.
 */
export function runBinary(args: readonly string[], stdin?: string | Uint8Array): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

/** The stderr of a bad-input run: exactly one line, no stack trace. */
export function oneErrorLine(t: Test, run: Run): string {
  t.equal(run.status, 2, 'exit status 2');
  t.equal(run.stdout, '', 'nothing on stdout');
  t.match(run.stderr, /^ldmfit: [^\n]+\n$/, 'one line on stderr');
  t.notMatch(run.stderr, /\bat .*:\d+:\d+/, 'no stack trace');
  return run.stderr;
}
