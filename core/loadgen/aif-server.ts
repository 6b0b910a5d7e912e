import type { FetchFn } from "./fetch-fn.ts";
import type { PromptRequest } from "./openai-request.ts";

/** The recipe an AI Factory server service starts for us. */
export const AIF_VLLM_RECIPE = "inference/vllm";

export type AifServiceResult = { ok: true; id: string } | { ok: false; detail: string };

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/**
 * Asks an AI Factory server to start a vLLM service for `model`
 * (`POST {base}/api/v1/services {recipe_name, config:{model}}`, answered 201 `{id, ...}`).
 * Resolves to the service id, or to a sentence saying why it could not be created.
 */
export async function createAifService(
  fetchFn: FetchFn,
  baseUrl: string,
  model: string,
  options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<AifServiceResult> {
  const url = `${trimSlash(baseUrl)}/api/v1/services`;
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: "POST",
      headers: { ...options.headers, "content-type": "application/json" },
      body: JSON.stringify({ recipe_name: AIF_VLLM_RECIPE, config: { model } }),
      signal: options.signal,
    });
  } catch (error) {
    return { ok: false, detail: `Could not reach the AI Factory server at ${url}: ${error}` };
  }
  const text = await response.text().catch(() => "");
  if (response.status !== 201 && response.status !== 200) {
    return {
      ok: false,
      detail: `The AI Factory server refused to create a service (HTTP ${response.status}): ${text.slice(0, 300)}`,
    };
  }
  try {
    const body = JSON.parse(text) as { id?: unknown };
    if (typeof body.id === "string" || typeof body.id === "number") {
      return { ok: true, id: String(body.id) };
    }
  } catch {
    // Falls through to the sentence below.
  }
  return {
    ok: false,
    detail: `The AI Factory server's answer has no service id: ${text.slice(0, 300)}`,
  };
}

/** Where prompts for service `id` go: `{base}/api/v1/vllm/{id}/prompt`. */
export function aifPromptUrl(baseUrl: string, id: string): string {
  return `${trimSlash(baseUrl)}/api/v1/vllm/${encodeURIComponent(id)}/prompt`;
}

/** The prompt endpoint's body; its answer has the shape of `/v1/completions`. */
export function aifPromptBody(request: PromptRequest): Record<string, unknown> {
  const { prompt, max_tokens, temperature, stream } = request;
  return { prompt, max_tokens, temperature, stream };
}
