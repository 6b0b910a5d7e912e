import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./service-api.ts";

export type ServiceClient = Client<paths>;

export type ServiceClientOptions = {
  /** The service's address, e.g. `http://127.0.0.1:8001` (the `/api/v1` prefix is in the paths). */
  baseUrl: string;
  /** The service's `AIFC_API_TOKEN`, sent as `Authorization: Bearer <token>` when given. */
  token?: string | undefined;
  /** Replaces the network, e.g. with an in-process app's `request` in tests. */
  fetch?: (request: Request) => Promise<Response>;
};

/** A non-2xx answer from the service, carrying its status and its `detail` sentence. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
    this.name = "ServiceError";
  }
}

/** The service's `detail` when the body has one, else a sentence naming the status. */
function detailOf(status: number, body: unknown): string {
  if (body && typeof body === "object" && typeof (body as { detail?: unknown }).detail === "string")
    return (body as { detail: string }).detail;
  if (typeof body === "string" && body.trim() !== "") return body.trim().slice(0, 500);
  return `the service answered ${status}`;
}

/**
 * A typed client for the Client Service, generated from its OpenAPI document (openapi-fetch over
 * `service-api.ts`). Every non-2xx answer is thrown as a ServiceError with the service's
 * `detail`, and a service that cannot be reached as a ServiceError with status 0, so callers
 * read `data` without checking `error` each time.
 *
 * @example
 * const client = createServiceClient({ baseUrl: "http://127.0.0.1:8001" });
 * const { data } = await client.GET("/api/v1/client-groups");
 */
export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const client = createClient<paths>({
    baseUrl,
    ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
    fetch: async (request) => {
      try {
        return await send(request);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new ServiceError(0, `cannot reach the service at ${baseUrl}: ${reason}`);
      }
    },
  });
  client.use({
    async onResponse({ response }) {
      if (response.ok) return undefined;
      const text = await response.clone().text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: the text itself is the best detail there is.
      }
      throw new ServiceError(response.status, detailOf(response.status, body));
    },
  });
  return client;
}
