import { describe, expect, test } from "bun:test";
import { redactSpec } from "../../../core/report/redact-spec.ts";
import { renderRunReport } from "../../../core/report/render-run-report.ts";
import { CreateGroupBody } from "../../../core/schemas/group.ts";
import { fixtureRunReport } from "./report-fixtures.ts";

describe("redactSpec", () => {
  test("credential headers are redacted, others kept, the input untouched", () => {
    const spec = CreateGroupBody.parse({
      num_clients: 2,
      target: {
        base_url: "http://ai:8000",
        headers: { Authorization: "Bearer sk-live-123", "X-Api-Key": "k-9", "X-Team": "perf" },
      },
    });
    const shown = redactSpec(spec);
    expect(shown.target?.headers).toEqual({
      Authorization: "[redacted]",
      "X-Api-Key": "[redacted]",
      "X-Team": "perf",
    });
    expect(spec.target?.headers?.Authorization).toBe("Bearer sk-live-123");
  });

  test("a spec without headers is returned as is", () => {
    const spec = CreateGroupBody.parse({ num_clients: 1 });
    expect(redactSpec(spec)).toBe(spec);
  });

  test("a run report never shows the AI server's bearer token", () => {
    const input = fixtureRunReport({ records: false });
    const spec = {
      ...input.spec,
      target: { ...input.spec.target, headers: { Authorization: "Bearer sk-live-123" } },
    };
    const html = renderRunReport({ ...input, spec } as typeof input);
    expect(html).not.toContain("sk-live-123");
    expect(html).toContain("[redacted]");
  });
});
