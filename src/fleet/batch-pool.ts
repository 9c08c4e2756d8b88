/**
 * The worker-thread pool behind `ldmfit batch`, and the batch loop that
 * streams lines through it.
 *
 * Why node's own `worker_threads` and not a pool library: the loop needs
 * exactly three things — hand a line to an idle worker, keep a bounded
 * number in flight (so memory stays flat however long the input), and stop
 * every worker at once on an interrupt — and that is a page of code, one
 * dependency fewer, with the worker entry resolved the same way as
 * `placeAsync`'s.
 *
 * Answers come back in any order and are written in input order: a small
 * map holds those that overtook an earlier line, at most the in-flight
 * bound of them.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SolveOptions } from '../solve/result.js';

/** What a worker is asked. @internal */
export interface BatchTask {
  readonly id: number;
  readonly line: number;
  readonly text: string;
}

/** Choices for {@link runBatch}. */
export interface BatchOptions {
  /** Worker threads (default: the machine's available parallelism). */
  readonly workers?: number;
  /** Each question's solver budget. */
  readonly solve?: SolveOptions;
  /** Stop: no new line is read, finished answers are written, workers end at once. */
  readonly signal?: AbortSignal;
  /** Told how many lines were read and answered, after each answer. */
  readonly onProgress?: (answered: number, read: number) => void;
}

/** What a batch did. */
export interface BatchSummary {
  /** Lines read (blank lines included). */
  readonly read: number;
  /** Answers written. */
  readonly answered: number;
  /** Whether the signal stopped it before the input ended. */
  readonly interrupted: boolean;
}

/** Lines in flight per worker: enough that no worker waits for the reader, few enough to keep memory flat. */
const IN_FLIGHT_PER_WORKER = 4;

function workerUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './batch-worker.ts' : './batch-worker.js', here);
}

/** A fixed set of workers, each answering one line at a time. */
class Pool {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private readonly all: Worker[] = [];
  private readonly replies = new Map<number, (answer: string) => void>();

  constructor(size: number, solve: SolveOptions) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(workerUrl(), { workerData: { solve } });
      worker.on('message', (reply: { id: number; answer: string }) => {
        const resolve = this.replies.get(reply.id)!;
        this.replies.delete(reply.id);
        this.release(worker);
        resolve(reply.answer);
      });
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  /** Answer one line on the next idle worker. */
  async answer(task: BatchTask): Promise<string> {
    const worker = this.idle.pop() ?? (await new Promise<Worker>((resolve) => this.waiting.push(resolve)));
    return new Promise<string>((resolve) => {
      this.replies.set(task.id, resolve);
      worker.postMessage(task);
    });
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next === undefined) this.idle.push(worker);
    else next(worker);
  }

  /** End every worker now; answers not yet given are dropped. */
  async close(): Promise<void> {
    await Promise.all(this.all.map((worker) => worker.terminate()));
  }
}

/**
 * Answer every line of `lines` over a worker pool and `write` each answer
 * (one JSON text, no newline) in input order, awaiting each write so a slow
 * reader slows the batch instead of filling memory. Blank lines are counted
 * but get no answer.
 *
 * On `options.signal`: no further line is read; the answers already
 * finished are written (in line order, past any line still running); the
 * workers are terminated.
 */
export async function runBatch(lines: AsyncIterable<string>, write: (answer: string) => Promise<void>, options: BatchOptions = {}): Promise<BatchSummary> {
  const workers = Math.max(1, options.workers ?? availableParallelism());
  const pool = new Pool(workers, options.solve ?? {});
  const finished = new Map<number, string | undefined>();
  const inFlight = new Set<Promise<void>>();
  let read = 0;
  let answered = 0;
  let nextToWrite = 1;
  let writing = Promise.resolve();
  const stopped = new Promise<void>((resolve) => {
    if (options.signal?.aborted === true) resolve();
    options.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  const flush = (): void => {
    while (finished.has(nextToWrite)) {
      const answer = finished.get(nextToWrite);
      finished.delete(nextToWrite++);
      if (answer !== undefined) {
        answered++;
        writing = writing.then(() => write(answer));
      }
    }
  };
  const interrupted = (): boolean => options.signal?.aborted === true;
  const iterator = lines[Symbol.asyncIterator]();
  try {
    for (;;) {
      // A reader blocked on a silent pipe must not hold up an interrupt.
      const next = await Promise.race([iterator.next(), stopped.then(() => undefined)]);
      if (next === undefined || next.done === true || interrupted()) break;
      const text = next.value;
      const line = ++read;
      if (text.trim() === '') {
        finished.set(line, undefined);
        flush();
        continue;
      }
      const job = pool.answer({ id: line, line, text }).then((answer) => {
        finished.set(line, answer);
        flush();
        options.onProgress?.(answered, read);
        inFlight.delete(job);
      });
      inFlight.add(job);
      if (inFlight.size >= workers * IN_FLIGHT_PER_WORKER) await Promise.race([...inFlight, stopped]);
      await writing;
    }
    if (!interrupted()) await Promise.race([Promise.all(inFlight), stopped]);
    if (interrupted()) {
      // Every finished answer is written, in line order, past the lines still running.
      for (const line of [...finished.keys()].sort((a, b) => a - b)) {
        const answer = finished.get(line);
        if (answer !== undefined) {
          answered++;
          writing = writing.then(() => write(answer));
        }
      }
    }
    await writing;
  } finally {
    await pool.close();
  }
  return { read, answered, interrupted: interrupted() };
}
