/** Streams that collect what the CLI writes, and files served from memory, for in-process CLI tests. */
import type { CliIo } from '../../src/cli/program.js';

/** Text as the bytes a file or pipe would hold. */
function bytesOf(contents: string | Uint8Array): Uint8Array {
  return typeof contents === 'string' ? new TextEncoder().encode(contents) : contents;
}

/**
 * The CLI's I/O with buffers; `files` maps a path to its text or bytes
 * (anything else is ENOENT); `stdin` is what standard input holds (empty, as
 * from `/dev/null`, unless given). Files the CLI writes land in `written`.
 */
export function capturedIo(
  files: Record<string, string | Uint8Array> = {},
  stdin: string | Uint8Array = '',
): { io: CliIo; out: string[]; err: string[]; written: Map<string, string> } {
  const out: string[] = [];
  const err: string[] = [];
  const written = new Map<string, string>();
  return {
    out,
    err,
    written,
    io: {
      writeOut: async (text) => void out.push(text),
      writeErr: async (text) => void err.push(text),
      readFile: async (path) => {
        const contents = files[path];
        if (contents === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
        return bytesOf(contents);
      },
      readStdin: async () => bytesOf(stdin),
      writeFile: async (path, text) => void written.set(path, text),
    },
  };
}
