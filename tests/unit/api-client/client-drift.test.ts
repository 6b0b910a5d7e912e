import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { generateServiceApi, SERVICE_API_FILE } from "../../../handlers/cli/generate-client.ts";

test("the committed service client matches the service's OpenAPI document", async () => {
  const generated = await generateServiceApi();
  const committed = readFileSync(SERVICE_API_FILE, "utf8");
  if (generated !== committed) {
    throw new Error(
      "core/api-client/service-api.ts is out of date with the service's /openapi.json: run `bun run gen:client`",
    );
  }
  expect(generated).toContain('"/api/v1/client-group/{benchmark_id}/results"');
}, 30_000);
