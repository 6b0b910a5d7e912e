import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RecordFiles } from "../../../core/groups/record-files.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function files(maxBytes?: number) {
  const dir = mkdtempSync(join(tmpdir(), "aifc-record-files-"));
  dirs.push(dir);
  return { dir, records: new RecordFiles(dir, maxBytes) };
}

const streamOf = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });

const text = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

describe("RecordFiles", () => {
  test("uploads are streamed to disk and read back in task order", async () => {
    const { records } = files();
    await records.store(1, "run", 2, streamOf("c\n"));
    await records.store(1, "run", 0, streamOf("a", "\n", "b\n"));
    await records.store(1, "run", 10, streamOf("d\n"));
    expect(records.tasks(1, "run")).toEqual([0, 2, 10]);
    expect(await text(records.read(1, "run"))).toBe("a\nb\nc\nd\n");
    expect(records.tasks(1, "other")).toEqual([]);
  });

  test("a file larger than a read chunk comes back whole", async () => {
    const { records } = files();
    const big = `${"x".repeat(200_000)}\n`;
    await records.store(4, "run", 0, streamOf(big));
    expect(await text(records.read(4, "run"))).toBe(big);
  });

  test("an upload over the limit is refused with 413 and leaves nothing behind", async () => {
    const { dir, records } = files(10);
    const stored = records.store(1, "run", 0, streamOf("12345", "678901"));
    await expect(stored).rejects.toMatchObject({ status: 413 });
    expect(readdirSync(join(dir, "1", "run"))).toEqual([]);
    expect(records.tasks(1, "run")).toEqual([]);
  });

  test("remove forgets a group's records", async () => {
    const { records } = files();
    await records.store(1, "run", 0, streamOf("a\n"));
    await records.store(2, "run", 0, streamOf("b\n"));
    records.remove(1);
    expect(records.tasks(1, "run")).toEqual([]);
    expect(records.tasks(2, "run")).toEqual([0]);
  });
});
