import { describe, expect, test } from "bun:test";
import { memoryLogger } from "../../../../core/log.ts";
import { warnAboutExposure } from "../../../../handlers/service/startup-warnings.ts";

const start = (settings: { host: string; apiToken?: string; agentAuth?: boolean }) => {
  const { logger, lines } = memoryLogger();
  warnAboutExposure({ port: 8001, agentAuth: true, ...settings }, logger);
  return lines;
};

describe("start-up warnings", () => {
  test("a non-loopback bind without AIFC_API_TOKEN warns once, naming the address, port and variable", () => {
    for (const host of ["0.0.0.0", "::", "10.0.0.5", "head-node"]) {
      const lines = start({ host });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: "warn", event: "api_token_missing" });
      expect(String(lines[0]?.detail)).toContain(`listening on ${host} without AIFC_API_TOKEN`);
      expect(String(lines[0]?.detail)).toContain("port 8001");
    }
  });

  test("a loopback bind, or a token, keeps it quiet", () => {
    for (const host of ["127.0.0.1", "127.0.1.1", "localhost", "::1"]) {
      expect({ host, lines: start({ host }) }).toEqual({ host, lines: [] });
    }
    expect(start({ host: "0.0.0.0", apiToken: "s3cret-token-0123456789" })).toEqual([]);
  });

  test("agent auth off is said out loud too", () => {
    const lines = start({ host: "127.0.0.1", agentAuth: false });
    expect(lines.map((line) => line.event)).toEqual(["agent_auth_off"]);
  });
});
