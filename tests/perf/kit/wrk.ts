import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Where `wrk` is, installing Debian's package (`apt-get install -y wrk`, after `apt-get update`
 * when the first try fails) when it is missing; the reason when it cannot be had.
 */
export function ensureWrk(): { ok: true; path: string } | { ok: false; reason: string } {
  const found = Bun.which("wrk");
  if (found) return { ok: true, path: found };
  if (!Bun.which("apt-get"))
    return { ok: false, reason: "wrk is not installed and there is no apt-get" };
  const install = () =>
    Bun.spawnSync(["apt-get", "install", "-y", "wrk"], { stdout: "ignore", stderr: "pipe" });
  let result = install();
  if (result.exitCode !== 0) {
    Bun.spawnSync(["apt-get", "update"], { stdout: "ignore", stderr: "ignore" });
    result = install();
  }
  const path = Bun.which("wrk");
  if (path) return { ok: true, path };
  return {
    ok: false,
    reason: `apt-get install -y wrk failed: ${result.stderr.toString().trim()}`,
  };
}

export type WrkRun = {
  wrk: string;
  url: string;
  body: string;
  connections: number;
  threads: number;
  durationS: number;
  /** `taskset -c` CPUs for wrk itself. */
  cpus?: string;
};

/**
 * Runs wrk POSTing `body` as JSON to `url` (a Lua script sets method, body and header) and
 * returns its completed requests/s and count and the CPU it used; throws when wrk fails or saw
 * non-2xx answers or socket errors.
 */
export async function runWrk(
  run: WrkRun,
): Promise<{ requestsPerS: number; requests: number; cpuSeconds: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "aifc-wrk-"));
  const script = join(dir, "post.lua");
  try {
    writeFileSync(
      script,
      [
        'wrk.method = "POST"',
        `wrk.body = [==[${run.body}]==]`,
        'wrk.headers["Content-Type"] = "application/json"',
        "",
      ].join("\n"),
    );
    const pin = run.cpus && Bun.which("taskset") ? ["taskset", "-c", run.cpus] : [];
    const argv = [
      ...pin,
      run.wrk,
      `-t${run.threads}`,
      `-c${run.connections}`,
      `-d${run.durationS}s`,
      "--timeout",
      "10s",
      "-s",
      script,
      run.url,
    ];
    const proc = Bun.spawn(argv, { stdout: "pipe", stderr: "pipe" });
    const [output, errors, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    const rate = output.match(/^Requests\/sec:\s+([\d.]+)/m);
    const count = output.match(/^\s+(\d+) requests in/m);
    if (code !== 0 || !rate || !count) throw new Error(`wrk failed (${code}): ${output}${errors}`);
    if (/Non-2xx|Socket errors/.test(output)) throw new Error(`wrk saw failures:\n${output}`);
    const cpuMicroseconds = proc.resourceUsage()?.cpuTime.total;
    const cpuSeconds = cpuMicroseconds === undefined ? Number.NaN : Number(cpuMicroseconds) / 1e6;
    return { requestsPerS: Number(rate[1]), requests: Number(count[1]), cpuSeconds, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
