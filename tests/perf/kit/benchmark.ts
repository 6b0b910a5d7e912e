import { openAiRequestBody } from "../../../core/loadgen/openai-request.ts";

/** How hard to run: `quick` is a smoke check with fewer and shorter runs. */
export type BenchOptions = { quick: boolean };

/** What a benchmark hands back: a Markdown section for BENCHMARKS.md (table and notes). */
export type BenchResult = { name: string; markdown: string };

export const PROMPT = "Explain what a Slurm job array is in two sentences.";

/** The JSON body the agent sends for a streamed completion, byte for byte, for wrk to send too. */
export function streamedCompletionBody(maxTokens: number): string {
  return JSON.stringify(
    openAiRequestBody("completions", {
      model: "mock-model",
      prompt: PROMPT,
      max_tokens: maxTokens,
      temperature: 0.7,
      stream: true,
    }),
  );
}

/** A Markdown table from a header and rows of cells. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** One line of progress on stderr, so a long run shows it is alive. */
export const note = (text: string) => process.stderr.write(`  ${text}\n`);
