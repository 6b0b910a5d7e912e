import { z } from "zod";

const MAX_TOKENS = 1_000_000;

/** Fields every generation request shares; unknown fields (top_p, seed, ...) are accepted and ignored. */
const GenerationFields = {
  max_tokens: z.number().int().min(1).max(MAX_TOKENS).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
};

export const CompletionRequest = z.object({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string()).min(1).max(10_000)], {
    error: "expected a string or an array of 1 to 10000 strings",
  }),
  ...GenerationFields,
});
export type CompletionRequest = z.infer<typeof CompletionRequest>;

const TextPart = z.object({ type: z.string(), text: z.string().optional() });

export const ChatCompletionRequest = z.object({
  model: z.string().min(1),
  messages: z
    .array(
      z.object({
        role: z.string().min(1),
        content: z.union([z.string(), z.array(TextPart), z.null()]).optional(),
      }),
    )
    .min(1),
  max_completion_tokens: z.number().int().min(1).max(MAX_TOKENS).nullish(),
  ...GenerationFields,
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

export const CreateServiceRequest = z.object({
  recipe_name: z.string().min(1).max(256),
  name: z.string().min(1).max(256).optional(),
  config: z.record(z.string(), z.unknown()).default({}),
});

export const ServicePromptRequest = z.object({ prompt: z.string(), ...GenerationFields });
export type ServicePromptRequest = z.infer<typeof ServicePromptRequest>;

export type BodyResult<T> = { ok: true; value: T } | { ok: false; detail: string };

/**
 * Parses a request body as JSON and checks it against `schema`, returning the value or a
 * `detail` sentence naming the first bad field (`messages: required`), never throwing.
 */
export async function readBody<T>(request: Request, schema: z.ZodType<T>): Promise<BodyResult<T>> {
  let json: unknown;
  try {
    json = JSON.parse(await request.text());
  } catch {
    return { ok: false, detail: "body: request body is not valid JSON" };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const detail = parsed.error.issues.slice(0, 3).map(describeIssue).join("; ");
  return { ok: false, detail };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join(".") : "body";
  const first = issue.code === "invalid_union" ? issue.errors[0]?.[0] : issue;
  if (first?.message.endsWith("received undefined")) return `${where}: required`;
  return `${where}: ${issue.message.replace(/^Invalid input: /, "")}`;
}

/**
 * How many tokens a prompt counts as: its whitespace-separated words. A real tokenizer is
 * not worth carrying in a test double, and words keep the counts easy to predict in tests.
 */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x3000;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}
