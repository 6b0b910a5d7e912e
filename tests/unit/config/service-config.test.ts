import { describe, expect, test } from "bun:test";
import { parseServiceArgs } from "../../../core/config/service-config.ts";

const config = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parseServiceArgs(argv, env);
  if (parsed.help) throw new Error("unexpected help");
  return parsed.config;
};

describe("serve arguments", () => {
  test("embedded defaults", () => {
    expect(config([])).toMatchObject({
      port: 8001,
      db: "./data/client-service.db",
      slurm: "auto",
      container: false,
      agentAuth: "on",
    });
    expect(config([]).serverAddr).toBeUndefined();
  });

  test("the original's positional form", () => {
    expect(config(["http://ai:8000", "slurm.conf", "--container"])).toMatchObject({
      serverAddr: "http://ai:8000",
      slurmConfig: "slurm.conf",
      container: true,
    });
  });

  test("flags win over AIFC_ environment variables, which win over defaults", () => {
    expect(config([], { AIFC_PORT: "9100", AIFC_DB: ":memory:" })).toMatchObject({
      port: 9100,
      db: ":memory:",
    });
    expect(config(["--port", "9200"], { AIFC_PORT: "9100" }).port).toBe(9200);
    expect(config(["--agent-auth", "off"]).agentAuth).toBe("off");
  });

  test("bad values are errors that name the flag", () => {
    expect(() => config(["--port", "http"])).toThrow("--port");
    expect(() => config(["--slurm", "pbs"])).toThrow("--slurm");
    expect(() => config(["--agent-auth", "maybe"])).toThrow("--agent-auth");
    expect(() => config(["not-a-url"])).toThrow("--server-addr");
    expect(() => config(["--bogus"])).toThrow("bogus");
    expect(() => config(["a", "b", "c"])).toThrow("too many arguments");
  });

  test("--help asks for the usage", () => {
    expect(parseServiceArgs(["--help"], {})).toEqual({ help: true });
  });

  test("--max-body-bytes (AIFC_MAX_BODY_BYTES) defaults to 1 MiB and is bounded", () => {
    expect(config([]).maxBodyBytes).toBe(1024 * 1024);
    expect(config([], { AIFC_MAX_BODY_BYTES: "4096" }).maxBodyBytes).toBe(4096);
    expect(config(["--max-body-bytes", "65536"]).maxBodyBytes).toBe(65_536);
    expect(() => config(["--max-body-bytes", "10"])).toThrow("--max-body-bytes");
    expect(() => config(["--max-body-bytes", "1e12"])).toThrow("--max-body-bytes");
  });

  test("--observer-allow (AIFC_OBSERVER_ALLOW) takes host names, IPs and CIDRs, and names a bad entry", () => {
    expect(config([]).observerAllow).toBe("");
    expect(config([], { AIFC_OBSERVER_ALLOW: "10.0.0.0/8,monitor.lan" }).observerAllow).toBe(
      "10.0.0.0/8,monitor.lan",
    );
    expect(() => config(["--observer-allow", "10.0.0.0/8,10.0.0.0/40"])).toThrow(
      '--observer-allow (or AIFC_OBSERVER_ALLOW): "10.0.0.0/40" is not',
    );
  });
});
