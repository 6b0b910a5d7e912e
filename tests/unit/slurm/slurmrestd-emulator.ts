import { jwtVerify } from "jose";

type Job = { id: number; state: string; body: Record<string, unknown> };

const meta = (ver: string) => ({
  plugin: { type: `openapi/${ver}`, name: `Slurm OpenAPI ${ver}` },
  Slurm: { version: { major: 22, micro: 8, minor: 5 }, release: "22.05.8" },
});

/**
 * A tiny slurmrestd on 127.0.0.1:<free port> for one API version, answering as the real one
 * did on the dev cluster (v0.0.38) or as the v0.0.40 OpenAPI description says: tokens are
 * checked against `key`, submits are checked for the version's body shape, jobs start RUNNING.
 */
export function startSlurmrestd(ver: "v0.0.38" | "v0.0.40", key: Uint8Array) {
  const modern = ver !== "v0.0.38";
  const jobs = new Map<number, Job>();
  const submits: Array<{ headers: Headers; body: Record<string, unknown> }> = [];
  let nextId = 100;
  const answer = (status: number, extra: Record<string, unknown>) =>
    Response.json({ meta: meta(ver), errors: [], ...extra }, { status });
  const slurmError = (status: number, number: number, error: string, description = "") =>
    answer(status, {
      errors: [
        modern || description
          ? { description, error_number: number, error, source: "slurm" }
          : { error_code: number, error },
      ],
    });

  const jobInfo = (job: Job) => {
    const cancelled = job.state === "CANCELLED";
    return {
      job_id: job.id,
      job_state: modern ? [job.state] : job.state,
      state_reason: "None",
      nodes: "vm",
      exit_code: modern
        ? {
            status: [cancelled ? "SIGNALED" : "PENDING"],
            return_code: { set: true, infinite: false, number: 0 },
            signal: {
              id: { set: cancelled, infinite: false, number: cancelled ? 15 : 0 },
              name: "",
            },
          }
        : cancelled
          ? 15
          : 0,
    };
  };

  const checkShape = (job: Record<string, unknown>): string | null => {
    const env = job.environment;
    if (modern) {
      if (!Array.isArray(env) || !env.some((e) => String(e).startsWith("PATH="))) {
        return "environment must be a list holding PATH";
      }
      const limit = job.time_limit as { set?: boolean; number?: number } | undefined;
      if (typeof limit !== "object" || limit?.set !== true)
        return "time_limit must be {set, number}";
    } else {
      if (typeof env !== "object" || env === null || Array.isArray(env))
        return "environment must be set";
      if (typeof job.time_limit !== "number") return "time_limit must be a number";
    }
    return null;
  };

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const user = request.headers.get("x-slurm-user-name");
      const token = request.headers.get("x-slurm-user-token");
      if (!user || !token) return new Response("Authentication failure", { status: 401 });
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"] });
        if (payload.sun !== user) throw new Error("user mismatch");
      } catch {
        return new Response("Authentication failure", { status: 401 });
      }
      const url = new URL(request.url);
      const prefix = `/slurm/${ver}`;
      if (!url.pathname.startsWith(prefix)) return new Response("Not found", { status: 404 });
      const path = url.pathname.slice(prefix.length);
      if (request.method === "POST" && path === "/job/submit") {
        const body = (await request.json()) as Record<string, unknown>;
        submits.push({ headers: request.headers, body });
        const job = body.job as Record<string, unknown>;
        const bad = checkShape(job);
        if (bad) return slurmError(400, 2127, bad);
        if (job.partition === "nope")
          return slurmError(500, 2000, "Invalid partition name specified");
        const id = nextId++;
        jobs.set(id, { id, state: "RUNNING", body });
        return answer(200, { job_id: id, step_id: "BATCH", job_submit_user_msg: "" });
      }
      const match = /^\/job\/(\d+)$/.exec(path);
      const job = match ? jobs.get(Number(match[1])) : undefined;
      if (match && !job) {
        return slurmError(
          500,
          2017,
          "Invalid job id specified",
          `Unable to find JobId=${match[1]}`,
        );
      }
      if (job && request.method === "GET") return answer(200, { jobs: [jobInfo(job)] });
      if (job && request.method === "DELETE") {
        job.state = "CANCELLED";
        return answer(200, {});
      }
      return new Response("Not found", { status: 404 });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, jobs, submits, stop: () => server.stop(true) };
}
