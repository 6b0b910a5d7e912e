import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { type FileHandle, open, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { AppError } from "../errors.ts";

/** The most one agent may upload for one run: a long run at a high rate, with room to spare. */
export const MAX_RECORDS_BYTES = 256 * 1024 * 1024;

const READ_CHUNK_BYTES = 64 * 1024;

const tooLarge = (maxBytes: number) =>
  new AppError(413, `Records upload is larger than ${maxBytes} bytes; nothing was kept`);

/**
 * The per-request records agents upload, on disk under `dir` as
 * `<benchmark_id>/<run_id>/<task_index>.jsonl`. Uploads are streamed to a temporary file and
 * renamed when complete, so a reader never sees half an upload and a retry replaces it.
 */
export class RecordFiles {
  constructor(
    private readonly dir: string,
    readonly maxBytes = MAX_RECORDS_BYTES,
  ) {}

  private runDir(id: number, runId: string): string {
    return join(this.dir, String(id), runId);
  }

  /** Streams one agent's upload to disk; a 413 AppError (and nothing kept) past `maxBytes`. */
  async store(
    id: number,
    runId: string,
    taskIndex: number,
    body: ReadableStream<Uint8Array>,
  ): Promise<{ bytes: number }> {
    const folder = this.runDir(id, runId);
    mkdirSync(folder, { recursive: true });
    const path = join(folder, `${taskIndex}.jsonl`);
    const partial = `${path}.${crypto.randomUUID()}.part`;
    const file = await open(partial, "w");
    let bytes = 0;
    try {
      for await (const chunk of body) {
        bytes += chunk.byteLength;
        if (bytes > this.maxBytes) throw tooLarge(this.maxBytes);
        await file.write(chunk);
      }
      await file.close();
    } catch (error) {
      await file.close().catch(() => undefined);
      await unlink(partial).catch(() => undefined);
      throw error;
    }
    await rename(partial, path);
    return { bytes };
  }

  /** The task indexes that have uploaded records for a run, in order. */
  tasks(id: number, runId: string): number[] {
    const folder = this.runDir(id, runId);
    if (!existsSync(folder)) return [];
    return readdirSync(folder)
      .flatMap((name) => {
        const match = /^(\d+)\.jsonl$/.exec(name);
        return match ? [Number(match[1])] : [];
      })
      .sort((a, b) => a - b);
  }

  /** Every task's records of a run, one file after the other, in task order. */
  read(id: number, runId: string): ReadableStream<Uint8Array> {
    const paths = this.tasks(id, runId).map((task) =>
      join(this.runDir(id, runId), `${task}.jsonl`),
    );
    let next = 0;
    let handle: FileHandle | null = null;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        for (;;) {
          if (handle === null) {
            const path = paths[next];
            if (path === undefined) {
              controller.close();
              return;
            }
            next += 1;
            handle = await open(path, "r");
          }
          const buffer = new Uint8Array(READ_CHUNK_BYTES);
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
          if (bytesRead > 0) {
            controller.enqueue(buffer.subarray(0, bytesRead));
            return;
          }
          await handle.close();
          handle = null;
        }
      },
      async cancel() {
        await handle?.close();
      },
    });
  }

  /** Forgets every record of a group. */
  remove(id: number): void {
    rmSync(join(this.dir, String(id)), { recursive: true, force: true });
  }
}
