import type { LoadSpec } from "../schemas/load-spec.ts";
import { aifPromptBody, aifPromptUrl, createAifService } from "./aif-server.ts";
import type { FetchFn } from "./fetch-fn.ts";
import { type OpenAiApi, openAiEndpoint, openAiRequestBody } from "./openai-request.ts";

/** Everything needed to send one prompt: where, with which headers, which body, how to read it. */
export type RequestTarget = {
  url: string;
  headers: Record<string, string>;
  /** How answers are read: the AI Factory prompt endpoint answers like `completions`. */
  api: OpenAiApi;
  stream: boolean;
  body(prompt: string): string;
};

export type RequestTargetResult =
  | { ok: true; target: RequestTarget }
  | { ok: false; detail: string };

/**
 * Turns a run's spec into a request target. For `kind: "openai"` this is pure; for
 * `kind: "aif-server"` without a `service_id` it creates the vLLM service first, once per run.
 */
export async function resolveRequestTarget(
  fetchFn: FetchFn,
  baseUrl: string,
  spec: LoadSpec,
  signal?: AbortSignal,
): Promise<RequestTargetResult> {
  const { target, workload } = spec;
  const headers = { ...target.headers, "content-type": "application/json" };
  const base = {
    model: target.model,
    max_tokens: workload.max_tokens,
    temperature: workload.temperature,
    stream: workload.stream,
  };
  if (target.kind === "openai") {
    return {
      ok: true,
      target: {
        url: openAiEndpoint(baseUrl, target.api),
        headers,
        api: target.api,
        stream: workload.stream,
        body: (prompt) => JSON.stringify(openAiRequestBody(target.api, { ...base, prompt })),
      },
    };
  }
  let serviceId = target.service_id;
  if (serviceId === undefined) {
    const created = await createAifService(fetchFn, baseUrl, target.model, {
      headers: target.headers,
      signal,
    });
    if (!created.ok) return created;
    serviceId = created.id;
  }
  return {
    ok: true,
    target: {
      url: aifPromptUrl(baseUrl, serviceId),
      headers,
      api: "completions",
      stream: workload.stream,
      body: (prompt) => JSON.stringify(aifPromptBody({ ...base, prompt })),
    },
  };
}
